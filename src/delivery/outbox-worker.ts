/**
 * Drains one channel's outbox through its `ChannelSender`. Each round claims due items in one unit of work (a lease
 * for this instance: items a dead claimer left in flight come back once their lease passes), sends them OUTSIDE any
 * transaction (several in flight; the sender's limiter paces them per chat and globally), and
 * records each outcome in another unit of work, fenced by the item's claim. Transient failures are retried with
 * exponential backoff a bounded number of times; unreachable recipients are marked (and re-routed through
 * `onUnreachable` in the same unit of work), never retried blindly.
 */
import type { ChannelName } from '../conversation/types.js';
import type { ClaimedOutboxItem, OutboxItem } from '../store/outbox.js';
import type { Store, Tx } from '../store/store.js';
import { DeliveryError, type ChannelSender, type DeliveryPurpose, type UnreachableReason } from './channel-sender.js';

/** Minimal logger surface (pino-compatible) so the worker does not depend on pino. */
export interface WorkerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface OutboxWorkerOptions {
  store: Store;
  sender: ChannelSender;
  logger: WorkerLogger;
  now?: () => number;
  /** This instance (`INSTANCE_ID`), written on the items it claims. Default `local`. */
  instanceId?: string;
  /** How long a claimed item stays this instance's before another may claim it again. Default 60 s. */
  claimLeaseMs?: number;
  /** Items handed to the sender concurrently. */
  concurrency?: number;
  /** Attempts before an item is marked failed. */
  maxAttempts?: number;
  /** First backoff step; doubles per attempt. */
  baseBackoffMs?: number;
  /** Idle poll interval when the outbox is empty. */
  pollMs?: number;
  /**
   * An item could not be delivered to that account: runs in the unit of work that marked it unreachable (to mark
   * the account and re-route the message, e.g. `dispatcher.handleUnreachable`).
   */
  onUnreachable?: (tx: Tx, item: OutboxItem, reason: UnreachableReason) => Promise<unknown>;
}

/** Longer than any one delivery (a send is bounded by the HTTP timeouts and the limiter's queue). */
export const DEFAULT_CLAIM_LEASE_MS = 60_000;

const PURPOSES = new Set<DeliveryPurpose>(['approval', 'notice', 'reminder', 'announcement', 'reply']);

export class OutboxWorker {
  readonly channel: ChannelName;
  private running = false;
  /** Set by `stop()`: the current drain finishes the items in flight and claims no more. */
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** A wake-up that arrived while a drain was running: drain again before sleeping. */
  private woken = false;
  private readonly now: () => number;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.channel = options.sender.channel;
    this.now = options.now ?? Date.now;
  }

  /** Starts draining in the background (items a crashed claimer left in flight come back once their lease passes). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Tells an idle worker that new items are waiting. */
  notify(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Stops after the items in flight finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.stopping = false;
  }

  /** Delivers everything due now (used by tests and the CLI); returns how many items were processed. */
  async drainOnce(): Promise<number> {
    const concurrency = this.options.concurrency ?? 8;
    const claimer = { instanceId: this.options.instanceId ?? 'local', leaseMs: this.options.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS };
    let processed = 0;
    const inFlight = new Set<Promise<void>>();
    try {
      for (;;) {
        if (this.stopping) break;
        const room = concurrency - inFlight.size;
        // Claim more as soon as half the window is free: sending never waits for a claim, nor for the marks of a
        // whole batch (on PostgreSQL those round trips would otherwise cost a few messages per second).
        if (room >= Math.ceil(concurrency / 2)) {
          const now = this.now();
          const items = await this.options.store.transaction((tx) => tx.outbox.claimDue(this.channel, now, room, claimer));
          if (items.length > 0) {
            processed += items.length;
            // A chat's items one after the other, in claim order (the claim hands out a chat's oldest unfinished item
            // only, so a chat's messages arrive in the order they were queued); different chats go concurrently.
            const byChat = new Map<string, ClaimedOutboxItem[]>();
            for (const item of items) {
              const queue = byChat.get(item.chatId);
              if (queue) queue.push(item);
              else byChat.set(item.chatId, [item]);
            }
            for (const queue of byChat.values()) {
              // deliver() never rejects (failures are recorded or logged).
              const sending = (async () => {
                for (const item of queue) await this.deliver(item);
              })();
              inFlight.add(sending);
              void sending.then(() => inFlight.delete(sending));
            }
            continue;
          }
          if (inFlight.size === 0) break;
        }
        await Promise.race(inFlight);
      }
    } finally {
      await Promise.allSettled([...inFlight]);
    }
    return processed;
  }

  private async run(): Promise<void> {
    const { logger } = this.options;
    const pollMs = this.options.pollMs ?? 1000;
    while (this.running) {
      this.woken = false;
      let processed = 0;
      try {
        processed = await this.drainOnce();
      } catch (error) {
        logger.error({ err: error, channel: this.channel }, 'outbox: drain failed');
      }
      if (processed === 0 && this.running && !this.woken) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  private async deliver(item: ClaimedOutboxItem): Promise<void> {
    const { store, sender, logger } = this.options;
    const purpose = PURPOSES.has(item.purpose as DeliveryPurpose) ? (item.purpose as DeliveryPurpose) : 'notice';
    let failure: unknown = null;
    try {
      await sender.send(item.chatId, item.messages, purpose);
    } catch (error) {
      failure = error;
    }
    try {
      await store.transaction((tx) => this.record(tx, item, failure));
    } catch (error) {
      // Left `sending`: claimable again (and resent) once its lease passes.
      logger.error({ err: error, channel: this.channel, outboxId: item.id }, 'outbox: could not record the outcome');
    }
  }

  /** Records the outcome of one attempt (inside a unit of work). */
  private async record(tx: Tx, item: ClaimedOutboxItem, error: unknown): Promise<void> {
    const { logger } = this.options;
    const now = this.now();
    if (error === null) {
      await tx.outbox.markSent(item.claim, now);
      return;
    }
    if (error instanceof DeliveryError && error.kind === 'unreachable') {
      const reason = error.details.reason ?? 'chat_not_found';
      if (!(await tx.outbox.markUnreachable(item.claim, reason))) return;
      logger.warn({ channel: this.channel, outboxId: item.id, personId: item.personId, reason }, 'outbox: unreachable');
      await this.options.onUnreachable?.(tx, item, reason);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const maxAttempts = this.options.maxAttempts ?? 6;
    if ((error instanceof DeliveryError && error.kind === 'fatal') || item.attempts >= maxAttempts) {
      await tx.outbox.markFailed(item.claim, message);
      logger.error({ channel: this.channel, outboxId: item.id, attempts: item.attempts }, 'outbox: giving up');
      return;
    }
    const base = this.options.baseBackoffMs ?? 1000;
    const retryAfter =
      error instanceof DeliveryError && error.details.retryAfterMs !== undefined ? error.details.retryAfterMs : base * 2 ** (item.attempts - 1);
    await tx.outbox.markRetry(item.claim, message, now + retryAfter);
    logger.warn({ channel: this.channel, outboxId: item.id, attempts: item.attempts, retryAfter }, 'outbox: will retry');
  }
}
