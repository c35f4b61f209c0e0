/**
 * What happens around a submitted self-assessment: recomputing the provisional score, auditing changes and
 * telling the reviewer (another workflow handles the `submission` event — the approval chain sends its prompt —
 * or, when none does, a plain default text).
 */
import { scoreAnswers } from '../../scoring/score.js';
import type { AnswerValue, Answers, ScoreResult } from '../../scoring/types.js';
import type { SubmissionEventKind } from '../../conversation/workflow-events.js';
import type { AnswerView } from '../../store/assessment.js';
import type { AuditEntry } from '../../store/audit.js';
import type { PersonView } from '../../store/directory.js';
import { fmtPeriod } from '../../conversation/render/format.js';
import { resultPhrase, titleLabel } from '../../conversation/render/pass-fail.js';
import { T } from '../../conversation/render/texts.js';
import type { SaCtx } from './context.js';
import type { Notification } from '../../conversation/types.js';
import { reviewerOf, type Session } from './session.js';

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
export async function afterChangeOfSubmitted(
  ctx: SaCtx,
  s: Session,
  criterionId: string,
  before: AnswerView | null,
  after: AnswerView,
): Promise<void> {
  const score = scoreOf(s);
  s.submission = await ctx.tx.assessment.updateSubmission(
    s.submission.id,
    { selfTotal: score.total, band: score.band, classified: score.classified },
    ctx.nowMs,
  );
  await auditOwnAction(ctx, s, {
    action: 'answer.changed_after_submit',
    entityType: 'answer',
    entityId: `${s.submission.id}:${criterionId}`,
    before: before ? { value: before.value, points: before.selfPoints } : null,
    after: { value: after.value, points: after.selfPoints },
  });
  if (s.submission.status === 'submitted') {
    await notifySubmissionEvent(ctx, s, 'changed-after-submit', score, criterionId);
    ctx.replies.push({ kind: 'text', text: T.changedAfterSubmit(reviewerOf(s)) });
  }
}

/** Audits something the person did to their own submission in this session's period. */
export async function auditOwnAction(
  ctx: SaCtx,
  s: Session,
  entry: Pick<AuditEntry, 'action' | 'entityType' | 'entityId' | 'before' | 'after'>,
): Promise<void> {
  await ctx.tx.audit.record({
    at: ctx.nowMs,
    unitId: s.person.unitId,
    actorPersonId: s.person.id,
    channel: ctx.event.channel,
    subjectPersonId: s.person.id,
    periodId: s.period.id,
    ...entry,
  });
}

/** Tells the other workflows (the approval chain prompts the reviewer); when none handles it, the default text. */
export async function notifySubmissionEvent(
  ctx: SaCtx,
  s: Session,
  kind: SubmissionEventKind,
  score: ScoreResult,
  criterionId?: string,
  evidenceAdded: Readonly<Record<string, number>> = {},
): Promise<void> {
  const handled = await ctx.emit({
    type: 'submission',
    kind,
    person: s.person,
    period: s.period,
    submission: s.submission,
    score,
    ...(criterionId === undefined ? {} : { criterionId }),
  });
  if (handled) return;
  const period = fmtPeriod(s.period.year, s.period.quarter);
  const title = criterionId ? s.criteria.find((c) => c.id === criterionId)?.title : undefined;
  const result = resultPhrase(score, undefined, titleLabel(s.rubric));
  const text =
    kind === 'submitted'
      ? `📥 ${s.person.fullName} đã nộp bản tự đánh giá ${period} (${result}). Gõ /duyet để xem.`
      : kind === 'resubmitted'
        ? `📥 ${s.person.fullName} đã nộp lại bản tự đánh giá ${period} (${result})${evidenceNote(s, evidenceAdded)}. Gõ /duyet để xem.`
        : `✏️ ${s.person.fullName} đã sửa câu trả lời "${title ?? criterionId}" sau khi nộp (${result}). Gõ /duyet để xem.`;
  for (const personId of await reviewersOf(ctx, s.person)) {
    const notification: Notification = {
      personId,
      dedupeKey: `submission:${s.submission.id}:${kind}:r${s.submission.revision}:p${personId}`,
      purpose: 'approval',
      messages: [{ kind: 'text', text }],
    };
    ctx.notifications.push(notification);
  }
}

/** `; thêm minh chứng: câu 5 (2), câu 9 (1)` — evidence added since the return, by question number; '' when none. */
function evidenceNote(s: Session, added: Readonly<Record<string, number>>): string {
  const parts = s.criteria.flatMap((c, i) => (added[c.id] ? [`câu ${i + 1} (${added[c.id]})`] : []));
  return parts.length > 0 ? `; thêm minh chứng: ${parts.join(', ')}` : '';
}

/** The head of the person's department; for a head, the department's leader in charge. */
export async function reviewersOf(ctx: SaCtx, person: PersonView): Promise<number[]> {
  if (person.roles.includes('head')) {
    return person.leaderInChargeId !== null && person.leaderInChargeId !== person.id ? [person.leaderInChargeId] : [];
  }
  if (person.departmentId === null) return [];
  return (await ctx.tx.directory.headsOf(person.departmentId)).filter((id) => id !== person.id);
}
