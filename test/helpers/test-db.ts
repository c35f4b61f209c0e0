import { openDb, type Db } from '../../src/persistence/open-db.js';

/** A fresh, migrated in-memory database. */
export function testDb(): Db {
  return openDb(':memory:');
}
