/**
 * The SQLite unit of work (src/store/sqlite/unit-of-work.ts), beyond the store contract: units queued in one
 * event-loop turn share one `BEGIN IMMEDIATE … COMMIT` (the group commit), each in its own SAVEPOINT, run one after
 * another in arrival order; a failing unit is rolled back to its savepoint alone. Also what a file database adds:
 * `store.read` on a second, read-only connection that does not wait for a batch, and no stale data across
 * connections (there is no read cache).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore, type SqliteStoreOptions } from '../../src/store/sqlite/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'thidua-uow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const fileStore = (options: SqliteStoreOptions = {}) =>
  createSqliteStore(join(dir, `db-${++files}.sqlite`), { backgroundCheckpoints: false, ...options });

/** A store with a scratch table `t (v)`; `insert` and `rows` run on the writer connection (tests only). */
function world(options: SqliteStoreOptions = {}, store?: SqliteStore) {
  const batches: number[] = [];
  const s = store ?? createSqliteStore(':memory:', { ...options, onBatch: ({ size }) => batches.push(size) });
  s.db.$client.exec('CREATE TABLE IF NOT EXISTS t (v TEXT NOT NULL)');
  const insert = s.db.$client.prepare('INSERT INTO t (v) VALUES (?)');
  const rows = () => s.db.$client.prepare('SELECT v FROM t ORDER BY rowid').pluck().all();
  return { store: s, insert, rows, batches };
}

describe('SQLite unit of work (group commit)', () => {
  it('rolls a failing unit back to its savepoint alone; the others of the batch commit together', async () => {
    const { store, insert, rows, batches } = world();
    const results = await Promise.allSettled([
      store.transaction(async () => insert.run('a').changes),
      store.transaction(async () => {
        insert.run('half-written');
        throw new Error('boom');
      }),
      store.transaction(async () => insert.run('b').changes),
    ]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: expect.objectContaining({ message: 'boom' }) },
      { status: 'fulfilled', value: 1 },
    ]);
    expect(rows()).toEqual(['a', 'b']);
    expect(batches).toEqual([3]);
    await store.close();
  });

  it('keeps arrival order across batches of at most maxBatch units', async () => {
    const { store, insert, rows, batches } = world({ maxBatch: 2 });
    const values = ['1', '2', '3', '4', '5'];
    const done = await Promise.all(values.map((v) => store.transaction(async () => (insert.run(v), v))));
    expect(done).toEqual(values);
    expect(rows()).toEqual(values);
    expect(batches).toEqual([2, 2, 1]);
    await store.close();
  });

  it('keeps arrival order with thousands waiting', async () => {
    const { store, insert, rows } = world({ maxBatch: 24 });
    const values = Array.from({ length: 3000 }, (_, i) => String(i));
    const done = await Promise.all(values.map((v) => store.transaction(async () => (insert.run(v), v))));
    expect(done).toEqual(values);
    expect(rows()).toEqual(values);
    await store.close();
  });

  it('runs async units one after another: the statements of two units never interleave', async () => {
    const { store, insert, rows } = world();
    await Promise.all(
      ['a', 'b', 'c'].map((v, i) =>
        store.transaction(async () => {
          insert.run(`${v}1`);
          await new Promise((resolve) => setTimeout(resolve, 3 - i));
          insert.run(`${v}2`);
        }),
      ),
    );
    expect(rows()).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'c2']);
    await store.close();
  });

  it('settles a unit only after the COMMIT; an afterCommit that throws is reported and the unit stays committed', async () => {
    const errors: unknown[] = [];
    const { store, insert, rows } = world({ onAfterCommitError: (e) => errors.push(e) });
    await store.transaction(async (tx) => {
      insert.run('x');
      tx.afterCommit(() => {
        throw new Error('after');
      });
    });
    expect(store.db.$client.inTransaction).toBe(false);
    expect(rows()).toEqual(['x']);
    expect(errors).toEqual([expect.objectContaining({ message: 'after' })]);
    await store.close();
  });

  it('close() waits for queued units and is safe to call twice', async () => {
    const { store, insert, rows } = world();
    const pending = Promise.all(['1', '2'].map((v) => store.transaction(async () => void insert.run(v))));
    const first = store.close();
    const second = store.close();
    await Promise.all([pending, first, second]);
    expect(() => rows()).toThrow(/not open/);
  });
});

describe('SQLite file store', () => {
  it('reads on a read-only connection: a write there fails, and a read does not wait for a running batch', async () => {
    const store = fileStore();
    await store.transaction((tx) => tx.staff.createUnit({ id: 'u1', name: 'Sở' }));
    await expect(store.read((tx) => tx.staff.createUnit({ id: 'u2', name: 'Khác' }))).rejects.toThrow(/readonly|read-only/i);

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = store.transaction(async (tx) => {
      await tx.staff.createUnit({ id: 'u3', name: 'Chưa xong' });
      await gate;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    // The batch is open (holding BEGIN IMMEDIATE); the reader sees the last committed state at once.
    expect((await store.read((tx) => tx.staff.listUnits())).map((u) => u.id)).toEqual(['u1']);
    release();
    await slow;
    expect((await store.read((tx) => tx.staff.listUnits())).map((u) => u.id)).toEqual(['u1', 'u3']);
    await store.close();
  });

  it('sees what another connection committed (no stale cache between processes)', async () => {
    const path = join(dir, 'shared.sqlite');
    const a = createSqliteStore(path, { backgroundCheckpoints: false });
    const b = createSqliteStore(path, { backgroundCheckpoints: false });
    await a.transaction((tx) => tx.conversations.save('web:1', { schemaVersion: 1, state: '{"v":1}', revision: 1, personId: null }, 1));
    expect((await a.transaction((tx) => tx.conversations.load('web:1')))?.state).toBe('{"v":1}');
    await b.transaction((tx) => tx.conversations.save('web:1', { schemaVersion: 1, state: '{"v":2}', revision: 2, personId: null }, 2));
    expect(await a.transaction((tx) => tx.conversations.load('web:1'))).toEqual({ schemaVersion: 1, state: '{"v":2}', revision: 2 });
    expect((await a.read((tx) => tx.conversations.load('web:1')))?.revision).toBe(2);
    await Promise.all([a.close(), b.close()]);
  });
});
