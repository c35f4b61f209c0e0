/**
 * What happens around a submitted self-assessment: recomputing the provisional score, auditing changes and
 * telling the reviewer (through a module's `onSubmissionEvent`, or a plain default text).
 */
import { scoreAnswers } from '../../scoring/score.js';
import type { AnswerValue, Answers, ScoreResult } from '../../scoring/types.js';
import type { SubmissionEventKind } from '../module.js';
import type { AnswerView, AuditEntry, PersonView } from '../ports.js';
import { fmtPeriod } from '../render/format.js';
import { resultPhrase, titleLabel } from '../render/pass-fail.js';
import { reviewerTitle, T } from '../render/texts.js';
import type { LinkedContext, StepContext } from '../step-context.js';
import type { Notification } from '../types.js';
import type { Session } from './session.js';

export function answersOf(s: Session): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  for (const [id, a] of s.answers) out[id] = a.value;
  return out;
}

export function scoreOf(s: Session): ScoreResult {
  const answers: Answers = answersOf(s);
  return scoreAnswers(s.rubric, answers, s.scoreCtx);
}

/** An answer changed on a submitted or returned self-assessment: rescore, audit, and tell the reviewer. */
export function afterChangeOfSubmitted(
  ctx: LinkedContext,
  s: Session,
  criterionId: string,
  before: AnswerView | null,
  after: AnswerView,
): void {
  const score = scoreOf(s);
  s.submission = ctx.ports.assessment.updateSubmission(
    s.submission.id,
    { selfTotal: score.total, band: score.band, classified: score.classified },
    ctx.nowMs,
  );
  auditOwnAction(ctx, s, {
    action: 'answer.changed_after_submit',
    entityType: 'answer',
    entityId: `${s.submission.id}:${criterionId}`,
    before: before ? { value: before.value, points: before.selfPoints } : null,
    after: { value: after.value, points: after.selfPoints },
  });
  if (s.submission.status === 'submitted') {
    notifySubmissionEvent(ctx, s, 'changed-after-submit', score, criterionId);
    ctx.replies.push({ kind: 'text', text: T.changedAfterSubmit(reviewerTitle(s.person)) });
  }
}

/** Audits something the person did to their own submission in this session's period. */
export function auditOwnAction(
  ctx: LinkedContext,
  s: Session,
  entry: Pick<AuditEntry, 'action' | 'entityType' | 'entityId' | 'before' | 'after'>,
): void {
  ctx.ports.audit.record({
    at: ctx.nowMs,
    unitId: s.person.unitId,
    actorPersonId: s.person.id,
    channel: ctx.event.channel,
    subjectPersonId: s.person.id,
    periodId: s.period.id,
    ...entry,
  });
}

/** Notifications for the reviewer: the first module that handles it wins, else the default text. */
export function notifySubmissionEvent(
  ctx: LinkedContext,
  s: Session,
  kind: SubmissionEventKind,
  score: ScoreResult,
  criterionId?: string,
): void {
  const reviewerIds = reviewersOf(ctx, s.person);
  for (const module of ctx.modules.modules) {
    if (!module.onSubmissionEvent) continue;
    const result = module.onSubmissionEvent({
      kind,
      now: ctx.now,
      person: s.person,
      period: s.period,
      submission: s.submission,
      score,
      reviewerIds,
      criterionId,
    });
    if (result) {
      ctx.notifications.push(...result);
      return;
    }
  }
  const period = fmtPeriod(s.period.year, s.period.quarter);
  const title = criterionId ? s.criteria.find((c) => c.id === criterionId)?.title : undefined;
  const result = resultPhrase(score, undefined, titleLabel(s.rubric));
  const text =
    kind === 'submitted'
      ? `📥 ${s.person.fullName} đã nộp bản tự đánh giá ${period} (${result}). Gõ /duyet để xem.`
      : kind === 'resubmitted'
        ? `📥 ${s.person.fullName} đã nộp lại bản tự đánh giá ${period} (${result}). Gõ /duyet để xem.`
        : `✏️ ${s.person.fullName} đã sửa câu trả lời "${title ?? criterionId}" sau khi nộp (${result}). Gõ /duyet để xem.`;
  for (const personId of reviewerIds) {
    const notification: Notification = {
      personId,
      dedupeKey: `submission:${s.submission.id}:${kind}:r${s.submission.revision}:p${personId}`,
      purpose: 'approval',
      messages: [{ kind: 'text', text }],
    };
    ctx.notifications.push(notification);
  }
}

/** The head of the person's department; for a head, the department's leader in charge. */
export function reviewersOf(ctx: StepContext, person: PersonView): number[] {
  if (person.roles.includes('head')) {
    return person.leaderInChargeId !== null && person.leaderInChargeId !== person.id ? [person.leaderInChargeId] : [];
  }
  if (person.departmentId === null) return [];
  return ctx.ports.directory.headsOf(person.departmentId).filter((id) => id !== person.id);
}
