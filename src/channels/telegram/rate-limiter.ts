/**
 * Paces every Bot API send so Telegram's documented limits are never exceeded: ≤ 30 messages per second overall,
 * ≤ 1 per second per private chat, ≤ 20 per minute per group; a 429 pauses everything for its `retry_after`.
 *
 * Why slots are held until "completion + window" (not "start + window"): Telegram counts requests when they
 * ARRIVE, and two requests can arrive closer together than they were sent. A slot that stays occupied from the
 * request's start until one window after its response makes the guarantee independent of network latency: any
 * requests arriving within one window all held their slots at the same moment, so there were at most `limit`.
 *
 * Jobs are served FIFO, one request in flight per chat (so a chat's messages arrive in order); a job whose
 * chat is busy is skipped (its chat's later jobs too) so one busy chat never holds up the others. Clock and limits are injectable: tests use scaled windows.
 */
import { performance } from 'node:perf_hooks';

/** The limits, as "at most `per` requests in any `windowMs`". */
export interface TelegramLimits {
  globalPer: number;
  globalWindowMs: number;
  privatePer: number;
  privateWindowMs: number;
  groupPer: number;
  groupWindowMs: number;
}

/** Telegram's Bot FAQ figures (production). */
export const TELEGRAM_LIMITS: Readonly<TelegramLimits> = {
  globalPer: 30,
  globalWindowMs: 1000,
  privatePer: 1,
  privateWindowMs: 1000,
  groupPer: 20,
  groupWindowMs: 60_000,
};

/** The same limits with every window multiplied by `factor` (tests run the real shapes in a fraction of the time). */
export function scaleLimits(factor: number, base: TelegramLimits = TELEGRAM_LIMITS): TelegramLimits {
  return {
    ...base,
    globalWindowMs: base.globalWindowMs * factor,
    privateWindowMs: base.privateWindowMs * factor,
    groupWindowMs: base.groupWindowMs * factor,
  };
}

/** Supergroups and groups have negative ids; private chats positive ones. */
export function isGroupChatId(chatId: string): boolean {
  return chatId.startsWith('-');
}

/**
 * `message`: a new message (counts for the chat and globally). `edit`: editing an existing message (counts
 * globally, and per chat in groups only: private-chat edits have no documented per-chat limit).
 */
export type SendKind = 'message' | 'edit';

/** Injectable time source. */
export interface LimiterClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Monotonic, sub-millisecond: slot arithmetic must not lose the fraction Date.now() truncates. */
export const realClock: LimiterClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** How many starts between two sweeps of idle chats. */
const SWEEP_EVERY = 1000;

/**
 * One limit's window: requests in flight, plus completion times of the finished ones still inside the window.
 * Completion times are appended in time order, so expiring them is a pointer move (O(1) per request).
 */
class Bucket {
  inFlight = 0;
  private ends: number[] = [];
  private head = 0;

  constructor(
    readonly per: number,
    readonly windowMs: number,
  ) {}

  /** Requests counted now (in flight + finished less than one window ago). */
  active(now: number): number {
    while (this.head < this.ends.length && (this.ends[this.head] as number) + this.windowMs <= now) this.head++;
    if (this.head > 64 && this.head * 2 > this.ends.length) {
      this.ends = this.ends.slice(this.head);
      this.head = 0;
    }
    return this.inFlight + this.ends.length - this.head;
  }

  /** When the oldest finished request leaves the window (Infinity: only in-flight ones count). */
  nextExpiry(): number {
    return this.head < this.ends.length ? (this.ends[this.head] as number) + this.windowMs : Infinity;
  }

  finish(at: number | null): void {
    this.inFlight--;
    if (at !== null) this.ends.push(at);
  }

  idle(now: number): boolean {
    return this.active(now) === 0;
  }
}

interface Job {
  chatId: string;
  kind: SendKind;
  run: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class RateLimiter {
  readonly limits: TelegramLimits;
  private readonly global: Bucket;
  private readonly perChat = new Map<string, Bucket>();
  private queue: Job[] = [];
  private pausedUntil = 0;
  private timer: unknown = null;
  private timerAt = Infinity;
  private startsSinceSweep = 0;

  /**
   * @param retryAfterOf recognises flood-control refusals (a 429) and returns their wait in ms: everything pauses
   *   for it AT ONCE (before any other queued request can start), and the refused request's slot is released,
   *   since Telegram did not execute or count it.
   */
  constructor(
    limits: Partial<TelegramLimits> = {},
    private readonly clock: LimiterClock = realClock,
    private readonly retryAfterOf: (error: unknown) => number | null = () => null,
  ) {
    this.limits = { ...TELEGRAM_LIMITS, ...limits };
    this.global = new Bucket(this.limits.globalPer, this.limits.globalWindowMs);
  }

  /**
   * Runs `fn` (one Bot API request to `chatId`) as soon as every applicable limit allows it. `retry: true` puts
   * it at the head of the queue, so a retried message is not overtaken by the chat's next one.
   */
  run<T>(chatId: string, kind: SendKind, fn: () => Promise<T>, options: { retry?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = { chatId, kind, run: fn, resolve: resolve as (v: unknown) => void, reject };
      if (options.retry) this.queue.unshift(job);
      else this.queue.push(job);
      this.pump();
    });
  }

  /** Stops starting requests for `ms` (a 429's `retry_after`); requests already in flight finish. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
    this.pump();
  }

  private pump(): void {
    if (this.queue.length === 0) return;
    const now = this.clock.now();
    if (now < this.pausedUntil) {
      this.wakeAt(this.pausedUntil);
      return;
    }
    let wake = Infinity;
    const blocked = new Set<string>();
    const remaining: Job[] = [];
    let i = 0;
    for (; i < this.queue.length; i++) {
      if (this.global.active(now) >= this.global.per) {
        wake = Math.min(wake, this.global.nextExpiry());
        break;
      }
      const job = this.queue[i] as Job;
      if (blocked.has(job.chatId)) {
        remaining.push(job);
        continue;
      }
      const chat = this.chatBucket(job);
      // One request in flight per chat keeps a chat's messages in order; the window bounds the rate.
      if (chat && (chat.inFlight > 0 || chat.active(now) >= chat.per)) {
        if (chat.inFlight === 0) wake = Math.min(wake, chat.nextExpiry());
        blocked.add(job.chatId);
        remaining.push(job);
        continue;
      }
      this.start(job, chat);
    }
    this.queue = i === 0 && remaining.length === 0 ? this.queue : remaining.concat(this.queue.slice(i));
    if (this.queue.length > 0 && wake !== Infinity) this.wakeAt(wake);
  }

  private start(job: Job, chat: Bucket | null): void {
    if (++this.startsSinceSweep >= SWEEP_EVERY) this.sweep();
    this.global.inFlight++;
    if (chat) chat.inFlight++;
    const settle = (error?: unknown) => {
      const retryAfter = error === undefined ? null : this.retryAfterOf(error);
      const now = this.clock.now();
      const end = retryAfter === null ? now : null;
      this.global.finish(end);
      chat?.finish(end);
      if (retryAfter !== null) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfter);
      this.pump();
    };
    let promise: Promise<unknown>;
    try {
      promise = job.run();
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (value) => {
        settle();
        job.resolve(value);
      },
      (error: unknown) => {
        settle(error ?? new Error('rejected'));
        job.reject(error);
      },
    );
  }

  /** The chat's bucket when a limit applies to this job (created on first use). */
  private chatBucket(job: Job): Bucket | null {
    const group = isGroupChatId(job.chatId);
    if (!group && job.kind === 'edit') return null;
    let bucket = this.perChat.get(job.chatId);
    if (!bucket) {
      bucket = group
        ? new Bucket(this.limits.groupPer, this.limits.groupWindowMs)
        : new Bucket(this.limits.privatePer, this.limits.privateWindowMs);
      this.perChat.set(job.chatId, bucket);
    }
    return bucket;
  }

  /** Forgets chats with nothing in their window (many distinct chats must not grow the map forever). */
  private sweep(): void {
    this.startsSinceSweep = 0;
    const now = this.clock.now();
    for (const [chatId, bucket] of this.perChat) if (bucket.idle(now)) this.perChat.delete(chatId);
  }

  private wakeAt(at: number): void {
    if (this.timer !== null && this.timerAt <= at) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        this.timerAt = Infinity;
        this.pump();
      },
      Math.max(0, at - this.clock.now()),
    );
  }
}
