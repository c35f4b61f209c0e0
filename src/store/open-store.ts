/**
 * Opens the store the configuration names. Why one function: `npm start`, the CLI and the benchmarks must open the
 * same kind of store the same way: PostgreSQL when `DATABASE_URL` is set (a province, several instances), else
 * SQLite at `DATABASE_PATH` (the zero-setup default).
 *
 * Asynchronous because PostgreSQL is only usable once the server version is checked (≥ 14, refused with a
 * Vietnamese message naming the version found) and the migrations are applied under the migration lock: the
 * returned store is ready, and a server that cannot be used fails here, at start-up, not on the first message.
 */
import type { PostgresConfig } from './postgres/open-postgres.js';
import type { Store } from './store.js';
import { openPostgresTableTarget } from './postgres/table-target.js';
import { createSqliteStore } from './sqlite/sqlite-store.js';
import { openSqliteTableSource } from './sqlite/table-source.js';
import type { TableSource, TableTarget } from './table-copy.js';

export interface StoreConfig {
  /** SQLite's file, used when {@link StoreConfig.postgres} is unset. */
  databasePath: string;
  /** PostgreSQL's connection settings (`DATABASE_URL` and its companions). */
  postgres?: PostgresConfig;
}

export interface OpenStoreOptions {
  /**
   * False for a one-shot command (the CLI): no background maintenance is started. On SQLite that is the WAL
   * checkpointer's worker thread, which costs ≈ 300 ms to start and stop around a command of a few statements.
   * Default true (the server).
   */
  longRunning?: boolean;
  /** An `afterCommit` callback threw (the unit itself is committed). */
  onAfterCommitError?: (error: unknown) => void;
}

export async function openStoreFromConfig(config: StoreConfig, options: OpenStoreOptions = {}): Promise<Store> {
  if (config.postgres) {
    // Loaded only when selected: a SQLite deployment never loads the `pg` driver.
    const { openPostgresStore } = await import('./postgres/postgres-store.js');
    return openPostgresStore(config.postgres, { onAfterCommitError: options.onAfterCommitError });
  }
  return createSqliteStore(config.databasePath, {
    backgroundCheckpoints: options.longRunning ?? true,
    onAfterCommitError: options.onAfterCommitError,
  });
}

/** The source of `thidua db copy`: a SQLite database file (it must exist). */
export function openCopySource(sqlitePath: string): TableSource {
  return openSqliteTableSource(sqlitePath);
}

/** The target of `thidua db copy`: a PostgreSQL database (checked and migrated as the app would on start). */
export function openCopyTarget(postgresUrl: string): Promise<TableTarget> {
  return openPostgresTableTarget({ url: postgresUrl, poolSize: 2, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 });
}
