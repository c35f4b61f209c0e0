/**
 * The composition root: config → store → rubrics → dispatcher → workflows → engine → channels → http → outbox
 * workers → scheduler. Nothing else wires components together, so every part can be built alone in tests; each
 * part declares what it needs (`XChannelDeps`, `SchedulerDeps`, `HonoursDeps`) and this file passes it.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createApprovalService } from '../approval/approval-service.js';
import type { ChannelRuntime } from '../channels/channel-runtime.js';
import { createTelegramChannel, type TelegramChannelOptions } from '../channels/telegram/create-telegram-channel.js';
import { createWebChannel, type WebChannelOptions } from '../channels/web/web-channel.js';
import { createZaloChannel, type ZaloChannelOptions } from '../channels/zalo/create-zalo-channel.js';
import type { Config } from '../config.js';
import { createDashboard, type DashboardOptions } from '../dashboard/create-dashboard.js';
import { BUILT_IN_COMMANDS } from '../conversation/command-list.js';
import type { Clock } from '../conversation/engine-logger.js';
import { ConversationEngine } from '../conversation/engine.js';
import type { ChannelName, InboundEvent, OutboundMessage } from '../conversation/types.js';
import type { AnyWorkflow } from '../conversation/workflow-registry.js';
import { enabledChannelsOf } from '../delivery/enabled-channels.js';
import { Dispatcher } from '../delivery/dispatcher.js';
import { OutboxWorker, type OutboxWorkerOptions } from '../delivery/outbox-worker.js';
import { recordGroupPostGivenUp } from '../honours/group-post-failures.js';
import type { HonoursDeps } from '../honours/honours-deps.js';
import { createHttpApp } from '../http/create-http-app.js';
import type { Leadership } from '../leadership/leadership.js';
import { createLeadership } from './create-leadership.js';
import { createSchedulerRole } from './scheduler-role.js';
import { closeServer, listen, runStep } from './server-lifecycle.js';
import type { Scheduler } from '../scheduler/start-scheduler.js';
import { loadContestCatalogue, type ContestCatalogue } from '../contest-service/catalogue.js';
import { createExamRoom, type ExamRoom } from '../exam-room/exam-room.js';
import type { Logger } from '../logger.js';
import { FLOWS_DIR, loadRubricsFromDir } from '../scoring/load-rubrics.js';
import type { Rubric } from '../scoring/rubric-schema.js';
import { SignedLinks } from '../http/signed-links.js';
import { openFileStore } from '../store/files/open-file-store.js';
import { sweepTemporaryFiles } from '../store/files/receive-stream.js';
import type { GroupChannel } from '../store/groups.js';
import { openStoreFromConfig } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { createApprovalWorkflow } from '../workflows/approval/approval-workflow.js';
import { initiativesWorkflow } from '../workflows/initiatives/initiatives-workflow.js';
import { orgIndexWorkflow } from '../workflows/org-index/org-index-workflow.js';
import { preferencesWorkflow } from '../workflows/preferences/preferences-workflow.js';
import { createContestWorkflow } from '../workflows/contest/contest-workflow.js';
import { createPracticeWorkflow } from '../workflows/contest/practice-workflow.js';
import { registrationWorkflow } from '../workflows/registration/registration-workflow.js';
import { selfAssessmentWorkflow } from '../workflows/self-assessment/self-assessment-workflow.js';

export interface CreateAppOptions {
  config: Config;
  logger: Logger;
  /** Injected time (tests); defaults to the system clock. */
  clock?: Clock;
  /** Where the rubrics live (default `flows/`). */
  flowsDir?: string;
  /** An already open store (tests); default: the one the configuration names. */
  store?: Store;
  /** Web chat tuning (tests shorten the login window). */
  web?: WebChannelOptions;
  /** Telegram tuning (tests scale the rate-limit windows; the bench lifts the global cap). */
  telegram?: TelegramChannelOptions;
  /** Zalo tuning (tests inject fetch and attachment rules). */
  zalo?: ZaloChannelOptions;
  /** Dashboard tuning (tests shorten the session). */
  dashboard?: DashboardOptions;
  /** The contests and question banks (default: `flows/contests/` and `flows/question-banks/`). */
  contests?: ContestCatalogue;
}

export interface App {
  store: Store;
  config: Config;
  logger: Logger;
  clock: Clock;
  /** The loaded and validated rubrics of `flows/`, by id. */
  rubrics: ReadonlyMap<string, Rubric>;
  engine: ConversationEngine;
  dispatcher: Dispatcher;
  /** What posting an honour list needs (the scheduler and `thidua honours --post`). */
  honours: HonoursDeps;
  http: Express;
  channels: ChannelRuntime[];
  /** Leader-only work of this instance (scheduler, senders, polling) under lease rows; see src/leadership/. */
  leadership: Leadership;
  /** The exam room (`/thi`) of the contest, when exactly one contest is loaded. */
  examRoom: ExamRoom | null;
  /** Starts channels, outbox workers, the HTTP server and the scheduler; resolves with the listening URL. */
  start(): Promise<{ url: string }>;
  /** Stops everything in reverse order and closes the store. Safe to call twice. */
  stop(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };

/**
 * Builds the whole application without starting anything (no port is opened, no timer runs). Asynchronous because
 * opening the configured store is (PostgreSQL: version check and migrations); the rubrics are checked first, so a
 * broken rubric is reported without touching the database.
 */
export async function createApp(options: CreateAppOptions): Promise<App> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;

  // Fail fast on a broken rubric: the validator's message names the file, the criterion and the problem.
  const rubrics = loadRubricsFromDir(options.flowsDir ?? FLOWS_DIR);
  const store =
    options.store ?? (await openStoreFromConfig(config, { onAfterCommitError: (error) => logger.error({ err: error }, 'afterCommit callback failed') }));
  const fileStore = openFileStore(config.files, config.dataDir);
  const files = fileStore.files;
  // Without FILE_LINK_SECRET (one instance) each process signs with its own random secret.
  const links = new SignedLinks({
    secret: config.fileLinks.secret ?? randomBytes(32),
    ttlMs: config.fileLinks.ttlMs,
    now: () => clock.now().getTime(),
  });

  const enabledChannels = enabledChannelsOf(config);
  const workers = new Map<ChannelName, OutboxWorker>();
  const dispatcher = new Dispatcher({ enabledChannels, onQueued: (channel) => workers.get(channel)?.notify() });

  // The scheduler is created at start(); a finalisation committed before then posts nothing (the catch-up does).
  let scheduler: Scheduler | undefined;
  const honoursInFlight = new Set<Promise<unknown>>();
  const approvals = createApprovalService({
    onPeriodFinalised: (event) => {
      const posting = scheduler?.onPeriodFinalised(event);
      // stop() waits for a post in progress, so the store is never closed under it (it would stay half-posted).
      if (posting) {
        honoursInFlight.add(posting);
        void posting.finally(() => honoursInFlight.delete(posting));
      }
    },
  });
  const contests = options.contests ?? loadContestCatalogue();
  const [onlyContest, ...otherContests] = contests.contests.keys();
  const contestId = onlyContest !== undefined && otherContests.length === 0 ? onlyContest : null;
  // An honour list's group post the sender gave up on: the group is marked failed (the next post retries it) and the
  // office is told, as when a direct post fails (group-post-failures.ts).
  const onGivenUp: NonNullable<OutboxWorkerOptions['onGivenUp']> = async (tx, item, why) => {
    if (await recordGroupPostGivenUp({ dispatcher }, tx, item, why, clock.now().getTime())) {
      logger.warn({ outboxId: item.id, channel: item.channel, kind: why.kind }, 'honours: group post given up, office told');
    }
  };
  const workflows: AnyWorkflow[] = [
    selfAssessmentWorkflow,
    createApprovalWorkflow({ service: approvals }),
    initiativesWorkflow,
    registrationWorkflow,
    orgIndexWorkflow,
    preferencesWorkflow,
    ...(contestId ? [createContestWorkflow({ catalogue: contests, contestId }) as AnyWorkflow] : []),
    createPracticeWorkflow({ catalogue: contests, contestId }) as AnyWorkflow,
  ];
  // Several instances (PostgreSQL): Telegram's 30 msg/s and Zalo's limits are the deployment's, and only the
  // `sender:<channel>` lease holder sends. Every Telegram and Zalo reply is then queued in the answer's own
  // transaction as one outbox item per event (`reply:<eventId>@<channel>`: durable even when this instance dies right
  // after the commit, in the chat's order, never twice) and the holder's worker delivers it (woken at once when it is
  // this instance). The web chat's replies are the HTTP answer itself.
  const engine = new ConversationEngine({
    store,
    files,
    notifier: dispatcher,
    clock,
    logger,
    workflows,
    ...(store.dialect === 'postgres'
      ? {
          repliesThroughOutbox: (event: InboundEvent) => event.channel === 'telegram' || event.channel === 'zalo',
          onRepliesQueued: (channel: ChannelName) => workers.get(channel)?.notify(),
        }
      : {}),
  });
  const handle = engine.handle.bind(engine);

  const channels: ChannelRuntime[] = [
    createWebChannel({ store, handle, files, links, config: { dataDir: config.dataDir, publicUrl: config.publicUrl }, logger, clock }, options.web),
  ];
  if (config.telegram) {
    const commands = [...workflows.flatMap((w) => w.commands ?? []), ...BUILT_IN_COMMANDS];
    channels.push(
      createTelegramChannel(
        {
          store,
          handle,
          createWorker: (sender, tuning) => outboxWorker(sender, tuning),
          commands,
          config: { telegram: config.telegram, dataDir: config.dataDir },
          files,
          logger,
          clock,
          leaderWork: 'leadership',
        },
        options.telegram,
      ),
    );
  }
  if (config.zalo) {
    channels.push(createZaloChannel({ store, handle, dispatcher, onGivenUp, files, config: { ...config, zalo: config.zalo }, logger, clock }, options.zalo));
  }

  function outboxWorker(sender: NonNullable<ChannelRuntime['sender']>, tuning: Omit<ConstructorParameters<typeof OutboxWorker>[0], 'store' | 'sender' | 'logger'> = {}): OutboxWorker {
    return new OutboxWorker({
      store,
      sender,
      logger,
      now: () => clock.now().getTime(),
      instanceId: config.instanceId,
      claimLeaseMs: 2 * config.leaseTtlMs,
      // Several instances: replies queued by the others wait for this poll (no cross-instance wake-up yet).
      ...(store.dialect === 'postgres' ? { pollMs: 200 } : {}),
      onUnreachable: async (tx, item, reason) => {
        const outcome = await dispatcher.handleUnreachable(tx, item, reason, clock.now().getTime());
        if (outcome) logger.info({ outboxId: item.id, personId: item.personId, status: outcome.status }, 'outbox: re-routed');
        return outcome;
      },
      onGivenUp,
      ...tuning,
    });
  }

  for (const channel of channels) {
    for (const policy of channel.policies ?? []) dispatcher.addPolicy(policy);
    for (const fallback of channel.fallbacks ?? []) dispatcher.addFallback(fallback);
    if (channel.worker) workers.set(channel.name, channel.worker);
    else if (channel.sender) workers.set(channel.name, outboxWorker(channel.sender));
  }

  const postToGroup = async (channel: GroupChannel, chatId: string, messages: OutboundMessage[], postKey?: string): Promise<void> => {
    const runtime = channels.find((c) => c.name === channel);
    if (!runtime?.postToGroup) throw new Error(`channel ${channel} is not running`);
    await runtime.postToGroup(chatId, messages, postKey);
  };
  const honours: HonoursDeps = { store, dispatcher, postToGroup, logger, dataDir: config.dataDir, files };

  const dashboard = createDashboard(
    { store, service: approvals, notifier: dispatcher, handle, clock, logger, files, config: { publicUrl: config.publicUrl } },
    options.dashboard,
  );
  const leadership = createLeadership({ store, config, logger, clock, workers, channels });
  const examRoom =
    contestId !== null
      ? createExamRoom({ store, catalogue: contests, contestId, logger, now: () => clock.now().getTime(), secureCookie: config.publicUrl?.startsWith('https://') ?? false })
      : null;

  const http = createHttpApp({
    logger,
    trustProxy: config.trustProxy,
    mounts: [
      ...channels.flatMap((c) => (c.mount ? [(app: Express) => c.mount?.(app)] : [])),
      ...(examRoom ? [(app: Express) => examRoom.mount(app)] : []),
      (app: Express) => dashboard.mount(app),
    ],
    health: () => store.ping(),
    instance: () => ({ instance: leadership.instanceId, roles: leadership.status() }),
  });

  let server: Server | undefined;
  const started: ChannelRuntime[] = [];
  let stopping: Promise<void> | undefined;

  async function start(): Promise<{ url: string }> {
    await fileStore.check();
    // Temporary upload files a crash left behind (issue 18 items 1–2): never kept, so removed before anything runs.
    // File times are the system's, so the age is measured on the system clock (not the injected one).
    const swept = await sweepTemporaryFiles(config.dataDir, Date.now());
    if (swept > 0) logger.info({ removed: swept }, 'start: left-over temporary upload files removed');
    for (const channel of channels) {
      await channel.start();
      started.push(channel);
    }
    examRoom?.start();
    server = await listen(http, config.port, config.host);
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    // Every instance has a scheduler for what follows its own actions; cron only on the lease holder (scheduler-role.ts).
    if (config.scheduler) {
      const made = createSchedulerRole({ honours, channels, files, clock, timeZone: config.timezone, instanceId: config.instanceId });
      scheduler = made.scheduler;
      leadership.add(made.role);
    }
    await leadership.start();
    logger.info(
      {
        port: address.port,
        channels: channels.map((c) => c.name),
        scheduler: scheduler !== undefined,
        files: config.files.kind,
        instance: config.instanceId,
        roles: leadership.status().filter((r) => r.leader).map((r) => r.name),
      },
      'app started',
    );
    return { url };
  }

  async function stop(): Promise<void> {
    stopping ??= (async () => {
      // Leader-only work first (scheduler, senders, polling): their leases are released, so another instance
      // takes over at once while this one finishes.
      await runStep(logger, 'leadership', () => leadership.stop());
      await runStep(logger, 'honours posting', async () => void (await Promise.allSettled([...honoursInFlight])));
      // Stop accepting webhooks first, so nothing arrives for a channel that has already stopped.
      await runStep(logger, 'http server', () => closeServer(server));
      await runStep(logger, 'exam room', async () => examRoom?.stop());
      for (const channel of [...started].reverse()) await runStep(logger, `channel ${channel.name}`, () => channel.stop());
      await runStep(logger, 'store', () => store.close());
      await runStep(logger, 'file store', () => fileStore.close());
      logger.info({}, 'app stopped');
    })();
    return stopping;
  }

  return { store, config, logger, clock, rubrics, engine, dispatcher, honours, http, channels, leadership, examRoom, start, stop };
}

