/**
 * Stops one-time-code guessing on the web login, with counters in the store (`tx.loginAttempts`) so a restart
 * clears nothing and several instances share them (issue 18, item 6).
 *
 * Failed codes are counted per address (`ip:<addr>`) and per code typed (`code:<sha256>`). Why a correct code
 * passes the per-address limit: an office behind one NAT address is many people; one of them mistyping must not
 * lock out the others. Beyond the limit a wrong code is answered "too many attempts" (429) while a right one still
 * logs in. Guessing stays bounded by a hard per-address ceiling (ten times the limit), beyond which nothing is
 * checked, and codes are 8 characters of 31 (≈ 8.5 × 10¹¹). A success does not reset the counts, so a guesser
 * cannot interleave one valid code to keep going.
 */
import type { AttemptLimit } from '../../store/login-attempts.js';
import type { Store } from '../../store/store.js';

export interface LoginLimiterOptions {
  /** Failed attempts allowed per address and window before wrong codes get 429. */
  maxFailures: number;
  windowMs: number;
}

/** What the limits say before a code is checked. */
export interface LoginGate {
  /** > 0: refuse without checking the code (the address's hard ceiling, or this code tried too often). */
  blockedMs: number;
  /** > 0: the address is over its limit; a wrong code is answered 429, a right one still logs in. */
  addressWaitMs: number;
}

/** Failures of one typed code allowed per window. */
const CODE_MAX_FAILURES = 5;
/** The hard per-address ceiling, as a multiple of the limit. */
const HARD_CEILING_FACTOR = 10;
/** Old failures are purged every this many failures recorded (and daily by the scheduler's housekeeping job). */
const PURGE_EVERY = 500;

export class LoginLimiter {
  private readonly address: AttemptLimit;
  private readonly hard: AttemptLimit;
  private readonly code: AttemptLimit;
  private sincePurge = 0;

  constructor(
    private readonly store: Store,
    options: LoginLimiterOptions,
  ) {
    this.address = { maxFailures: options.maxFailures, windowMs: options.windowMs };
    this.hard = { maxFailures: options.maxFailures * HARD_CEILING_FACTOR, windowMs: options.windowMs };
    this.code = { maxFailures: CODE_MAX_FAILURES, windowMs: options.windowMs };
  }

  /** The limits for an attempt from `ip` with the code whose hash is `codeHash` (null: not a well-formed code). */
  gate(ip: string, codeHash: string | null, now: number): Promise<LoginGate> {
    return this.store.read(async (tx) => {
      const hardMs = await tx.loginAttempts.retryAfter(`ip:${ip}`, now, this.hard);
      const codeMs = codeHash ? await tx.loginAttempts.retryAfter(`code:${codeHash}`, now, this.code) : 0;
      const addressWaitMs = await tx.loginAttempts.retryAfter(`ip:${ip}`, now, this.address);
      return { blockedMs: Math.max(hardMs, codeMs), addressWaitMs };
    });
  }

  async recordFailure(ip: string, codeHash: string | null, now: number): Promise<void> {
    const keys = codeHash ? [`ip:${ip}`, `code:${codeHash}`] : [`ip:${ip}`];
    this.sincePurge += 1;
    const purge = this.sincePurge >= PURGE_EVERY;
    if (purge) this.sincePurge = 0;
    await this.store.transaction(async (tx) => {
      await tx.loginAttempts.recordFailure(keys, now);
      if (purge) await tx.loginAttempts.purge(now - this.address.windowMs);
    });
  }
}
