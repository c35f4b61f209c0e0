/**
 * Processes stored Zalo webhook events after the 200 answer: records the interaction (7-day window), maps the event
 * to an InboundEvent (downloading attachments), hands it to the engine and sends the replies. Events of one user
 * are processed in order; different users in parallel (bounded). A failure leaves the event pending and retries it
 * with back-off a few times, then marks it failed; on start-up, events left pending are processed.
 *
 * Throughput: the per-event writes (interaction record, `inbound_events` status) are group-committed — events
 * handled in the same event-loop turn share one transaction (like the engine's own steps), in batches of bounded
 * size flushed from `setImmediate`, so webhook requests are still accepted between two batches however large the
 * backlog, without limiting processing to one step per event-loop turn.
 */
import type { Statement } from 'better-sqlite3';
import { and, asc, eq } from 'drizzle-orm';
import { chatAccounts, inboundEvents } from '../../../db/schema.js';
import type { Transactor } from '../../conversation/ports.js';
import type { EngineResult, InboundEvent } from '../../conversation/types.js';
import { DeliveryError } from '../../delivery/channel-sender.js';
import { createBatchingTransactor } from '../../persistence/batching-transactor.js';
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
/** Most events whose writes share one commit (bounds the time one batch holds the thread). */
const WRITE_BATCH = 64;
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

export class ZaloEventProcessor {
  /** Group commit of the per-event writes (see the file comment). */
  private readonly writes: Transactor;
  private readonly finishStmt: Statement<[string, number, string | null, string]>;
  private readonly attemptStmt: Statement<[string, string], { attempts: number }>;
  private readonly chains = new Map<string, Promise<void>>();
  private readonly waiting: Array<() => void> = [];
  private active = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly options: ZaloEventProcessorOptions) {
    this.now = options.now ?? Date.now;
    this.writes = createBatchingTransactor(options.db, { maxBatch: WRITE_BATCH });
    const c = options.db.$client;
    this.finishStmt = c.prepare(
      `UPDATE inbound_events SET status = ?, processed_at = ?, last_error = coalesce(?, last_error)
       WHERE channel = '${ZALO_EVENT_LOG_CHANNEL}' AND event_id = ?`,
    );
    this.attemptStmt = c.prepare(
      `UPDATE inbound_events SET attempts = attempts + 1, last_error = ?
       WHERE channel = '${ZALO_EVENT_LOG_CHANNEL}' AND event_id = ? RETURNING attempts`,
    );
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
      if (event.type === 'unfollow') {
        await this.writes.run(() => {
          db.update(chatAccounts)
            .set({ status: 'unfollowed', statusReason: 'unfollow' })
            .where(and(eq(chatAccounts.channel, 'zalo'), eq(chatAccounts.externalUserId, event.userId)))
            .run();
          this.finish(eventId, 'done', null);
        });
        return;
      }
      const at = interactionTime(event.timestamp, receivedAt);
      const requeued = await this.writes.run(() => touchZaloAccount(db, event.userId, at, now));
      if (requeued > 0) {
        logger.info({ channel: 'zalo', eventId, requeued }, 'zalo: resending messages held while the window was closed');
        this.options.onQueued?.();
      }
      if (event.type === 'message' && event.data.message.text?.trim() === BUTTON_PREFIX + NUDGE_ACK_PAYLOAD) {
        await this.reply(eventId, event.userId, [{ kind: 'text', text: NUDGE_THANKS }]);
        await this.writes.run(() => this.finish(eventId, 'done', null));
        return;
      }
      const inbound = await toInbound(event, {
        download: this.options.download,
        receivedAt: new Date(receivedAt),
        maxFileBytes: this.options.maxFileBytes,
      });
      if (inbound) {
        const result = await this.options.handleInbound(inbound);
        if (result.replies.length > 0) await this.reply(eventId, event.userId, result.replies);
      }
      await this.writes.run(() => this.finish(eventId, 'done', null));
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
    const row = this.attemptStmt.get(message.slice(0, 500), eventId);
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

  /** Marks the event handled (an `error` replaces the stored one). */
  private finish(eventId: string, status: 'done' | 'failed', error: string | null): void {
    this.finishStmt.run(status, this.now(), error ? error.slice(0, 500) : null, eventId);
  }
}

/** Zalo's event time when plausible (not in the future, not older than the window), else our receipt time. */
function interactionTime(timestamp: string, receivedAt: number): number {
  const t = Number(timestamp);
  if (!Number.isFinite(t) || t > receivedAt + 60_000 || t < receivedAt - ZALO_WINDOW_MS) return receivedAt;
  return Math.min(t, receivedAt);
}
