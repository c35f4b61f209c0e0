/**
 * The store contract (contract.ts) on PostgreSQL: every test gets its own database, copied from the migrated
 * template (test/helpers/pg-test-db.ts), dropped when the suite closes the store.
 * Every repository is implemented on PostgreSQL: the whole contract runs, as on SQLite.
 */
import { createPostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { createTestDatabase } from '../helpers/pg-test-db.js';
import { describeStoreContract } from './contract.js';

describeStoreContract('postgres', async (): Promise<Store> => {
  const db = await createTestDatabase();
  const store = createPostgresStore(db.config, { skipMigrations: true });
  const close = store.close.bind(store);
  return Object.assign(store, {
    close: async () => {
      await close();
      await db.drop();
    },
  });
});
