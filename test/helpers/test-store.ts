import { createSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

/** A fresh, migrated in-memory SQLite store. `store.db` (drizzle) is for seeding rows in tests only. */
export function testStore(): SqliteStore {
  return createSqliteStore(':memory:');
}
