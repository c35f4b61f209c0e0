/**
 * The PostgreSQL unit of work's deferred writes (src/store/postgres/unit-connection.ts): parameters written as
 * literals exactly as bind parameters would store them; a deferred write that fails fails its unit, at the COMMIT or
 * at the next statement, even when a caller catches that error; nothing deferred outlives its unit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { executeStatement, ReadAheads, sqlStatementName, UnitConnection } from '../../src/store/postgres/unit-connection.js';
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg-test-db.js';

const NOW = Date.UTC(2026, 9, 1);

describe('executeStatement and sqlStatementName', () => {
  it('writes each value as a quoted literal in order, and never substitutes inside a value', () => {
    expect(executeStatement('x_a', ['a', 2, null])).toBe(`EXECUTE "x_a"('a', '2', NULL)`);
    expect(executeStatement('x_a', ["$2 it's"])).toBe(`EXECUTE "x_a"('$2 it''s')`);
    // The driver's escapeLiteral: a value with a backslash becomes an E'' string with the backslash doubled.
    expect(executeStatement('x_a', ['a\\b'])).toBe(`EXECUTE "x_a"( E'a\\\\b')`);
    expect(executeStatement('x_a', [true, 1.5, 10n])).toBe(`EXECUTE "x_a"('true', '1.5', '10')`);
    expect(executeStatement('x_a', [])).toBe(`EXECUTE "x_a"`);
  });

  it('refuses what has no literal form (the statement then runs as a named statement of its own)', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, new Date(NOW), Buffer.from('x'), ['a'], { a: 1 }]) {
      expect(executeStatement('x_a', [bad])).toBeUndefined();
    }
  });

  it('keeps names within the server\'s 63 bytes, two long names apart, and apart from the driver\'s own names', () => {
    expect(sqlStatementName('thidua_conv_save')).toBe('x_thidua_conv_save');
    const long = (tail: string) => sqlStatementName(`thidua_${'p'.repeat(60)}${tail}`);
    expect(long('a').length).toBeLessThanOrEqual(63);
    expect(long('a')).not.toBe(long('b'));
  });
});

describe('PostgreSQL unit of work: deferred writes', () => {
  let db: TestDatabase;
  let store: PostgresStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    // One connection: whatever a unit leaves behind on it would show in the next unit.
    store = createPostgresStore({ ...db.config, poolSize: 1 }, { skipMigrations: true });
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  const doc = (state: string, revision: number) => ({ schemaVersion: 1, state, revision, personId: null });
  const load = (key: string) => store.read((tx) => tx.conversations.load(key));

  it('stores a deferred write with the COMMIT, as typed as a bind parameter would be (quotes, backslashes, emoji)', async () => {
    const state = `{"q":"it's \\\\ $1 ; COMMIT; -- 🎉"}`;
    await store.transaction((tx) => tx.conversations.save('c:1', doc(state, 7), NOW));
    expect(await load('c:1')).toEqual({ schemaVersion: 1, state, revision: 7 });
  });

  it('a deferred write read back later in the same unit is seen (sent before the next statement)', async () => {
    const seen = await store.transaction(async (tx) => {
      await tx.conversations.save('c:2', doc('{"v":1}', 1), NOW);
      return tx.conversations.load('c:2');
    });
    expect(seen?.state).toBe('{"v":1}');
  });

  it('a deferred write that fails at the COMMIT fails the unit; nothing is stored and the connection is clean', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.inboundEvents.markProcessed('web', 'deferred-fk', NOW);
        // No person 999 999: the foreign key refuses the save, which is only sent with the COMMIT.
        await tx.conversations.save('c:3', { ...doc('{}', 1), personId: 999_999 }, NOW);
      }),
    ).rejects.toThrow(/foreign key/);
    expect(await load('c:3')).toBeNull();
    expect(await store.transaction((tx) => tx.inboundEvents.markProcessed('web', 'deferred-fk', NOW))).toBe(true);
  });

  it('a failed deferred write whose error a caller catches still fails the unit (never a silent rollback)', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.conversations.save('c:4', { ...doc('{}', 1), personId: 999_999 }, NOW);
        // The next statement sends the deferred write first and throws its error; this caller swallows it.
        await tx.conversations.load('c:4').catch(() => null);
        await tx.inboundEvents.markProcessed('web', 'after-caught', NOW).catch(() => false);
      }),
    ).rejects.toThrow(/foreign key/);
    expect(await store.transaction((tx) => tx.inboundEvents.markProcessed('web', 'after-caught', NOW))).toBe(true);
  });

  it('a unit whose own statement failed and was caught is refused at the COMMIT, not resolved as committed', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.inboundEvents.markProcessed('web', 'caught-then-commit', NOW);
        await tx.conversations.save('c:5', doc('{}', 1), NOW);
        await tx.assessment.saveAnswer(999_999, { criterionId: 'x', value: 'a', selfPoints: null }, NOW);
        await tx.conversations.load('c:5').catch(() => null);
      }),
    ).rejects.toThrow();
    expect(await load('c:5')).toBeNull();
    expect(await store.transaction((tx) => tx.inboundEvents.markProcessed('web', 'caught-then-commit', NOW))).toBe(true);
  });
});

describe('PostgreSQL unit of work: round trips', () => {
  let db: TestDatabase;
  let store: PostgresStore;
  /** What the unit sent to the server, one entry per round trip (statement text, or the named statement's name). */
  const sent: string[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    store = createPostgresStore({ ...db.config, poolSize: 1 }, { skipMigrations: true });
    const wrapped = new WeakSet<object>();
    store.pool.on('acquire', (client) => {
      if (wrapped.has(client)) return;
      wrapped.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        const [config] = args;
        sent.push(typeof config === 'string' ? config : String((config as { name?: string; text: string }).name ?? (config as { text: string }).text));
        return query(...args);
      };
    });
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  const step = (key: string, event: string) =>
    store.transaction(
      async (tx) => {
        const fresh = await tx.inboundEvents.markProcessed('web', event, NOW);
        await tx.conversations.save(key, { schemaVersion: 1, state: `{"e":"${event}"}`, revision: 1, personId: null }, NOW);
        return fresh;
      },
      { lockKey: key },
    );

  it('a step is two round trips: BEGIN, the lock and the first statement together; the deferred write with the COMMIT', async () => {
    expect(await step('rt:1', 'rt-warm')).toBe(true);
    // The connection's first use of each statement prepared it in a round trip of its own.
    expect(sent.filter((s) => s.startsWith('PREPARE'))).toHaveLength(2);
    sent.length = 0;
    expect(await step('rt:1', 'rt-1')).toBe(true);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^BEGIN;\nSELECT pg_advisory_xact_lock\(hashtextextended\('rt:1', 0\)\);\nEXECUTE "x_thidua_inbound_mark"\('web', 'rt-1', /);
    expect(sent[1]).toMatch(/^EXECUTE "x_thidua_conv_save"\('rt:1', NULL, '1', '\{"e":"rt-1"\}', '1', '\d+'\);\nCOMMIT$/);
    expect((await store.read((tx) => tx.conversations.load('rt:1')))?.state).toBe('{"e":"rt-1"}');
    // The same event again: the mark says it was seen (the EXECUTE's rows are the statement's own).
    expect(await step('rt:1', 'rt-1')).toBe(false);
  });

  it('a unit that runs no statement sends nothing, even when it fails, and the connection stays clean', async () => {
    sent.length = 0;
    expect(await store.transaction(async () => 42, { lockKey: 'rt:idle' })).toBe(42);
    // Nor one that fails before its first statement (no transaction was opened, so no ROLLBACK either).
    await expect(store.transaction(async () => Promise.reject(new Error('refused before any statement')), { lockKey: 'rt:idle' })).rejects.toThrow('refused');
    expect(sent).toEqual([]);
    expect(await step('rt:2', 'rt-after-idle')).toBe(true);
  });

  it('a statement that fails in the first round trip fails the unit and leaves the connection clean', async () => {
    await expect(
      store.transaction(async (tx) => tx.assessment.saveAnswer(999_999, { criterionId: 'x', value: 'a', selfPoints: null }, NOW).then(() => tx.conversations.load('rt:x')), {
        lockKey: 'rt:3',
      }),
    ).rejects.toThrow(/foreign key/);
    expect(await step('rt:3', 'rt-after-failure')).toBe(true);
  });
});

describe('PostgreSQL unit of work: a read sent ahead with the chat\'s next unit', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const reads = new ReadAheads();
  const FIRST = { name: 'thidua_ra_first', text: 'SELECT 1 AS one' };
  const READ = { name: 'thidua_ra_read', text: 'SELECT v FROM ra WHERE k = $1' };
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.config.url, max: 1 });
    await pool.query(`CREATE TABLE ra (k text PRIMARY KEY, v integer NOT NULL); INSERT INTO ra VALUES ('a', 1), ('b', 10)`);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  /** One unit on the chat `key`: `body` runs on its connection; returns what it returned and the round trips sent. */
  async function unit<T>(key: string, body: (c: UnitConnection) => Promise<T>): Promise<{ value: T; sent: string[] }> {
    const client = await pool.connect();
    const sent: string[] = [];
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    const spy = (...args: unknown[]) => {
      sent.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { name?: string }).name));
      return query(...args);
    };
    (client as unknown as { query: typeof spy }).query = spy;
    try {
      const c = new UnitConnection(client, { key, reads });
      c.begin(key);
      const value = await body(c);
      await c.commit();
      return { value, sent: sent.filter((s) => !s.startsWith('PREPARE')) };
    } finally {
      (client as unknown as { query: unknown }).query = query;
      client.release();
    }
  }
  const first = (c: UnitConnection) => c.query({ ...FIRST, values: [] });
  const read = async (c: UnitConnection, k: string) => (await c.readAhead(READ.name, READ.text, [k])).rows[0]?.v;

  it('the read a unit ran second goes with the next unit\'s first statement, and is served from there', async () => {
    // Unit 1: the read is its second statement, so it is remembered; it runs in a round trip of its own (3 with the COMMIT).
    const one = await unit('chat:1', async (c) => (await first(c), read(c, 'a')));
    expect(one.value).toBe(1);
    expect(one.sent).toHaveLength(3);
    // Unit 2: BEGIN, lock, first statement and the read in one round trip (then the COMMIT); the read costs none.
    const two = await unit('chat:1', async (c) => (await first(c), read(c, 'a')));
    expect(two.value).toBe(1);
    expect(two.sent).toHaveLength(2);
    expect(two.sent[0]).toMatch(/EXECUTE "x_thidua_ra_first";\nEXECUTE "x_thidua_ra_read"\('a'\)$/);
    // Another chat has nothing to send ahead.
    const other = await unit('chat:2', async (c) => (await first(c), read(c, 'a')));
    expect(other.sent[0]).not.toMatch(/ra_read/);
  });

  it('a statement in between makes the rows sent ahead stale: the read goes to the server and sees the write', async () => {
    await unit('chat:3', async (c) => (await first(c), read(c, 'b')));
    const stale = await unit('chat:3', async (c) => {
      await first(c);
      await c.query({ name: 'thidua_ra_bump', text: 'UPDATE ra SET v = v + 1 WHERE k = $1', values: ['b'] });
      return read(c, 'b');
    });
    expect(stale.value).toBe(11);
    expect(stale.sent.at(-2)).toBe('thidua_ra_read');
    // The guess missed: the chat's next unit sends nothing ahead (the read was not its second statement either).
    const after = await unit('chat:3', async (c) => (await first(c), read(c, 'b')));
    expect(after.sent[0]).not.toMatch(/ra_read/);
    expect(after.value).toBe(11);
  });

  it('a deferred write in between, or other values, also go to the server', async () => {
    await unit('chat:4', async (c) => (await first(c), read(c, 'a')));
    const deferred = await unit('chat:4', async (c) => {
      await first(c);
      expect(c.defer('thidua_ra_set', 'UPDATE ra SET v = $2 WHERE k = $1', ['a', 5])).toBe(true);
      return read(c, 'a');
    });
    expect(deferred.value).toBe(5);
    await unit('chat:5', async (c) => (await first(c), read(c, 'a')));
    const otherValues = await unit('chat:5', async (c) => (await first(c), read(c, 'b')));
    expect(otherValues.value).toBe(11);
    expect(otherValues.sent).toHaveLength(3);
    // The new values are what the next unit sends ahead.
    const next = await unit('chat:5', async (c) => (await first(c), read(c, 'b')));
    expect(next.sent).toHaveLength(2);
    expect(next.sent[0]).toMatch(/EXECUTE "x_thidua_ra_read"\('b'\)$/);
  });
});

describe('PostgreSQL unit of work: PREPAREs and statements awaited together', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const reads = new ReadAheads();
  beforeAll(async () => {
    db = await createTestDatabase();
    // One connection, with a short lock wait: a PREPARE waits for the locks of the tables it names.
    pool = new pg.Pool({ connectionString: db.config.url, max: 1, options: '-c lock_timeout=200' });
    await pool.query(`CREATE TABLE pa (k text PRIMARY KEY); CREATE TABLE pb (k text PRIMARY KEY); CREATE TABLE pc (k text PRIMARY KEY, v integer NOT NULL)`);
    await pool.query(`INSERT INTO pc VALUES ('c', 1)`);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  async function unit<T>(key: string | undefined, body: (c: UnitConnection) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    const c = new UnitConnection(client, key === undefined ? undefined : { key, reads });
    try {
      c.begin(key);
      const value = await body(c);
      await c.commit();
      return value;
    } catch (error) {
      c.discard();
      if (c.begun) await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
  const A = { name: 'thidua_pp_a', text: 'INSERT INTO pa (k) VALUES ($1) ON CONFLICT DO NOTHING' };
  const B = { name: 'thidua_pp_b', text: 'INSERT INTO pb (k) VALUES ($1) ON CONFLICT DO NOTHING' };

  it('a PREPARE that succeeded counts as prepared even when one sent with it failed (no "already exists" later)', async () => {
    const blocker = new pg.Client({ connectionString: db.config.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN; LOCK TABLE pb IN ACCESS EXCLUSIVE MODE');
      // The first use of both statements on this connection: B's PREPARE waits for the lock and fails; A's succeeded.
      await expect(
        unit(undefined, async (c) => {
          expect(c.defer(A.name, A.text, ['1'])).toBe(true);
          expect(c.defer(B.name, B.text, ['1'])).toBe(true);
        }),
      ).rejects.toThrow(/lock timeout/);
      await blocker.query('ROLLBACK');
    } finally {
      await blocker.end();
    }
    await unit(undefined, async (c) => void c.defer(A.name, A.text, ['2']));
    await unit(undefined, async (c) => void c.defer(B.name, B.text, ['2']));
    expect((await pool.query('SELECT (SELECT count(*) FROM pa)::int AS a, (SELECT count(*) FROM pb)::int AS b')).rows[0]).toEqual({ a: 1, b: 1 });
  });

  it('statements awaited together run in order: none goes before BEGIN and the lock while a PREPARE is out', async () => {
    await pool.query('DEALLOCATE ALL');
    const [, locks] = await unit('pp:1', (c) =>
      Promise.all([
        c.query({ name: 'thidua_pp_first', text: 'SELECT $1::int AS one', values: [1] }),
        c.query({ name: 'thidua_pp_locks', text: `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`, values: [] }),
      ]),
    );
    expect(locks.rows[0]).toEqual({ n: 1 });
  });

  it('a write awaited together with the first statement makes the read sent ahead stale', async () => {
    const first = (c: UnitConnection) => c.query({ name: 'thidua_pp_one', text: 'SELECT 1 AS one', values: [] });
    const read = async (c: UnitConnection) => (await c.readAhead('thidua_pp_read', 'SELECT v FROM pc WHERE k = $1', ['c'])).rows[0]?.v;
    // Twice: the second unit sends the read ahead (and prepares it on the connection), and remembers it again.
    expect(await unit('pp:2', async (c) => (await first(c), read(c)))).toBe(1);
    expect(await unit('pp:2', async (c) => (await first(c), read(c)))).toBe(1);
    const seen = await unit('pp:2', async (c) => {
      await Promise.all([first(c), c.query({ name: 'thidua_pp_bump', text: 'UPDATE pc SET v = v + 1 WHERE k = $1', values: ['c'] })]);
      return read(c);
    });
    expect(seen).toBe(2);
  });
});
