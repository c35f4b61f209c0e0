import { describe, expect, it } from 'vitest';
import type { EnginePorts } from '../../src/conversation/ports.js';
import { createEnginePorts } from '../../src/persistence/engine-ports.js';
import type { Db } from '../../src/persistence/open-db.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { testDb } from '../helpers/test-db.js';

/** Engine ports over a seeded unit; `batch` runs like an engine step (inside a group commit, caches active). */
function setup(): { db: Db; ports: EnginePorts; batch: <T>(fn: () => T) => Promise<T>; periodId: number; personId: number } {
  const db = testDb();
  const unit = seedUnit(db);
  const ports = createEnginePorts(db, { dataDir: '/nonexistent' });
  const personId = Object.values(unit.people)[0];
  if (!unit.period || personId === undefined) throw new Error('seed without period or people');
  return { db, ports, batch: (fn) => ports.transactor.run(fn), periodId: unit.period.id, personId };
}

describe('engine row caches (write-through, dropped by any other write)', () => {
  it('serves a chat state saved in an earlier batch, and sees a change made outside the engine', async () => {
    const { db, ports, batch, personId } = setup();
    const doc = { schemaVersion: 1, state: '{"a":1}', revision: 1, personId };
    await batch(() => ports.conversations.save('telegram:1', doc, 1));
    expect(await batch(() => ports.conversations.load('telegram:1'))).toEqual({ schemaVersion: 1, state: '{"a":1}', revision: 1 });
    await batch(() => ports.conversations.save('telegram:1', { ...doc, state: '{"a":2}', revision: 2 }, 2));
    expect((await batch(() => ports.conversations.load('telegram:1')))?.state).toBe('{"a":2}');
    db.$client.prepare(`UPDATE conversations SET state = '{"a":3}', revision = 3 WHERE chat_key = 'telegram:1'`).run();
    expect(await batch(() => ports.conversations.load('telegram:1'))).toEqual({ schemaVersion: 1, state: '{"a":3}', revision: 3 });
    // Another person's chat on the same key: the row's person changes (the upsert path).
    await batch(() => ports.conversations.save('telegram:1', { ...doc, personId: null, revision: 4 }, 4));
    expect(db.$client.prepare(`SELECT person_id FROM conversations WHERE chat_key = 'telegram:1'`).pluck().get()).toBeNull();
    db.$client.prepare(`DELETE FROM conversations`).run();
    expect(await batch(() => ports.conversations.load('telegram:1'))).toBeNull();
  });

  it("keeps a submission's answers in id order through saves, and drops them on an outside write or a rollback", async () => {
    const { db, ports, batch, periodId, personId } = setup();
    const sub = await batch(() => ports.assessment.ensureSubmission(periodId, personId, 1));
    const save = (criterionId: string, value: string | string[]) =>
      batch(() => ports.assessment.saveAnswer(sub.id, { criterionId, value, selfPoints: 1 }, 2));
    expect(await batch(() => ports.assessment.listAnswers(sub.id))).toEqual([]);
    await save('c1', 'pass');
    await save('c2', ['a', 'b']);
    await save('c1', 'fail');
    const fromSql = () => {
      const rows = db.$client.prepare('SELECT criterion_id, value FROM answers WHERE submission_id = ? ORDER BY id').all(sub.id);
      return (rows as { criterion_id: string; value: string }[]).map((r) => [r.criterion_id, JSON.parse(r.value) as unknown]);
    };
    const listed = async () => (await batch(() => ports.assessment.listAnswers(sub.id))).map((a) => [a.criterionId, a.value]);
    expect(await listed()).toEqual([['c1', 'fail'], ['c2', ['a', 'b']]]);
    expect(await listed()).toEqual(fromSql());

    db.$client.prepare(`UPDATE answers SET value = '"outside"' WHERE criterion_id = 'c2'`).run();
    expect(await listed()).toEqual([['c1', 'fail'], ['c2', 'outside']]);

    // A step that saves and then fails is rolled back: its answer must not linger in the cache.
    const failed = batch(() => {
      ports.assessment.saveAnswer(sub.id, { criterionId: 'c3', value: 'x', selfPoints: 0 }, 3);
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    expect(await listed()).toEqual([['c1', 'fail'], ['c2', 'outside']]);
    expect(fromSql()).toEqual([['c1', 'fail'], ['c2', 'outside']]);
  });

  it("sees a submission's status changed outside the engine", async () => {
    const { db, ports, batch, periodId, personId } = setup();
    const sub = await batch(() => ports.assessment.ensureSubmission(periodId, personId, 1));
    expect(await batch(() => ports.assessment.ensureSubmission(periodId, personId, 2))).toEqual(sub);
    expect((await batch(() => ports.assessment.findSubmission(periodId, personId)))?.status).toBe('draft');
    db.$client.prepare(`UPDATE submissions SET status = 'submitted' WHERE id = ?`).run(sub.id);
    expect((await batch(() => ports.assessment.findSubmission(periodId, personId)))?.status).toBe('submitted');
    db.$client.prepare(`DELETE FROM submissions WHERE id = ?`).run(sub.id);
    expect(await batch(() => ports.assessment.findSubmission(periodId, personId))).toBeNull();
  });
});
