/**
 * PostgreSQL: the review workflow's rows (see repositories.ts for what differs from SQLite). The same reads and
 * writes as `src/store/sqlite/reviews-repo.ts` (which uses drizzle's builder), as SQL: cold paths, one reviewer's
 * action at a time. Patches name their columns from a fixed map (never from input); JSON columns are jsonb and come
 * back parsed, then checked with zod like every row. Beside it, spread into the same repository: the directory reads
 * (`review-people-reads.ts`), the answers and evidence (`review-answer-statements.ts`) and the progress pages'
 * grouped reads (`progress-reads.ts`).
 */
import { z } from 'zod';
import type { AuditRecord, ListPatch, ListRecord, ReviewPatch, ReviewRepository, ReviewSubmission } from '../reviews.js';
import { LIST_STATUSES } from '../reviews.js';
import { PERIOD_STATUSES, SUBMISSION_STATUSES } from '../statuses.js';
import { auditRecordRow } from './audit-repo.js';
import { type Client, jsonParam, rows, run, statementName } from './pg-query.js';
import { progressReads } from './progress-reads.js';
import { reviewAnswerStatements } from './review-answer-statements.js';
import { reviewPeopleReads } from './review-people-reads.js';

const submissionRow = z
  .object({
    id: z.number().int(),
    period_id: z.number().int(),
    person_id: z.number().int(),
    status: z.enum(SUBMISSION_STATUSES),
    self_total: z.number().nullable(),
    reviewed_total: z.number().nullable(),
    band: z.string().nullable(),
    classified: z.boolean().nullable(),
    submitted_at: z.number().nullable(),
    submitted_late: z.boolean(),
    reviewed_by_id: z.number().int().nullable(),
    reviewed_at: z.number().nullable(),
    reviewed_late: z.boolean(),
    return_reason: z.string().nullable(),
    revision: z.number().int(),
  })
  .transform(
    (r): ReviewSubmission => ({
      id: r.id,
      periodId: r.period_id,
      personId: r.person_id,
      status: r.status,
      selfTotal: r.self_total,
      reviewedTotal: r.reviewed_total,
      band: r.band,
      classified: r.classified,
      submittedAt: r.submitted_at,
      submittedLate: r.submitted_late,
      reviewedById: r.reviewed_by_id,
      reviewedAt: r.reviewed_at,
      reviewedLate: r.reviewed_late,
      returnReason: r.return_reason,
      revision: r.revision,
    }),
  );
const listRow = z
  .object({
    id: z.number().int(),
    period_id: z.number().int(),
    department_id: z.number().int(),
    status: z.enum(LIST_STATUSES),
    sent_by_id: z.number().int().nullable(),
    sent_at: z.number().nullable(),
    sent_late: z.boolean(),
    leader_comment: z.string().nullable(),
    leader_comment_by_id: z.number().int().nullable(),
    accepted_by_id: z.number().int().nullable(),
    accepted_at: z.number().nullable(),
    return_reason: z.string().nullable(),
    snapshot: z.unknown(),
  })
  .transform(
    (r): ListRecord => ({
      id: r.id,
      periodId: r.period_id,
      departmentId: r.department_id,
      status: r.status,
      sentById: r.sent_by_id,
      sentAt: r.sent_at,
      sentLate: r.sent_late,
      leaderComment: r.leader_comment,
      leaderCommentById: r.leader_comment_by_id,
      acceptedById: r.accepted_by_id,
      acceptedAt: r.accepted_at,
      returnReason: r.return_reason,
      snapshot: r.snapshot ?? null,
    }),
  );
const finalRow = z.object({
  period_id: z.number().int(),
  code: z.string(),
  year: z.number().int(),
  quarter: z.number().int(),
  rubric_version_id: z.number().int(),
  reviewed_total: z.number().nullable(),
  band: z.string().nullable(),
  classified: z.boolean().nullable(),
});
const idRow = z.object({ id: z.number().int() });
const waitingRow = z.object({ id: z.number().int(), person_id: z.number().int() });

const SUBMISSION_COLUMNS = `id, period_id, person_id, status, self_total, reviewed_total, band, classified, submitted_at, submitted_late,
  reviewed_by_id, reviewed_at, reviewed_late, return_reason, revision`;
const LIST_COLUMNS = `id, period_id, department_id, status, sent_by_id, sent_at, sent_late, leader_comment, leader_comment_by_id,
  accepted_by_id, accepted_at, return_reason, snapshot`;
const AUDIT_COLUMNS = `id, at, unit_id, actor_person_id, channel, action, entity_type, entity_id, subject_person_id, period_id,
  before, after, reason`;

/** The columns a review patch may set, by field (the patch's keys never reach SQL). */
const REVIEW_COLUMNS: Record<keyof ReviewPatch, string> = {
  status: 'status',
  reviewedTotal: 'reviewed_total',
  band: 'band',
  classified: 'classified',
  reviewedById: 'reviewed_by_id',
  reviewedAt: 'reviewed_at',
  reviewedLate: 'reviewed_late',
  returnReason: 'return_reason',
};
const LIST_PATCH_COLUMNS: Record<keyof ListPatch, string> = {
  status: 'status',
  sentById: 'sent_by_id',
  sentAt: 'sent_at',
  sentLate: 'sent_late',
  leaderComment: 'leader_comment',
  leaderCommentById: 'leader_comment_by_id',
  acceptedById: 'accepted_by_id',
  acceptedAt: 'accepted_at',
  returnReason: 'return_reason',
  snapshot: 'snapshot',
};

function toAudit(raw: unknown): AuditRecord {
  const r = auditRecordRow.parse(raw);
  return {
    id: r.id,
    at: r.at,
    actorPersonId: r.actorPersonId,
    channel: r.channel,
    action: r.action,
    subjectPersonId: r.subjectPersonId,
    periodId: r.periodId,
    before: r.before,
    after: r.after,
    reason: r.reason,
  };
}

export function reviewRepository(c: Client): ReviewRepository {
  async function patchRow(
    table: 'submissions' | 'department_lists',
    map: Record<string, string>,
    patch: Record<string, unknown>,
    extra: { column: string; value: unknown }[],
    fixed: readonly string[],
    id: number,
    returning: string,
    json: readonly string[] = [],
  ): Promise<Record<string, unknown> | undefined> {
    const keys = Object.keys(map).filter((k) => patch[k] !== undefined);
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const k of keys) {
      const column = map[k] as string;
      values.push(json.includes(column) ? jsonParam(patch[k]) : patch[k]);
      sets.push(`${column} = $${values.length}${json.includes(column) ? '::jsonb' : ''}`);
    }
    for (const e of extra) {
      values.push(e.value);
      sets.push(`${e.column} = $${values.length}`);
    }
    sets.push(...fixed);
    if (sets.length === 0) sets.push('id = id');
    values.push(id);
    const result = await c.query({
      name: statementName(`${table}_patch_${keys.join('_') || 'none'}_${extra.map((e) => e.column).join('_')}`),
      text: `UPDATE ${table} SET ${sets.join(', ')} WHERE id = $${values.length} RETURNING ${returning}`,
      values,
    });
    return result.rows[0];
  }

  return {
    ...progressReads(c),
    ...reviewPeopleReads(c),
    ...reviewAnswerStatements(c),
    async submission(submissionId) {
      const [row] = await rows(c, 'reviews_submission', `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE id = $1`, [submissionId]);
      return row ? submissionRow.parse(row) : null;
    },
    async submissionsOfPeriod(periodId) {
      const found = await rows(c, 'reviews_submissions_of_period', `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE period_id = $1 ORDER BY id`, [
        periodId,
      ]);
      return found.map((r) => submissionRow.parse(r));
    },
    async waitingSubmissions(unitId, periodStatuses) {
      if (periodStatuses.length === 0) return [];
      const statuses = z.array(z.enum(PERIOD_STATUSES)).parse(periodStatuses);
      const found = await rows(
        c,
        'reviews_waiting',
        `SELECT s.id, s.person_id FROM submissions s JOIN periods pe ON pe.id = s.period_id
         WHERE pe.unit_id = $1 AND pe.status = ANY($2::text[]) AND s.status = 'submitted'
         ORDER BY s.submitted_at NULLS FIRST, s.id`,
        [unitId, statuses],
      );
      return found.map((raw) => {
        const r = waitingRow.parse(raw);
        return { id: r.id, personId: r.person_id };
      });
    },
    async updateReview(submissionId, patch, now) {
      const row = await patchRow(
        'submissions',
        REVIEW_COLUMNS,
        { ...patch },
        [{ column: 'updated_at', value: now }],
        ['revision = revision + 1'],
        submissionId,
        SUBMISSION_COLUMNS,
      );
      if (!row) throw new Error(`submissions: no submission #${submissionId}`);
      return submissionRow.parse(row);
    },
    async newestPeriodIdOf(personId) {
      const [row] = await rows(
        c,
        'reviews_newest_period',
        `SELECT pe.id FROM submissions s JOIN periods pe ON pe.id = s.period_id WHERE s.person_id = $1
         ORDER BY pe.year DESC, pe.quarter DESC LIMIT 1`,
        [personId],
      );
      return row ? idRow.parse(row).id : null;
    },
    async finalResultsOf(personId) {
      const found = await rows(
        c,
        'reviews_final_results',
        `SELECT pe.id AS period_id, pe.code, pe.year, pe.quarter, pe.rubric_version_id, s.reviewed_total, s.band, s.classified
         FROM submissions s JOIN periods pe ON pe.id = s.period_id
         WHERE s.person_id = $1 AND pe.status = 'finalised' AND s.status = 'approved'
         ORDER BY pe.year, pe.quarter`,
        [personId],
      );
      return found.map((raw) => {
        const r = finalRow.parse(raw);
        return {
          periodId: r.period_id,
          code: r.code,
          year: r.year,
          quarter: r.quarter,
          rubricVersionId: r.rubric_version_id,
          reviewedTotal: r.reviewed_total,
          band: r.band,
          classified: r.classified,
        };
      });
    },

    async list(listId) {
      const [row] = await rows(c, 'reviews_list', `SELECT ${LIST_COLUMNS} FROM department_lists WHERE id = $1`, [listId]);
      return row ? listRow.parse(row) : null;
    },
    async listOf(periodId, departmentId) {
      const [row] = await rows(c, 'reviews_list_of', `SELECT ${LIST_COLUMNS} FROM department_lists WHERE period_id = $1 AND department_id = $2`, [
        periodId,
        departmentId,
      ]);
      return row ? listRow.parse(row) : null;
    },
    async listsOfPeriod(periodId) {
      const found = await rows(c, 'reviews_lists_of_period', `SELECT ${LIST_COLUMNS} FROM department_lists WHERE period_id = $1 ORDER BY id`, [periodId]);
      return found.map((r) => listRow.parse(r));
    },
    async insertList(list) {
      const [row] = await rows(
        c,
        'reviews_insert_list',
        `INSERT INTO department_lists (period_id, department_id, status, sent_by_id, sent_at, sent_late, leader_comment,
           leader_comment_by_id, accepted_by_id, accepted_at, return_reason, snapshot)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb) RETURNING ${LIST_COLUMNS}`,
        [
          list.periodId,
          list.departmentId,
          list.status,
          list.sentById,
          list.sentAt,
          list.sentLate,
          list.leaderComment,
          list.leaderCommentById,
          list.acceptedById,
          list.acceptedAt,
          list.returnReason,
          jsonParam(list.snapshot),
        ],
      );
      return listRow.parse(row);
    },
    async updateList(listId, patch) {
      const row = await patchRow('department_lists', LIST_PATCH_COLUMNS, { ...patch }, [], [], listId, LIST_COLUMNS, ['snapshot']);
      if (!row) throw new Error(`department_lists: no list #${listId}`);
      return listRow.parse(row);
    },

    async lastAudit(filter) {
      const conditions = ['action = $1'];
      const values: unknown[] = [filter.action];
      const optional: [string, unknown][] = [
        ['period_id', filter.periodId],
        ['entity_type', filter.entityType],
        ['entity_id', filter.entityId],
      ];
      for (const [column, value] of optional) {
        if (value === undefined) continue;
        values.push(value);
        conditions.push(`${column} = $${values.length}`);
      }
      const result = await run(c, `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE ${conditions.join(' AND ')} ORDER BY id DESC LIMIT 1`, values);
      const [row] = result.rows;
      return row ? toAudit(row) : null;
    },
    async historyOf(personId, periodId, periodActions) {
      const found =
        periodActions.length === 0
          ? await rows(c, 'reviews_history', `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE subject_person_id = $1 AND period_id = $2 ORDER BY id`, [
              personId,
              periodId,
            ])
          : await rows(
              c,
              'reviews_history_with_period',
              `SELECT ${AUDIT_COLUMNS} FROM audit_log
               WHERE (subject_person_id = $1 AND period_id = $2) OR (period_id = $2 AND action = ANY($3::text[])) ORDER BY id`,
              [personId, periodId, [...periodActions]],
            );
      return found.map(toAudit);
    },
  };
}
