/**
 * The composition root: config → database → rubrics → outbox and dispatcher → engine → channels → http →
 * outbox workers → scheduler. Nothing else wires components together, so every part can be built alone in tests.
 *
 * Other areas plug in with one line each: engine modules (approvals), the Telegram and Zalo channels (when
 * configured), and the scheduler (when `SCHEDULER=on`).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createApprovalModule } from '../approval/approval-module.js';
import { createApprovalService } from '../approval/approval-service.js';
import { createTelegramChannel, type TelegramChannelOptions } from '../channels/telegram/create-telegram-channel.js';
import { createWebChannel, type WebChannelOptions } from '../channels/web/web-channel.js';
import { createZaloChannel } from '../channels/zalo/create-zalo-channel.js';
import type { Config } from '../config.js';
import type { ConversationModule } from '../conversation/module.js';
import { ConversationEngine } from '../conversation/engine.js';
import type { ChannelName, EngineResult, InboundEvent } from '../conversation/types.js';
import { Dispatcher } from '../delivery/dispatcher.js';
import { OutboxWorker } from '../delivery/outbox-worker.js';
import { createHttpApp } from '../http/create-http-app.js';
import type { Logger } from '../logger.js';
import { createEnginePorts } from '../persistence/engine-ports.js';
import { openDb } from '../persistence/open-db.js';
import { OutboxRepo } from '../persistence/outbox-repo.js';
import { startWalCheckpointer, type WalCheckpointer } from '../persistence/wal-checkpointer.js';
import { createScheduler, type Scheduler } from '../scheduler/start-scheduler.js';
import { FLOWS_DIR, loadRubricsFromDir } from '../scoring/load-rubrics.js';
import type { Rubric } from '../scoring/rubric-schema.js';
import type { AppServices, ChannelRuntime, Clock } from './services.js';

export interface CreateAppOptions {
  config: Config;
  logger: Logger;
  /** Injected time (tests); defaults to the system clock. */
  clock?: Clock;
  /** Where the rubrics live (default `flows/`). */
  flowsDir?: string;
  /** Web chat tuning (tests shorten the login window). */
  web?: WebChannelOptions;
  /** Telegram tuning (tests scale the rate-limit windows; the bench lifts the global cap). */
  telegram?: TelegramChannelOptions;
}

export interface App {
  services: AppServices;
  /** The loaded and validated rubrics of `flows/`, by id. */
  rubrics: ReadonlyMap<string, Rubric>;
  engine: ConversationEngine;
  http: Express;
  channels: ChannelRuntime[];
  /** Starts channels, outbox workers, the HTTP server and the scheduler; resolves with the listening URL. */
  start(): Promise<{ url: string }>;
  /** Stops everything in reverse order and closes SQLite. Safe to call twice. */
  stop(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };

/** Builds the whole application without starting anything (no port is opened, no timer runs). */
export function createApp(options: CreateAppOptions): App {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;

  // Fail fast on a broken rubric: the validator's message names the file, the criterion and the problem.
  const rubrics = loadRubricsFromDir(options.flowsDir ?? FLOWS_DIR);
  const db = openDb(config.databasePath);
  const outbox = new OutboxRepo(db);

  const enabledChannels = new Set<ChannelName>(['web']);
  if (config.telegram) enabledChannels.add('telegram');
  if (config.zalo) enabledChannels.add('zalo');
  const workers = new Map<ChannelName, OutboxWorker>();
  const dispatcher = new Dispatcher({
    db,
    outbox,
    enabledChannels,
    onQueued: (channel) => workers.get(channel)?.notify(),
  });

  // Engine modules (features plugged into the conversation; see src/conversation/module.ts).
  // Periods finalised by the director in a chat; the honour list is posted once that transaction has committed.
  const finalised: Array<{ unitId: string; periodCode: string }> = [];
  const honoursInFlight = new Set<Promise<void>>();
  const approvals = createApprovalService(db, { onPeriodFinalised: (event) => finalised.push(event) });
  const modules: ConversationModule[] = [createApprovalModule(db, approvals)];
  const engine = new ConversationEngine({
    ports: createEnginePorts(db, { dataDir: config.dataDir }),
    clock,
    logger,
    modules,
  });

  async function handleInbound(event: InboundEvent): Promise<EngineResult> {
    const result = await engine.handle(event);
    for (const event of finalised.splice(0)) {
      // The scheduler re-reads the period, so an event from a rolled-back step posts nothing.
      const posting = scheduler?.onPeriodFinalised(event).catch((err: unknown) => logger.error({ err, unitId: event.unitId }, 'honours after finalisation failed'));
      // stop() waits for a post in progress, so SQLite is never closed under it (it would stay half-posted).
      if (posting) {
        honoursInFlight.add(posting);
        void posting.finally(() => honoursInFlight.delete(posting));
      }
    }
    const now = clock.now().getTime();
    for (const notification of result.notifications) {
      const outcome = dispatcher.dispatch(notification, now);
      logger.info(
        { channel: event.channel, eventId: event.eventId, personId: notification.personId, status: outcome.status, outboxId: outcome.outboxId },
        'notification dispatched',
      );
    }
    return result;
  }

  const services: AppServices = { config, db, logger, clock, outbox, dispatcher, handleInbound };

  const channels: ChannelRuntime[] = [createWebChannel(services, options.web)];
  if (config.telegram) channels.push(createTelegramChannel(services, options.telegram));
  if (config.zalo) channels.push(createZaloChannel(services));

  for (const channel of channels) {
    for (const policy of channel.policies ?? []) dispatcher.addPolicy(policy);
    for (const fallback of channel.fallbacks ?? []) dispatcher.addFallback(fallback);
    if (channel.worker) {
      workers.set(channel.name, channel.worker);
    } else if (channel.sender) {
      workers.set(
        channel.name,
        new OutboxWorker({
          repo: outbox,
          sender: channel.sender,
          logger,
          now: () => clock.now().getTime(),
          onUnreachable: (item, reason) => {
            const outcome = dispatcher.handleUnreachable(item, reason, clock.now().getTime());
            if (outcome) logger.info({ outboxId: item.id, personId: item.personId, status: outcome.status }, 'outbox: re-routed');
          },
        }),
      );
    }
  }

  const http = createHttpApp({
    logger,
    trustProxy: config.trustProxy,
    mounts: channels.flatMap((c) => (c.mount ? [(app: Express) => c.mount?.(app)] : [])),
    health: () => db.$client.prepare('select 1 as ok').get() !== undefined,
  });

  let server: Server | undefined;
  let scheduler: Scheduler | undefined;
  let checkpointer: WalCheckpointer | null = null;
  const started: ChannelRuntime[] = [];
  let stopping: Promise<void> | undefined;

  async function start(): Promise<{ url: string }> {
    // WAL checkpoints in a worker thread: a COMMIT on the event loop never copies pages back (tail latency).
    checkpointer ??= startWalCheckpointer(db);
    for (const channel of channels) {
      await channel.start();
      started.push(channel);
    }
    for (const worker of workers.values()) worker.start();
    server = await listen(http, config.port, config.host);
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    if (config.scheduler) {
      const s = createScheduler({ db, logger, dispatcher, outbox, timeZone: config.timezone, dataDir: config.dataDir, channels }, { clock });
      scheduler = s;
      await s.start();
    }
    logger.info({ port: address.port, channels: channels.map((c) => c.name), scheduler: scheduler !== undefined }, 'app started');
    return { url };
  }

  async function stop(): Promise<void> {
    stopping ??= (async () => {
      await runStep(logger, 'scheduler', async () => scheduler?.stop());
      await runStep(logger, 'honours posting', async () => void (await Promise.allSettled([...honoursInFlight])));
      // Stop accepting webhooks first, so nothing arrives for a channel that has already stopped.
      await runStep(logger, 'http server', () => closeServer(server));
      for (const channel of [...started].reverse()) await runStep(logger, `channel ${channel.name}`, () => channel.stop());
      for (const worker of workers.values()) await runStep(logger, `outbox ${worker.channel}`, () => worker.stop());
      await runStep(logger, 'wal checkpointer', async () => checkpointer?.stop());
      await runStep(logger, 'database', () => void db.$client.close());
      logger.info({}, 'app stopped');
    })();
    return stopping;
  }

  return { services, rubrics, engine, http, channels, start, stop };
}

function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    server.once('error', reject);
  });
}

function closeServer(server: Server | undefined): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Browsers keep idle keep-alive connections open; close them so shutdown does not wait for their timeout.
    server.closeIdleConnections();
  });
}

/** One shutdown step; a failure is logged and the next step still runs. */
async function runStep(logger: Logger, name: string, fn: () => Promise<void> | void): Promise<void> {
  try {
    await fn();
  } catch (error) {
    logger.error({ err: error, step: name }, 'shutdown step failed');
  }
}
