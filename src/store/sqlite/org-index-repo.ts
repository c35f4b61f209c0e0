/** The organisation index ({@link OrgIndexRepository}) over prepared statements; rows checked in shared/org-index-rows. */
import type Database from 'better-sqlite3';
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

const decoders: Decoders = {
  json: (v) => (v === null || v === undefined ? null : (JSON.parse(String(v)) as unknown)),
  bool: (v) => (v === null || v === undefined ? null : v === 1 || v === true),
};

const jsonText = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

export function createOrgIndexRepository(c: Database.Database): OrgIndexRepository {
  const insertPeriod = c.prepare(
    `INSERT INTO org_periods (unit_id, rubric_version_id, year, calendar) VALUES (?, ?, ?, ?) RETURNING ${ORG_PERIOD_COLUMNS}`,
  );
  const getPeriod = c.prepare(`SELECT ${ORG_PERIOD_COLUMNS} FROM org_periods WHERE id = ?`);
  const findPeriod = c.prepare(`SELECT ${ORG_PERIOD_COLUMNS} FROM org_periods WHERE unit_id = ? AND year = ?`);
  const ofUnit = c.prepare(`SELECT ${ORG_PERIOD_COLUMNS} FROM org_periods WHERE unit_id = ? ORDER BY year`);
  const ofYear = c.prepare(`SELECT ${ORG_PERIOD_COLUMNS} FROM org_periods WHERE year = ? ORDER BY unit_id`);
  const allPeriods = c.prepare(`SELECT ${ORG_PERIOD_COLUMNS} FROM org_periods ORDER BY year, id`);
  const officials = c.prepare('SELECT person_id, code FROM org_officials WHERE unit_id = ? ORDER BY person_id, code');
  const addOfficial = c.prepare('INSERT INTO org_officials (unit_id, person_id, code) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const removeOfficial = c.prepare('DELETE FROM org_officials WHERE unit_id = ? AND person_id = ? AND code = ?');
  const assignments = c.prepare(
    'SELECT criterion_id, person_id, assigned_by_id, assigned_at FROM org_assignments WHERE period_id = ? ORDER BY criterion_id, person_id',
  );
  const clearAssignees = c.prepare('DELETE FROM org_assignments WHERE period_id = ? AND criterion_id = ?');
  const addAssignee = c.prepare(
    'INSERT INTO org_assignments (period_id, criterion_id, person_id, assigned_by_id, assigned_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const answers = c.prepare(`SELECT ${ORG_ANSWER_COLUMNS} FROM org_answers WHERE period_id = ? ORDER BY criterion_id`);
  const answer = c.prepare(`SELECT ${ORG_ANSWER_COLUMNS} FROM org_answers WHERE period_id = ? AND criterion_id = ?`);
  const putAnswer = c.prepare(
    `INSERT INTO org_answers (${ORG_ANSWER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (period_id, criterion_id) DO UPDATE SET value = excluded.value, detail = excluded.detail,
       answered_by_id = excluded.answered_by_id, answered_at = excluded.answered_at, status = excluded.status,
       reviewed_value = excluded.reviewed_value, review_reason = excluded.review_reason,
       reviewed_by_id = excluded.reviewed_by_id, reviewed_at = excluded.reviewed_at, updated_at = excluded.updated_at`,
  );
  const evidenceAll = c.prepare(`SELECT ${ORG_EVIDENCE_COLUMNS} FROM org_evidence WHERE period_id = ? ORDER BY id`);
  const evidenceOne = c.prepare(`SELECT ${ORG_EVIDENCE_COLUMNS} FROM org_evidence WHERE period_id = ? AND criterion_id = ? ORDER BY id`);
  const addEvidence = c.prepare(
    `INSERT INTO org_evidence (period_id, criterion_id, kind, url, file_path, sha256, size, mime, file_name, signed, added_by_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${ORG_EVIDENCE_COLUMNS}`,
  );
  const period = (raw: unknown): OrgPeriodRecord => orgPeriodOf(raw, decoders);

  return {
    async insertPeriod(p) {
      return period(insertPeriod.get(p.unitId, p.rubricVersionId, p.year, JSON.stringify(p.calendar)));
    },
    async getPeriod(id) {
      const raw = getPeriod.get(id);
      return raw === undefined ? null : period(raw);
    },
    async findPeriod(unitId, year) {
      const raw = findPeriod.get(unitId, year);
      return raw === undefined ? null : period(raw);
    },
    async listPeriodsOfUnit(unitId) {
      return ofUnit.all(unitId).map(period);
    },
    async listPeriodsOfYear(year) {
      return ofYear.all(year).map(period);
    },
    async listPeriodsByStatus(statuses) {
      return allPeriods
        .all()
        .map(period)
        .filter((p) => statuses.includes(p.status));
    },
    async updatePeriod(id, patch) {
      const sets: string[] = [];
      const values: unknown[] = [];
      for (const [key, column] of Object.entries(ORG_PERIOD_PATCH_COLUMNS)) {
        if (!(key in patch)) continue;
        const value = patch[key as keyof typeof patch];
        if (value === undefined) continue;
        sets.push(`${column} = ?`);
        values.push(key === 'calendar' ? JSON.stringify(value) : value);
      }
      if (sets.length > 0) c.prepare(`UPDATE org_periods SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
      const raw = getPeriod.get(id);
      if (raw === undefined) throw new Error(`org period ${id} not found`);
      return period(raw);
    },
    async listOfficials(unitId) {
      return officials.all(unitId).map((raw) => {
        const r = officialRow.parse(raw);
        return { personId: r.person_id, code: r.code };
      });
    },
    async addOfficial(unitId, o) {
      addOfficial.run(unitId, o.personId, o.code);
    },
    async removeOfficial(unitId, o) {
      return removeOfficial.run(unitId, o.personId, o.code).changes > 0;
    },
    async listAssignments(periodId) {
      return assignments.all(periodId).map((raw) => {
        const r = assignmentRow.parse(raw);
        return { criterionId: r.criterion_id, personId: r.person_id, assignedById: r.assigned_by_id, assignedAt: r.assigned_at };
      });
    },
    async setAssignees(periodId, criterionId, personIds, by, at) {
      clearAssignees.run(periodId, criterionId);
      for (const personId of personIds) addAssignee.run(periodId, criterionId, personId, by, at);
    },
    async listAnswers(periodId) {
      return answers.all(periodId).map((raw) => orgAnswerOf(raw, decoders));
    },
    async getAnswer(periodId, criterionId) {
      const raw = answer.get(periodId, criterionId);
      return raw === undefined ? null : orgAnswerOf(raw, decoders);
    },
    async putAnswer(a) {
      putAnswer.run(
        a.periodId,
        a.criterionId,
        jsonText(a.value),
        jsonText(a.detail),
        a.answeredById,
        a.answeredAt,
        a.status,
        jsonText(a.reviewedValue),
        a.reviewReason,
        a.reviewedById,
        a.reviewedAt,
        a.updatedAt,
      );
    },
    async listEvidence(periodId, criterionId) {
      const raws = criterionId === undefined ? evidenceAll.all(periodId) : evidenceOne.all(periodId, criterionId);
      return raws.map((raw) => orgEvidenceOf(raw, decoders));
    },
    async addEvidence(e) {
      const signed = e.signed === null ? null : e.signed ? 1 : 0;
      return orgEvidenceOf(
        addEvidence.get(e.periodId, e.criterionId, e.kind, e.url, e.filePath, e.sha256, e.size, e.mime, e.fileName, signed, e.addedById, e.createdAt),
        decoders,
      );
    },
  };
}
