/**
 * Opens the SQLite database (better-sqlite3 + drizzle), sets the pragmas the project relies on and applies the
 * committed migrations.
 *
 * drizzle's `migrate()` runs all pending migrations in one transaction, where `PRAGMA foreign_keys=OFF` has no
 * effect; a table rebuild of a parent table would then fail (or cascade-delete children). So foreign keys are
 * switched off on the connection before migrating, back on after, and `foreign_key_check` must come back empty.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as schema from '../../../db/schema.js';
import { projectPath } from '../../project-root.js';

export type Schema = typeof schema;
export type Db = BetterSQLite3Database<Schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = projectPath('db', 'migrations');

export interface OpenSqliteOptions {
  /** `synchronous` pragma: NORMAL is durable across process crashes with WAL; FULL also across power loss. */
  synchronous?: 'NORMAL' | 'FULL';
}

/** Opens (creating the folder if needed) and migrates the database at `path` (`:memory:` for tests). */
export function openSqlite(path: string, options: OpenSqliteOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path, { timeout: 5000 });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle({ client: sqlite, schema }) as Db;
  sqlite.pragma('foreign_keys = OFF');
  try {
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
  const violations = sqlite.pragma('foreign_key_check') as unknown[];
  if (violations.length > 0) {
    sqlite.close();
    throw new Error(`Database has ${violations.length} foreign-key violation(s) after migration`);
  }
  return db;
}
