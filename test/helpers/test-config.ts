/**
 * The configuration the app-level tests and benchmarks start `createApp` with: a database file in a temporary
 * folder, the server on loopback with a free port, no scheduler (unless asked for), no demo data, silent logs.
 * Each test adds only what it is about (a channel's environment, `SCHEDULER: 'on'`, …).
 */
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';

/** Environment variables as `loadConfig` reads them. */
export type TestEnv = Record<string, string | undefined>;

/** A validated Config for tests: the database is `dir/thidua.db`; `overrides` win over the defaults. */
export function testConfig(dir: string, overrides: TestEnv = {}): Config {
  return loadConfig({
    DATABASE_PATH: join(dir, 'thidua.db'),
    PORT: '0',
    HOST: '127.0.0.1',
    SCHEDULER: 'off',
    DEMO_DATA: 'off',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

/** The Telegram channel's environment against a fake Bot API at `apiRoot` (webhook settings included). */
export function telegramEnv(options: { token: string; secret: string; apiRoot: string; mode: 'webhook' | 'polling' }): TestEnv {
  return {
    TELEGRAM_BOT_TOKEN: options.token,
    TELEGRAM_MODE: options.mode,
    TELEGRAM_API_ROOT: options.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: options.secret,
    PUBLIC_URL: 'https://thidua.example.gov.vn',
  };
}

/** Where fake Zalo servers listen and the app they issued (a `FakeZalo`, or the Zalo benchmark's load process). */
export interface FakeZaloServers {
  appId: string;
  appSecret: string;
  apiUrl: string;
  oauthUrl: string;
}

/** The Zalo channel's environment against fake Zalo servers. */
export function zaloEnv(servers: FakeZaloServers, options: { oaSecretKey: string; refreshToken: string; groupId?: string }): TestEnv {
  return {
    ZALO_APP_ID: servers.appId,
    ZALO_APP_SECRET: servers.appSecret,
    ZALO_OA_SECRET_KEY: options.oaSecretKey,
    ZALO_REFRESH_TOKEN: options.refreshToken,
    ZALO_API_ROOT: servers.apiUrl,
    ZALO_OAUTH_ROOT: servers.oauthUrl,
    ZALO_GROUP_ID: options.groupId,
  };
}
