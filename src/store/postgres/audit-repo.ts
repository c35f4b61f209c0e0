/** PostgreSQL: audit (see repositories.ts for what differs from SQLite). */
import { auditPageLimit, type AuditRecord, type AuditRepository } from '../audit.js';
import { type Client, insertedId, rows } from './pg-query.js';
import { z } from 'zod';

export const auditRecordRow = z
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
    before: z.unknown(),
    after: z.unknown(),
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
      before: r.before ?? null,
      after: r.after ?? null,
      reason: r.reason,
    }),
  );

/** Every audit read: one unit's entries (`$1`) in a period (`$3`, null: any), whose columns `auditRecordRow` reads. */
const SELECT_AUDIT = `SELECT id, at, unit_id, actor_person_id, channel, action, entity_type, entity_id, subject_person_id,
    period_id, before, after, reason
  FROM audit_log
  WHERE unit_id = $1
    AND ($3::integer IS NULL OR period_id = $3)`;

/** {@link SELECT_AUDIT} narrowed and ordered by `more` (its own parameters from `$2`, `$4`…), parsed. */
async function selectAudit(c: Client, name: string, more: string, params: unknown[]): Promise<AuditRecord[]> {
  const found = await rows(c, name, `${SELECT_AUDIT}\n    ${more}`, params);
  return found.map((row) => auditRecordRow.parse(row));
}

export function auditRepository(c: Client): AuditRepository {
  return {
    async record(entry) {
      const [row] = await rows(
        c,
        'audit_insert',
        `INSERT INTO audit_log
           (at, unit_id, actor_person_id, channel, action, entity_type, entity_id, subject_person_id, period_id, before, after, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          entry.at,
          entry.unitId ?? null,
          entry.actorPersonId ?? null,
          entry.channel ?? null,
          entry.action,
          entry.entityType,
          entry.entityId,
          entry.subjectPersonId ?? null,
          entry.periodId ?? null,
          // `null` given explicitly is stored as JSON null, as SQLite stores the text 'null'; both read back as null.
          entry.before === undefined ? null : JSON.stringify(entry.before),
          entry.after === undefined ? null : JSON.stringify(entry.after),
          entry.reason ?? null,
        ],
      );
      return insertedId.parse(row).id;
    },
    search: (filter) =>
      selectAudit(c, 'audit_search', 'AND ($2::integer IS NULL OR subject_person_id = $2) ORDER BY id', [filter.unitId, filter.subjectPersonId ?? null, filter.periodId ?? null]),
    page: (query) =>
      selectAudit(
        c,
        'audit_page',
        `AND ($2::integer IS NULL OR subject_person_id = $2 OR actor_person_id = $2)
         AND ($4::text IS NULL OR action = $4)
         AND id < $5::bigint
         ORDER BY id DESC
         LIMIT $6`,
        [query.unitId, query.personId ?? null, query.periodId ?? null, query.action ?? null, query.beforeId ?? Number.MAX_SAFE_INTEGER, auditPageLimit(query.limit)],
      ),
  };
}
