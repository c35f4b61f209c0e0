/**
 * Opens the store the configuration names. Why one function: `npm start`, the CLI and the benchmarks must open the
 * same kind of store the same way (today SQLite at `DATABASE_PATH`; PostgreSQL when `DATABASE_URL` is set).
 */
import type { Store } from './store.js';
import { openPostgresTableTarget } from './postgres/table-target.js';
import { createSqliteStore } from './sqlite/sqlite-store.js';
import { openSqliteTableSource } from './sqlite/table-source.js';
import type { TableSource, TableTarget } from './table-copy.js';

export interface StoreConfig {
  databasePath: string;
}

export interface OpenStoreOptions {
  /**
   * False for a one-shot command (the CLI): no background maintenance is started. On SQLite that is the WAL
   * checkpointer's worker thread, which costs ≈ 300 ms to start and stop around a command of a few statements.
   * Default true (the server).
   */
  longRunning?: boolean;
}

export function openStoreFromConfig(config: StoreConfig, options: OpenStoreOptions = {}): Store {
  return createSqliteStore(config.databasePath, { backgroundCheckpoints: options.longRunning ?? true });
}

/** The source of `thidua db copy`: a SQLite database file (it must exist). */
export function openCopySource(sqlitePath: string): TableSource {
  return openSqliteTableSource(sqlitePath);
}

/** The target of `thidua db copy`: a PostgreSQL database (checked and migrated as the app would on start). */
export function openCopyTarget(postgresUrl: string): Promise<TableTarget> {
  return openPostgresTableTarget({ url: postgresUrl, poolSize: 2, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 });
}
