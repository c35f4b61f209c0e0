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
  /**
   * The worker gave up on an item (marked failed: a fatal error or its attempts spent; or unreachable, after
   * `onUnreachable`): runs in the same unit of work. Why: what was queued by someone who has since moved on (an
   * honour list's group post, recorded as posted once queued) must still reach whoever has to act on the failure.
   */
  onGivenUp?: (tx: Tx, item: OutboxItem, why: { kind: 'failed' | 'unreachable'; error: string }) => Promise<unknown>;
}

/**
 * A claim's lease. Why a lease that is RENEWED while the item is sent, rather than one long enough for any send: the
 * lease is also how long a dead instance's items wait before another instance takes them over, so it should stay
 * short, while one send can take long (a starved process, the limiter's queue, several parts each with its own HTTP
 * timeout). The worker therefore extends the lease of everything it has in flight every third of the lease
 * (`OutboxRepository.renewClaims`, fenced by the claim), starts no send whose lease may already have passed
 * (another instance may have claimed it again), and its marks are fenced by the claim: a second claimer never gets an
 * item whose sender is alive, and a sender that stalled past its lease neither starts the send nor overwrites the
 * new claimer's outcome. What remains is a process frozen for longer than a whole lease in the middle of one HTTP
 * call: delivery is at-least-once, as the file comment of `store/outbox.ts` says.
 */
export const DEFAULT_CLAIM_LEASE_MS = 60_000;

/** A send is not started this close to its lease's end (the clocks of two instances differ a little); at most a tenth of the lease. */
const LEASE_SAFETY_MS = 1_000;
/** Attempts at recording one outcome (the database may fail for a moment: a lost connection, a failover). */
const MARK_ATTEMPTS = 4;
/** Pause before the n-th retry of a mark (ms). */
const MARK_BACKOFF_MS = [100, 500, 2_000];

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
  /** Claims in flight here (claimed, not yet recorded) and the last instant their send may start (before the lease ends). */
  private readonly held = new Map<number, { item: ClaimedOutboxItem; sendBy: number }>();
  private renewing = false;

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
    const renewal = setInterval(() => void this.renewLeases(claimer.leaseMs), Math.max(50, Math.floor(claimer.leaseMs / 3)));
    renewal.unref();
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
            for (const item of items) this.held.set(item.id, { item, sendBy: sendBy(now, claimer.leaseMs) });
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
      clearInterval(renewal);
    }
    return processed;
  }

  /**
   * Extends the lease of every claim still in flight here (one unit of work); a claim that is no longer current
   * (it lapsed and another instance took the item) is forgotten, so its send is not started.
   */
  private async renewLeases(leaseMs: number): Promise<void> {
    if (this.renewing || this.held.size === 0) return;
    this.renewing = true;
    try {
      const now = this.now();
      const claims = [...this.held.values()].map((h) => h.item.claim);
      const kept = new Set(await this.options.store.transaction((tx) => tx.outbox.renewClaims(claims, now + leaseMs), { upkeep: true }));
      for (const claim of claims) {
        const held = this.held.get(claim.id);
        if (!held || held.item.claim !== claim) continue;
        held.sendBy = kept.has(claim.id) ? sendBy(now, leaseMs) : 0;
      }
    } catch (error) {
      this.options.logger.warn({ err: error, channel: this.channel }, 'outbox: claims not renewed');
    } finally {
      this.renewing = false;
    }
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
    const { sender, logger } = this.options;
    const purpose = PURPOSES.has(item.purpose as DeliveryPurpose) ? (item.purpose as DeliveryPurpose) : 'notice';
    try {
      // Behind a slow send of the same chat, or a renewal that came too late or found the claim taken over: the lease
      // may have passed, and another instance may be sending this item now. Leave it (no send, no mark).
      const held = this.held.get(item.id);
      if (!held || held.item.claim !== item.claim || this.now() > held.sendBy) {
        logger.warn({ channel: this.channel, outboxId: item.id }, 'outbox: claim lapsed before sending, left to its new claimer');
        return;
      }
      let failure: unknown = null;
      try {
        await sender.send(item.chatId, item.messages, purpose);
      } catch (error) {
        failure = error;
      }
      await this.recordWithRetries(item, failure);
    } finally {
      if (this.held.get(item.id)?.item.claim === item.claim) this.held.delete(item.id);
    }
  }

  /**
   * Records the outcome, retried a few times when the unit of work fails (a lost connection, a failover): an
   * unrecorded success would otherwise be sent again once the lease passes. Safe to repeat because every mark is
   * fenced by the claim: a retry after a commit whose answer was lost changes nothing (and re-routes nothing).
   */
  private async recordWithRetries(item: ClaimedOutboxItem, failure: unknown): Promise<void> {
    const { store, logger } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        await store.transaction((tx) => this.record(tx, item, failure));
        return;
      } catch (error) {
        if (attempt >= MARK_ATTEMPTS) {
          // Left `sending`: claimable again (and resent) once its lease passes.
          logger.error({ err: error, channel: this.channel, outboxId: item.id, attempts: attempt }, 'outbox: could not record the outcome');
          return;
        }
        logger.warn({ err: error, channel: this.channel, outboxId: item.id, attempt }, 'outbox: recording the outcome failed, retrying');
        await new Promise((resolve) => setTimeout(resolve, MARK_BACKOFF_MS[attempt - 1] ?? 2_000));
      }
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
      await this.options.onGivenUp?.(tx, item, { kind: 'unreachable', error: error.message });
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const maxAttempts = this.options.maxAttempts ?? 6;
    if ((error instanceof DeliveryError && error.kind === 'fatal') || item.attempts >= maxAttempts) {
      if (!(await tx.outbox.markFailed(item.claim, message))) return;
      logger.error({ channel: this.channel, outboxId: item.id, attempts: item.attempts }, 'outbox: giving up');
      await this.options.onGivenUp?.(tx, item, { kind: 'failed', error: message });
      return;
    }
    const base = this.options.baseBackoffMs ?? 1000;
    const retryAfter =
      error instanceof DeliveryError && error.details.retryAfterMs !== undefined ? error.details.retryAfterMs : base * 2 ** (item.attempts - 1);
    await tx.outbox.markRetry(item.claim, message, now + retryAfter);
    logger.warn({ channel: this.channel, outboxId: item.id, attempts: item.attempts, retryAfter }, 'outbox: will retry');
  }
}

/** The last instant a send may start under a lease taken or renewed at `now` for `leaseMs`. */
function sendBy(now: number, leaseMs: number): number {
  return now + leaseMs - Math.min(LEASE_SAFETY_MS, Math.floor(leaseMs / 10));
}
