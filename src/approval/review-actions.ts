/**
 * The reviewer's actions on one submission: approve, adjust a criterion (reason required), return (reason
 * required). Each checks, in this order: the submission exists → the actor may review it → the state allows it;
 * then writes the new state, the agreed score and the audit entry, and returns the notice for the person.
 * Called inside one transaction by `approval-service.ts`.
 */
import { eq } from 'drizzle-orm';
import { submissions } from '../../db/schema.js';
import { pts } from '../conversation/render/format.js';
import type { Notification } from '../conversation/types.js';
import { recordAudit } from '../persistence/audit.js';
import { localDateOf } from '../scoring/period-calendar.js';
import type { Criterion, Rubric } from '../scoring/rubric-schema.js';
import { rubricOfVersion } from '../persistence/periods-repo.js';
import { criteriaFor, isValidValue } from '../scoring/score.js';
import type { AnswerValue } from '../scoring/types.js';
import {
  listAnswers,
  listOf,
  loadPeriod,
  loadPerson,
  loadSubmission,
  ownAnswers,
  subjectFactsOf,
  type AnswerRecord,
  type PeriodRow,
  type PersonFacts,
  type SubmissionRow,
} from './approval-repo.js';
import { checkReason, isLate, submissionTransition, type SubmissionAction } from './approval-state.js';
import { done, refused, type ActionContext, type ActionResult } from './approval-types.js';
import { canReview, NOT_ALLOWED, type Actor } from './authorize.js';
import { refreshSentList } from './list-snapshot.js';
import { criterionLabel, periodLabel, resultLine, totalLine, valueLabel } from './render-review.js';
import { pointsShown, reviewedScore, scoreContextOf, writeReviewedAnswers } from './review-score.js';

/** Everything an action on a submission needs, loaded and authorised. */
export interface ReviewTarget {
  actor: PersonFacts;
  subject: PersonFacts;
  sub: SubmissionRow;
  period: PeriodRow;
  rubric: Rubric;
  rows: AnswerRecord[];
}

export const STALE =
  'Bản tự đánh giá đã thay đổi sau khi anh/chị nhận tin này. Hãy xem bản mới nhất (/duyet) rồi quyết định lại.';

/** Loads the submission and checks that the actor may review it (not yet whether the state allows it). */
export function loadTarget(ctx: ActionContext, submissionId: number): ActionResult<ReviewTarget> {
  const actor = loadPerson(ctx.db, ctx.actorId);
  if (!actor || !actor.active) return refused(NOT_ALLOWED);
  const sub = loadSubmission(ctx.db, submissionId);
  const subject = sub ? loadPerson(ctx.db, sub.personId) : null;
  const period = sub ? loadPeriod(ctx.db, sub.periodId) : null;
  if (!sub || !subject || !period) return refused('Không tìm thấy bản tự đánh giá này.');
  const decision = canReview(actorOf(actor), subjectFactsOf(ctx.db, subject));
  if (!decision.ok) return refused(decision.reason);
  const rubric = rubricOfVersion(ctx.db, period.rubricVersionId);
  return done('', [], { actor, subject, sub, period, rubric, rows: listAnswers(ctx.db, sub.id) });
}

/** Checks the state machine for `action` on the target. */
export function checkState(ctx: ActionContext, t: ReviewTarget, action: SubmissionAction): string | null {
  const list = t.subject.departmentId === null ? null : listOf(ctx.db, t.period.id, t.subject.departmentId);
  const result = submissionTransition(
    { status: t.sub.status, periodStatus: t.period.status, listStatus: list?.status ?? 'none' },
    action,
  );
  return result.ok ? null : result.reason;
}

/**
 * The target of `action`: loaded and authorised (`loadTarget`), refused when the actor saw an older revision
 * (`STALE`) or when the state machine does not allow `action`. The one gate every review action passes through.
 */
function actionTarget(
  ctx: ActionContext,
  input: { submissionId: number; revision?: number },
  action: SubmissionAction,
): ActionResult<ReviewTarget> {
  const loaded = loadTarget(ctx, input.submissionId);
  if (!loaded.ok) return loaded;
  if (input.revision !== undefined && input.revision !== loaded.data.sub.revision) return refused(STALE);
  const stateError = checkState(ctx, loaded.data, action);
  return stateError ? refused(stateError) : loaded;
}

export function actorOf(p: PersonFacts): Actor {
  return { personId: p.id, unitId: p.unitId, roles: p.roles, departmentId: p.departmentId };
}

/** Approves the submission with the agreed score (the person's answers plus any adjustments). */
export function approve(ctx: ActionContext, input: { submissionId: number; revision?: number }): ActionResult<{ total: number }> {
  const loaded = actionTarget(ctx, input, 'approve');
  if (!loaded.ok) return loaded;
  const t = loaded.data;
  const nowMs = ctx.now.getTime();
  const score = reviewedScore(t.rubric, t.rows, scoreContextOf(t.rubric, t.subject));
  writeReviewedAnswers(ctx.db, t.rubric, t.rows, score, nowMs);
  const stamp = reviewStamp(ctx, t);
  const late = stamp.reviewedLate;
  const updated = updateSubmission(ctx, t.sub, { status: 'approved', ...scoreFields(score), ...stamp });
  recordAudit(ctx.db, {
    ...auditBase(ctx, t),
    action: 'submission.approved',
    before: { status: t.sub.status, selfTotal: t.sub.selfTotal, reviewedTotal: t.sub.reviewedTotal },
    after: { status: 'approved', reviewedTotal: score.total, band: score.band, classified: score.classified, late, ...passedOf(score) },
  });
  const corrected = refreshSentList(ctx, t.period, t.subject.departmentId);
  const text = `✅ Bản tự đánh giá ${periodLabel(t.period)} của anh/chị đã được duyệt.\n${resultLine(score, 'Điểm thống nhất', t.rubric)}`;
  return done(
    `Đã duyệt bản của ${t.subject.fullName}: ${totalLine(score, t.rubric)}${late ? ' (duyệt sau hạn, đã ghi nhận muộn)' : ''}.`,
    [notice(t.subject.id, `approved:${t.sub.id}:${updated.revision}`, text), ...corrected],
    { total: score.total },
  );
}

/** The criteria a reviewer may adjust with buttons (answered, and of a kind with fixed choices). */
export function adjustableCriteria(t: ReviewTarget): { index: number; criterion: Criterion }[] {
  const answered = new Set(t.rows.map((r) => r.criterionId));
  const applicable = new Set(criteriaFor(t.rubric, scoreContextOf(t.rubric, t.subject)).map((c) => c.id));
  const options = t.rubric.criteria.flatMap((criterion, index) =>
    applicable.has(criterion.id) && answered.has(criterion.id) && choiceKindOf(criterion) ? [{ index, criterion }] : [],
  );
  // Point criteria first: they are what heads adjust most; pass/fail gates and conditions follow.
  const rank = (c: Criterion) => (c.kind === 'levels' || c.kind === 'bonus' ? 0 : 1);
  return options.sort((a, b) => rank(a.criterion) - rank(b.criterion) || a.index - b.index);
}

function choiceKindOf(c: Criterion): boolean {
  return c.kind === 'levels' || c.kind === 'pass-fail' || c.kind === 'bonus' || (c.kind === 'condition' && c.test.type === 'pass-fail');
}

/** Changes one criterion to `value`, with a reason; the person is told the new points and the reason. */
export function adjust(
  ctx: ActionContext,
  input: { submissionId: number; criterionId: string; value: AnswerValue; reason: string; revision?: number },
): ActionResult<{ total: number; revision: number }> {
  const loaded = actionTarget(ctx, input, 'adjust');
  if (!loaded.ok) return loaded;
  const t = loaded.data;
  const reason = checkReason(input.reason);
  if (!reason.ok) return refused(reason.reason);
  const scoreCtx = scoreContextOf(t.rubric, t.subject);
  const criterion = adjustableCriteria(t).find((a) => a.criterion.id === input.criterionId)?.criterion;
  if (!criterion) return refused('Tiêu chí này không điều chỉnh được (chưa có câu trả lời hoặc không áp dụng).');
  if (!isValidValue(t.rubric, criterion, input.value, scoreCtx)) return refused('Mức điểm chọn không hợp lệ cho tiêu chí này.');
  const row = t.rows.find((r) => r.criterionId === criterion.id);
  if (!row) return refused('Tiêu chí này chưa có câu trả lời.');
  const oldValue = row.reviewedValue ?? row.value;
  const oldScore = reviewedScore(t.rubric, t.rows, scoreCtx);
  const newRows = t.rows.map((r) => (r.id === row.id ? { ...r, reviewedValue: input.value, reviewReason: reason.reason } : r));
  const score = reviewedScore(t.rubric, newRows, scoreCtx);
  const nowMs = ctx.now.getTime();
  writeReviewedAnswers(ctx.db, t.rubric, t.rows, score, nowMs, { criterionId: criterion.id, value: input.value, reason: reason.reason });
  const stamp = reviewStamp(ctx, t);
  const late = stamp.reviewedLate;
  const updated = updateSubmission(ctx, t.sub, { ...scoreFields(score), ...stamp });
  const before = { criterionId: criterion.id, value: oldValue, points: pointsShown(oldScore, criterion), total: oldScore.total };
  const after = { criterionId: criterion.id, value: input.value, points: pointsShown(score, criterion), total: score.total, band: score.band, late };
  recordAudit(ctx.db, { ...auditBase(ctx, t), action: 'submission.adjusted', before, after, reason: reason.reason });
  const corrected = refreshSentList(ctx, t.period, t.subject.departmentId);
  const dept = t.subject.departmentName;
  const change = `${criterionLabel(criterion, criteriaFor(t.rubric, scoreCtx))}: ${valueLabel(t.rubric, criterion, oldValue, dept)} → ${valueLabel(t.rubric, criterion, input.value, dept)}`;
  const newPoints = after.points === null ? '' : ` (tiêu chí còn ${pts(after.points)})`;
  const text = `✏️ Bản tự đánh giá ${periodLabel(t.period)} của anh/chị được điều chỉnh:\n${change}${newPoints}\nLý do: ${reason.reason}\n${resultLine(score, 'Tổng mới', t.rubric)}`;
  return done(
    `Đã điều chỉnh ${change}. ${score.passFail ? 'Kết quả' : 'Tổng'} mới của ${t.subject.fullName}: ${totalLine(score, t.rubric)}.`,
    [notice(t.subject.id, `adjusted:${t.sub.id}:${updated.revision}`, text), ...corrected],
    { total: score.total, revision: updated.revision },
  );
}

/** Returns the submission to the person with a reason; they can edit and resubmit. */
export function returnSubmission(
  ctx: ActionContext,
  input: { submissionId: number; reason: string; revision?: number },
): ActionResult<{ revision: number }> {
  const loaded = actionTarget(ctx, input, 'return');
  if (!loaded.ok) return loaded;
  const t = loaded.data;
  const reason = checkReason(input.reason);
  if (!reason.ok) return refused(reason.reason);
  const stamp = reviewStamp(ctx, t);
  const late = stamp.reviewedLate;
  const updated = updateSubmission(ctx, t.sub, { status: 'returned', returnReason: reason.reason, ...stamp });
  recordAudit(ctx.db, {
    ...auditBase(ctx, t),
    action: 'submission.returned',
    // The answers as returned: the next prompt shows the head what changed since.
    before: { status: t.sub.status, answers: ownAnswers(t.rows), reviewedTotal: t.sub.reviewedTotal },
    after: { status: 'returned', late },
    reason: reason.reason,
  });
  const corrected = refreshSentList(ctx, t.period, t.subject.departmentId);
  const text = `↩️ Bản tự đánh giá ${periodLabel(t.period)} của anh/chị được trả lại để sửa.\nLý do: ${reason.reason}\nGõ /xem để xem lại, sửa các câu cần sửa rồi gõ /nop để nộp lại.`;
  return done(
    `Đã trả lại bản của ${t.subject.fullName}; người đó đã được báo lý do.`,
    [notice(t.subject.id, `returned:${t.sub.id}:${updated.revision}`, text), ...corrected],
    { revision: updated.revision },
  );
}

type SubmissionPatch = Partial<Omit<typeof submissions.$inferInsert, 'id' | 'revision' | 'updatedAt'>>;

/** Writes the patch, bumping `revision` only if nobody changed the row meanwhile (optimistic concurrency). */
function updateSubmission(ctx: ActionContext, sub: SubmissionRow, patch: SubmissionPatch): SubmissionRow {
  const row = ctx.db
    .update(submissions)
    .set({ ...patch, revision: sub.revision + 1, updatedAt: ctx.now.getTime() })
    .where(eq(submissions.id, sub.id))
    .returning()
    .get();
  if (!row) throw new Error(`submission ${sub.id} vanished`);
  return row;
}

/** Who reviewed, when, and whether after the department's deadline: written by every review action. */
function reviewStamp(ctx: ActionContext, t: ReviewTarget) {
  return {
    reviewedById: t.actor.id,
    reviewedAt: ctx.now.getTime(),
    reviewedLate: isLate(localDateOf(ctx.now), t.period.departmentDeadline),
  };
}

/** The agreed score's columns on the submission. */
function scoreFields(score: { total: number; band: SubmissionPatch['band']; classified: boolean }) {
  return { reviewedTotal: score.total, band: score.band, classified: score.classified };
}

function auditBase(ctx: ActionContext, t: ReviewTarget) {
  return {
    at: ctx.now.getTime(),
    unitId: t.subject.unitId,
    actorPersonId: t.actor.id,
    channel: ctx.channel,
    entityType: 'submission',
    entityId: String(t.sub.id),
    subjectPersonId: t.subject.id,
    periodId: t.period.id,
  };
}

/** `{ passed }` for people not ranked by points (laborers), so the audit trail and /lichsu say Đạt/Chưa đạt. */
export function passedOf(score: { passed: boolean | null }): { passed?: boolean } {
  return score.passed === null ? {} : { passed: score.passed };
}

/** A plain text notice for one person: the one builder every workflow action uses for its notifications. */
export function notice(personId: number, dedupeKey: string, text: string): Notification {
  return { personId, dedupeKey, purpose: 'notice', messages: [{ kind: 'text', text }] };
}
