/**
 * The reviewer's actions on one submission: approve, adjust a criterion (reason required), return (reason
 * required). Each passes the gate of `review-target.ts` (exists → may review → current revision → state allows),
 * then writes the new state, the agreed score and the audit entry, and returns the outcome and the person's notice.
 * Call inside a unit of work (`tx`).
 */
import type { Criterion } from '../scoring/rubric-schema.js';
import { localDateOf } from '../scoring/period-calendar.js';
import { isValidValue } from '../scoring/answer-points.js';
import type { AnswerValue, ScoreResult } from '../scoring/types.js';
import type { AuditEntry } from '../store/audit.js';
import type { ReviewPatch } from '../store/reviews.js';
import type { Tx } from '../store/store.js';
import { checkReason, isLate } from './approval-state.js';
import { done, refused, type ActionContext, type ActionResult } from './approval-types.js';
import { refreshSentList } from './list-snapshot.js';
import { noticesTo, periodRef, type AdjustmentChange } from './notices.js';
import { actionTarget, adjustableCriteria, type ReviewTarget, type SubmissionInput } from './review-target.js';
import { ownAnswers, pointsShown, questionsOf, reviewedScore, scoreContextOf, writeReviewedAnswers } from './review-score.js';

type ActionTx = Pick<Tx, 'reviews' | 'periods' | 'assessment' | 'audit' | 'settings'>;

/** Who was reviewed, and their result. */
export interface ReviewOutcome {
  submissionId: number;
  personName: string;
  /** The revision after the action (buttons of older prompts become stale). */
  revision: number;
  score: ScoreResult;
  rubric: ReviewTarget['rubric'];
  /** The review came after the department deadline. */
  late: boolean;
}

/** Approves the submission with the agreed score (the person's answers plus any adjustments). */
export async function approve(tx: ActionTx, ctx: ActionContext, input: SubmissionInput): Promise<ActionResult<ReviewOutcome>> {
  const loaded = await actionTarget(tx, ctx, input, 'approve');
  if (!loaded.ok) return loaded;
  const t = loaded.outcome;
  const nowMs = ctx.now.getTime();
  const score = reviewedScore(t.rubric, t.rows, scoreContextOf(t.rubric, t.subject, t.settings));
  await writeReviewedAnswers(tx, t.rubric, t.rows, score, nowMs);
  const stamp = reviewStamp(ctx, t);
  const updated = await tx.reviews.updateReview(t.sub.id, { status: 'approved', ...scoreFields(score), ...stamp }, nowMs);
  await tx.audit.record({
    ...auditBase(ctx, t),
    action: 'submission.approved',
    before: { status: t.sub.status, selfTotal: t.sub.selfTotal, reviewedTotal: t.sub.reviewedTotal },
    after: { status: 'approved', reviewedTotal: score.total, band: score.band, classified: score.classified, late: stamp.reviewedLate, ...passedOf(score) },
  });
  const corrected = await refreshSentList(tx, ctx, t.period, t.subject.departmentId);
  const notice = noticesTo([t.subject.id], `approved:${t.sub.id}:${updated.revision}`, 'notice', {
    type: 'submission-approved',
    period: periodRef(t.period),
    score,
    rubric: t.rubric,
  });
  return done(outcomeOf(t, updated.revision, score, stamp.reviewedLate), [...notice, ...corrected]);
}

/** What an adjustment changed. */
export interface AdjustOutcome extends ReviewOutcome {
  change: AdjustmentChange;
}

/** Changes one criterion to `value`, with a reason; the person is told the new points and the reason. */
export async function adjust(
  tx: ActionTx,
  ctx: ActionContext,
  input: SubmissionInput & { criterionId: string; value: AnswerValue; reason: string },
): Promise<ActionResult<AdjustOutcome>> {
  const loaded = await actionTarget(tx, ctx, input, 'adjust');
  if (!loaded.ok) return loaded;
  const t = loaded.outcome;
  const reason = checkReason(input.reason);
  if (!reason.ok) return refused(reason.refusal);
  const scoreCtx = scoreContextOf(t.rubric, t.subject, t.settings);
  const criterion: Criterion | undefined = adjustableCriteria(t).find((a) => a.criterion.id === input.criterionId)?.criterion;
  if (!criterion) return refused({ code: 'not-adjustable' });
  if (!isValidValue(t.rubric, criterion, input.value, scoreCtx)) return refused({ code: 'invalid-value' });
  const row = t.rows.find((r) => r.criterionId === criterion.id);
  if (!row) return refused({ code: 'not-answered' });
  const oldValue = row.reviewedValue ?? row.value;
  const oldScore = reviewedScore(t.rubric, t.rows, scoreCtx);
  const newRows = t.rows.map((r) => (r.id === row.id ? { ...r, reviewedValue: input.value, reviewReason: reason.reason } : r));
  const score = reviewedScore(t.rubric, newRows, scoreCtx);
  const nowMs = ctx.now.getTime();
  await writeReviewedAnswers(tx, t.rubric, t.rows, score, nowMs, { criterionId: criterion.id, value: input.value, reason: reason.reason });
  const stamp = reviewStamp(ctx, t);
  const updated = await tx.reviews.updateReview(t.sub.id, { ...scoreFields(score), ...stamp }, nowMs);
  const before = { criterionId: criterion.id, value: oldValue, points: pointsShown(oldScore, criterion), total: oldScore.total };
  const after = { criterionId: criterion.id, value: input.value, points: pointsShown(score, criterion), total: score.total, band: score.band, late: stamp.reviewedLate };
  await tx.audit.record({ ...auditBase(ctx, t), action: 'submission.adjusted', before, after, reason: reason.reason });
  const corrected = await refreshSentList(tx, ctx, t.period, t.subject.departmentId);
  const change: AdjustmentChange = {
    criterion,
    questions: questionsOf(t.rubric, t.subject, t.settings),
    from: oldValue,
    to: input.value,
    departmentName: t.subject.departmentName,
    points: after.points,
  };
  const notice = noticesTo([t.subject.id], `adjusted:${t.sub.id}:${updated.revision}`, 'notice', {
    type: 'submission-adjusted',
    period: periodRef(t.period),
    change,
    reason: reason.reason,
    score,
    rubric: t.rubric,
  });
  return done({ ...outcomeOf(t, updated.revision, score, stamp.reviewedLate), change }, [...notice, ...corrected]);
}

/** Returns the submission to the person with a reason; they can edit and resubmit. */
export async function returnSubmission(
  tx: ActionTx,
  ctx: ActionContext,
  input: SubmissionInput & { reason: string },
): Promise<ActionResult<ReviewOutcome>> {
  const loaded = await actionTarget(tx, ctx, input, 'return');
  if (!loaded.ok) return loaded;
  const t = loaded.outcome;
  const reason = checkReason(input.reason);
  if (!reason.ok) return refused(reason.refusal);
  const nowMs = ctx.now.getTime();
  const stamp = reviewStamp(ctx, t);
  const updated = await tx.reviews.updateReview(t.sub.id, { status: 'returned', returnReason: reason.reason, ...stamp }, nowMs);
  await tx.audit.record({
    ...auditBase(ctx, t),
    action: 'submission.returned',
    // The answers as returned: the next prompt shows the head what changed since.
    before: { status: t.sub.status, answers: ownAnswers(t.rows), reviewedTotal: t.sub.reviewedTotal },
    after: { status: 'returned', late: stamp.reviewedLate },
    reason: reason.reason,
  });
  const corrected = await refreshSentList(tx, ctx, t.period, t.subject.departmentId);
  const notice = noticesTo([t.subject.id], `returned:${t.sub.id}:${updated.revision}`, 'notice', {
    type: 'submission-returned',
    period: periodRef(t.period),
    reason: reason.reason,
  });
  const score = reviewedScore(t.rubric, t.rows, scoreContextOf(t.rubric, t.subject, t.settings));
  return done(outcomeOf(t, updated.revision, score, stamp.reviewedLate), [...notice, ...corrected]);
}

function outcomeOf(t: ReviewTarget, revision: number, score: ScoreResult, late: boolean): ReviewOutcome {
  return { submissionId: t.sub.id, personName: t.subject.fullName, revision, score, rubric: t.rubric, late };
}

/** Who reviewed, when, and whether after the department's deadline: written by every review action. */
function reviewStamp(ctx: ActionContext, t: ReviewTarget): Required<Pick<ReviewPatch, 'reviewedById' | 'reviewedAt' | 'reviewedLate'>> {
  return {
    reviewedById: t.actor.id,
    reviewedAt: ctx.now.getTime(),
    reviewedLate: isLate(localDateOf(ctx.now), t.period.departmentDeadline),
  };
}

/** The agreed score's columns on the submission. */
function scoreFields(score: { total: number; band: string | null; classified: boolean }): ReviewPatch {
  return { reviewedTotal: score.total, band: score.band, classified: score.classified };
}

function auditBase(ctx: ActionContext, t: ReviewTarget): Omit<AuditEntry, 'action'> {
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
