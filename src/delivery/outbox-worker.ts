/**
 * Drains one channel's outbox through its `ChannelSender`. Several items are in flight at once (the sender's
 * limiter paces them per chat and globally); transient failures are retried with exponential backoff a bounded
 * number of times; unreachable recipients are marked (and reported through `onUnreachable`), never retried blindly.
 */
import type { ChannelName } from '../conversation/types.js';
import type { OutboxItem, OutboxRepo } from '../persistence/outbox-repo.js';
import { DeliveryError, type ChannelSender, type DeliveryPurpose, type UnreachableReason } from './channel-sender.js';

/** Minimal logger surface (pino-compatible) so the worker does not depend on pino. */
export interface WorkerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface OutboxWorkerOptions {
  repo: OutboxRepo;
  sender: ChannelSender;
  logger: WorkerLogger;
  now?: () => number;
  /** Items handed to the sender concurrently. */
  concurrency?: number;
  /** Attempts before an item is marked failed. */
  maxAttempts?: number;
  /** First backoff step; doubles per attempt. */
  baseBackoffMs?: number;
  /** Idle poll interval when the outbox is empty. */
  pollMs?: number;
  /** Called when an item cannot be delivered to that account (to mark the account and re-route). */
  onUnreachable?: (item: OutboxItem, reason: UnreachableReason) => void;
}

const PURPOSES = new Set<DeliveryPurpose>(['approval', 'notice', 'reminder', 'announcement', 'reply']);

export class OutboxWorker {
  readonly channel: ChannelName;
  private running = false;
  /** Set by `stop()`: the current drain finishes the items in flight and claims no more. */
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly now: () => number;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.channel = options.sender.channel;
    this.now = options.now ?? Date.now;
  }

  /** Starts draining in the background; items left in flight by a crash are retried first. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const recovered = this.options.repo.recoverInFlight(this.channel);
    if (recovered > 0) this.options.logger.warn({ channel: this.channel, recovered }, 'outbox: resending items left in flight');
    this.loop = this.run();
  }

  /** Tells an idle worker that new items are waiting. */
  notify(): void {
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
    let processed = 0;
    for (;;) {
      if (this.stopping) return processed;
      const items = this.options.repo.claimDue(this.channel, this.now(), concurrency);
      if (items.length === 0) return processed;
      await Promise.all(items.map((item) => this.deliver(item)));
      processed += items.length;
    }
  }

  private async run(): Promise<void> {
    const pollMs = this.options.pollMs ?? 1000;
    while (this.running) {
      let processed = 0;
      try {
        processed = await this.drainOnce();
      } catch (error) {
        this.options.logger.error({ err: error, channel: this.channel }, 'outbox: drain failed');
      }
      if (processed === 0 && this.running) {
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

  private async deliver(item: OutboxItem): Promise<void> {
    const { repo, sender, logger } = this.options;
    const purpose = PURPOSES.has(item.purpose as DeliveryPurpose) ? (item.purpose as DeliveryPurpose) : 'notice';
    try {
      await sender.send(item.chatId, item.messages, purpose);
      repo.markSent(item.id, this.now());
    } catch (error) {
      const maxAttempts = this.options.maxAttempts ?? 6;
      if (error instanceof DeliveryError && error.kind === 'unreachable') {
        const reason = error.details.reason ?? 'chat_not_found';
        repo.markUnreachable(item.id, reason);
        logger.warn({ channel: this.channel, outboxId: item.id, personId: item.personId, reason }, 'outbox: unreachable');
        this.options.onUnreachable?.(item, reason);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      if ((error instanceof DeliveryError && error.kind === 'fatal') || item.attempts >= maxAttempts) {
        repo.markFailed(item.id, message);
        logger.error({ channel: this.channel, outboxId: item.id, attempts: item.attempts }, 'outbox: giving up');
        return;
      }
      const base = this.options.baseBackoffMs ?? 1000;
      const retryAfter =
        error instanceof DeliveryError && error.details.retryAfterMs !== undefined
          ? error.details.retryAfterMs
          : base * 2 ** (item.attempts - 1);
      repo.markRetry(item.id, message, this.now() + retryAfter);
      logger.warn({ channel: this.channel, outboxId: item.id, attempts: item.attempts, retryAfter }, 'outbox: will retry');
    }
  }
}
