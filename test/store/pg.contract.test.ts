/**
 * The store contract (contract.ts) on PostgreSQL: every test gets its own database, copied from the migrated
 * template (test/helpers/pg-test-db.ts), dropped when the suite closes the store.
 *
 * Repositories not written for PostgreSQL yet (POSTGRES_PENDING in src/store/postgres/repositories.ts) answer every
 * call with "tx.<repository>.<method> is not implemented on PostgreSQL yet": the contract registers their cases
 * only once they are written, and checks meanwhile that each pending one really refuses (issue 12 is open).
 */
import { createPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { POSTGRES_PENDING } from '../../src/store/postgres/repositories.js';
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
}, { pending: POSTGRES_PENDING });
