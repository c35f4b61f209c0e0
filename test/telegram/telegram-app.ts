/**
 * The whole app (`createApp`: real engine, workflows, dispatcher, outbox) with the Telegram channel against its
 * own fake Bot API, for the end-to-end journey. Apart from `telegram-harness.ts` so that the channel's own tests
 * do not depend on the composition root.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App, type CreateAppOptions } from '../../src/app/create-app.js';
import { silentLogger } from '../../src/logger.js';
import { freshDatabase, type Dialect } from '../helpers/dialects.js';
import { FakeTelegramApi } from '../helpers/fake-telegram-api.js';
import { telegramEnv, testConfig, type TestEnv } from '../helpers/test-config.js';
import { SECRET, TEST_LIMITS, TEST_SCALE, TOKEN } from './telegram-harness.js';

/** The whole app (`createApp`, not yet started) with the Telegram channel against its own fake Bot API. */
export interface TelegramApp {
  app: App;
  fake: FakeTelegramApi;
  dir: string;
  /** Stops the app and the fake API and removes the temporary folder. */
  close(): Promise<void>;
}

/**
 * Builds the end-to-end set-up the app-level Telegram tests share: a fake Bot API, a temporary folder, the test
 * config with the Telegram environment (plus `env`), and `createApp` with the scaled rate limits.
 */
export async function createTelegramApp(options: {
  mode: 'webhook' | 'polling';
  clock: CreateAppOptions['clock'];
  dirPrefix: string;
  env?: TestEnv;
  /** The store's dialect (default SQLite in the temporary folder). */
  dialect?: Dialect;
}): Promise<TelegramApp> {
  const fake = await FakeTelegramApi.start({ token: TOKEN, limits: TEST_LIMITS });
  const dir = mkdtempSync(join(tmpdir(), options.dirPrefix));
  const database = options.dialect ? await freshDatabase(options.dialect, dir) : undefined;
  const config = testConfig(dir, {
    ...database?.env,
    ...options.env,
    ...telegramEnv({ token: TOKEN, secret: SECRET, apiRoot: fake.url, mode: options.mode }),
  });
  const app = await createApp({
    config,
    logger: silentLogger(),
    clock: options.clock,
    telegram: { limits: TEST_LIMITS, timeScale: TEST_SCALE, worker: { pollMs: 20 } },
  });
  return {
    app,
    fake,
    dir,
    async close() {
      await app.stop();
      await fake.close();
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
