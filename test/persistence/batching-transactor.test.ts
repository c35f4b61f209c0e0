/**
 * The group commit under the engine: steps queued in one event-loop turn share a transaction, each in its own
 * savepoint; a failing step is rolled back alone and settles through `recover` when given; order is FIFO across
 * batches.
 */
import { describe, expect, it } from 'vitest';
import { createBatchingTransactor } from '../../src/persistence/batching-transactor.js';
import { openDb } from '../../src/persistence/open-db.js';

function world(maxBatch?: number) {
  const db = openDb(':memory:');
  db.$client.exec('CREATE TABLE t (v TEXT NOT NULL)');
  const insert = db.$client.prepare('INSERT INTO t (v) VALUES (?)');
  const rows = () => db.$client.prepare('SELECT v FROM t ORDER BY rowid').pluck().all();
  const batches: number[] = [];
  const tx = createBatchingTransactor(db, { maxBatch, onBatch: ({ size }) => batches.push(size) });
  return { tx, insert, rows, batches };
}

describe('batching transactor', () => {
  it('rolls a failing step back alone; recover answers for it, without recover it rejects', async () => {
    const { tx, insert, rows, batches } = world();
    const failing = () => {
      insert.run('half-written');
      throw new Error('boom');
    };
    const results = await Promise.allSettled([
      tx.run(() => insert.run('a').changes),
      tx.run(failing, (error) => `recovered: ${(error as Error).message}`),
      tx.run(failing),
      tx.run(() => insert.run('b').changes),
    ]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'fulfilled', value: 'recovered: boom' },
      { status: 'rejected', reason: expect.objectContaining({ message: 'boom' }) },
      { status: 'fulfilled', value: 1 },
    ]);
    expect(rows()).toEqual(['a', 'b']);
    expect(batches).toEqual([4]);
  });

  it('keeps arrival order across batches', async () => {
    const { tx, insert, rows, batches } = world(2);
    const values = ['1', '2', '3', '4', '5'];
    const done = await Promise.all(values.map((v) => tx.run(() => (insert.run(v), v))));
    expect(done).toEqual(values);
    expect(rows()).toEqual(values);
    expect(batches).toEqual([2, 2, 1]);
  });

  it('keeps arrival order with thousands waiting (the consumed part of the queue is cut off on the way)', async () => {
    const { tx, insert, rows } = world(24);
    const values = Array.from({ length: 3000 }, (_, i) => String(i));
    const done = await Promise.all(values.map((v) => tx.run(() => (insert.run(v), v))));
    expect(done).toEqual(values);
    expect(rows()).toEqual(values);
  });
});
