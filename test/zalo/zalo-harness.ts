/**
 * The Zalo channel wired like the composition root does it — store (a SQLite file), dispatcher, the real engine with
 * the real workflows, `createZaloChannel(deps)`, its webhook on an express app and its outbox worker — pointed at
 * fake Zalo servers on loopback, with a seeded unit, a movable clock, and helpers to post signed webhook events and
 * wait until they are fully handled. `dialect` puts the store on PostgreSQL (a fresh test database) instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { createZaloChannel, type ZaloChannelOptions, type ZaloChannelRuntime } from '../../src/channels/zalo/create-zalo-channel.js';
import { ConversationEngine } from '../../src/conversation/engine.js';
import type { EngineResult, InboundEvent } from '../../src/conversation/types.js';
import type { AnyWorkflow } from '../../src/conversation/workflow-registry.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { silentLogger } from '../../src/logger.js';
import { createLocalFileStore } from '../../src/store/files/local-file-store.js';
import { createSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { createApprovalWorkflow } from '../../src/workflows/approval/approval-workflow.js';
import { preferencesWorkflow } from '../../src/workflows/preferences/preferences-workflow.js';
import { selfAssessmentWorkflow } from '../../src/workflows/self-assessment/self-assessment-workflow.js';
import { freshStore, testSql, type Dialect } from '../helpers/dialects.js';
import { FakeZalo, type SentMessage } from '../helpers/fake-zalo.js';
import { seedUnit, type SeededUnit } from '../helpers/seed-unit.js';
import { testConfig, zaloEnv } from '../helpers/test-config.js';
import { postSigned, zaloEvent, type EventPatch, type FixtureName } from '../helpers/zalo-events.js';

export const OA_SECRET = 'oa-secret-for-tests';
/** 2026-12-03 09:00 in Hà Nội (Q4 period open, before the self-assessment deadline). */
export const T0 = Date.parse('2026-12-03T02:00:00Z');

/** Downloads from the loopback fake (production allows only https on Zalo's CDN, public addresses). */
export const LOOPBACK_ATTACHMENTS = { hostSuffixes: ['127.0.0.1'], protocols: ['http:'], allowPrivateAddresses: true } as const;

export interface ZaloHarness<S extends Store = SqliteStore> {
  store: S;
  dispatcher: Dispatcher;
  url: string;
  fake: FakeZalo;
  zalo: ZaloChannelRuntime;
  unit: SeededUnit;
  clock: { now(): Date; advance(ms: number): void; ms(): number };
  /** Posts a signed event (time = the clock) and waits until it and everything it queued is delivered. */
  send(name: FixtureName, patch?: EventPatch): Promise<number>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface ZaloHarnessOptions {
  groupId?: string;
  /** Replaces the engine (tests of the channel alone). */
  handle?: (event: InboundEvent) => Promise<EngineResult>;
  channel?: ZaloChannelOptions;
  /** Replaces the engine's workflows. */
  workflows?: readonly AnyWorkflow[];
  /** Runs after seeding and before the channel starts (rows a start-up must find). */
  beforeStart?: (store: SqliteStore) => Promise<void> | void;
}

let msgCounter = 0;

/** The harness on SQLite (a file in its folder), or on `dialect`'s fresh database. */
export function startZaloHarness(options?: ZaloHarnessOptions): Promise<ZaloHarness>;
export function startZaloHarness(options: Omit<ZaloHarnessOptions, 'beforeStart'> & { dialect: Dialect }): Promise<ZaloHarness<Store>>;
export function startZaloHarness(options: ZaloHarnessOptions & { dialect?: Dialect } = {}): Promise<ZaloHarness<Store>> {
  return start(options);
}

async function start(options: ZaloHarnessOptions & { dialect?: Dialect }): Promise<ZaloHarness<Store>> {
  const fake = await FakeZalo.start();
  const dir = mkdtempSync(join(tmpdir(), 'thidua-zalo-'));
  let t = T0;
  const clock = { now: () => new Date(t), advance: (ms: number) => void (t += ms), ms: () => t };
  const config = testConfig(dir, zaloEnv(fake, { oaSecretKey: OA_SECRET, refreshToken: fake.issuePair().refreshToken, groupId: options.groupId }));
  const zaloConfig = config.zalo;
  if (!zaloConfig) throw new Error('test config has no zalo');
  const fresh = options.dialect ? await freshStore(options.dialect, dir) : undefined;
  const store: Store = fresh?.store ?? createSqliteStore(join(dir, 'thidua.db'), { backgroundCheckpoints: false });
  const unit = await seedUnit(store);
  const logger = silentLogger();
  // The dispatcher is built before the channel it wakes: its callback reads the channel once it exists.
  const runtime: { zalo?: ZaloChannelRuntime } = {};
  const dispatcher = new Dispatcher({
    enabledChannels: new Set(['web', 'zalo']),
    onQueued: (channel) => channel === 'zalo' && runtime.zalo?.worker.notify(),
  });
  const engine = new ConversationEngine({
    store,
    files: createLocalFileStore({ dataDir: config.dataDir }),
    notifier: dispatcher,
    clock,
    logger,
    workflows: options.workflows ?? [selfAssessmentWorkflow, createApprovalWorkflow(), preferencesWorkflow],
    // As the composition root: on PostgreSQL (several instances) Zalo replies are queued in the step for the one sender.
    ...(store.dialect === 'postgres'
      ? { repliesThroughOutbox: (event: InboundEvent) => event.channel === 'zalo', onRepliesQueued: () => runtime.zalo?.worker.notify() }
      : {}),
  });
  const channel = createZaloChannel(
    { store, handle: options.handle ?? ((event) => engine.handle(event)), dispatcher, config: { ...config, zalo: zaloConfig }, logger, clock },
    { attachments: LOOPBACK_ATTACHMENTS, ...options.channel },
  );
  runtime.zalo = channel;
  for (const policy of channel.policies ?? []) dispatcher.addPolicy(policy);
  for (const fallback of channel.fallbacks ?? []) dispatcher.addFallback(fallback);
  const app = express();
  channel.mount?.(app);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (options.beforeStart) await options.beforeStart(store as SqliteStore);
  await channel.start();
  channel.worker.start();
  // Pending items due now (not those scheduled later): read with SQL on the store's database (tests only).
  const duePending = async (): Promise<number> => {
    const [row] = await testSql(
      store,
      `SELECT count(*) AS n FROM outbox WHERE channel = 'zalo' AND (status = 'sending' OR (status = 'pending' AND next_attempt_at <= ?))`,
      [t],
    );
    return Number(row?.n);
  };
  /** Waits until the webhook's events are processed and the Zalo outbox has nothing due or in flight. */
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 400; i++) {
      await new Promise((r) => setImmediate(r));
      await channel.processor.idle();
      await channel.worker.drainOnce();
      if ((await duePending()) === 0) {
        await channel.processor.idle();
        if ((await duePending()) === 0) return;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    throw new Error('settle: Zalo outbox did not drain');
  };
  return {
    store,
    dispatcher,
    url,
    fake,
    zalo: channel,
    unit,
    clock,
    settle,
    async send(name, patch = {}) {
      msgCounter += 1;
      const event = zaloEvent(name, { msgId: `mid${Date.now()}${msgCounter}`, timestamp: String(t), ...patch });
      const status = await postSigned(`${url}/zalo/webhook`, event, fake.appId, OA_SECRET);
      await settle();
      return status;
    },
    async close() {
      await new Promise((r) => server.close(r));
      await channel.stop();
      await channel.worker.stop();
      await (fresh ? fresh.close() : store.close());
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Dispatches one notification in its own unit of work (as a job would). */
export function dispatchNow(h: ZaloHarness<Store>, notification: Parameters<Dispatcher['dispatch']>[1]) {
  const now = h.clock.ms();
  return h.store.transaction((tx) => h.dispatcher.dispatch(tx, notification, now));
}

/** Buttons of a sent consultation message: `{ title, payload }`. */
export function buttonsOf(m: SentMessage | undefined): Array<{ title: string; payload: string }> {
  const attachment = m?.message.attachment as { payload?: { buttons?: Array<{ title: string; payload: string }> } } | undefined;
  return attachment?.payload?.buttons ?? [];
}

export function textOf(m: SentMessage | undefined): string {
  return typeof m?.message.text === 'string' ? m.message.text : '';
}
