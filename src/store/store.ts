/**
 * The one store behind every feature: a unit of work over typed repositories.
 *
 * Why one choke point: every SQL statement of the product lives in the store's implementation folder
 * (`src/store/sqlite/`, later `src/store/postgres/`), so the engine, the workflows, the channels, the jobs and the
 * CLI stay storage-agnostic and a second database is one more implementation of these interfaces, checked by the
 * same contract suite (`test/store/contract.ts`).
 *
 * Nothing here imports drizzle, better-sqlite3 or the schema.
 */
import type { Repositories } from './repositories.js';

/** What a unit of work hands to its function: every repository, bound to the transaction. */
export interface Tx extends Repositories {
  /**
   * Runs `fn` once the transaction has committed (never when it rolls back). Why: waking an outbox worker or
   * posting an honour list must only happen for work that is durable.
   */
  afterCommit(fn: () => void): void;
}

/** Options of one unit of work. */
export interface TransactionOptions {
  /**
   * Units of work with the same key never overlap, across every app instance on the same database (a chat's
   * events are applied one at a time: PostgreSQL takes `pg_advisory_xact_lock` on it; SQLite has one writer).
   */
  lockKey?: string;
  /**
   * Lease upkeep (leadership renewals, an outbox sender renewing its claims): a short unit of work that must not wait
   * behind the app's own. A renewal that queues for a pooled connection while the engine's steps and the sender's
   * marks hold them all makes a live leader step down (another instance takes the role, so a later kill of that one
   * kills the sender mid-send) or a live sender's claim lapse (and its message go out twice). PostgreSQL runs these on
   * a small pool of their own; SQLite (one instance, one writer) runs them as any other unit.
   */
  upkeep?: boolean;
}

/**
 * A unit of work: `fn` runs inside one transaction; its writes commit together when the returned promise
 * resolves, or not at all when it rejects (the error is rethrown). Keep `fn` free of network I/O: the transaction
 * (and, on SQLite, every other writer) waits for it.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Reads that need no transaction (pages, reports, look-ups before an action). The repositories are the same;
   * a write attempted here fails. On SQLite a file database reads on a second, read-only connection, so a report
   * never waits for the engine's batches.
   */
  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** True when the database answers (the health endpoint). */
  ping(): Promise<boolean>;
  /** Waits for queued units of work, then closes every connection. Safe to call twice. */
  close(): Promise<void>;
}
