/**
 * The append-only audit log (`audit_log`; UPDATE/DELETE are refused by triggers). Shared by every area: the
 * conversation engine (links, submissions, answer changes), the review workflow (approve, adjust, return), the CLI.
 * Write ids and values, never phone numbers.
 */
import type Database from 'better-sqlite3';
import type { AuditEntry, AuditPort } from '../conversation/ports.js';
import type { Db } from './open-db.js';

export type { AuditEntry } from '../conversation/ports.js';

const INSERT = `INSERT INTO audit_log
  (at, unit_id, actor_person_id, channel, action, entity_type, entity_id, subject_person_id, period_id, before, after, reason)
  VALUES (@at, @unitId, @actorPersonId, @channel, @action, @entityType, @entityId, @subjectPersonId, @periodId, @before, @after, @reason)`;

const statements = new WeakMap<Database.Database, Database.Statement>();

/** Appends one entry; returns its id. Runs inside the caller's transaction when there is one. */
export function recordAudit(db: Db, entry: AuditEntry): number {
  let insert = statements.get(db.$client);
  if (!insert) {
    insert = db.$client.prepare(INSERT);
    statements.set(db.$client, insert);
  }
  const result = insert.run({
    at: entry.at,
    unitId: entry.unitId ?? null,
    actorPersonId: entry.actorPersonId ?? null,
    channel: entry.channel ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    subjectPersonId: entry.subjectPersonId ?? null,
    periodId: entry.periodId ?? null,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    reason: entry.reason ?? null,
  });
  return Number(result.lastInsertRowid);
}

/** The engine's {@link AuditPort} over SQLite. */
export function createAuditPort(db: Db): AuditPort {
  return { record: (entry) => void recordAudit(db, entry) };
}
