/**
 * Periods, rubrics, submissions, answers and evidence for the engine ({@link AssessmentPort}). Hot-path reads and
 * writes use prepared statements (drizzle's query builder costs far more per row); JSON columns are parsed with zod.
 */
import { z } from 'zod';
import type { AssessmentPort, EvidenceView, SubmissionPatch, SubmissionView } from '../conversation/ports.js';
import type { AnswerValue } from '../scoring/types.js';
import type { Db } from './open-db.js';
import { rubricOfVersion } from './periods-repo.js';

const answerValueSchema: z.ZodType<AnswerValue> = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

const periodRow = z.object({
  id: z.number().int(),
  unit_id: z.string(),
  code: z.string(),
  year: z.number().int(),
  quarter: z.number().int(),
  rubric_version_id: z.number().int(),
  status: z.enum(['open', 'submitted_to_director', 'finalised']),
  self_deadline: z.string(),
});

const statusSchema = z.enum(['draft', 'submitted', 'returned', 'approved']);
const submissionRow = z.object({
  id: z.number().int(),
  period_id: z.number().int(),
  person_id: z.number().int(),
  status: statusSchema,
  self_total: z.number().nullable(),
  reviewed_total: z.number().nullable(),
  band: z.string().nullable(),
  submitted_at: z.number().nullable(),
  reviewed_at: z.number().nullable(),
  return_reason: z.string().nullable(),
  revision: z.number().int(),
});
const answerRow = z.object({ criterion_id: z.string(), value: z.string(), self_points: z.number().nullable() });
const evidenceRow = z.object({
  id: z.number().int(),
  criterion_id: z.string(),
  kind: z.enum(['link', 'file']),
  url: z.string().nullable(),
  file_path: z.string().nullable(),
  sha256: z.string().nullable(),
  size: z.number().nullable(),
  mime: z.string().nullable(),
  original_name: z.string().nullable(),
});
const scoreRow = z.object({
  period_id: z.number().int(),
  code: z.string(),
  quarter: z.number().int(),
  status: statusSchema,
  self_total: z.number().nullable(),
  reviewed_total: z.number().nullable(),
  band: z.string().nullable(),
});
const progressRow = z.object({
  department_id: z.number().int().nullable(),
  department_name: z.string().nullable(),
  members: z.number().int(),
  draft: z.number().int(),
  submitted: z.number().int(),
  returned: z.number().int(),
  approved: z.number().int(),
});

const SUBMISSION_COLUMNS =
  'id, period_id, person_id, status, self_total, reviewed_total, band, submitted_at, reviewed_at, return_reason, revision';
const ASSESSED_ROLES = `('staff','laborer','head','leader','office','director')`;

/** Column names of the patchable submission fields. */
const PATCH_COLUMNS: Record<keyof SubmissionPatch, string> = {
  status: 'status',
  selfTotal: 'self_total',
  band: 'band',
  classified: 'classified',
  submittedAt: 'submitted_at',
  submittedLate: 'submitted_late',
  lastSubmittedAnswers: 'last_submitted_answers',
};

export function createAssessmentPort(db: Db): AssessmentPort {
  const c = db.$client;
  const openPeriod = c.prepare(
    `SELECT id, unit_id, code, year, quarter, rubric_version_id, status, self_deadline FROM periods
     WHERE unit_id = ? AND status = 'open' ORDER BY year DESC, quarter DESC LIMIT 1`,
  );
  const findSubmission = c.prepare(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE period_id = ? AND person_id = ?`);
  const getSubmission = c.prepare(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE id = ?`);
  const insertSubmission = c.prepare(
    `INSERT INTO submissions (period_id, person_id, status, updated_at) VALUES (?, ?, 'draft', ?)
     ON CONFLICT(period_id, person_id) DO NOTHING`,
  );
  const listAnswers = c.prepare('SELECT criterion_id, value, self_points FROM answers WHERE submission_id = ? ORDER BY id');
  const getAnswer = c.prepare('SELECT criterion_id, value, self_points FROM answers WHERE submission_id = ? AND criterion_id = ?');
  const upsertAnswer = c.prepare(
    `INSERT INTO answers (submission_id, criterion_id, value, self_points, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(submission_id, criterion_id) DO UPDATE SET value = excluded.value, self_points = excluded.self_points,
       updated_at = excluded.updated_at`,
  );
  const insertEvidence = c.prepare(
    `INSERT INTO evidence (submission_id, criterion_id, kind, url, file_path, sha256, size, mime, original_name, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const listEvidence = c.prepare(
    `SELECT id, criterion_id, kind, url, file_path, sha256, size, mime, original_name FROM evidence
     WHERE submission_id = ? ORDER BY id`,
  );
  const scores = c.prepare(
    `SELECT s.period_id, p.code, p.quarter, s.status, s.self_total, s.reviewed_total, s.band
     FROM submissions s JOIN periods p ON p.id = s.period_id WHERE s.person_id = ? AND p.year = ? ORDER BY p.quarter`,
  );
  const progress = c.prepare(
    `SELECT d.id AS department_id, d.name AS department_name, COUNT(*) AS members,
       COALESCE(SUM(CASE WHEN s.status IS NULL OR s.status = 'draft' THEN 1 ELSE 0 END), 0) AS draft,
       COALESCE(SUM(CASE WHEN s.status = 'submitted' THEN 1 ELSE 0 END), 0) AS submitted,
       COALESCE(SUM(CASE WHEN s.status = 'returned' THEN 1 ELSE 0 END), 0) AS returned,
       COALESCE(SUM(CASE WHEN s.status = 'approved' THEN 1 ELSE 0 END), 0) AS approved
     FROM periods pr
     JOIN people p ON p.unit_id = pr.unit_id AND p.active = 1
     LEFT JOIN departments d ON d.id = p.department_id
     LEFT JOIN submissions s ON s.person_id = p.id AND s.period_id = pr.id
     WHERE pr.id = ? AND EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = p.id AND r.role IN ${ASSESSED_ROLES})
     GROUP BY d.id ORDER BY d.name`,
  );
  const patchStatements = new Map<string, ReturnType<typeof c.prepare>>();

  const submissionById = (id: number): SubmissionView => toSubmission(getSubmission.get(id));

  return {
    openPeriodFor(unitId) {
      const row: unknown = openPeriod.get(unitId);
      if (row === undefined) return null;
      const r = periodRow.parse(row);
      return {
        id: r.id,
        unitId: r.unit_id,
        code: r.code,
        year: r.year,
        quarter: r.quarter,
        rubricVersionId: r.rubric_version_id,
        status: r.status,
        selfDeadline: r.self_deadline,
      };
    },
    getRubric: (rubricVersionId) => rubricOfVersion(db, rubricVersionId),
    findSubmission(periodId, personId) {
      const row: unknown = findSubmission.get(periodId, personId);
      return row === undefined ? null : toSubmission(row);
    },
    ensureSubmission(periodId, personId, now) {
      insertSubmission.run(periodId, personId, now);
      return toSubmission(findSubmission.get(periodId, personId));
    },
    listAnswers(submissionId) {
      return listAnswers.all(submissionId).map(toAnswer);
    },
    saveAnswer(submissionId, answer, now) {
      const before: unknown = getAnswer.get(submissionId, answer.criterionId);
      upsertAnswer.run(submissionId, answer.criterionId, JSON.stringify(answer.value), answer.selfPoints, now);
      return before === undefined ? null : toAnswer(before);
    },
    addEvidence(submissionId, criterionId, ev, now) {
      const file = ev.kind === 'file' ? ev : null;
      const row = z
        .object({ id: z.number().int() })
        .parse(
          insertEvidence.get(
            submissionId,
            criterionId,
            ev.kind,
            ev.kind === 'link' ? ev.url : null,
            file?.filePath ?? null,
            file?.sha256 ?? null,
            file?.size ?? null,
            file?.mime ?? null,
            file?.originalName ?? null,
            now,
          ),
        );
      return { ...ev, id: row.id, criterionId };
    },
    listEvidence(submissionId) {
      return listEvidence.all(submissionId).map(toEvidence);
    },
    updateSubmission(submissionId, patch, now) {
      const keys = (Object.keys(PATCH_COLUMNS) as (keyof SubmissionPatch)[]).filter((k) => patch[k] !== undefined);
      const signature = keys.join(',');
      let statement = patchStatements.get(signature);
      if (!statement) {
        const sets = keys.map((k) => `${PATCH_COLUMNS[k]} = ?`);
        statement = c.prepare(
          `UPDATE submissions SET ${[...sets, 'revision = revision + 1', 'updated_at = ?'].join(', ')} WHERE id = ?`,
        );
        patchStatements.set(signature, statement);
      }
      const values = keys.map((k) => sqlValue(patch[k]));
      statement.run([...values, now, submissionId]);
      return submissionById(submissionId);
    },
    scoresOf(personId, year) {
      return scores.all(personId, year).map((row) => {
        const r = scoreRow.parse(row);
        return {
          periodId: r.period_id,
          code: r.code,
          quarter: r.quarter,
          status: r.status,
          selfTotal: r.self_total,
          reviewedTotal: r.reviewed_total,
          band: r.band,
        };
      });
    },
    progressByDepartment(periodId) {
      return progress.all(periodId).map((row) => {
        const r = progressRow.parse(row);
        return {
          departmentId: r.department_id,
          departmentName: r.department_name,
          members: r.members,
          draft: r.draft,
          submitted: r.submitted,
          returned: r.returned,
          approved: r.approved,
        };
      });
    },
  };
}

function sqlValue(value: SubmissionPatch[keyof SubmissionPatch]): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

function toSubmission(row: unknown): SubmissionView {
  const r = submissionRow.parse(row);
  return {
    id: r.id,
    periodId: r.period_id,
    personId: r.person_id,
    status: r.status,
    selfTotal: r.self_total,
    reviewedTotal: r.reviewed_total,
    band: r.band,
    submittedAt: r.submitted_at,
    reviewedAt: r.reviewed_at,
    returnReason: r.return_reason,
    revision: r.revision,
  };
}

function toAnswer(row: unknown) {
  const r = answerRow.parse(row);
  return { criterionId: r.criterion_id, value: answerValueSchema.parse(JSON.parse(r.value)), selfPoints: r.self_points };
}

function toEvidence(row: unknown): EvidenceView {
  const r = evidenceRow.parse(row);
  if (r.kind === 'link') return { kind: 'link', url: r.url ?? '', id: r.id, criterionId: r.criterion_id };
  return {
    kind: 'file',
    id: r.id,
    criterionId: r.criterion_id,
    filePath: r.file_path ?? '',
    sha256: r.sha256 ?? '',
    size: r.size ?? 0,
    mime: r.mime ?? 'application/octet-stream',
    originalName: r.original_name,
  };
}
