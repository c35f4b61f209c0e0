import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The multi-instance test (two app processes on PostgreSQL, a SIGKILL midway) still fails now and then (a Zalo
    // event not answered; issue 12 is open): it runs on its own with `npm run test:instances` until that is traced.
    exclude: ['test/browser/**', 'test/app/multi-instance.test.ts', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
