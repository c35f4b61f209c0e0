/**
 * Selection by configuration: no DATABASE_URL opens SQLite at DATABASE_PATH; DATABASE_URL opens PostgreSQL, migrated
 * and ready (an empty database gets every migration); a server that cannot be reached fails at start-up with a
 * Vietnamese message naming DATABASE_URL and never the password.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { describeStartupError } from '../../src/startup-checks.js';
import { openStoreFromConfig } from '../../src/store/open-store.js';
import { createEmptyDatabase, type TestDatabase } from '../helpers/pg-test-db.js';

const dir = mkdtempSync(join(tmpdir(), 'thidua-open-store-'));
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases) await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('openStoreFromConfig', () => {
  it('opens SQLite at DATABASE_PATH when DATABASE_URL is unset', async () => {
    const store = await openStoreFromConfig(loadConfig({ DATABASE_PATH: join(dir, 'a.db') }), { longRunning: false });
    try {
      expect(store.dialect).toBe('sqlite');
      await store.transaction((tx) => tx.staff.createUnit({ id: 'u1', name: 'Sở A' }));
      expect(await store.read((tx) => tx.staff.listUnits())).toEqual([{ id: 'u1', name: 'Sở A' }]);
    } finally {
      await store.close();
    }
  });

  it('opens PostgreSQL at DATABASE_URL, migrating an empty database, with the configured session timeouts', async () => {
    const db = await createEmptyDatabase();
    databases.push(db);
    const config = loadConfig({
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: '3',
      DATABASE_STATEMENT_TIMEOUT_MS: '4321',
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '8765',
    });
    const store = await openStoreFromConfig(config);
    try {
      expect(store.dialect).toBe('postgres');
      await store.transaction((tx) => tx.staff.createUnit({ id: 'u1', name: 'Sở A' }));
      expect(await store.read((tx) => tx.staff.listUnits())).toEqual([{ id: 'u1', name: 'Sở A' }]);
      const pool = (store as unknown as { pool: { query(text: string): Promise<{ rows: Record<string, string>[] }> } }).pool;
      const { rows } = await pool.query(
        `SELECT current_setting('statement_timeout') AS st, current_setting('idle_in_transaction_session_timeout') AS idle`,
      );
      expect(rows[0]).toEqual({ st: '4321ms', idle: '8765ms' });
    } finally {
      await store.close();
    }
  });

  it('fails at start-up when the server cannot be reached, naming DATABASE_URL and hiding the password', async () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://thidua:hunter2@127.0.0.1:1/thidua' });
    const error = await openStoreFromConfig(config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = describeStartupError(error, config);
    expect(message).toMatch(/^DATABASE_URL: không kết nối được máy chủ PostgreSQL 127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    expect(message).not.toContain('hunter2');
  });

  it('says which database is missing', async () => {
    const db = await createEmptyDatabase();
    databases.push(db);
    const url = new URL(db.url);
    url.pathname = '/thidua_khong_co';
    const config = loadConfig({ DATABASE_URL: url.toString() });
    const error = await openStoreFromConfig(config).catch((e: unknown) => e);
    expect(describeStartupError(error, config)).toMatch(/DATABASE_URL: cơ sở dữ liệu "thidua_khong_co" chưa có/);
  });
});
