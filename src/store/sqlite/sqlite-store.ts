/**
 * The SQLite implementation of the {@link Store}: one writer connection driven by the group-commit unit of work
 * (`unit-of-work.ts`), and for a file database a second, read-only connection for {@link Store.read} (WAL lets it
 * read while a batch writes). An in-memory database (tests) has no second connection: reads queue as units of work.
 */
import Database from 'better-sqlite3';
import type { Store, Tx } from '../store.js';
import { openSqlite, type Db, type OpenSqliteOptions } from './open-sqlite.js';
import { createSqliteRepositories } from './repositories.js';
import { createRubricVersions } from './rubric-versions.js';
import { createUnitOfWork, type UnitOfWorkOptions } from './unit-of-work.js';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';

export interface SqliteStoreOptions extends OpenSqliteOptions, UnitOfWorkOptions {
  /** WAL checkpoints in a worker thread instead of on a COMMIT (default true for a file database). */
  backgroundCheckpoints?: boolean;
}

/** The store plus what only SQLite-specific code (tests' seeding, the migration check) may use. */
export interface SqliteStore extends Store {
  readonly dialect: 'sqlite';
  /** The writer connection, through drizzle. Outside the store folder only tests may use it (seeding). */
  readonly db: Db;
}

export function createSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  const db = openSqlite(path, options);
  const writer = db.$client;
  const rubrics = createRubricVersions(writer);
  const writeRepos = createSqliteRepositories(writer, rubrics);
  const unit = createUnitOfWork(writer, writeRepos, options);
  const memory = path === ':memory:' || path === '';
  let reader: Database.Database | null = null;
  let readTx: Tx | null = null;
  if (!memory) {
    reader = new Database(path, { readonly: true, fileMustExist: true, timeout: 5000 });
    const readRepos = createSqliteRepositories(reader, rubrics);
    readTx = Object.create(readRepos, { afterCommit: { value: (fn: () => void) => fn() } }) as Tx;
  }
  let checkpointer: WalCheckpointer | null = null;
  if (!memory && (options.backgroundCheckpoints ?? true)) checkpointer = startWalCheckpointer(db);
  let closing: Promise<void> | undefined;

  return {
    dialect: 'sqlite',
    db,
    transaction: (fn) => unit.run(fn),
    read: (fn) => (readTx ? fn(readTx) : unit.run(fn)),
    ping: async () => (reader ?? writer).prepare('SELECT 1').pluck().get() === 1,
    close() {
      closing ??= (async () => {
        await unit.drain();
        await checkpointer?.stop();
        reader?.close();
        writer.close();
      })();
      return closing;
    },
  };
}
