/**
 * The PostgreSQL store's core on a real server (test/helpers/pg-test-db.ts): transactions commit or roll back as a
 * whole, afterCommit, the lock key serialising units across two stores (two app instances) and not across keys,
 * read-only reads, the int8 parser, the version check, the append-only audit log, the session timeouts.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkServerVersion,
  parseInt8,
  PostgresVersionError,
  UnsafeBigintError,
} from '../../src/store/postgres/open-postgres.js';
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { statementName } from '../../src/store/postgres/pg-query.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg-test-db.js';

const NOW = Date.UTC(2026, 9, 1);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let db: TestDatabase;
let store: PostgresStore;
let other: PostgresStore;

beforeAll(async () => {
  db = await createTestDatabase();
  store = createPostgresStore(db.config, { skipMigrations: true });
  // A second store on the same database stands in for a second app instance (its own pools).
  other = createPostgresStore(db.config, { skipMigrations: true });
});

afterAll(async () => {
  await store?.close();
  await other?.close();
  await db?.drop();
});

async function count(table: string): Promise<number> {
  const r = await store.pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
  return r.rows[0]?.n ?? -1;
}

describe('PostgreSQL store: units of work', () => {
  it('commits what the function wrote and returns its value', async () => {
    const value = await store.transaction(async (tx) => {
      await tx.inboundEvents.markProcessed('telegram', 'commit-1', NOW);
      await tx.audit.record({ at: NOW, unitId: 'u', action: 'test', entityType: 'x', entityId: '1' });
      return 42;
    });
    expect(value).toBe(42);
    expect(await store.read((tx) => tx.audit.search({ unitId: 'u' }))).toHaveLength(1);
    expect(await store.transaction((tx) => tx.inboundEvents.markProcessed('telegram', 'commit-1', NOW))).toBe(false);
  });

  it('rolls back everything on a thrown error and rethrows it as is', async () => {
    const boom = new Error('boom');
    const before = await count('audit_log');
    await expect(
      store.transaction(async (tx) => {
        await tx.inboundEvents.markProcessed('telegram', 'rollback-1', NOW);
        await tx.audit.record({ at: NOW, unitId: 'u', action: 'test', entityType: 'x', entityId: '2' });
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await count('audit_log')).toBe(before);
    expect(await store.transaction((tx) => tx.inboundEvents.markProcessed('telegram', 'rollback-1', NOW))).toBe(true);
  });

  it('rolls back when a statement fails, and the connection is fine afterwards', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.inboundEvents.markProcessed('web', 'fk-1', NOW);
        await tx.staff.createDepartment('no-such-unit', 'Phòng ma'); // foreign key violation
      }),
    ).rejects.toThrow(/foreign key/);
    expect(await store.transaction((tx) => tx.inboundEvents.markProcessed('web', 'fk-1', NOW))).toBe(true);
    // Every pooled connection still works (none was returned in an aborted transaction).
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.transaction((tx) => tx.inboundEvents.markProcessed('web', `after-${i}`, NOW))));
  });

  it('runs afterCommit callbacks after COMMIT (data visible to other connections), never after a rollback', async () => {
    const log: string[] = [];
    let seen: Promise<unknown> | undefined;
    await store.transaction(async (tx) => {
      tx.afterCommit(() => {
        log.push('after');
        seen = other.read((r) => r.audit.search({ unitId: 'after-commit' }));
      });
      await tx.audit.record({ at: NOW, unitId: 'after-commit', action: 'a', entityType: 'x', entityId: '1' });
      log.push('end of unit');
    });
    expect(log).toEqual(['end of unit', 'after']);
    expect(await seen).toHaveLength(1);

    let ranForFailed = false;
    await expect(
      store.transaction(async (tx) => {
        tx.afterCommit(() => void (ranForFailed = true));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await sleep(10);
    expect(ranForFailed).toBe(false);
  });

  it('an afterCommit callback that throws is reported, and the unit still resolves', async () => {
    const errors: unknown[] = [];
    const s = createPostgresStore(db.config, { skipMigrations: true, onAfterCommitError: (e) => errors.push(e) });
    try {
      const v = await s.transaction(async (tx) => {
        tx.afterCommit(() => {
          throw new Error('callback');
        });
        return 'ok';
      });
      expect(v).toBe('ok');
      expect(errors).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  /** Runs two units at once, each holding its transaction ~150 ms; returns whether they overlapped. */
  async function overlap(a: PostgresStore, keyA: string, b: PostgresStore, keyB: string): Promise<boolean> {
    const spans: [number, number][] = [];
    const unit = (s: PostgresStore, key: string) =>
      s.transaction(
        async (tx) => {
          // The lock is taken with the unit's first statement (BEGIN and the lock travel with it): from its answer on.
          await tx.inboundEvents.markProcessed('web', `${key}-${Math.random()}`, NOW);
          const start = performance.now();
          await sleep(150);
          spans.push([start, performance.now()]);
        },
        { lockKey: key },
      );
    await Promise.all([unit(a, keyA), unit(b, keyB)]);
    const [first, second] = spans.sort((x, y) => x[0] - y[0]);
    return second![0] < first![1];
  }

  it('lockKey: two instances never overlap on the same key (pg_advisory_xact_lock)', async () => {
    expect(await overlap(store, 'chat:telegram:1', other, 'chat:telegram:1')).toBe(false);
  });

  it('lockKey: different keys run concurrently', async () => {
    expect(await overlap(store, 'chat:telegram:1', other, 'chat:telegram:2')).toBe(true);
  });

  it('lockKey: within one instance, units with the same key run one at a time in submission order', async () => {
    const order: number[] = [];
    let active = 0;
    let maxActive = 0;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.transaction(
          async (tx) => {
            active++;
            maxActive = Math.max(maxActive, active);
            await sleep(i % 3);
            await tx.inboundEvents.markProcessed('web', `order-${i}`, NOW);
            order.push(i);
            active--;
          },
          { lockKey: 'chat:web:order' },
        ),
      ),
    );
    expect(order).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(maxActive).toBe(1);
  });

  it('lockKey: a counter incremented by 20 units on two instances loses no update', async () => {
    await store.pool.query(`INSERT INTO conversations (chat_key, schema_version, state, revision, updated_at) VALUES ('counter', 1, '0', 0, 0)`);
    const step = (s: PostgresStore) =>
      s.transaction(
        async (tx) => {
          const doc = await tx.conversations.load('counter');
          await sleep(2);
          await tx.conversations.save('counter', { schemaVersion: 1, state: String(Number(doc?.state) + 1), revision: (doc?.revision ?? 0) + 1, personId: null }, NOW);
        },
        { lockKey: 'counter' },
      );
    await Promise.all(Array.from({ length: 20 }, (_, i) => step(i % 2 === 0 ? store : other)));
    expect(await store.read((tx) => tx.conversations.load('counter'))).toEqual({ schemaVersion: 1, state: '20', revision: 20 });
  });

  it('upkeep: a lease renewal does not wait for a connection while the app’s units hold the whole pool', async () => {
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const entered: number[] = [];
    // Every pooled connection (testPgConfig: 4) held by a unit of work that waits; a fifth queues for one.
    const holders = Array.from({ length: 5 }, (_, i) =>
      store.transaction(async (tx) => {
        entered.push(i);
        await tx.inboundEvents.markProcessed('telegram', `hold-${i}`, NOW);
        await gate;
      }),
    );
    while (entered.length < 4) await sleep(10);
    let queuedDone = false;
    const queued = store.transaction((tx) => tx.inboundEvents.markProcessed('telegram', 'queued', NOW)).then(() => void (queuedDone = true));
    const late = (ms: number) => sleep(ms).then(() => Promise.reject(new Error('the upkeep unit waited for the pool')));
    try {
      const lease = await Promise.race([store.transaction((tx) => tx.leases.acquire('sender:telegram', 'app-a', NOW, 5_000), { upkeep: true }), late(3_000)]);
      const renewed = await Promise.race([store.transaction((tx) => tx.leases.renew(lease!, NOW + 1_000, 5_000), { upkeep: true }), late(3_000)]);
      expect(renewed).toMatchObject({ holder: 'app-a', expiresAt: NOW + 6_000 });
      expect([entered.length, queuedDone]).toEqual([4, false]);
    } finally {
      release();
    }
    await Promise.all([...holders, queued]);
    expect(queuedDone).toBe(true);
  });

  it('read() runs on read-only sessions: a write attempted there fails', async () => {
    await expect(store.read((tx) => tx.inboundEvents.markProcessed('web', 'read-only', NOW))).rejects.toThrow(/read-only/);
  });

  it('applies the statement and idle-in-transaction timeouts to its sessions', async () => {
    const s = createPostgresStore({ ...db.config, statementTimeoutMs: 1234, idleInTransactionTimeoutMs: 5678 }, { skipMigrations: true });
    try {
      const r = await s.pool.query<{ st: string; it: string }>(
        `SELECT current_setting('statement_timeout') AS st, current_setting('idle_in_transaction_session_timeout') AS it`,
      );
      expect(r.rows[0]).toEqual({ st: '1234ms', it: '5678ms' });
      await expect(s.pool.query('SELECT pg_sleep(2)')).rejects.toThrow(/statement timeout/);
    } finally {
      await s.close();
    }
  });

  it('ping() is true; close() is safe twice and refuses new units', async () => {
    const s = createPostgresStore(db.config, { skipMigrations: true });
    expect(await s.ping()).toBe(true);
    await Promise.all([s.close(), s.close()]);
    await expect(s.transaction(async () => 1)).rejects.toThrow('store is closed');
  });

  it('close() waits for units in flight', async () => {
    const s = createPostgresStore(db.config, { skipMigrations: true });
    let done = false;
    const unit = s.transaction(async (tx) => {
      await sleep(100);
      await tx.inboundEvents.markProcessed('web', 'in-flight', NOW);
      done = true;
    });
    await sleep(10);
    await s.close();
    expect(done).toBe(true);
    await unit;
  });
});

describe('PostgreSQL: the audit log is append-only (PL/pgSQL triggers)', () => {
  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await store.transaction((tx) => tx.audit.record({ at: NOW, unitId: 'ao', action: 'a', entityType: 'x', entityId: '1', before: { n: 1 }, after: null }));
    await expect(store.pool.query(`UPDATE audit_log SET action = 'changed' WHERE unit_id = 'ao'`)).rejects.toThrow('audit_log is append-only');
    await expect(store.pool.query(`DELETE FROM audit_log WHERE unit_id = 'ao'`)).rejects.toThrow('audit_log is append-only');
    await expect(store.pool.query('TRUNCATE audit_log')).rejects.toThrow('audit_log is append-only');
    const [entry] = await store.read((tx) => tx.audit.search({ unitId: 'ao' }));
    expect(entry).toMatchObject({ action: 'a', before: { n: 1 }, after: null });
  });
});

describe('PostgreSQL: int8 values come back as numbers', () => {
  it('parses bigint columns and count(*) as numbers', async () => {
    const r = await store.pool.query<{ ms: unknown; n: unknown }>(`SELECT 1700000000000::bigint AS ms, count(*) AS n FROM (VALUES (1), (2)) v(x)`);
    expect(r.rows[0]).toEqual({ ms: 1_700_000_000_000, n: 2 });
    const arr = await store.pool.query<{ a: unknown }>(`SELECT ARRAY[1, 9007199254740991]::bigint[] AS a`);
    expect(arr.rows[0]?.a).toEqual([1, Number.MAX_SAFE_INTEGER]);
  });

  it('refuses a value beyond Number.MAX_SAFE_INTEGER instead of rounding it', async () => {
    expect(() => parseInt8('9007199254740993')).toThrow(UnsafeBigintError);
    expect(parseInt8('-9007199254740991')).toBe(-Number.MAX_SAFE_INTEGER);
    await expect(store.pool.query(`SELECT 9007199254740993::bigint AS v`)).rejects.toBeInstanceOf(UnsafeBigintError);
    // The connection that hit it is still usable.
    expect((await store.pool.query<{ v: number }>('SELECT 5::bigint AS v')).rows[0]?.v).toBe(5);
  });
});

describe('PostgreSQL: server version check', () => {
  const fake = (num: string, text: string) =>
    ({ query: async () => ({ rows: [{ server_version_num: num, server_version: text }] }) }) as unknown as pg.ClientBase;

  it('accepts 14 and newer (and the server the tests run on)', async () => {
    expect(await checkServerVersion(fake('140010', '14.10'))).toBe(14);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      expect(await checkServerVersion(client)).toBeGreaterThanOrEqual(14);
    } finally {
      await client.end();
    }
  });

  it('refuses an older server with a clear Vietnamese message', async () => {
    const error = await checkServerVersion(fake('130011', '13.11 (Debian 13.11-1)')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgresVersionError);
    expect((error as Error).message).toBe(
      'Thi Đua Số cần PostgreSQL 14 trở lên, nhưng máy chủ cơ sở dữ liệu đang chạy PostgreSQL 13.11 (Debian 13.11-1). ' +
        'Hãy nâng cấp PostgreSQL (hoặc trỏ DATABASE_URL tới máy chủ mới hơn) rồi khởi động lại.',
    );
  });
});

describe('PostgreSQL: prepared statement names', () => {
  it('keeps short names and hashes long ones, so two names sharing their first 63 characters never collide', () => {
    expect(statementName('conv_load')).toBe('thidua_conv_load');
    const a = statementName(`sub_patch_${'status_selfTotal_band_classified_submittedAt_'.repeat(2)}a`);
    const b = statementName(`sub_patch_${'status_selfTotal_band_classified_submittedAt_'.repeat(2)}b`);
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(statementName(`sub_patch_${'status_selfTotal_band_classified_submittedAt_'.repeat(2)}a`)).toBe(a);
  });

  it('reports each committed unit of work to onUnit with its service time', async () => {
    const times: number[] = [];
    const s = createPostgresStore(db.config, { skipMigrations: true, onUnit: ({ ms }) => times.push(ms) });
    try {
      await s.transaction(async (tx) => tx.staff.listUnits(), { lockKey: 'telegram:1' });
      await s.transaction(async (tx) => tx.staff.listUnits());
      await expect(s.transaction(async () => Promise.reject(new Error('rolled back')))).rejects.toThrow('rolled back');
      expect(times).toHaveLength(2);
      expect(times.every((ms) => ms >= 0 && ms < 30_000)).toBe(true);
    } finally {
      await s.close();
    }
  });
});
