/**
 * The PostgreSQL implementation of the {@link Store}: one transaction per unit of work on a pooled connection.
 *
 * A unit of work: take a connection, `BEGIN`, with a `lockKey` `pg_advisory_xact_lock(hashtextextended(key, 0))`,
 * run `fn(tx)` with every repository bound to that connection, `COMMIT` (or `ROLLBACK` and rethrow), release the
 * connection, then run the `afterCommit` callbacks. BEGIN and the lock go in the same round trip as the unit's first
 * statement, and the writes the repositories deferred go with the COMMIT (see unit-connection.ts).
 *
 * Why the advisory lock: with several app instances on one database, a chat's events may reach two instances at
 * once; the lock (held until COMMIT/ROLLBACK, so never leaked) makes them apply one after the other. Why
 * `hashtextextended(key, 0)` (64-bit, computed by the server): every instance gets the same key because the server
 * computes it, and 64 bits make two different chats sharing a lock (harmless, only slower) practically never
 * happen, where `hashtext` (32-bit) would make it likely among a province's hundreds of thousands of chat keys.
 * Within one instance, units with the same key also queue in-process first (in submission order), so they never hold
 * several pooled connections waiting on each other's lock, and they commit in the order they were submitted.
 *
 * Units marked `upkeep` (lease renewals, see {@link TransactionOptions.upkeep}) take their connection from a small pool
 * of their own, so they never queue behind the app's units of work for a connection.
 *
 * `read(fn)` runs on a second pool whose sessions are read-only (`default_transaction_read_only`): no explicit
 * transaction (each statement sees the latest committed data), and a write attempted there fails.
 *
 * Opening is asynchronous (version check, migrations under the migration lock): the store is returned at once and
 * every method waits for {@link PostgresStore.ready}; `await store.ready` at start-up to fail fast.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Store, TransactionOptions, Tx } from '../store.js';
import { installInt8Parser, migratePostgres, parsePostgresConfig, poolOptions, type MigrateOptions, type PostgresConfig } from './open-postgres.js';
import { createPostgresRepositories, type RubricCache } from './repositories.js';
import { ReadAheads, UnitConnection } from './unit-connection.js';

export interface PostgresStoreOptions extends MigrateOptions {
  /** An `afterCommit` callback threw (the unit itself is committed). */
  onAfterCommitError?: (error: unknown) => void;
  /** Skip the migrations (a database migrated by someone else, e.g. a test database copied from a template). */
  skipMigrations?: boolean;
  /**
   * Called after each committed unit of work with its service time: from holding a pooled connection to COMMIT
   * done (the wait for a connection or for the chat's in-process queue is not included). For benchmarks, as
   * SQLite's `onBatch`.
   */
  onUnit?: (info: { ms: number }) => void;
}

/** The store plus what only PostgreSQL-specific code (tests, the health endpoint) may use. */
export interface PostgresStore extends Store {
  readonly dialect: 'postgres';
  /** Resolves once the server version is checked and the migrations are applied; rejects with the reason. */
  readonly ready: Promise<void>;
  /** The pool of units of work. Outside the store folder only tests may use it (seeding, inspection). */
  readonly pool: pg.Pool;
}

/** Connections for lease upkeep (leadership rounds run their roles in parallel; the senders renew their claims). */
const UPKEEP_POOL_SIZE = 2;

/** Serialises async work per key, in submission order (one in-process queue per lock key). */
class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(fn);
    // The queue moves on whether the unit succeeded or failed; the last unit of a key removes the key.
    const tail: Promise<void> = result.then(
      () => this.forget(key, tail),
      () => this.forget(key, tail),
    );
    this.tails.set(key, tail);
    return result;
  }

  private forget(key: string, tail: Promise<void>): void {
    if (this.tails.get(key) === tail) this.tails.delete(key);
  }
}

export function createPostgresStore(config: PostgresConfig, options: PostgresStoreOptions = {}): PostgresStore {
  const valid = parsePostgresConfig(config);
  installInt8Parser();
  const rubrics: RubricCache = new Map();
  const ready = options.skipMigrations ? Promise.resolve() : migratePostgres(valid, options);
  // Callers await `ready` (or any method); this only keeps an unobserved failure from crashing the process.
  ready.catch(() => undefined);
  const pool = new pg.Pool(poolOptions(valid));
  const readPool = new pg.Pool(poolOptions(valid, { options: '-c default_transaction_read_only=on' }));
  const upkeepPool = new pg.Pool(poolOptions(valid, { max: UPKEEP_POOL_SIZE }));
  // An idle pooled connection that the server closes (restart, idle timeout) must not crash the process.
  pool.on('error', () => undefined);
  readPool.on('error', () => undefined);
  upkeepPool.on('error', () => undefined);
  const queue = new KeyedQueue();
  // What each chat's next unit sends ahead with its first statement (unit-connection.ts).
  const readAheads = new ReadAheads();
  const inFlight = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    const forget = () => void inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  async function unit<T>(fn: (tx: Tx) => Promise<T>, lockKey: string | undefined, from: pg.Pool = pool): Promise<T> {
    await ready;
    const client = await from.connect();
    const started = options.onUnit ? performance.now() : 0;
    const after: (() => void)[] = [];
    const connection = new UnitConnection(client, lockKey === undefined ? undefined : { key: lockKey, reads: readAheads });
    let value: T;
    try {
      // BEGIN and the lock go with the unit's first statement (unit-connection.ts).
      connection.begin(lockKey);
      const repositories = createPostgresRepositories(connection, rubrics);
      const tx = Object.create(repositories, { afterCommit: { value: (cb: () => void) => void after.push(cb) } }) as Tx;
      value = await fn(tx);
      // The writes deferred to the end go with the COMMIT (unit-connection.ts).
      await connection.commit();
    } catch (error) {
      connection.discard();
      // Whatever failed (BEGIN's lock wait, the function, COMMIT), end the transaction if one is open: outside a
      // transaction ROLLBACK is only a warning. If even ROLLBACK fails, the connection is unusable: destroy it.
      let broken: Error | undefined;
      try {
        // Nothing sent yet (BEGIN still waiting): no transaction to end.
        if (connection.begun) await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      client.release(broken);
      throw error;
    }
    client.release();
    options.onUnit?.({ ms: performance.now() - started });
    for (const cb of after) {
      try {
        cb();
      } catch (error) {
        options.onAfterCommitError?.(error);
      }
    }
    return value;
  }

  const store: PostgresStore = {
    dialect: 'postgres',
    ready,
    pool,
    transaction<T>(fn: (tx: Tx) => Promise<T>, txOptions: TransactionOptions = {}): Promise<T> {
      if (closing) return Promise.reject(new Error('store is closed'));
      const key = txOptions.lockKey;
      const from = txOptions.upkeep ? upkeepPool : pool;
      return track(key === undefined ? unit(fn, undefined, from) : queue.run(key, () => unit(fn, key, from)));
    },
    read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      if (closing) return Promise.reject(new Error('store is closed'));
      return track(
        (async () => {
          await ready;
          const client = await readPool.connect();
          try {
            const repositories = createPostgresRepositories(client, rubrics);
            const tx = Object.create(repositories, { afterCommit: { value: (cb: () => void) => cb() } }) as Tx;
            return await fn(tx);
          } finally {
            client.release();
          }
        })(),
      );
    },
    async ping() {
      try {
        await ready;
        const result = await readPool.query<{ one: number }>('SELECT 1 AS one');
        return result.rows[0]?.one === 1;
      } catch {
        return false;
      }
    },
    close() {
      closing ??= (async () => {
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        await Promise.all([pool.end(), readPool.end(), upkeepPool.end()]);
      })();
      return closing;
    },
  };
  return store;
}

/** A store whose opening (version check, migrations) has finished: what start-up code calls. */
export async function openPostgresStore(config: PostgresConfig, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const store = createPostgresStore(config, options);
  try {
    await store.ready;
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
