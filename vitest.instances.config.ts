import { defineConfig } from 'vitest/config';

/**
 * Several app instances on one PostgreSQL (`npm run test:instances`): two real app processes, a SIGKILL midway.
 * Also part of `npm test`; this config runs it alone (issue 12).
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
