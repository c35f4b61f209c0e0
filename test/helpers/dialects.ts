/**
 * The end-to-end journeys run on both store dialects (issue 12 item 4): `describe.each(DIALECTS)` and a fresh
 * database of the dialect from here. SQLite: a file in the test's folder. PostgreSQL: a database copied from the
 * migrated template (pg-test-db.ts), dropped by `drop()`.
 *
 * `env` is what makes `loadConfig` (so `createApp` and the CLI) open that same database: `DATABASE_PATH` or
 * `DATABASE_URL`. `freshStore` also opens a store on it for tests that drive the engine directly.
 *
 * Import it from test files only (pg-test-db registers a vitest hook when loaded): helpers that a child process
 * also loads (web-harness) import it dynamically, when a dialect is asked for.
 */
import { join } from 'node:path';
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { createTestDatabase, testPgConfig } from './pg-test-db.js';
import type { TestEnv } from './test-config.js';

export const DIALECTS = ['sqlite', 'postgres'] as const;
export type Dialect = (typeof DIALECTS)[number];

export interface FreshDatabase {
  dialect: Dialect;
  /** `DATABASE_PATH` or `DATABASE_URL` (with a small pool) for `testConfig` / `loadConfig` / `runCli`. */
  env: TestEnv;
  /** Removes the PostgreSQL database (SQLite's file goes with the test's folder). Call after every store is closed. */
  drop(): Promise<void>;
}

let files = 0;

/** An empty, migrated database of `dialect`; SQLite's file is created in `dir` when first opened. */
export async function freshDatabase(dialect: Dialect, dir: string): Promise<FreshDatabase> {
  if (dialect === 'sqlite') {
    return { dialect, env: { DATABASE_PATH: join(dir, `thidua-${++files}.db`) }, drop: async () => undefined };
  }
  const db = await createTestDatabase();
  return { dialect, env: { DATABASE_URL: db.url, DATABASE_POOL_SIZE: '4' }, drop: () => db.drop() };
}

export interface FreshStore extends FreshDatabase {
  store: Store;
  /** Closes the store, then drops the database. */
  close(): Promise<void>;
}

/** A fresh database of `dialect` and a store open on it. */
export async function freshStore(dialect: Dialect, dir: string): Promise<FreshStore> {
  const database = await freshDatabase(dialect, dir);
  const store =
    dialect === 'sqlite'
      ? createSqliteStore(String(database.env.DATABASE_PATH), { backgroundCheckpoints: false })
      : createPostgresStore(testPgConfig(String(database.env.DATABASE_URL)), { skipMigrations: true });
  return {
    ...database,
    store,
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
}

/**
 * Runs one SQL statement on the store's own database, for the few seeding steps and checks no repository offers
 * (tests only). Write it with `?` placeholders and SQL both dialects accept; returns the rows (none for a write).
 */
export async function testSql(store: Store, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  if (store.dialect === 'sqlite') {
    const statement = (store as SqliteStore).db.$client.prepare(text);
    return statement.reader ? (statement.all(...params) as Record<string, unknown>[]) : (statement.run(...params), []);
  }
  let n = 0;
  const result = await (store as PostgresStore).pool.query(text.replace(/\?/g, () => `$${++n}`), params);
  return result.rows as Record<string, unknown>[];
}
