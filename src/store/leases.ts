/**
 * Leadership leases: a row per role that only one app instance may play at a time — the scheduler, each channel's
 * outbox sender (so a platform's rate limit holds for the whole deployment, not per instance) and Telegram long
 * polling (two `getUpdates` loops on one bot get 409 Conflict).
 *
 * Why rows and not session advisory locks: a row works through any connection pooler (PgBouncer's transaction
 * pooling breaks session locks), on SQLite too, and it can be listed (the health endpoint reports who holds what).
 * A holder renews well before `expiresAt`; anyone may take a row that has expired, so a dead leader is replaced
 * once its lease runs out; a graceful shutdown releases its rows so another instance takes over at once.
 *
 * Fencing: every change of hands — and every lapse, even back to the same holder — bumps `generation`. Renew and
 * release name the generation they hold, so an instance that stalled past its expiry (a long GC pause, a frozen VM)
 * can neither extend nor drop a lease that was meanwhile taken, and learns that it lost it.
 *
 * Instants are epoch ms passed in by the caller (the instances' clocks must agree to well under a lease's length:
 * NTP does that).
 */

/** A lease as stored. */
export interface Lease {
  /** The role (`scheduler`, `sender:telegram`, `telegram-polling`…). */
  name: string;
  /** The instance id holding it (`INSTANCE_ID`, default hostname and pid). */
  holder: string;
  /** Bumped on every change of hands or lapse: the fencing token. */
  generation: number;
  /** When this holder's current term began. */
  acquiredAt: number;
  /** Valid while `now < expiresAt`. */
  expiresAt: number;
}

/** Proof of holding a lease: renew and release apply only while it is still the current term. */
export interface LeaseTerm {
  name: string;
  holder: string;
  generation: number;
}

export interface LeaseRepository {
  /**
   * Takes the lease for `holder` until `now + ttlMs` when it is free, expired, or already held by `holder` (then it
   * is simply renewed in the same term). Returns the lease as now stored, or null when another holder has it.
   */
  acquire(name: string, holder: string, now: number, ttlMs: number): Promise<Lease | null>;
  /**
   * Extends the current term to `now + ttlMs`. Null when the term is over (expired, taken or released): the caller
   * must stop acting as the leader at once.
   */
  renew(term: LeaseTerm, now: number, ttlMs: number): Promise<Lease | null>;
  /** Ends the term now (graceful shutdown), so another instance may take it at once; false when it was not current. */
  release(term: LeaseTerm, now: number): Promise<boolean>;
  /**
   * The lease row of `name` as stored, whoever holds it (null when there is none). Why: a standby whose `acquire`
   * was refused reads the holder's `expiresAt` and tries again right when it runs out, instead of at its next
   * periodic attempt (a dead leader is replaced up to a renewal round sooner).
   */
  current(name: string): Promise<Lease | null>;
  /** Every lease row, by name (health, operators). */
  list(): Promise<Lease[]>;
}
