import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { auditLog, units } from '../../db/schema.js';
import { testDb } from '../helpers/test-db.js';

describe('openDb', () => {
  it('applies migrations with foreign keys on and WAL requested', () => {
    const db = testDb();
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.all<{ name: string }>(sql`select name from sqlite_master where type='table'`);
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['people', 'submissions', 'audit_log', 'outbox']));
  });

  it('keeps the audit log append-only', () => {
    const db = testDb();
    db.insert(units).values({ id: 'u', name: 'Đơn vị' }).run();
    db.insert(auditLog).values({ at: 1, action: 'x', entityType: 'unit', entityId: 'u' }).run();
    expect(() => db.update(auditLog).set({ action: 'y' }).run()).toThrow(/append-only/);
    expect(() => db.delete(auditLog).run()).toThrow(/append-only/);
  });
});
