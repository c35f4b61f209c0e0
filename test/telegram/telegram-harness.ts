/**
 * The Telegram channel on its own: real telegraf, real SQLite (temp file), real dispatcher/outbox, and the fake
 * Bot API on loopback; the engine is replaced by a script so adapter behaviour is tested in isolation.
 * (The full journey with the real engine is in journey.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App, type CreateAppOptions } from '../../src/app/create-app.js';
import type { AppServices } from '../../src/app/services.js';
import { createTelegramChannel, type TelegramChannel, type TelegramChannelOptions } from '../../src/channels/telegram/create-telegram-channel.js';
import { scaleLimits, type TelegramLimits } from '../../src/channels/telegram/rate-limiter.js';
import { loadConfig } from '../../src/config.js';
import type { EngineResult, InboundEvent } from '../../src/conversation/types.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { createHttpApp } from '../../src/http/create-http-app.js';
import { silentLogger } from '../../src/logger.js';
import { openDb, type Db } from '../../src/persistence/open-db.js';
import { OutboxRepo } from '../../src/persistence/outbox-repo.js';
import { FakeTelegramApi } from '../helpers/fake-telegram-api.js';
import { telegramEnv, testConfig, type TestEnv } from '../helpers/test-config.js';

export const TOKEN = '7000000001:AAFakeTokenForLoopbackTests_0123456789';
export const SECRET = 'webhook-secret_0123456789abcdef';
/** Windows scaled to 5 %: a private chat gets one message per 50 ms, a group 20 per 3 s. */
export const TEST_SCALE = 0.05;
export const TEST_LIMITS: TelegramLimits = scaleLimits(TEST_SCALE);

export type Script = (event: InboundEvent) => EngineResult | Promise<EngineResult>;

export interface ChannelHarness {
  fake: FakeTelegramApi;
  db: Db;
  dir: string;
  services: AppServices;
  channel: TelegramChannel;
  /** Events the scripted engine received. */
  events: InboundEvent[];
  script: { current: Script };
  /** Base URL of the express server (webhook mode). */
  url: string;
  /** A second channel instance on the same database (a restarted process). */
  restart(): Promise<TelegramChannel>;
  close(): Promise<void>;
}

export const reply = (...replies: EngineResult['replies']): EngineResult => ({ replies, notifications: [], duplicate: false });

export async function startChannel(options: {
  mode: 'webhook' | 'polling';
  fake?: FakeTelegramApi;
  dir?: string;
  channel?: TelegramChannelOptions;
}): Promise<ChannelHarness> {
  const fake = options.fake ?? (await FakeTelegramApi.start({ token: TOKEN, limits: TEST_LIMITS }));
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'thidua-tg-'));
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'thidua.db'),
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_MODE: options.mode,
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    PUBLIC_URL: 'https://thidua.example.gov.vn',
    LOG_LEVEL: 'silent',
  });
  const db = openDb(config.databasePath);
  const outbox = new OutboxRepo(db);
  const events: InboundEvent[] = [];
  const script = { current: (() => reply()) as Script };
  const logger = silentLogger();
  const dispatcher = new Dispatcher({ db, outbox, enabledChannels: new Set(['telegram', 'web']) });
  const services: AppServices = {
    config,
    db,
    logger,
    clock: { now: () => new Date() },
    outbox,
    dispatcher,
    handleInbound: async (event) => {
      events.push(event);
      return script.current(event);
    },
  };
  const channelOptions: TelegramChannelOptions = {
    limits: TEST_LIMITS,
    timeScale: TEST_SCALE,
    worker: { pollMs: 20 },
    ...options.channel,
  };
  const make = async () => {
    const channel = createTelegramChannel(services, channelOptions);
    await channel.start();
    return channel;
  };
  const channel = await make();
  const http = createHttpApp({ logger, mounts: [(app) => channel.mount?.(app)] });
  const server: Server = await new Promise((resolve) => {
    const s = http.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const extra: TelegramChannel[] = [];
  return {
    fake,
    db,
    dir,
    services,
    channel,
    events,
    script,
    url,
    restart: async () => {
      const again = await make();
      extra.push(again);
      return again;
    },
    close: async () => {
      for (const c of [channel, ...extra]) await c.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.$client.close();
      if (!options.fake) await fake.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs an update the way Telegram does. */
export function postUpdate(url: string, update: unknown, secret: string | null = SECRET): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== null) headers['x-telegram-bot-api-secret-token'] = secret;
  return fetch(`${url}/telegram/webhook`, { method: 'POST', headers, body: JSON.stringify(update) });
}

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
}): Promise<TelegramApp> {
  const fake = await FakeTelegramApi.start({ token: TOKEN, limits: TEST_LIMITS });
  const dir = mkdtempSync(join(tmpdir(), options.dirPrefix));
  const config = testConfig(dir, { ...options.env, ...telegramEnv({ token: TOKEN, secret: SECRET, apiRoot: fake.url, mode: options.mode }) });
  const app = createApp({
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
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
