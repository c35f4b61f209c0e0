/**
 * The Telegram channel runtime: the bot (telegraf, kept entirely inside this folder because it is unmaintained
 * and may be swapped), the rate limiter shared by replies and the outbox, the outbox worker for channel
 * `telegram`, and the two ways updates come in: a webhook route (`TELEGRAM_MODE=webhook`) or long polling (for a
 * unit without a public URL).
 */
import { Agent as HttpAgent } from 'node:http';
import { Telegraf, TelegramError } from 'telegraf';
import type { BotCommand } from 'telegraf/types';
import type { AppServices, ChannelRuntime } from '../../app/services.js';
import { BUILT_IN_COMMANDS } from '../../conversation/command-list.js';
import type { OutboundMessage } from '../../conversation/types.js';
import { DeliveryError } from '../../delivery/channel-sender.js';
import { OutboxWorker, type OutboxWorkerOptions } from '../../delivery/outbox-worker.js';
import { CallbackSigner } from './callback-data.js';
import { GroupCommit } from './group-commit.js';
import { deactivateGroup, migrateGroup } from './group-registration.js';
import { createUpdateHandler, type UpdateHandler } from './handle-update.js';
import { LongPolling } from './polling.js';
import { QuestionStore } from './question-store.js';
import { RateLimiter, realClock, type LimiterClock, type TelegramLimits } from './rate-limiter.js';
import { GroupMigratedError, TelegramSender } from './telegram-sender.js';
import { UpdateLog } from './update-log.js';
import { mountWebhook, WEBHOOK_PATH } from './webhook.js';

/** Update types the bot asks for (`my_chat_member`: blocked by a person, removed from a group). */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;
/** Below the webhook's 60 s connection timeout, so a stuck handler is abandoned before Telegram gives up. */
const HANDLER_TIMEOUT_MS = 55_000;
/** Items the outbox worker hands to the sender at once; the limiter paces them (30/s, 1/s per chat). */
const WORKER_CONCURRENCY = 32;

export interface TelegramChannelOptions {
  /** Rate limits (tests pass scaled windows, the bench lifts the global cap); default Telegram's figures. */
  limits?: Partial<TelegramLimits>;
  /** Time for records (update log, audit, outbox). Default `services.clock`. */
  now?: () => number;
  /** The limiter's clock (timers included). Default real time. */
  clock?: LimiterClock;
  /** Multiplies `retry_after` and retry backoff (tests run scaled time). Default 1. */
  timeScale?: number;
  /** Outbox worker tuning (tests: short poll interval and backoff). */
  worker?: Partial<Pick<OutboxWorkerOptions, 'concurrency' | 'maxAttempts' | 'baseBackoffMs' | 'pollMs'>>;
}

/** The runtime plus its parts (tests and the composition root reach for them). */
export interface TelegramChannel extends ChannelRuntime {
  readonly name: 'telegram';
  readonly bot: Telegraf;
  readonly sender: TelegramSender;
  readonly limiter: RateLimiter;
  readonly worker: OutboxWorker;
  /** Processes one update exactly as the webhook and polling do (deduped by `update_id`). */
  readonly handleUpdate: UpdateHandler;
  /** Wakes the outbox worker (call after queueing Telegram notifications). */
  notify(): void;
  postToGroup(chatId: string, messages: OutboundMessage[]): Promise<void>;
}

export function createTelegramChannel(services: AppServices, options: TelegramChannelOptions = {}): TelegramChannel {
  const config = services.config.telegram;
  if (!config) throw new Error('Telegram is not configured (TELEGRAM_BOT_TOKEN)');
  const log = services.logger.child({ channel: 'telegram' });
  const now = options.now ?? (() => services.clock.now().getTime());
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
  // The update log and the chats' current questions share one transaction per event-loop turn.
  const commit = new GroupCommit(services.db, (error) => log.error({ err: error }, 'telegram: bookkeeping not written'));
  const sender = new TelegramSender({
    telegram: bot.telegram,
    limiter,
    signer,
    dataDir: services.config.dataDir,
    logger: log,
    questions: new QuestionStore(services.db, commit, now),
    timeScale,
    backoffMs: 500 * timeScale,
  });
  const worker = new OutboxWorker({
    repo: services.outbox,
    sender,
    logger: log,
    now,
    concurrency: WORKER_CONCURRENCY,
    baseBackoffMs: 1000 * timeScale,
    ...options.worker,
    onUnreachable: (item, reason) => {
      services.dispatcher.handleUnreachable(item, reason, now());
    },
  });
  const updateLog = new UpdateLog(services.db, commit);
  const handleUpdate = createUpdateHandler({
    services,
    telegram: bot.telegram,
    sender,
    signer,
    updateLog,
    botUsername: () => bot.botInfo?.username,
    now,
  });
  bot.use(async (ctx) => handleUpdate(ctx.update));
  bot.catch((error, ctx) => {
    log.error({ err: error, updateId: ctx.update.update_id }, 'telegram: unhandled error');
  });

  /** Both modes go through telegraf's `handleUpdate` (context, handler timeout, `bot.catch`). */
  const feed = (update: unknown) => bot.handleUpdate(update as Parameters<Telegraf['handleUpdate']>[0]);
  let polling: LongPolling | undefined;
  let started = false;

  return {
    name: 'telegram',
    bot,
    sender,
    limiter,
    worker,
    handleUpdate,
    notify: () => worker.notify(),

    mount(app) {
      if (config.mode !== 'webhook') return;
      if (!config.webhookSecret) throw new Error('TELEGRAM_WEBHOOK_SECRET is required in webhook mode');
      const secret = config.webhookSecret;
      mountWebhook(app, { secret, handle: feed });
    },

    async postToGroup(chatId, messages) {
      try {
        await sender.deliver(chatId, messages);
      } catch (error) {
        if (error instanceof GroupMigratedError) {
          migrateGroup(services.db, chatId, error.migrateToChatId, now());
          await sender.deliver(error.migrateToChatId, messages);
          return;
        }
        if (error instanceof DeliveryError && error.kind === 'unreachable') deactivateGroup(services.db, chatId, now());
        throw error;
      }
    },

    async start() {
      if (started) return;
      started = true;
      // A previous process may have sent up to the limits just before it stopped: wait one window first.
      limiter.pauseFor(Math.max(limiter.limits.globalWindowMs, limiter.limits.privateWindowMs));
      bot.botInfo ??= await bot.telegram.getMe();
      await setCommandMenu(bot).catch((error: unknown) => log.warn({ err: error }, 'telegram: command menu not set'));
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
        polling = new LongPolling({
          telegram: bot.telegram,
          handle: feed,
          logger: log,
          allowedUpdates: [...ALLOWED_UPDATES],
          timeScale,
        });
        polling.start();
        log.info({ mode: 'polling' }, 'telegram: polling');
      }
      worker.start();
    },

    async stop() {
      if (!started) return;
      started = false;
      await polling?.stop();
      polling = undefined;
      updateLog.flush();
      await worker.stop();
    },
  };
}

/** The Vietnamese command menu: the person's commands in private chats, group registration in groups. */
async function setCommandMenu(bot: Telegraf): Promise<void> {
  const privateCommands: BotCommand[] = BUILT_IN_COMMANDS.filter((c) => !c.hidden).map((c) => ({
    command: c.names[0] ?? c.id,
    description: c.description.slice(0, 256),
  }));
  await bot.telegram.setMyCommands(privateCommands, { scope: { type: 'all_private_chats' } });
  await bot.telegram.setMyCommands(
    [{ command: 'dangkynhom', description: 'Đăng ký nhóm này làm nhóm thông báo của đơn vị (Văn phòng)' }],
    { scope: { type: 'all_group_chats' } },
  );
}
