/** PostgreSQL: assessment (see repositories.ts for what differs from SQLite). */
import { selfAssesses } from '../../directory/self-assessing.js';
import { ROLES, rubricSchema, type Rubric } from '../../scoring/rubric-schema.js';
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
import { RowShapeError } from '../shared/row-check.js';
import { PERIOD_STATUSES, SUBMISSION_STATUSES } from '../statuses.js';
import { type Client, type RubricCache, insertedId, readAheadRows, rows, statementName, writeDeferred } from './pg-query.js';
import { z } from 'zod';

const SUBMISSION_COLUMNS =
  'id, period_id, person_id, status, self_total, reviewed_total, band, submitted_at, reviewed_at, return_reason, revision';

const periodViewRow = z.object({
  id: z.number().int(),
  unit_id: z.string(),
  code: z.string(),
  year: z.number().int(),
  quarter: z.number().int(),
  rubric_version_id: z.number().int(),
  status: z.enum(PERIOD_STATUSES),
  self_deadline: z.string(),
});
const submissionRow = z.object({
  id: z.number().int(),
  period_id: z.number().int(),
  person_id: z.number().int(),
  status: z.enum(SUBMISSION_STATUSES),
  self_total: z.number().nullable(),
  reviewed_total: z.number().nullable(),
  band: z.string().nullable(),
  submitted_at: z.number().nullable(),
  reviewed_at: z.number().nullable(),
  return_reason: z.string().nullable(),
  revision: z.number().int(),
});
const answerValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const answerRow = z.object({ criterion_id: z.string(), value: answerValueSchema, self_points: z.number().nullable() });
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
  answers: z.record(z.string(), answerValueSchema),
});
const memberRow = z.object({
  department_id: z.number().int().nullable(),
  department_name: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
  status: z.enum(SUBMISSION_STATUSES).nullable(),
});

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

function toPeriodView(raw: unknown): PeriodView {
  const r = periodViewRow.parse(raw);
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
}

function toSubmission(raw: unknown): SubmissionView {
  const r = submissionRow.parse(raw);
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

function toEvidence(raw: unknown): EvidenceView {
  const r = evidenceRow.parse(raw);
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

/** The open period of the unit `$1` (the newest when several are open). */
const OPEN_PERIOD_SQL = `SELECT id, unit_id, code, year, quarter, rubric_version_id, status, self_deadline FROM periods
  WHERE unit_id = $1 AND status = 'open' ORDER BY year DESC, quarter DESC LIMIT 1`;

/**
 * A submission with its answers and evidence as json arrays (in the order of listAnswers and listEvidence; json_agg
 * keeps int8 sizes and ids as numbers, jsonb answer values as they are); the caller adds the WHERE clause.
 */
const LOADED_SUBMISSION_SQL = `SELECT ${SUBMISSION_COLUMNS},
    (SELECT coalesce(json_agg(json_build_object('criterion_id', a.criterion_id, 'value', a.value, 'self_points', a.self_points)
                              ORDER BY a.id), '[]'::json)
       FROM answers a WHERE a.submission_id = submissions.id) AS answers_json,
    (SELECT coalesce(json_agg(json_build_object('id', e.id, 'criterion_id', e.criterion_id, 'kind', e.kind, 'url', e.url,
                              'file_path', e.file_path, 'sha256', e.sha256, 'size', e.size, 'mime', e.mime,
                              'original_name', e.original_name) ORDER BY e.id), '[]'::json)
       FROM evidence e WHERE e.submission_id = submissions.id) AS evidence_json
  FROM submissions`;

/**
 * ($1 unit, $2 person) The unit's settings, its open period and the person's submission in it, each as JSON. Built
 * once: it runs on every answering step, and the read-ahead remembers this text for each chat.
 */
const OPEN_SESSION_SQL = `SELECT (SELECT settings FROM units WHERE id = $1) AS unit_settings, row_to_json(p) AS period_json, row_to_json(s) AS loaded_json
  FROM (SELECT 1) AS one
  LEFT JOIN LATERAL (${OPEN_PERIOD_SQL}) p ON true
  LEFT JOIN LATERAL (${LOADED_SUBMISSION_SQL} WHERE period_id = p.id AND person_id = $2) s ON true`;

const openSessionRow = z.object({ unit_settings: z.unknown(), period_json: z.unknown(), loaded_json: z.unknown() });
const loadedParts = z.object({ answers_json: z.array(answerRow), evidence_json: z.array(z.unknown()) });

function toLoaded(raw: unknown): LoadedSubmission {
  const parts = loadedParts.parse(raw);
  return {
    submission: toSubmission(raw),
    answers: parts.answers_json.map((r): AnswerView => ({ criterionId: r.criterion_id, value: r.value as AnswerValue, selfPoints: r.self_points })),
    evidence: parts.evidence_json.map(toEvidence),
  };
}

/** A patch value as a query parameter (JSON text for the jsonb snapshot). */
function patchParam(key: keyof SubmissionPatch, value: SubmissionPatch[keyof SubmissionPatch]): unknown {
  if (value === undefined || value === null) return null;
  return key === 'lastSubmittedAnswers' ? JSON.stringify(value) : value;
}

function noProgress(departmentId: number | null, departmentName: string | null): DepartmentProgress {
  return { departmentId, departmentName, members: 0, draft: 0, submitted: 0, returned: 0, approved: 0 };
}

async function rubricOf(c: Client, cache: RubricCache, rubricVersionId: number): Promise<Rubric> {
  const cached = cache.get(rubricVersionId);
  if (cached) return cached;
  const [row] = await rows(c, 'rubric_definition', 'SELECT definition FROM rubric_versions WHERE id = $1', [rubricVersionId]);
  if (!row) throw new Error(`rubric_versions: no version #${rubricVersionId}`);
  const rubric = rubricSchema.parse(row.definition);
  cache.set(rubricVersionId, rubric);
  return rubric;
}

export function assessmentRepository(c: Client, rubrics: RubricCache): AssessmentRepository {
  const findSubmission = async (periodId: number, personId: number) => {
    const [row] = await rows(
      c,
      'sub_find',
      `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE period_id = $1 AND person_id = $2`,
      [periodId, personId],
    );
    return row ? toSubmission(row) : null;
  };
  const getSubmission = async (submissionId: number) => {
    const [row] = await rows(c, 'sub_get', `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE id = $1`, [submissionId]);
    return row ? toSubmission(row) : null;
  };
  return {
    async openPeriodFor(unitId) {
      const [row] = await rows(c, 'period_open', OPEN_PERIOD_SQL, [unitId]);
      return row ? toPeriodView(row) : null;
    },
    getRubric: (rubricVersionId) => rubricOf(c, rubrics, rubricVersionId),
    findSubmission,
    getSubmission,
    async loadSubmission(periodId, personId) {
      // One round trip: the submission, its answers and its evidence (json arrays in the order of listAnswers and
      // listEvidence; json_agg keeps int8 sizes and ids as numbers, jsonb answer values as they are).
      const [row] = await rows(c, 'sub_load', `${LOADED_SUBMISSION_SQL} WHERE period_id = $1 AND person_id = $2`, [periodId, personId]);
      return row ? toLoaded(row) : null;
    },
    async loadOpenSession(unitId, personId) {
      // One round trip: the unit's settings, its open period (as openPeriodFor) and the submission (as loadSubmission),
      // each part as a JSON object (int8 ids and times come back as JSON numbers, as the int8 parser gives them).
      // Sent ahead with the chat's next step while the person answers (readAheadRows): a plain read.
      const [row] = await readAheadRows(
        c,
        'open_session',
        OPEN_SESSION_SQL,
        [unitId, personId],
      );
      const r = openSessionRow.parse(row);
      return { unitSettings: r.unit_settings, period: r.period_json ? toPeriodView(r.period_json) : null, loaded: r.loaded_json ? toLoaded(r.loaded_json) : null };
    },
    async ensureSubmission(periodId, personId, now) {
      await rows(
        c,
        'sub_insert',
        `INSERT INTO submissions (period_id, person_id, status, updated_at) VALUES ($1, $2, 'draft', $3)
         ON CONFLICT (period_id, person_id) DO NOTHING`,
        [periodId, personId, now],
      );
      const s = await findSubmission(periodId, personId);
      if (!s) throw new RowShapeError('submissions: row missing after insert');
      return s;
    },
    async listAnswers(submissionId) {
      const found = await rows(
        c,
        'answers_list',
        'SELECT criterion_id, value, self_points FROM answers WHERE submission_id = $1 ORDER BY id',
        [submissionId],
      );
      return found.map((raw): AnswerView => {
        const r = answerRow.parse(raw);
        return { criterionId: r.criterion_id, value: r.value as AnswerValue, selfPoints: r.self_points };
      });
    },
    async saveAnswer(submissionId, answer, now) {
      // Deferred to the next statement or the COMMIT: nobody reads its result, and a failure fails the unit anyway.
      await writeDeferred(
        c,
        'answer_upsert',
        `INSERT INTO answers (submission_id, criterion_id, value, self_points, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (submission_id, criterion_id) DO UPDATE SET value = excluded.value, self_points = excluded.self_points,
           updated_at = excluded.updated_at`,
        [submissionId, answer.criterionId, JSON.stringify(answer.value), answer.selfPoints, now],
      );
    },
    async addEvidence(submissionId, criterionId, ev, now) {
      const file = ev.kind === 'file' ? ev : null;
      const [row] = await rows(
        c,
        'evidence_insert',
        `INSERT INTO evidence (submission_id, criterion_id, kind, url, file_path, sha256, size, mime, original_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
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
        ],
      );
      return { ...ev, id: insertedId.parse(row).id, criterionId };
    },
    async listEvidence(submissionId) {
      const found = await rows(
        c,
        'evidence_list',
        `SELECT id, criterion_id, kind, url, file_path, sha256, size, mime, original_name FROM evidence
         WHERE submission_id = $1 ORDER BY id`,
        [submissionId],
      );
      return found.map(toEvidence);
    },
    async updateSubmission(submissionId, patch, now) {
      const keys = (Object.keys(PATCH_COLUMNS) as (keyof SubmissionPatch)[]).filter((k) => patch[k] !== undefined);
      const sets = keys.map((k, i) => `${PATCH_COLUMNS[k]} = $${i + 1}`);
      const values = keys.map((k) => patchParam(k, patch[k]));
      const n = keys.length;
      const result = await c.query({
        name: statementName(`sub_patch_${keys.join('_') || 'none'}`),
        text: `UPDATE submissions SET ${[...sets, 'revision = revision + 1', `updated_at = $${n + 1}`].join(', ')}
               WHERE id = $${n + 2} RETURNING ${SUBMISSION_COLUMNS}`,
        values: [...values, now, submissionId],
      });
      const row = result.rows[0];
      if (!row) throw new RowShapeError('submissions: row missing after update');
      return toSubmission(row);
    },
    async scoresOf(personId, year) {
      const found = await rows(
        c,
        'scores_of',
        `SELECT s.period_id, p.code, p.quarter, s.status, s.self_total, s.reviewed_total, s.band,
           p.status AS period_status, p.rubric_version_id,
           COALESCE((SELECT jsonb_object_agg(a.criterion_id, COALESCE(a.reviewed_value, a.value)) FROM answers a
                     WHERE a.submission_id = s.id), '{}'::jsonb) AS answers
         FROM submissions s JOIN periods p ON p.id = s.period_id WHERE s.person_id = $1 AND p.year = $2 ORDER BY p.quarter`,
        [personId, year],
      );
      return found.map((raw) => {
        const r = scoreRow.parse(raw);
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
          answers: r.answers,
        };
      });
    },
    async progressByDepartment(periodId) {
      const [period] = await rows(c, 'period_rubric', 'SELECT rubric_version_id FROM periods WHERE id = $1', [periodId]);
      if (!period) return [];
      const rubric = await rubricOf(c, rubrics, z.number().int().parse(period.rubric_version_id));
      // Who counts is decided in code by the period's rubric (selfAssesses), as for reminders and /tudanhgia.
      const members = await rows(
        c,
        'progress_members',
        `SELECT d.id AS department_id, d.name AS department_name,
           ARRAY(SELECT r.role FROM person_roles r WHERE r.person_id = p.id ORDER BY r.role) AS roles, s.status
         FROM periods pr
         JOIN people p ON p.unit_id = pr.unit_id AND p.active
         LEFT JOIN departments d ON d.id = p.department_id
         LEFT JOIN submissions s ON s.person_id = p.id AND s.period_id = pr.id
         WHERE pr.id = $1 ORDER BY d.name COLLATE "C" NULLS FIRST, d.id NULLS FIRST`,
        [periodId],
      );
      const byDepartment = new Map<number | null, DepartmentProgress>();
      for (const raw of members) {
        const r = memberRow.parse(raw);
        if (!selfAssesses(rubric, r.roles)) continue;
        let d = byDepartment.get(r.department_id);
        if (!d) byDepartment.set(r.department_id, (d = noProgress(r.department_id, r.department_name)));
        d.members++;
        d[r.status ?? 'draft']++;
      }
      return [...byDepartment.values()];
    },
  };
}
