/**
 * Periods, rubric versions, submissions, answers and evidence ({@link AssessmentRepository}). Hot-path reads and
 * writes use prepared statements; rows read on every event come as arrays and are checked by hand
 * (`row-check.ts`), colder rows and JSON columns are parsed with zod.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { selfAssesses } from '../../directory/self-assessing.js';
import { ROLES } from '../../scoring/rubric-schema.js';
import type { AnswerValue } from '../../scoring/types.js';
import type {
  AnswerView,
  AssessmentRepository,
  DepartmentProgress,
  EvidenceView,
  LoadedSubmission,
  PeriodView,
  SubmissionPatch,
  SubmissionView,
} from '../assessment.js';
import type { SettingsRepository } from '../settings.js';
import { PERIOD_STATUSES, SUBMISSION_STATUSES } from '../statuses.js';
import type { RubricVersions } from './rubric-versions.js';
import { int, numOrNull, oneOf, rowArray, RowShapeError, str, strOrNull } from '../shared/row-check.js';

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
  status: z.enum(SUBMISSION_STATUSES),
  self_total: z.number().nullable(),
  reviewed_total: z.number().nullable(),
  band: z.string().nullable(),
  period_status: z.enum(PERIOD_STATUSES),
  rubric_version_id: z.number().int(),
  answers: z.string(),
});
/** The id an INSERT … RETURNING id gives back. */
const insertedId = z.object({ id: z.number().int() });
const scoreAnswersSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]));
/** One active member of the period's unit: department, roles (comma-separated) and submission status, if any. */
const memberRow = z.object({
  department_id: z.number().int().nullable(),
  department_name: z.string().nullable(),
  roles: z.string().nullable(),
  status: z.enum(SUBMISSION_STATUSES).nullable(),
});

const SUBMISSION_COLUMNS =
  'id, period_id, person_id, status, self_total, reviewed_total, band, submitted_at, reviewed_at, return_reason, revision';

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

/** `loadOpenSession` composes the other reads (on SQLite a statement is a function call). */
export function createAssessmentRepository(c: Database.Database, rubrics: RubricVersions, settings: SettingsRepository): AssessmentRepository {
  const openPeriod = c
    .prepare(
      `SELECT id, unit_id, code, year, quarter, rubric_version_id, status, self_deadline FROM periods
       WHERE unit_id = ? AND status = 'open' ORDER BY year DESC, quarter DESC LIMIT 1`,
    )
    .raw(true);
  const findSubmission = c
    .prepare(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE period_id = ? AND person_id = ?`)
    .raw(true);
  const getSubmission = c.prepare(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE id = ?`).raw(true);
  const insertSubmission = c.prepare(
    `INSERT INTO submissions (period_id, person_id, status, updated_at) VALUES (?, ?, 'draft', ?)
     ON CONFLICT(period_id, person_id) DO NOTHING`,
  );
  const listAnswers = c
    .prepare('SELECT criterion_id, value, self_points FROM answers WHERE submission_id = ? ORDER BY id')
    .raw(true);
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
    `SELECT s.period_id, p.code, p.quarter, s.status, s.self_total, s.reviewed_total, s.band,
       p.status AS period_status, p.rubric_version_id,
       (SELECT json_group_object(a.criterion_id, json(COALESCE(a.reviewed_value, a.value))) FROM answers a
        WHERE a.submission_id = s.id) AS answers
     FROM submissions s JOIN periods p ON p.id = s.period_id WHERE s.person_id = ? AND p.year = ? ORDER BY p.quarter`,
  );
  const periodRubric = c.prepare('SELECT rubric_version_id FROM periods WHERE id = ?').pluck();
  // Who counts is decided in code by the period's rubric (selfAssesses), as for reminders and /tudanhgia.
  const progressMembers = c.prepare(
    `SELECT d.id AS department_id, d.name AS department_name,
       (SELECT group_concat(r.role) FROM person_roles r WHERE r.person_id = p.id) AS roles, s.status
     FROM periods pr
     JOIN people p ON p.unit_id = pr.unit_id AND p.active = 1
     LEFT JOIN departments d ON d.id = p.department_id
     LEFT JOIN submissions s ON s.person_id = p.id AND s.period_id = pr.id
     WHERE pr.id = ? ORDER BY d.name, d.id`,
  );
  const patchStatements = new Map<string, ReturnType<typeof c.prepare>>();

  const readSubmission = (statementRow: unknown): SubmissionView | null =>
    statementRow === undefined ? null : toSubmission(statementRow);
  const openPeriodFor = async (unitId: string): Promise<PeriodView | null> => {
    const row: unknown = openPeriod.get(unitId);
    return row === undefined ? null : toPeriod(row);
  };
  const loadSubmission = async (periodId: number, personId: number): Promise<LoadedSubmission | null> => {
    const submission = readSubmission(findSubmission.get(periodId, personId));
    if (!submission) return null;
    return { submission, answers: listAnswers.all(submission.id).map(toAnswer), evidence: listEvidence.all(submission.id).map(toEvidence) };
  };
  return {
    async loadOpenSession(unitId, personId) {
      const unit = await settings.getUnit(unitId);
      const period = await openPeriodFor(unitId);
      return { unitSettings: unit ? unit.settings : null, period, loaded: period ? await loadSubmission(period.id, personId) : null };
    },
    openPeriodFor,
    async getRubric(rubricVersionId) {
      return rubrics.get(rubricVersionId);
    },
    async findSubmission(periodId, personId) {
      return readSubmission(findSubmission.get(periodId, personId));
    },
    async getSubmission(submissionId) {
      return readSubmission(getSubmission.get(submissionId));
    },
    loadSubmission,
    async ensureSubmission(periodId, personId, now) {
      insertSubmission.run(periodId, personId, now);
      const s = readSubmission(findSubmission.get(periodId, personId));
      if (!s) throw new RowShapeError('submissions: row missing after insert');
      return s;
    },
    async listAnswers(submissionId) {
      return listAnswers.all(submissionId).map(toAnswer);
    },
    async saveAnswer(submissionId, answer, now) {
      upsertAnswer.run(submissionId, answer.criterionId, JSON.stringify(answer.value), answer.selfPoints, now);
    },
    async addEvidence(submissionId, criterionId, ev, now) {
      const file = ev.kind === 'file' ? ev : null;
      const row = insertedId.parse(
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
    async listEvidence(submissionId) {
      return listEvidence.all(submissionId).map(toEvidence);
    },
    async updateSubmission(submissionId, patch, now) {
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
      const s = readSubmission(getSubmission.get(submissionId));
      if (!s) throw new RowShapeError('submissions: row missing after update');
      return s;
    },
    async scoresOf(personId, year) {
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
          periodStatus: r.period_status,
          rubricVersionId: r.rubric_version_id,
          answers: scoreAnswersSchema.parse(JSON.parse(r.answers)),
        };
      });
    },
    async progressByDepartment(periodId) {
      const versionId = z.number().int().optional().parse(periodRubric.get(periodId));
      if (versionId === undefined) return [];
      const rubric = rubrics.get(versionId);
      const byDepartment = new Map<number | null, DepartmentProgress>();
      for (const row of progressMembers.all(periodId)) {
        const r = memberRow.parse(row);
        const roles = r.roles ? r.roles.split(',').map((role) => oneOf(role, ROLES, 'person_roles.role')) : [];
        if (!selfAssesses(rubric, roles)) continue;
        let d = byDepartment.get(r.department_id);
        if (!d) byDepartment.set(r.department_id, (d = noProgress(r.department_id, r.department_name)));
        d.members++;
        d[r.status ?? 'draft']++;
      }
      return [...byDepartment.values()];
    },
  };
}

function noProgress(departmentId: number | null, departmentName: string | null): DepartmentProgress {
  return { departmentId, departmentName, members: 0, draft: 0, submitted: 0, returned: 0, approved: 0 };
}

function sqlValue(value: SubmissionPatch[keyof SubmissionPatch]): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

function toPeriod(row: unknown): PeriodView {
  const r = rowArray(row, 'periods', 8);
  return {
    id: int(r[0], 'periods.id'),
    unitId: str(r[1], 'periods.unit_id'),
    code: str(r[2], 'periods.code'),
    year: int(r[3], 'periods.year'),
    quarter: int(r[4], 'periods.quarter'),
    rubricVersionId: int(r[5], 'periods.rubric_version_id'),
    status: oneOf(r[6], PERIOD_STATUSES, 'periods.status'),
    selfDeadline: str(r[7], 'periods.self_deadline'),
  };
}

function toSubmission(row: unknown): SubmissionView {
  const r = rowArray(row, 'submissions', 11);
  return {
    id: int(r[0], 'submissions.id'),
    periodId: int(r[1], 'submissions.period_id'),
    personId: int(r[2], 'submissions.person_id'),
    status: oneOf(r[3], SUBMISSION_STATUSES, 'submissions.status'),
    selfTotal: numOrNull(r[4], 'submissions.self_total'),
    reviewedTotal: numOrNull(r[5], 'submissions.reviewed_total'),
    band: strOrNull(r[6], 'submissions.band'),
    submittedAt: numOrNull(r[7], 'submissions.submitted_at'),
    reviewedAt: numOrNull(r[8], 'submissions.reviewed_at'),
    returnReason: strOrNull(r[9], 'submissions.return_reason'),
    revision: int(r[10], 'submissions.revision'),
  };
}

function toAnswer(row: unknown): AnswerView {
  const r = rowArray(row, 'answers', 3);
  const value = answerValue(JSON.parse(str(r[1], 'answers.value')));
  return {
    criterionId: str(r[0], 'answers.criterion_id'),
    value,
    selfPoints: numOrNull(r[2], 'answers.self_points'),
  };
}

/** An answer value as stored: a string, a number, a boolean or a list of strings. */
function answerValue(value: unknown): AnswerValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new RowShapeError('answers.value: unexpected value');
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
