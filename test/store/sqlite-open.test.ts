/**
 * Opening a SQLite database (src/store/sqlite/open-sqlite.ts): pragmas, migrations applied with foreign keys off and
 * checked afterwards, the append-only audit log, and the indexes the hot queries rely on.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js';
import { testStore } from '../helpers/test-store.js';

const dir = mkdtempSync(join(tmpdir(), 'thidua-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan = (c: Database.Database, query: string, ...params: unknown[]) =>
  (c.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');

describe('opening a SQLite database', () => {
  it('applies the migrations with foreign keys on and WAL on a file', () => {
    const db = openSqlite(join(dir, 'a.sqlite'));
    const c = db.$client;
    expect(c.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(c.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = c.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['people', 'submissions', 'answers', 'audit_log', 'outbox', 'inbound_events', 'conversations']));
    c.close();
    // Opening again applies nothing twice.
    openSqlite(join(dir, 'a.sqlite')).$client.close();
  });

  it('refuses a database with foreign-key violations after migrating', () => {
    const path = join(dir, 'broken.sqlite');
    openSqlite(path).$client.close();
    const raw = new Database(path);
    raw.pragma('foreign_keys = OFF');
    raw.prepare("INSERT INTO departments (unit_id, name) VALUES ('no-such-unit', 'Mồ côi')").run();
    raw.close();
    expect(() => openSqlite(path)).toThrow(/foreign-key violation/);
  });

  it('keeps the audit log append-only', async () => {
    const store = testStore();
    await store.transaction(async (tx) => {
      await tx.staff.createUnit({ id: 'u', name: 'Đơn vị' });
      await tx.audit.record({ at: 1, unitId: 'u', action: 'x', entityType: 'unit', entityId: 'u' });
    });
    const c = store.db.$client;
    expect(() => c.prepare("UPDATE audit_log SET action = 'y'").run()).toThrow(/append-only/);
    expect(() => c.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    await store.close();
  });
});

describe('indexes the hot queries rely on', () => {
  it("reads a submission's answer values (the reviewer's when there is one) from the covering index alone", async () => {
    const store = testStore();
    const c = store.db.$client;
    expect(c.prepare("SELECT name FROM pragma_index_info('answers_submission_values')").pluck().all()).toEqual([
      'submission_id',
      'criterion_id',
      'value',
      'reviewed_value',
    ]);
    const query = `SELECT a.criterion_id, COALESCE(a.reviewed_value, a.value) FROM answers a WHERE a.submission_id = ?`;
    expect(plan(c, query, 1)).toContain('USING COVERING INDEX answers_submission_values');
    await store.close();
  });

  it('indexes only pending inbound events; the pending query (oldest first) uses it without sorting', async () => {
    const store = testStore();
    await store.transaction(async (tx) => {
      await tx.inboundQueue.enqueue('zalo', 'a', '{}', 2);
      await tx.inboundQueue.enqueue('zalo', 'b', '{}', 1);
      await tx.inboundQueue.enqueue('zalo', 'c', '{}', 0);
      await tx.inboundEvents.markProcessed('zalo', 'c', 3);
      await tx.inboundEvents.markProcessed('telegram', '7', 3);
    });
    const c = store.db.$client;
    expect(c.prepare("SELECT count(*) FROM inbound_events INDEXED BY inbound_events_pending WHERE status = 'pending'").pluck().get()).toBe(2);
    expect((await store.read((tx) => tx.inboundQueue.pending('zalo', 10))).map((e) => e.eventId)).toEqual(['b', 'a']);
    // The query of src/store/sqlite/inbound-queue-repo.ts.
    const query = `SELECT event_id, payload, received_at, attempts FROM inbound_events WHERE channel = ? AND status = 'pending'
      ORDER BY received_at, rowid LIMIT ?`;
    const detail = plan(c, query, 'zalo', 10);
    expect(detail).toContain('USING INDEX inbound_events_pending');
    expect(detail).not.toContain('TEMP B-TREE');
    await store.close();
  });
});
