import { defineConfig } from 'vitest/config';

/** Browser tests: a real server and a real Chromium (`npm run test:browser`); not part of `npm test`. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
