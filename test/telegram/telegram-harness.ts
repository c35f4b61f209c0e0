/**
 * The Telegram channel on its own: real telegraf, a real SQLite store (temp file), the real dispatcher and
 * outbox worker, and the fake Bot API on loopback; the engine is replaced by a script (which, like the engine,
 * marks each event in the one inbound-event log in its own unit of work, so redeliveries are duplicates) to test
 * the adapter in isolation. (The full journey with the real engine is in journey.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTelegramChannel,
  type MenuCommand,
  type TelegramChannel,
  type TelegramChannelDeps,
  type TelegramChannelOptions,
} from '../../src/channels/telegram/create-telegram-channel.js';
import { scaleLimits, type TelegramLimits } from '../../src/channels/telegram/rate-limiter.js';
import { loadConfig } from '../../src/config.js';
import { BUILT_IN_COMMANDS } from '../../src/conversation/command-list.js';
import type { EngineResult, InboundEvent, Notification } from '../../src/conversation/types.js';
import { Dispatcher, type DispatchOutcome } from '../../src/delivery/dispatcher.js';
import { OutboxWorker } from '../../src/delivery/outbox-worker.js';
import { createHttpApp } from '../../src/http/create-http-app.js';
import { silentLogger } from '../../src/logger.js';
import type { OutboxEnqueue } from '../../src/store/outbox.js';
import type { Db } from '../../src/store/sqlite/open-sqlite.js';
import { createSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { preferencesWorkflow } from '../../src/workflows/preferences/preferences-workflow.js';
import { selfAssessmentWorkflow } from '../../src/workflows/self-assessment/self-assessment-workflow.js';
import { FakeTelegramApi } from '../helpers/fake-telegram-api.js';

export const TOKEN = '7000000001:AAFakeTokenForLoopbackTests_0123456789';
export const SECRET = 'webhook-secret_0123456789abcdef';
/** Windows scaled to 5 %: a private chat gets one message per 50 ms, a group 20 per 3 s. */
export const TEST_SCALE = 0.05;
export const TEST_LIMITS: TelegramLimits = scaleLimits(TEST_SCALE);

/** The private chat menu as the composition root builds it: the engine's built-ins, then the workflows' commands. */
export const MENU: readonly MenuCommand[] = [
  ...BUILT_IN_COMMANDS,
  ...(selfAssessmentWorkflow.commands ?? []),
  ...(preferencesWorkflow.commands ?? []),
];

export type Script = (event: InboundEvent) => EngineResult | Promise<EngineResult>;

export interface ChannelHarness {
  fake: FakeTelegramApi;
  store: SqliteStore;
  /** The store's drizzle handle, for seeding and checking rows (tests only). */
  db: Db;
  dir: string;
  dispatcher: Dispatcher;
  channel: TelegramChannel;
  /** Events the scripted engine received (duplicates excluded, like the engine). */
  events: InboundEvent[];
  script: { current: Script };
  /** Base URL of the express server (webhook mode). */
  url: string;
  /** Writes an outbox item in its own unit of work. */
  enqueue(item: OutboxEnqueue): Promise<void>;
  /** Dispatches a notification to a person's best account in its own unit of work. */
  dispatch(notification: Notification, now: number): Promise<DispatchOutcome>;
  /** A second channel instance on the same store (a restarted process). */
  restart(): Promise<TelegramChannel>;
  close(): Promise<void>;
}

export const reply = (...replies: EngineResult['replies']): EngineResult => ({ replies, duplicate: false });

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
  const telegram = config.telegram;
  if (!telegram) throw new Error('Telegram is not configured');
  const store = createSqliteStore(config.databasePath, { backgroundCheckpoints: false });
  const events: InboundEvent[] = [];
  const script = { current: (() => reply()) as Script };
  const logger = silentLogger();
  const channels: TelegramChannel[] = [];
  // No wake-up on queueing: tests wake the worker with `channel.notify()` when everything is queued.
  const dispatcher = new Dispatcher({ enabledChannels: new Set(['telegram', 'web']) });
  const deps: TelegramChannelDeps = {
    store,
    // Like the engine: the event is marked in the one inbound-event log in the step's unit of work, and a
    // throwing step rolls the mark back.
    handle: (event) =>
      store.transaction(async (tx) => {
        if (!(await tx.inboundEvents.markProcessed(event.channel, event.eventId, Date.now()))) return { replies: [], duplicate: true };
        events.push(event);
        return script.current(event);
      }),
    createWorker: (sender, tuning) =>
      new OutboxWorker({
        store,
        sender,
        logger,
        ...tuning,
        onUnreachable: (tx, item, reason) => dispatcher.handleUnreachable(tx, item, reason, Date.now()),
      }),
    commands: MENU,
    config: { telegram, dataDir: config.dataDir },
    logger,
    clock: { now: () => new Date() },
  };
  const channelOptions: TelegramChannelOptions = {
    limits: TEST_LIMITS,
    timeScale: TEST_SCALE,
    worker: { pollMs: 20 },
    ...options.channel,
  };
  const make = async () => {
    const channel = createTelegramChannel(deps, channelOptions);
    channels.push(channel);
    await channel.start();
    return channel;
  };
  const channel = await make();
  const http = createHttpApp({ logger, mounts: [(app) => channel.mount?.(app)] });
  const server: Server = await new Promise((resolve) => {
    const s = http.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    fake,
    store,
    db: store.db,
    dir,
    dispatcher,
    channel,
    events,
    script,
    url,
    enqueue: async (item) => void (await store.transaction((tx) => tx.outbox.enqueue(item))),
    dispatch: (notification, now) => store.transaction((tx) => dispatcher.dispatch(tx, notification, now)),
    restart: make,
    close: async () => {
      for (const c of channels) await c.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
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

/** @deprecated import from `./telegram-app.js` (kept for tests of other areas that import it from here). */
export { createTelegramApp, type TelegramApp } from './telegram-app.js';
