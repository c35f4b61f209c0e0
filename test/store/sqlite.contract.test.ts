/**
 * The store contract (contract.ts) on SQLite: an in-memory database (tests' default) and a file database (what the
 * server runs: WAL, a read-only second connection behind `store.read`, background checkpoints).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { testStore } from '../helpers/test-store.js';
import { describeStoreContract } from './contract.js';

describeStoreContract('sqlite (in memory)', async () => testStore());

const dir = mkdtempSync(join(tmpdir(), 'thidua-contract-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
describeStoreContract('sqlite (file, WAL, read-only reader)', async () =>
  createSqliteStore(join(dir, `db-${++n}.sqlite`), { backgroundCheckpoints: false }),
);
