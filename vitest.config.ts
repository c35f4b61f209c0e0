import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The multi-instance test (two app processes on PostgreSQL, a SIGKILL midway) still fails now and then (a Zalo
    // event not answered, traced to replies sent after the step committed and fixed by queueing them; three clean runs
    // so far): it runs on its own with `npm run test:instances` until it has a longer clean record on CI.
    exclude: ['test/browser/**', 'test/app/multi-instance.test.ts', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
