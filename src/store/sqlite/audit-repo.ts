/** The append-only audit log ({@link AuditRepository}); triggers in the migrations refuse UPDATE and DELETE. */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { auditPageLimit, type AuditEntry, type AuditRecord, type AuditRepository } from '../audit.js';

const INSERT = `INSERT INTO audit_log
  (at, unit_id, actor_person_id, channel, action, entity_type, entity_id, subject_person_id, period_id, before, after, reason)
  VALUES (@at, @unitId, @actorPersonId, @channel, @action, @entityType, @entityId, @subjectPersonId, @periodId, @before, @after, @reason)`;

/** The row values of an entry (JSON for before/after). */
export function auditRow(entry: AuditEntry): Record<string, string | number | null> {
  return {
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
  };
}

const SEARCH = `SELECT id, at, unit_id, actor_person_id, channel, action, entity_type, entity_id, subject_person_id,
    period_id, before, after, reason
  FROM audit_log
  WHERE unit_id = @unitId
    AND (@subjectPersonId IS NULL OR subject_person_id = @subjectPersonId)
    AND (@periodId IS NULL OR period_id = @periodId)
  ORDER BY id`;

const PAGE = `SELECT id, at, unit_id, actor_person_id, channel, action, entity_type, entity_id, subject_person_id,
    period_id, before, after, reason
  FROM audit_log
  WHERE unit_id = @unitId
    AND (@personId IS NULL OR subject_person_id = @personId OR actor_person_id = @personId)
    AND (@periodId IS NULL OR period_id = @periodId)
    AND (@action IS NULL OR action = @action)
    AND id < @beforeId
  ORDER BY id DESC
  LIMIT @limit`;

const jsonText = z
  .string()
  .nullable()
  .transform((text): unknown => (text === null ? null : JSON.parse(text)));

const recordRow = z
  .object({
    id: z.number().int(),
    at: z.number(),
    unit_id: z.string().nullable(),
    actor_person_id: z.number().int().nullable(),
    channel: z.string().nullable(),
    action: z.string(),
    entity_type: z.string(),
    entity_id: z.string(),
    subject_person_id: z.number().int().nullable(),
    period_id: z.number().int().nullable(),
    before: jsonText,
    after: jsonText,
    reason: z.string().nullable(),
  })
  .transform(
    (r): AuditRecord => ({
      id: r.id,
      at: r.at,
      unitId: r.unit_id,
      actorPersonId: r.actor_person_id,
      channel: r.channel,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      subjectPersonId: r.subject_person_id,
      periodId: r.period_id,
      before: r.before,
      after: r.after,
      reason: r.reason,
    }),
  );

export function createAuditRepository(c: Database.Database): AuditRepository {
  const insert = c.prepare(INSERT);
  const search = c.prepare(SEARCH);
  const page = c.prepare(PAGE);
  return {
    async record(entry) {
      return Number(insert.run(auditRow(entry)).lastInsertRowid);
    },
    async search(filter) {
      const rows = search.all({
        unitId: filter.unitId,
        subjectPersonId: filter.subjectPersonId ?? null,
        periodId: filter.periodId ?? null,
      });
      return rows.map((row) => recordRow.parse(row));
    },
    async page(query) {
      const rows = page.all({
        unitId: query.unitId,
        personId: query.personId ?? null,
        periodId: query.periodId ?? null,
        action: query.action ?? null,
        // Always a bound (never `IS NULL OR`), so the scan starts at that id instead of the newest row.
        beforeId: query.beforeId ?? Number.MAX_SAFE_INTEGER,
        limit: auditPageLimit(query.limit),
      });
      return rows.map((row) => recordRow.parse(row));
    },
  };
}
