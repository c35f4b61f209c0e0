/** PostgreSQL: the organisation index (see repositories.ts for what differs from SQLite). */
import type { OrgIndexRepository, OrgPeriodRecord } from '../org-index.js';
import {
  assignmentRow,
  officialRow,
  orgAnswerOf,
  orgEvidenceOf,
  orgPeriodOf,
  ORG_ANSWER_COLUMNS,
  ORG_EVIDENCE_COLUMNS,
  ORG_PERIOD_COLUMNS,
  ORG_PERIOD_PATCH_COLUMNS,
  type Decoders,
} from '../shared/org-index-rows.js';
import { type Client, rows, run } from './pg-query.js';

const decoders: Decoders = {
  json: (v) => (v === undefined ? null : v),
  bool: (v) => (typeof v === 'boolean' ? v : null),
};

/** A value for a jsonb parameter (JSON text, or SQL NULL). */
const jsonb = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

export function orgIndexRepository(c: Client): OrgIndexRepository {
  const period = (raw: unknown): OrgPeriodRecord => orgPeriodOf(raw, decoders);
  const one = async (name: string, text: string, values: unknown[]): Promise<OrgPeriodRecord | null> => {
    const found = await rows(c, name, text, values);
    return found[0] === undefined ? null : period(found[0]);
  };
  return {
    async insertPeriod(p) {
      const found = await rows(
        c,
        'org_period_insert',
        `INSERT INTO org_periods (unit_id, rubric_version_id, year, calendar) VALUES ($1, $2, $3, $4::jsonb) RETURNING ${ORG_PERIOD_COLUMNS}`,
        [p.unitId, p.rubricVersionId, p.year, JSON.stringify(p.calendar)],
      );
      return period(found[0]);
    },
    getPeriod: (id) => one('org_period_get', `SELECT ${ORG_PERIOD_COLUMNS} FROM org_periods WHERE id = $1`, [id]),
    findPeriod: (unitId, year) =>
      one('org_period_find', `SELECT ${ORG_PERIOD_COLUMNS} FROM org_periods WHERE unit_id = $1 AND year = $2`, [unitId, year]),
    async listPeriodsOfUnit(unitId) {
      const found = await rows(c, 'org_period_unit', `SELECT ${ORG_PERIOD_COLUMNS} FROM org_periods WHERE unit_id = $1 ORDER BY year`, [unitId]);
      return found.map(period);
    },
    async listPeriodsOfYear(year) {
      const found = await rows(c, 'org_period_year', `SELECT ${ORG_PERIOD_COLUMNS} FROM org_periods WHERE year = $1 ORDER BY unit_id COLLATE "C"`, [
        year,
      ]);
      return found.map(period);
    },
    async listPeriodsByStatus(statuses) {
      const found = await rows(
        c,
        'org_period_status',
        `SELECT ${ORG_PERIOD_COLUMNS} FROM org_periods WHERE status = ANY($1::text[]) ORDER BY year, id`,
        [statuses],
      );
      return found.map(period);
    },
    async updatePeriod(id, patch) {
      const sets: string[] = [];
      const values: unknown[] = [];
      for (const [key, column] of Object.entries(ORG_PERIOD_PATCH_COLUMNS)) {
        const value = patch[key as keyof typeof patch];
        if (value === undefined) continue;
        values.push(key === 'calendar' ? JSON.stringify(value) : value);
        sets.push(`${column} = $${values.length}${key === 'calendar' ? '::jsonb' : ''}`);
      }
      if (sets.length > 0) await run(c, `UPDATE org_periods SET ${sets.join(', ')} WHERE id = $${values.length + 1}`, [...values, id]);
      const updated = await one('org_period_get', `SELECT ${ORG_PERIOD_COLUMNS} FROM org_periods WHERE id = $1`, [id]);
      if (!updated) throw new Error(`org period ${id} not found`);
      return updated;
    },
    async listOfficials(unitId) {
      const found = await rows(c, 'org_officials', 'SELECT person_id, code FROM org_officials WHERE unit_id = $1 ORDER BY person_id, code COLLATE "C"', [
        unitId,
      ]);
      return found.map((raw) => {
        const r = officialRow.parse(raw);
        return { personId: r.person_id, code: r.code };
      });
    },
    async addOfficial(unitId, o) {
      await rows(c, 'org_official_add', 'INSERT INTO org_officials (unit_id, person_id, code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        unitId,
        o.personId,
        o.code,
      ]);
    },
    async removeOfficial(unitId, o) {
      const result = await c.query({
        name: 'thidua_org_official_remove',
        text: 'DELETE FROM org_officials WHERE unit_id = $1 AND person_id = $2 AND code = $3',
        values: [unitId, o.personId, o.code],
      });
      return (result.rowCount ?? 0) > 0;
    },
    async listAssignments(periodId) {
      const found = await rows(
        c,
        'org_assignments',
        'SELECT criterion_id, person_id, assigned_by_id, assigned_at FROM org_assignments WHERE period_id = $1 ORDER BY criterion_id COLLATE "C", person_id',
        [periodId],
      );
      return found.map((raw) => {
        const r = assignmentRow.parse(raw);
        return { criterionId: r.criterion_id, personId: r.person_id, assignedById: r.assigned_by_id, assignedAt: r.assigned_at };
      });
    },
    async setAssignees(periodId, criterionId, personIds, by, at) {
      await rows(c, 'org_assignees_clear', 'DELETE FROM org_assignments WHERE period_id = $1 AND criterion_id = $2', [periodId, criterionId]);
      for (const personId of personIds) {
        await rows(
          c,
          'org_assignee_add',
          `INSERT INTO org_assignments (period_id, criterion_id, person_id, assigned_by_id, assigned_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT DO NOTHING`,
          [periodId, criterionId, personId, by, at],
        );
      }
    },
    async listAnswers(periodId) {
      const found = await rows(c, 'org_answers', `SELECT ${ORG_ANSWER_COLUMNS} FROM org_answers WHERE period_id = $1 ORDER BY criterion_id COLLATE "C"`, [
        periodId,
      ]);
      return found.map((raw) => orgAnswerOf(raw, decoders));
    },
    async getAnswer(periodId, criterionId) {
      const found = await rows(c, 'org_answer', `SELECT ${ORG_ANSWER_COLUMNS} FROM org_answers WHERE period_id = $1 AND criterion_id = $2`, [
        periodId,
        criterionId,
      ]);
      return found[0] === undefined ? null : orgAnswerOf(found[0], decoders);
    },
    async putAnswer(a) {
      await rows(
        c,
        'org_answer_put',
        `INSERT INTO org_answers (${ORG_ANSWER_COLUMNS}) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7, $8::jsonb, $9, $10, $11, $12)
         ON CONFLICT (period_id, criterion_id) DO UPDATE SET value = excluded.value, detail = excluded.detail,
           answered_by_id = excluded.answered_by_id, answered_at = excluded.answered_at, status = excluded.status,
           reviewed_value = excluded.reviewed_value, review_reason = excluded.review_reason,
           reviewed_by_id = excluded.reviewed_by_id, reviewed_at = excluded.reviewed_at, updated_at = excluded.updated_at`,
        [
          a.periodId,
          a.criterionId,
          jsonb(a.value),
          jsonb(a.detail),
          a.answeredById,
          a.answeredAt,
          a.status,
          jsonb(a.reviewedValue),
          a.reviewReason,
          a.reviewedById,
          a.reviewedAt,
          a.updatedAt,
        ],
      );
    },
    async listEvidence(periodId, criterionId) {
      const found =
        criterionId === undefined
          ? await rows(c, 'org_evidence_all', `SELECT ${ORG_EVIDENCE_COLUMNS} FROM org_evidence WHERE period_id = $1 ORDER BY id`, [periodId])
          : await rows(c, 'org_evidence_one', `SELECT ${ORG_EVIDENCE_COLUMNS} FROM org_evidence WHERE period_id = $1 AND criterion_id = $2 ORDER BY id`, [
              periodId,
              criterionId,
            ]);
      return found.map((raw) => orgEvidenceOf(raw, decoders));
    },
    async addEvidence(e) {
      const found = await rows(
        c,
        'org_evidence_add',
        `INSERT INTO org_evidence (period_id, criterion_id, kind, url, file_path, sha256, size, mime, file_name, signed, added_by_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${ORG_EVIDENCE_COLUMNS}`,
        [e.periodId, e.criterionId, e.kind, e.url, e.filePath, e.sha256, e.size, e.mime, e.fileName, e.signed, e.addedById, e.createdAt],
      );
      return orgEvidenceOf(found[0], decoders);
    },
  };
}
