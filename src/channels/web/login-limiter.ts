/**
 * Stops one-time-code guessing: failed logins are counted per IP in a sliding window, in memory (one process).
 * A success does not reset the count, so a guesser cannot interleave one valid code to keep going.
 */
export interface LoginLimiterOptions {
  /** Failed attempts allowed per window. */
  maxFailures: number;
  windowMs: number;
  /** Distinct IPs remembered at most (oldest dropped first), so memory stays bounded under a spray. */
  maxKeys?: number;
}

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly options: LoginLimiterOptions) {}

  /** Milliseconds until this IP may try again, or 0 when it may try now. */
  retryAfter(ip: string, now: number): number {
    const recent = this.prune(ip, now);
    if (recent.length < this.options.maxFailures) return 0;
    const oldest = recent[recent.length - this.options.maxFailures] ?? now;
    return Math.max(1, oldest + this.options.windowMs - now);
  }

  recordFailure(ip: string, now: number): void {
    const recent = this.prune(ip, now);
    recent.push(now);
    this.failures.delete(ip);
    this.failures.set(ip, recent);
    const maxKeys = this.options.maxKeys ?? 10_000;
    while (this.failures.size > maxKeys) {
      const first = this.failures.keys().next().value;
      if (first === undefined) break;
      this.failures.delete(first);
    }
  }

  private prune(ip: string, now: number): number[] {
    const list = (this.failures.get(ip) ?? []).filter((t) => t > now - this.options.windowMs);
    if (list.length === 0) this.failures.delete(ip);
    else this.failures.set(ip, list);
    return list;
  }
}
