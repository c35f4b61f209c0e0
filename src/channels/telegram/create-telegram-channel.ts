/**
 * The Telegram channel runtime: the bot (telegraf, kept entirely inside this folder because it is unmaintained
 * and may be swapped), the rate limiter shared by replies and the outbox, the outbox worker for channel
 * `telegram`, and the two ways updates come in: a webhook route (`TELEGRAM_MODE=webhook`) or long polling (for a
 * unit without a public URL).
 */
import { Agent as HttpAgent } from 'node:http';
import { Telegraf, TelegramError } from 'telegraf';
import type { BotCommand } from 'telegraf/types';
import type { TelegramConfig } from '../../config.js';
import type { Clock } from '../../conversation/engine-logger.js';
import type { EngineResult, InboundEvent, OutboundMessage } from '../../conversation/types.js';
import { DeliveryError, type ChannelSender } from '../../delivery/channel-sender.js';
import { groupPostKey } from '../../delivery/dedupe-key.js';
import type { OutboxWorker } from '../../delivery/outbox-worker.js';
import type { Logger } from '../../logger.js';
import type { FileStore } from '../../store/file-store.js';
import { createLocalFileStore } from '../../store/files/local-file-store.js';
import type { LeaderRole } from '../../leadership/leadership.js';
import type { Store } from '../../store/store.js';
import type { ChannelRuntime } from '../channel-runtime.js';
import { OutboundFiles } from '../outbound-files.js';
import { CallbackSigner } from './callback-data.js';
import { deactivateGroup, GROUP_REGISTRATION_COMMAND, migrateGroup } from './group-registration.js';
import { createUpdateHandler, type UpdateHandler } from './handle-update.js';
import { LongPolling } from './polling.js';
import { QuestionStore } from './question-store.js';
import { RateLimiter, realClock, type LimiterClock, type TelegramLimits } from './rate-limiter.js';
import { GroupMigratedError, TelegramSender, type DeliverContext } from './telegram-sender.js';
import { mountWebhook, WEBHOOK_PATH } from './webhook.js';

/** Update types the bot asks for (`my_chat_member`: blocked by a person, removed from a group). */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;
/** Below the webhook's 60 s connection timeout, so a stuck handler is abandoned before Telegram gives up. */
const HANDLER_TIMEOUT_MS = 55_000;
/** Items the outbox worker hands to the sender at once; the limiter paces them (30/s, 1/s per chat). */
const WORKER_CONCURRENCY = 32;

/** How the channel wants its outbox worker tuned (the delivery layer builds it). */
export interface OutboxWorkerTuning {
  /** Items handed to the sender concurrently. */
  concurrency?: number;
  /** Attempts before an item is marked failed. */
  maxAttempts?: number;
  /** First backoff step; doubles per attempt. */
  baseBackoffMs?: number;
  /** Idle poll interval when the outbox is empty. */
  pollMs?: number;
  /** Time for the outbox records. */
  now?: () => number;
}

/**
 * A command for the private chats' menu. The engine's built-in commands and the workflows' commands have this
 * shape already, so the composition root passes them as they are.
 */
export interface MenuCommand {
  /** Without the slash, lower case; the first is shown. */
  readonly names: readonly string[];
  /** One Vietnamese line (Telegram cuts it at 256 characters). */
  readonly description: string;
  /** Left out of the menu (an alias kept for old habits, `/start`). */
  readonly hidden?: boolean;
}

/**
 * What the Telegram channel needs from the rest of the application. Why its own interface: the channel imports
 * no `app/`, scheduler or other channel; the composition root passes these, and a test passes a scripted engine.
 */
export interface TelegramChannelDeps {
  /** The unit of work: the inbound-event log, group registration, chat memory, account reachability. */
  store: Store;
  /** The conversation engine's entry point (dedupes, orders each chat's events, resolves once durable). */
  handle(event: InboundEvent): Promise<EngineResult>;
  /**
   * Builds the channel's outbox worker around its sender (the delivery layer wires the outbox and the
   * dispatcher's re-routing of unreachable items); the channel passes its tuning.
   */
  createWorker(sender: ChannelSender, tuning: OutboxWorkerTuning): OutboxWorker;
  /** The private chats' command menu: the engine's built-in commands and every workflow's, in /huongdan order. */
  commands: readonly MenuCommand[];
  config: { telegram: TelegramConfig; dataDir: string };
  /** Where evidence files are read from when a message carries one (default: the data folder). */
  files?: FileStore;
  logger: Logger;
  clock: Clock;
  /**
   * Who runs the work only one instance may do (the outbox sender and long polling): `channel` (default) starts it
   * in `start()`; `leadership` leaves it to the composition root, which starts each of {@link TelegramChannel.roles}
   * only while this instance holds its lease (several instances on one database).
   */
  leaderWork?: 'channel' | 'leadership';
}

export interface TelegramChannelOptions {
  /** Rate limits (tests pass scaled windows, the bench lifts the global cap); default Telegram's figures. */
  limits?: Partial<TelegramLimits>;
  /** Time for records (inbound-event log, audit, outbox). Default `deps.clock`. */
  now?: () => number;
  /** The limiter's clock (timers included). Default real time. */
  clock?: LimiterClock;
  /** Multiplies `retry_after` and retry backoff (tests run scaled time). Default 1. */
  timeScale?: number;
  /** Outbox worker tuning (tests: short poll interval and backoff). */
  worker?: Omit<OutboxWorkerTuning, 'now'>;
  /**
   * Group posts and the channel's own notices (a command typed in a group, `/dangkynhom`'s answer, an unsupported
   * message, a file not downloaded) go through the outbox, so only the `sender:telegram` lease holder sends them
   * within the deployment's one 30 msg/s budget. Default: on PostgreSQL (several instances), as the engine's replies;
   * on SQLite (one instance) they go out at once, and a failed group post is reported to the caller.
   */
  throughOutbox?: boolean;
}

/** The runtime plus its parts (tests and the composition root reach for them). */
export interface TelegramChannel extends ChannelRuntime {
  readonly name: 'telegram';
  readonly bot: Telegraf;
  readonly sender: TelegramSender;
  readonly limiter: RateLimiter;
  readonly worker: OutboxWorker;
  /** Processes one update exactly as the webhook and polling do (deduped by `update_id` in the inbound-event log). */
  readonly handleUpdate: UpdateHandler;
  /** Wakes the outbox worker (call after queueing Telegram notifications). */
  notify(): void;
  /** The leader-only work: `sender:telegram` (the outbox worker) and, in polling mode, `telegram-polling`. */
  readonly roles: readonly LeaderRole[];
  /**
   * Posts to a registered group: queued in the outbox under `group:<postKey>@telegram` (resolves once durable; the
   * lease holder sends it, once) when posts go through the outbox, else sent at once (rejects when it fails).
   */
  postToGroup(chatId: string, messages: OutboundMessage[], postKey?: string): Promise<void>;
}

export function createTelegramChannel(deps: TelegramChannelDeps, options: TelegramChannelOptions = {}): TelegramChannel {
  const config = deps.config.telegram;
  const { store } = deps;
  const log = deps.logger.child({ channel: 'telegram' });
  const now = options.now ?? (() => deps.clock.now().getTime());
  const timeScale = options.timeScale ?? 1;

  const bot = new Telegraf(config.token, {
    telegram: { apiRoot: config.apiRoot, webhookReply: false },
    handlerTimeout: HANDLER_TIMEOUT_MS,
  });
  // telegraf drops its keep-alive agent for an http:// apiRoot (a self-hosted Bot API server on the LAN, the tests'
  // fake), so every call would open a new connection. Every call of ours goes through `bot.telegram`, whose agent
  // can be set after construction.
  if (config.apiRoot.startsWith('http://')) bot.telegram.options.agent = new HttpAgent({ keepAlive: true, keepAliveMsecs: 10_000 });
  const limiter = new RateLimiter(
    options.limits,
    options.clock ?? realClock,
    (error) => (error instanceof TelegramError && error.code === 429 ? Number(error.parameters?.retry_after ?? 1) * 1000 * timeScale : null),
  );
  const signer = new CallbackSigner(config.token);
  const questions = new QuestionStore(store, now, {
    onError: (error) => log.error({ err: error }, 'telegram: current questions not written'),
  });
  const sender = new TelegramSender({
    telegram: bot.telegram,
    limiter,
    signer,
    files: new OutboundFiles(deps.files ?? createLocalFileStore({ dataDir: deps.config.dataDir })),
    logger: log,
    questions,
    timeScale,
    backoffMs: 500 * timeScale,
  });
  const throughOutbox = options.throughOutbox ?? store.dialect === 'postgres';
  /**
   * Sends to a group (a post, a notice) and follows the group: one upgraded to a supergroup is re-targeted (its
   * registration moves to the new id, audited) and sent to there; one the bot can no longer post to is deactivated.
   */
  const deliverToGroup = async (chatId: string, messages: OutboundMessage[], context: DeliverContext = {}): Promise<void> => {
    try {
      await sender.deliver(chatId, messages, context);
    } catch (error) {
      if (error instanceof GroupMigratedError) {
        const to = error.migrateToChatId;
        await store.transaction((tx) => migrateGroup(tx, chatId, to, now()));
        await sender.deliver(to, messages, context);
        return;
      }
      if (error instanceof DeliveryError && error.kind === 'unreachable') {
        await store.transaction((tx) => deactivateGroup(tx, chatId, now()));
      }
      throw error;
    }
  };
  /** What the outbox worker sends through: group items (posts, notices) follow their group as a direct post does. */
  const outboxSender: ChannelSender = {
    channel: 'telegram',
    send: (chatId, messages, purpose) =>
      isGroupChat(chatId) ? deliverToGroup(chatId, messages, { trackQuestions: purpose === 'reply' }) : sender.send(chatId, messages, purpose),
  };
  const worker = deps.createWorker(outboxSender, {
    now,
    concurrency: WORKER_CONCURRENCY,
    baseBackoffMs: 1000 * timeScale,
    ...options.worker,
  });
  const handleUpdate = createUpdateHandler({
    store,
    handle: deps.handle,
    telegram: bot.telegram,
    sender,
    signer,
    logger: log,
    botUsername: () => bot.botInfo?.username,
    now,
    noticesThroughOutbox: throughOutbox,
    onQueued: () => worker.notify(),
  });
  bot.use(async (ctx) => handleUpdate(ctx.update));
  bot.catch((error, ctx) => {
    log.error({ err: error, updateId: ctx.update.update_id }, 'telegram: unhandled error');
  });

  /** Both modes go through telegraf's `handleUpdate` (context, handler timeout, `bot.catch`). */
  const feed = (update: unknown) => bot.handleUpdate(update as Parameters<Telegraf['handleUpdate']>[0]);
  let polling: LongPolling | undefined;
  let started = false;
  const leaderWork = deps.leaderWork ?? 'channel';
  const senderRole: LeaderRole = {
    name: 'sender:telegram',
    async start() {
      // The previous sender (a process that stopped, or another instance) may have sent up to the limits just now.
      limiter.pauseFor(Math.max(limiter.limits.globalWindowMs, limiter.limits.privateWindowMs));
      worker.start();
    },
    stop: () => worker.stop(),
  };
  const pollingRole: LeaderRole = {
    name: 'telegram-polling',
    async start() {
      if (polling) return;
      polling = new LongPolling({ telegram: bot.telegram, handle: feed, logger: log, allowedUpdates: [...ALLOWED_UPDATES], timeScale });
      polling.start();
      log.info({ mode: 'polling' }, 'telegram: polling');
    },
    async stop() {
      const current = polling;
      polling = undefined;
      await current?.stop();
    },
  };
  const roles: LeaderRole[] = config.mode === 'polling' ? [senderRole, pollingRole] : [senderRole];

  return {
    name: 'telegram',
    bot,
    sender,
    limiter,
    worker,
    handleUpdate,
    notify: () => worker.notify(),
    roles,

    mount(app) {
      if (config.mode !== 'webhook') return;
      if (!config.webhookSecret) throw new Error('TELEGRAM_WEBHOOK_SECRET is required in webhook mode');
      const secret = config.webhookSecret;
      mountWebhook(app, { secret, handle: feed });
    },

    async postToGroup(chatId, messages, postKey) {
      if (!throughOutbox) return deliverToGroup(chatId, messages);
      const at = now();
      await store.transaction(async (tx) => {
        const { created } = await tx.outbox.enqueue({
          dedupeKey: groupPostKey('telegram', chatId, messages, postKey),
          channel: 'telegram',
          chatId,
          personId: null,
          purpose: 'announcement',
          messages,
          now: at,
        });
        if (created) tx.afterCommit(() => worker.notify());
      });
    },

    async start() {
      if (started) return;
      started = true;
      bot.botInfo ??= await bot.telegram.getMe();
      await setCommandMenu(bot, deps.commands).catch((error: unknown) => log.warn({ err: error }, 'telegram: command menu not set'));
      if (config.mode === 'webhook') {
        const base = (config.publicUrl ?? '').replace(/\/+$/, '');
        await bot.telegram.setWebhook(`${base}${WEBHOOK_PATH}`, {
          secret_token: config.webhookSecret,
          allowed_updates: [...ALLOWED_UPDATES],
          max_connections: 40,
        });
        log.info({ mode: 'webhook' }, 'telegram: webhook set');
      } else {
        await bot.telegram.deleteWebhook({ drop_pending_updates: false });
      }
      if (leaderWork === 'channel') for (const role of roles) await role.start();
    },

    async stop() {
      if (!started) return;
      started = false;
      if (leaderWork === 'channel') for (const role of [...roles].reverse()) await role.stop();
      await questions.flush();
    },
  };
}

/** Telegram's groups, supergroups and channels have negative chat ids; a private chat's id is the person's (positive). */
function isGroupChat(chatId: string): boolean {
  return chatId.startsWith('-');
}

/** The Vietnamese command menu: the person's commands in private chats, group registration in groups. */
async function setCommandMenu(bot: Telegraf, commands: readonly MenuCommand[]): Promise<void> {
  const privateCommands: BotCommand[] = commands.flatMap((c) =>
    c.hidden || !c.names[0] ? [] : [{ command: c.names[0], description: c.description.slice(0, 256) }],
  );
  await bot.telegram.setMyCommands(privateCommands, { scope: { type: 'all_private_chats' } });
  await bot.telegram.setMyCommands(
    [{ command: GROUP_REGISTRATION_COMMAND, description: 'Đăng ký nhóm này làm nhóm thông báo của đơn vị (Văn phòng)' }],
    { scope: { type: 'all_group_chats' } },
  );
}
