/**
 * Zalo webhook events from receipt to reply.
 *
 * 1. `receive` (before the webhook's 200, one short unit of work): records the event as pending in the one
 *    inbound-event log (`tx.inboundQueue`, key `(zalo, eventId)`: a redelivery is recognised here), records the
 *    interaction (7-day window; messages held while it was closed are queued again) and, for `unfollow`, marks the
 *    account and closes the event.
 * 2. `process` (after the 200): maps the event to an `InboundEvent` (downloading an attachment, for linked people
 *    only, outside any transaction), hands it to the engine — which marks `(zalo, eventId)` done in its step's
 *    transaction, orders each chat's events and queues the notifications — and sends the replies. Events the
 *    engine does not see (the nudge's thank-you, kinds it does not handle) are closed here in the same log.
 *
 * Order: events reach the engine in the order they were received. The only wait is behind the same person's
 * attachment download still in flight (an image followed by a typed answer must reach the engine in that order);
 * a per-chat queue of its own would duplicate the engine's.
 * A failure leaves the event pending and retries it with back-off a few times, then marks it failed; on start-up,
 * events left pending (a crash after the 200) are processed.
 */
import { queueReplies } from '../../conversation/replies.js';
import type { EngineResult, InboundEvent } from '../../conversation/types.js';
import { DeliveryError } from '../../delivery/channel-sender.js';
import type { Store } from '../../store/store.js';
import { BUTTON_PREFIX } from './render-outbound.js';
import { toInbound, type Downloader } from './to-inbound.js';
import { parseZaloEvent, type ZaloEvent } from './webhook-schemas.js';
import { NUDGE_ACK_PAYLOAD, touchZaloAccount, ZALO_WINDOW_MS } from './window-policy.js';
import { ZaloError } from './zalo-errors.js';
import type { ZaloSender } from './zalo-sender.js';

const MAX_ATTEMPTS = 5;
const BACKOFF_MS = [1_000, 5_000, 30_000, 120_000];
const NUDGE_THANKS = 'Cảm ơn anh/chị! Thi Đua Số sẽ tiếp tục gửi nhắc hạn và thông báo qua Zalo.';
/** Most pending events resumed at start-up in one go. */
const RESUME_LIMIT = 10_000;

/** Minimal logger surface (pino-compatible). */
export interface ProcessorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ZaloEventProcessorOptions {
  store: Store;
  sender: Pick<ZaloSender, 'send'>;
  /** Fetches an attachment (guarded: `attachment-download.ts`). */
  download: Downloader;
  /** The engine's `handle`. */
  handle(event: InboundEvent): Promise<EngineResult>;
  logger: ProcessorLogger;
  now?: () => number;
  /** Attachments above this size are not downloaded (default 20 MB). */
  maxFileBytes?: number;
  /** Wakes the Zalo outbox worker (held messages re-queued, a reply moved to the outbox). */
  onQueued?: () => void;
  /**
   * Several instances (PostgreSQL): only the `sender:zalo` lease holder sends, so the replies this processor writes
   * itself (the nudge's thank-you) are queued in the outbox, in the unit of work that closes the event. The engine's
   * replies are then queued by the engine in its step (`conversation/replies.ts`). Default false: sent at once.
   */
  repliesThroughOutbox?: boolean;
}

type HandledEvent = Exclude<ZaloEvent, { type: 'ignored' }>;

export class ZaloEventProcessor {
  private readonly inFlight = new Set<Promise<void>>();
  /** Per person: the attachment download (and hand-over) still in flight; later events of theirs wait for it. */
  private readonly downloads = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly options: ZaloEventProcessorOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Records a verified event before the webhook answers (see the file comment). Returns false for a redelivery of
   * an event already recorded (nothing else to do) and for `unfollow` (fully handled here).
   */
  async receive(event: HandledEvent, rawBody: string, receivedAt: number): Promise<boolean> {
    const now = this.now();
    const { stored, requeued } = await this.options.store.transaction(async (tx) => {
      if (!(await tx.inboundQueue.enqueue('zalo', event.eventId, rawBody, receivedAt))) return { stored: false, requeued: 0 };
      if (event.type === 'unfollow') {
        await tx.delivery.markAccountByUser('zalo', event.userId, 'unfollowed', 'unfollow');
        await tx.inboundEvents.markProcessed('zalo', event.eventId, now);
        return { stored: false, requeued: 0 };
      }
      const count = await touchZaloAccount(tx, event.userId, interactionTime(event.timestamp, receivedAt), now);
      if (count > 0 && this.options.onQueued) tx.afterCommit(this.options.onQueued);
      return { stored: true, requeued: count };
    });
    if (requeued > 0) {
      this.options.logger.info({ channel: 'zalo', eventId: event.eventId, requeued }, 'zalo: resending messages held while the window was closed');
    }
    return stored;
  }

  /** Processes a received event in the background (called after the webhook's 200). */
  accept(event: HandledEvent, receivedAt: number): void {
    if (this.stopped) return;
    const run = this.process(event, receivedAt).catch((error: unknown) => {
      this.options.logger.error({ err: error, channel: 'zalo', eventId: event.eventId }, 'zalo: event processing crashed');
    });
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  /** Re-schedules every event left pending (start-up after a crash), oldest first. Returns how many. */
  async resumePending(): Promise<number> {
    const rows = await this.options.store.read((tx) => tx.inboundQueue.pending('zalo', RESUME_LIMIT));
    for (const row of rows) {
      let body: unknown = null;
      try {
        body = JSON.parse(row.payload);
      } catch {
        // An unreadable row is closed below.
      }
      const event = parseZaloEvent(body);
      if (event === null || event.type === 'ignored' || event.type === 'unfollow') {
        await this.close(row.eventId);
        continue;
      }
      this.accept(event, row.receivedAt);
    }
    return rows.length;
  }

  /**
   * Several instances: events another instance acknowledged and then died with (SIGKILL, a lost machine) stay
   * pending; the `sender:zalo` lease holder takes those received more than `olderThanMs` ago. An event its own
   * instance is still working on may be taken too: the engine's inbound-event log applies it once, and only the
   * step that applied it replies. Returns how many were taken.
   */
  async resumeStale(olderThanMs: number): Promise<number> {
    if (this.stopped) return 0;
    const before = this.now() - olderThanMs;
    const rows = (await this.options.store.read((tx) => tx.inboundQueue.pending('zalo', RESUME_LIMIT))).filter((r) => r.receivedAt <= before);
    for (const row of rows) {
      let body: unknown = null;
      try {
        body = JSON.parse(row.payload);
      } catch {
        // closed by the owner or by resumePending
      }
      const event = parseZaloEvent(body);
      if (event !== null && event.type !== 'ignored' && event.type !== 'unfollow') this.accept(event, row.receivedAt);
    }
    return rows.length;
  }

  /** Resolves when everything scheduled so far has been processed (retries waiting on a timer excepted). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.idle();
  }

  private async process(event: HandledEvent, receivedAt: number): Promise<void> {
    const { logger } = this.options;
    try {
      if (event.type === 'message' && event.data.message.text?.trim() === BUTTON_PREFIX + NUDGE_ACK_PAYLOAD) {
        const thanks: EngineResult['replies'] = [{ kind: 'text', text: NUDGE_THANKS }];
        if (this.options.repliesThroughOutbox) {
          await this.close(event.eventId, thanks, event.userId);
          return;
        }
        await this.reply(event.eventId, event.userId, thanks);
        await this.close(event.eventId);
        return;
      }
      const result = await this.handOver(event, receivedAt);
      if (result === null) {
        await this.close(event.eventId);
        return;
      }
      const answer = await result;
      if (answer.replies.length > 0) await this.reply(event.eventId, event.userId, answer.replies);
    } catch (error) {
      if (error instanceof ZaloError && error.kind === 'invalid_request' && error.endpoint === 'download') {
        // A link that is not Zalo's own (or points inside our network): never fetched, never retried.
        logger.warn({ channel: 'zalo', eventId: event.eventId }, 'zalo: attachment URL refused, event dropped');
        await this.close(event.eventId);
        return;
      }
      await this.retryLater(event, receivedAt, error);
    }
  }

  /**
   * Hands the event to the engine in arrival order; returns the engine's answer, or null when the engine has
   * nothing to do with it. A file is downloaded first; the person's later events wait until it is handed over.
   */
  private async handOver(event: HandledEvent, receivedAt: number): Promise<Promise<EngineResult> | null> {
    const userId = event.userId;
    const before = this.downloads.get(userId);
    const needsDownload = event.type === 'message' && hasAttachmentToFetch(event);
    if (!needsDownload) {
      if (before) await before;
      const inbound = await toInbound(event, { download: this.options.download, receivedAt: new Date(receivedAt) });
      return inbound ? this.options.handle(inbound) : null;
    }
    let answer: Promise<EngineResult> | null = null;
    const gate = (async () => {
      const linked = await this.options.store.read((tx) => tx.directory.findAccount('zalo', userId));
      const inbound = await toInbound(event, {
        // Only for linked people: nobody else has evidence to send, and nobody unknown makes us fetch anything.
        download: linked ? this.options.download : refuseDownload,
        receivedAt: new Date(receivedAt),
        maxFileBytes: this.options.maxFileBytes,
      });
      if (before) await before;
      answer = inbound ? this.options.handle(inbound) : null;
    })();
    const settled = gate.catch(() => undefined);
    this.downloads.set(userId, settled);
    void settled.then(() => {
      if (this.downloads.get(userId) === settled) this.downloads.delete(userId);
    });
    await gate;
    return answer;
  }

  /**
   * Replies go out at once (the person just wrote); a transient failure moves them to the durable outbox under the
   * event's reply key (`conversation/replies.ts`), so a second fallback for the same event adds nothing.
   */
  private async reply(eventId: string, userId: string, replies: EngineResult['replies']): Promise<void> {
    try {
      await this.options.sender.send(userId, replies, 'reply');
    } catch (error) {
      const kind = error instanceof DeliveryError ? error.kind : 'retry';
      if (kind === 'retry') {
        const at = this.now() + (error instanceof DeliveryError ? (error.details.retryAfterMs ?? 0) : 0);
        await this.options.store.transaction(async (tx) => {
          const queued = await queueReplies(tx, { eventId, channel: 'zalo', chatId: userId, personId: null }, replies, at);
          if (queued && this.options.onQueued) tx.afterCommit(this.options.onQueued);
        });
      }
      this.options.logger.warn({ channel: 'zalo', eventId, kind }, 'zalo: reply not delivered at once');
    }
  }

  private async retryLater(event: HandledEvent, receivedAt: number, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const eventId = event.eventId;
    const attempts = await this.options.store.transaction((tx) => tx.inboundQueue.recordFailure('zalo', eventId, message));
    if (attempts >= MAX_ATTEMPTS || this.stopped) {
      if (attempts >= MAX_ATTEMPTS) await this.options.store.transaction((tx) => tx.inboundQueue.markFailed('zalo', eventId, message, this.now()));
      this.options.logger.error({ err: error, channel: 'zalo', eventId, attempts }, 'zalo: event processing failed');
      return;
    }
    const delay = BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)] ?? 120_000;
    this.options.logger.warn({ channel: 'zalo', eventId, attempts, retryInMs: delay }, 'zalo: event processing will retry');
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.accept(event, receivedAt);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  /** Closes an event the engine never sees, in the one log (with its replies queued, when given, once). */
  private async close(eventId: string, replies?: EngineResult['replies'], userId?: string): Promise<void> {
    const now = this.now();
    await this.options.store.transaction(async (tx) => {
      if (!(await tx.inboundEvents.markProcessed('zalo', eventId, now))) return;
      if (!replies || userId === undefined) return;
      await queueReplies(tx, { eventId, channel: 'zalo', chatId: userId, personId: null }, replies, now);
      if (this.options.onQueued) tx.afterCommit(this.options.onQueued);
    });
  }
}

function hasAttachmentToFetch(event: Extract<ZaloEvent, { type: 'message' }>): boolean {
  const kinds = new Set(['user_send_image', 'user_send_gif', 'user_send_file', 'user_send_video']);
  return kinds.has(event.name) && Boolean(event.data.message.attachments?.[0]?.payload?.url);
}

/** For people not linked yet: nothing is fetched; the engine answers them (it asks them to link first). */
const refuseDownload: Downloader = () => Promise.resolve({ data: null, mime: 'application/octet-stream', size: 0 });

/** Zalo's event time when plausible (not in the future, not older than the window), else our receipt time. */
function interactionTime(timestamp: string, receivedAt: number): number {
  const t = Number(timestamp);
  if (!Number.isFinite(t) || t > receivedAt + 60_000 || t < receivedAt - ZALO_WINDOW_MS) return receivedAt;
  return Math.min(t, receivedAt);
}
