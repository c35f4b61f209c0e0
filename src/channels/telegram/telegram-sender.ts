/**
 * Delivers outbound messages to one Telegram chat through the rate limiter, and maps Bot API failures onto the
 * outbox's taxonomy: 429 → `retry` after `retry_after` (and a global pause), 403 → `unreachable` (blocked),
 * 400 "chat not found" → `unreachable`, 5xx and network errors → `retry` with backoff, other 4xx → `fatal`.
 *
 * Transient failures are first retried IN PLACE a few times: a multi-message delivery that failed half-way and
 * were rescheduled whole would repeat its first messages. Only when the in-place budget is spent does the error
 * reach the outbox worker (which reschedules the item) or the reply path (which logs it).
 *
 * It also remembers each chat's current question (message id and text, in `QuestionMemory`: the store behind a cache,
 * so it survives a restart) so that an `answered` message can edit it and a newer question can remove the buttons
 * of an unanswered older one: no stale keyboards stay in the chat.
 */
import type { Readable } from 'node:stream';
import type { Telegram } from 'telegraf';
import { TelegramError } from 'telegraf';
import type { OutboundMessage } from '../../conversation/types.js';
import { DeliveryError, type ChannelSender, type DeliveryPurpose } from '../../delivery/channel-sender.js';
import type { OutboundFiles } from '../outbound-files.js';
import type { CallbackSigner } from './callback-data.js';
import type { QuestionMemory } from './question-store.js';
import type { RateLimiter, SendKind } from './rate-limiter.js';
import { answeredText, renderOutbound, type TelegramOp } from './render-outbound.js';

/** Minimal logger (pino-compatible). Ids only. */
export interface SenderLogger {
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface TelegramSenderOptions {
  telegram: Telegram;
  limiter: RateLimiter;
  signer: CallbackSigner;
  /** Reads the files outbound messages name (evidence from the file store, rendered boards from disk). */
  files: OutboundFiles;
  logger: SenderLogger;
  /** Each chat's current question (question-store.ts). */
  questions: QuestionMemory;
  /** In-place retries of a transient failure before it is reported (default 3). */
  maxRetries?: number;
  /** First backoff step for 5xx/network errors; doubles per retry (default 500 ms). */
  backoffMs?: number;
  /** Multiplies Telegram's `retry_after` (tests run in scaled time; production 1). */
  timeScale?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Where the press that caused this delivery came from (its `answered` edit targets that message). */
export interface DeliverContext {
  pressed?: { messageId: number; text?: string };
  /** The replies answer a shared contact: remove the contact keyboard. */
  afterContact?: boolean;
  /**
   * Outbox deliveries (approval prompts, reminders) pass `false`: they neither retire nor replace the chat's
   * current question, so a head's prompt arriving mid-assessment does not strip the assessment's buttons.
   */
  trackQuestions?: boolean;
}

export class TelegramSender implements ChannelSender {
  readonly channel = 'telegram' as const;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: TelegramSenderOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Outbox path (notifications, reminders, announcements). */
  async send(chatId: string, messages: OutboundMessage[], _purpose: DeliveryPurpose): Promise<void> {
    await this.deliver(chatId, messages, { trackQuestions: false });
  }

  /** Delivers `messages` in order; throws `DeliveryError` once the in-place retries are spent. */
  async deliver(chatId: string, messages: OutboundMessage[], context: DeliverContext = {}): Promise<void> {
    const ops = renderOutbound(messages, {
      sign: (payload) => this.options.signer.sign(chatId, payload),
      ...(context.afterContact ? { removeReplyKeyboard: true } : {}),
    });
    const sentNow = new Set<number>();
    for (const op of ops) await this.execute(chatId, op, context, sentNow);
  }

  /** Sends one API request to `chatId` within the limits, retrying transient failures in place. */
  async call<T>(chatId: string, kind: SendKind, fn: () => Promise<T>): Promise<T> {
    const maxRetries = this.options.maxRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.options.limiter.run(chatId, kind, fn, { retry: attempt > 0 });
      } catch (error) {
        const failure = toDeliveryError(error, this.options.timeScale ?? 1);
        if (failure.kind !== 'retry' || attempt >= maxRetries) throw failure;
        if (failure.details.status === 429) {
          // The limiter already paused everything for retry_after; this only covers a limiter without the hook.
          this.options.limiter.pauseFor(failure.details.retryAfterMs ?? 0);
        } else {
          await this.sleep((this.options.backoffMs ?? 500) * 2 ** attempt);
        }
        this.options.logger.debug({ chatId, attempt: attempt + 1, status: failure.details.status }, 'telegram: retrying');
      }
    }
  }

  /** A missing file cannot be sent by retrying: the delivery fails for good (and is logged by the caller). */
  private async openFile(path: string): Promise<Readable> {
    const opened = await this.options.files.open(path);
    if (!opened) throw new DeliveryError('fatal', 'telegram: file not found in the file store');
    return opened.stream;
  }

  /** `sentNow`: questions sent by this delivery (several keyboards in one reply are all meant to be usable). */
  private async execute(chatId: string, op: TelegramOp, context: DeliverContext, sentNow: Set<number>): Promise<void> {
    const tg = this.options.telegram;
    switch (op.op) {
      case 'sendMessage': {
        const track = op.question === true && context.trackQuestions !== false;
        if (track) await this.retireQuestion(chatId, sentNow);
        const sent = await this.call(chatId, 'message', () =>
          tg.sendMessage(chatId, op.text, op.replyMarkup ? { reply_markup: op.replyMarkup } : {}),
        );
        if (track) {
          this.options.questions.set(chatId, { messageId: sent.message_id, text: op.text });
          sentNow.add(sent.message_id);
        }
        return;
      }
      // The file is opened anew for every attempt: a stream cannot be sent twice.
      case 'sendPhoto':
        await this.call(chatId, 'message', async () =>
          tg.sendPhoto(chatId, { source: await this.openFile(op.path) }, op.caption ? { caption: op.caption } : {}),
        );
        return;
      case 'sendDocument':
        await this.call(chatId, 'message', async () =>
          tg.sendDocument(chatId, { source: await this.openFile(op.path), filename: op.filename }, op.caption ? { caption: op.caption } : {}),
        );
        return;
      case 'markAnswered': {
        // Outbox deliveries never touch the current question; a typed answer (no press) edits it.
        const tracked = context.trackQuestions === false ? undefined : await this.options.questions.get(chatId);
        const target = context.pressed ?? tracked;
        if (tracked && tracked.messageId === target?.messageId) await this.options.questions.clear(chatId, tracked.messageId);
        if (!target) return;
        const text = answeredText(target.text ?? (tracked?.messageId === target.messageId ? tracked.text : undefined), op.text);
        await this.edit(chatId, () =>
          tg.editMessageText(chatId, target.messageId, undefined, text, { reply_markup: { inline_keyboard: [] } }),
        );
        return;
      }
    }
  }

  /** Removes the buttons of the chat's unanswered question (a new question replaces it). */
  private async retireQuestion(chatId: string, sentNow: Set<number>): Promise<void> {
    const tracked = await this.options.questions.get(chatId);
    if (!tracked || sentNow.has(tracked.messageId)) return;
    await this.options.questions.clear(chatId, tracked.messageId);
    await this.edit(chatId, () =>
      this.options.telegram.editMessageReplyMarkup(chatId, tracked.messageId, undefined, { inline_keyboard: [] }),
    );
  }

  /** Edits are cosmetic: a message too old to edit, or already edited, must not fail the delivery. */
  private async edit(chatId: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await this.call(chatId, 'edit', fn);
    } catch (error) {
      if (error instanceof DeliveryError && error.kind === 'fatal') {
        this.options.logger.debug({ chatId, status: error.details.status }, 'telegram: edit skipped');
        return;
      }
      throw error;
    }
  }
}

/** A group became a supergroup: Telegram refuses the old id and names the new one (the caller re-targets). */
export class GroupMigratedError extends DeliveryError {
  constructor(
    message: string,
    readonly migrateToChatId: string,
  ) {
    super('fatal', message, { status: 400 });
    this.name = 'GroupMigratedError';
  }
}

const CHAT_GONE = /chat not found|user not found|peer_id_invalid|have no rights to send|not enough rights/i;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/** Maps anything a Bot API call can throw onto the outbox's failure kinds. */
export function toDeliveryError(error: unknown, timeScale = 1): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof TelegramError) {
    const status = error.code;
    const description = String(error.description ?? '');
    const message = `telegram ${status}: ${description}`;
    if (status === 429) {
      const seconds = Number(error.parameters?.retry_after ?? 1);
      return new DeliveryError('retry', message, { status, retryAfterMs: Math.max(0, seconds) * 1000 * timeScale });
    }
    if (status === 403) return new DeliveryError('unreachable', message, { status, reason: 'blocked' });
    const migrateTo = error.parameters?.migrate_to_chat_id;
    if (status === 400 && migrateTo !== undefined) return new GroupMigratedError(message, String(migrateTo));
    if (status === 400 && CHAT_GONE.test(description)) {
      return new DeliveryError('unreachable', message, { status, reason: 'chat_not_found' });
    }
    if (status >= 500 || status === 401 || status === 409) return new DeliveryError('retry', message, { status });
    return new DeliveryError('fatal', message, { status });
  }
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    const network =
      error.name === 'FetchError' || error.name === 'AbortError' || (typeof code === 'string' && NETWORK_CODES.has(code));
    return new DeliveryError(network ? 'retry' : 'fatal', `telegram: ${error.name}: ${error.message}`);
  }
  return new DeliveryError('fatal', 'telegram: unknown failure');
}
