/**
 * Processes stored Zalo webhook events after the 200 answer: records the interaction (7-day window), maps the event
 * to an InboundEvent (downloading attachments), hands it to the engine and sends the replies. Events of one user
 * are processed in order; different users in parallel (bounded). A failure leaves the event pending and retries it
 * with back-off a few times, then marks it failed; on start-up, events left pending are processed.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { chatAccounts, inboundEvents } from '../../../db/schema.js';
import type { EngineResult, InboundEvent } from '../../conversation/types.js';
import { DeliveryError } from '../../delivery/channel-sender.js';
import type { Db } from '../../persistence/open-db.js';
import type { OutboxRepo } from '../../persistence/outbox-repo.js';
import { BUTTON_PREFIX } from './render-outbound.js';
import { toInbound, type Downloader } from './to-inbound.js';
import { parseZaloEvent, type ZaloEvent } from './webhook-schemas.js';
import { ZALO_EVENT_LOG_CHANNEL } from './webhook.js';
import { NUDGE_ACK_PAYLOAD, touchZaloAccount, ZALO_WINDOW_MS } from './window-policy.js';
import type { ZaloSender } from './zalo-sender.js';

const MAX_ATTEMPTS = 5;
const BACKOFF_MS = [1_000, 5_000, 30_000, 120_000];
const NUDGE_THANKS = 'Cảm ơn anh/chị! Thi Đua Số sẽ tiếp tục gửi nhắc hạn và thông báo qua Zalo.';

/** Minimal logger surface (pino-compatible). */
export interface ProcessorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ZaloEventProcessorOptions {
  db: Db;
  outbox: OutboxRepo;
  sender: ZaloSender;
  download: Downloader;
  handleInbound(event: InboundEvent): Promise<EngineResult>;
  logger: ProcessorLogger;
  now?: () => number;
  /** Users processed at the same time. */
  concurrency?: number;
  /** Attachments above this size are not downloaded (default 20 MB). */
  maxFileBytes?: number;
  /** Called when a reply had to be queued in the outbox (wakes the Zalo outbox worker). */
  onQueued?: () => void;
}

/**
 * Lets processing run one synchronous step per event-loop turn, so incoming webhook requests (whose answer Zalo
 * expects within 2 s) are always accepted between two steps, however large the backlog.
 */
class IoGate {
  private readonly queue: Array<() => void> = [];
  private scheduled = false;

  turn(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.queue.push(resolve);
      if (!this.scheduled) this.schedule();
    });
  }

  private schedule(): void {
    this.scheduled = true;
    setImmediate(() => {
      this.queue.shift()?.();
      if (this.queue.length > 0) this.schedule();
      else this.scheduled = false;
    });
  }
}

export class ZaloEventProcessor {
  private readonly gate = new IoGate();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly waiting: Array<() => void> = [];
  private active = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly options: ZaloEventProcessorOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Schedules one stored event (called by the webhook after its 200 answer). */
  accept(eventId: string, event: ZaloEvent, receivedAt: number): void {
    if (event.type === 'ignored' || this.stopped) return;
    const key = event.userId;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.withSlot(() => this.process(eventId, event, receivedAt)));
    this.chains.set(key, next);
    void next.finally(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  /** Re-schedules every event left pending (start-up after a crash). Returns how many. */
  resumePending(): number {
    const rows = this.options.db
      .select({ eventId: inboundEvents.eventId, payload: inboundEvents.payload, receivedAt: inboundEvents.receivedAt })
      .from(inboundEvents)
      .where(and(eq(inboundEvents.channel, ZALO_EVENT_LOG_CHANNEL), eq(inboundEvents.status, 'pending')))
      .orderBy(asc(inboundEvents.receivedAt))
      .all();
    for (const row of rows) {
      const event = parseZaloEvent(row.payload);
      if (event === null || event.type === 'ignored') this.finish(row.eventId, 'done', null);
      else this.accept(row.eventId, event, row.receivedAt);
    }
    return rows.length;
  }

  /** Resolves when everything scheduled so far has been processed. */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.idle();
  }

  private async withSlot(fn: () => Promise<void>): Promise<void> {
    const limit = this.options.concurrency ?? 16;
    if (this.active >= limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      await fn();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }

  private async process(eventId: string, event: Exclude<ZaloEvent, { type: 'ignored' }>, receivedAt: number): Promise<void> {
    const { db, logger } = this.options;
    const now = this.now();
    try {
      await this.gate.turn();
      if (event.type === 'unfollow') {
        db.update(chatAccounts)
          .set({ status: 'unfollowed', statusReason: 'unfollow' })
          .where(and(eq(chatAccounts.channel, 'zalo'), eq(chatAccounts.externalUserId, event.userId)))
          .run();
        this.finish(eventId, 'done', null);
        return;
      }
      const requeued = touchZaloAccount(db, event.userId, interactionTime(event.timestamp, receivedAt), now);
      if (requeued > 0) {
        logger.info({ channel: 'zalo', eventId, requeued }, 'zalo: resending messages held while the window was closed');
        this.options.onQueued?.();
      }
      if (event.type === 'message' && event.data.message.text?.trim() === BUTTON_PREFIX + NUDGE_ACK_PAYLOAD) {
        await this.reply(eventId, event.userId, [{ kind: 'text', text: NUDGE_THANKS }]);
        this.finish(eventId, 'done', null);
        return;
      }
      const inbound = await toInbound(event, {
        download: this.options.download,
        receivedAt: new Date(receivedAt),
        maxFileBytes: this.options.maxFileBytes,
      });
      if (inbound) {
        await this.gate.turn();
        const result = await this.options.handleInbound(inbound);
        await this.gate.turn();
        if (result.replies.length > 0) await this.reply(eventId, event.userId, result.replies);
      }
      await this.gate.turn();
      this.finish(eventId, 'done', null);
    } catch (error) {
      this.retryLater(eventId, event, receivedAt, error);
    }
  }

  /** Replies go out at once (the person just wrote); a transient failure moves them to the durable outbox. */
  private async reply(eventId: string, userId: string, replies: EngineResult['replies']): Promise<void> {
    try {
      await this.options.sender.send(userId, replies, 'reply');
    } catch (error) {
      const kind = error instanceof DeliveryError ? error.kind : 'retry';
      if (kind === 'retry') {
        this.options.outbox.enqueue({
          dedupeKey: `zalo-reply:${eventId}`,
          channel: 'zalo',
          chatId: userId,
          personId: null,
          purpose: 'reply',
          messages: replies,
          now: this.now() + (error instanceof DeliveryError ? (error.details.retryAfterMs ?? 0) : 0),
        });
        this.options.onQueued?.();
      }
      this.options.logger.warn({ channel: 'zalo', eventId, kind }, 'zalo: reply not delivered at once');
    }
  }

  private retryLater(eventId: string, event: Exclude<ZaloEvent, { type: 'ignored' }>, receivedAt: number, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const row = this.options.db
      .update(inboundEvents)
      .set({ attempts: sql`${inboundEvents.attempts} + 1`, lastError: message.slice(0, 500) })
      .where(and(eq(inboundEvents.channel, ZALO_EVENT_LOG_CHANNEL), eq(inboundEvents.eventId, eventId)))
      .returning({ attempts: inboundEvents.attempts })
      .get();
    const attempts = row?.attempts ?? MAX_ATTEMPTS;
    if (attempts >= MAX_ATTEMPTS || this.stopped) {
      if (attempts >= MAX_ATTEMPTS) this.finish(eventId, 'failed', message);
      this.options.logger.error({ err: error, channel: 'zalo', eventId, attempts }, 'zalo: event processing failed');
      return;
    }
    const delay = BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)] ?? 120_000;
    this.options.logger.warn({ channel: 'zalo', eventId, attempts, retryInMs: delay }, 'zalo: event processing will retry');
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.accept(eventId, event, receivedAt);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private finish(eventId: string, status: 'done' | 'failed', error: string | null): void {
    this.options.db
      .update(inboundEvents)
      .set({ status, processedAt: this.now(), ...(error ? { lastError: error.slice(0, 500) } : {}) })
      .where(and(eq(inboundEvents.channel, ZALO_EVENT_LOG_CHANNEL), eq(inboundEvents.eventId, eventId)))
      .run();
  }
}

/** Zalo's event time when plausible (not in the future, not older than the window), else our receipt time. */
function interactionTime(timestamp: string, receivedAt: number): number {
  const t = Number(timestamp);
  if (!Number.isFinite(t) || t > receivedAt + 60_000 || t < receivedAt - ZALO_WINDOW_MS) return receivedAt;
  return Math.min(t, receivedAt);
}
