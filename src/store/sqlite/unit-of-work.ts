/**
 * The SQLite unit of work: a group commit over the one writer connection.
 *
 * Units of work queued in the same event-loop turn share ONE transaction (`BEGIN IMMEDIATE`), each inside its own
 * SAVEPOINT, awaited one after the other: a failing unit is rolled back to its savepoint alone; the others commit
 * together. Every caller's promise settles only after the COMMIT, so nothing is reported done before it is
 * durable. With little traffic a batch holds one unit and this is a plain transaction.
 *
 * Why: one COMMIT per chat event writes the same hot B-tree pages to the WAL again and again; under load a batch
 * writes them once. Why it is safe with async functions: the writer connection is used by nothing else (reads
 * outside a unit of work go to a read-only connection), and units run strictly one after another, so the
 * statements of two units never interleave. A unit must not wait for network I/O (every other writer waits
 * with it) nor start another unit of work (it would wait for itself): pass `tx` down instead.
 */
import type Database from 'better-sqlite3';
import type { Tx } from '../store.js';

export interface BatchStats {
  size: number;
  /** From BEGIN to the end of the COMMIT. */
  ms: number;
}

export interface UnitOfWorkOptions {
  /** Most units per transaction (bounds what one batch holds the writer for). Default 24. */
  maxBatch?: number;
  /** Called after each batch (metrics, benchmarks). */
  onBatch?: (stats: BatchStats) => void;
  /** Told when a unit has run longer than this (a unit waiting for itself, or for the network). Default 10 s. */
  stallMs?: number;
  onStall?: (ms: number) => void;
  /** An `afterCommit` callback threw (the unit itself is committed). */
  onAfterCommitError?: (error: unknown) => void;
}

interface Pending {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  failed: boolean;
  outcome: unknown;
  after: (() => void)[] | null;
}

export interface UnitOfWork {
  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Resolves once every queued unit has settled. */
  drain(): Promise<void>;
}

/** `repositories` are bound to `client` (the writer connection). */
export function createUnitOfWork(
  client: Database.Database,
  repositories: Omit<Tx, 'afterCommit'>,
  options: UnitOfWorkOptions = {},
): UnitOfWork {
  const maxBatch = options.maxBatch ?? 24;
  const stallMs = options.stallMs ?? 10_000;
  const begin = client.prepare('BEGIN IMMEDIATE');
  const commit = client.prepare('COMMIT');
  const rollback = client.prepare('ROLLBACK');
  const savepoint = client.prepare('SAVEPOINT unit');
  const release = client.prepare('RELEASE unit');
  const rollbackTo = client.prepare('ROLLBACK TO unit');
  let queue: Pending[] = [];
  let head = 0;
  let running = false;
  const idle: (() => void)[] = [];

  function schedule(): void {
    if (running) return;
    running = true;
    setImmediate(() => void loop());
  }

  function take(): Pending[] {
    const batch = queue.slice(head, head + maxBatch);
    head += batch.length;
    if (head === queue.length) {
      queue = [];
      head = 0;
    } else if (head >= 1024 && head * 2 >= queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    return batch;
  }

  async function loop(): Promise<void> {
    const batch = take();
    if (batch.length > 0) await runBatch(batch);
    if (head < queue.length) {
      setImmediate(() => void loop());
      return;
    }
    running = false;
    for (const resolve of idle.splice(0)) resolve();
  }

  async function runBatch(batch: Pending[]): Promise<void> {
    const started = performance.now();
    const stall = setTimeout(() => options.onStall?.(performance.now() - started), stallMs);
    try {
      begin.run();
      for (const item of batch) {
        const after: (() => void)[] = [];
        const tx: Tx = Object.create(repositories, { afterCommit: { value: (fn: () => void) => void after.push(fn) } }) as Tx;
        savepoint.run();
        try {
          item.outcome = await item.fn(tx);
          release.run();
          item.after = after;
        } catch (error) {
          rollbackTo.run();
          release.run();
          item.failed = true;
          item.outcome = error;
        }
      }
      commit.run();
    } catch (error) {
      if (client.inTransaction) rollback.run();
      for (const item of batch) {
        item.failed = true;
        item.outcome = error;
        item.after = null;
      }
    } finally {
      clearTimeout(stall);
    }
    try {
      options.onBatch?.({ size: batch.length, ms: performance.now() - started });
    } catch {
      // A metrics hook must never stop the queue (loop() is started with `void`: it must not reject).
    }
    for (const item of batch) {
      if (item.failed) item.reject(item.outcome);
      else item.resolve(item.outcome);
      for (const fn of item.after ?? []) {
        try {
          fn();
        } catch (error) {
          options.onAfterCommitError?.(error);
        }
      }
    }
  }

  return {
    run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (value: unknown) => void, reject, failed: false, outcome: undefined, after: null });
        schedule();
      });
    },
    drain() {
      if (!running && head >= queue.length) return Promise.resolve();
      return new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}
