/**
 * Failed attempts at a one-time code, counted per key in a sliding window. Why in the store: counters in memory
 * were cleared by a restart and not shared between instances (issue 18, items 6 and 7). Keys name what is limited:
 * `ip:<address>` and `code:<sha256 of the code typed>` for the web login, `telegram:<userId>` and
 * `zalo:<userId>` for codes typed in a chat.
 */

/** A limit: at most `maxFailures` failures of one key within `windowMs`. */
export interface AttemptLimit {
  maxFailures: number;
  windowMs: number;
}

export interface LoginAttemptRepository {
  /** Records one failure at `at` under each key. */
  recordFailure(keys: readonly string[], at: number): Promise<void>;
  /** Milliseconds until `key` may try again under `limit` (0: it may try now). */
  retryAfter(key: string, now: number, limit: AttemptLimit): Promise<number>;
  /** Deletes failures older than `before` (they no longer count in any window); returns how many. */
  purge(before: number): Promise<number>;
}

/** The milliseconds to wait given the failures of a key inside the window, newest first (shared by implementations). */
export function waitFromRecent(recentNewestFirst: readonly number[], now: number, limit: AttemptLimit): number {
  if (recentNewestFirst.length < limit.maxFailures) return 0;
  const oldestCounted = recentNewestFirst[limit.maxFailures - 1] ?? now;
  return Math.max(1, oldestCounted + limit.windowMs - now);
}
