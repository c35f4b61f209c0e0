import { defineConfig } from 'vitest/config';

/**
 * Several app instances on one PostgreSQL (`npm run test:instances`): two real app processes, a SIGKILL midway.
 * Kept out of `npm test` while it still fails now and then (issue 12: a Zalo event left unanswered under load).
 */
export default defineConfig({
  test: {
    include: ['test/app/multi-instance.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
