/**
 * What a reviewer sees: the approval prompt of a submission (also sent when the person submits or resubmits),
 * the pending list (/duyet) and the details view. Read-only except `onSubmitted`, which drops the reviewer's
 * adjustments of answers the person changed after a return (the head must decide those again) and, for a
 * submission arriving after the office accepted the department's list, returns that list to "sent" (list-reopen.ts).
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { auditLog, periods, submissions } from '../../db/schema.js';
import type { SubmissionEventContext } from '../conversation/module.js';
import type { Notification, OutboundMessage } from '../conversation/types.js';
import type { Db } from '../persistence/open-db.js';
import { rubricOfVersion } from '../persistence/periods-repo.js';
import { criteriaFor } from '../scoring/score.js';
import type { AnswerValue } from '../scoring/types.js';
import {
  answerValueSchema,
  listAnswers,
  listEvidence,
  loadPeriod,
  loadPerson,
  loadSubmission,
  subjectFactsOf,
  type AnswerRecord,
  type PersonFacts,
} from './approval-repo.js';
import { done, refused, type ActionContext, type ActionResult } from './approval-types.js';
import { reviewersOf } from './authorize.js';
import { detailMessages, promptMessage, type AnswerChange, type PromptInput } from './render-review.js';
import { reopenAcceptedList } from './list-reopen.js';
import { loadTarget } from './review-actions.js';
import { clearAdjustments, reviewedScore, scoreContextOf } from './review-score.js';
import { z } from 'zod';

const returnedSnapshotSchema = z.object({ answers: z.record(z.string(), answerValueSchema) });

/** The answers as they were when the submission was last returned, or null if it never was. */
export function answersAtLastReturn(db: Db, submissionId: number): Record<string, AnswerValue> | null {
  const row = db
    .select({ before: auditLog.before })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'submission'), eq(auditLog.entityId, String(submissionId)), eq(auditLog.action, 'submission.returned')))
    .orderBy(desc(auditLog.id))
    .get();
  const parsed = returnedSnapshotSchema.safeParse(row?.before);
  return parsed.success ? parsed.data.answers : null;
}

/** Answers that differ from `previous` (values compared as JSON). */
export function diffAnswers(previous: Record<string, AnswerValue>, rows: readonly AnswerRecord[]): AnswerChange[] {
  const current = new Map(rows.map((r) => [r.criterionId, r.value]));
  const ids = new Set([...Object.keys(previous), ...current.keys()]);
  const changes: AnswerChange[] = [];
  for (const id of ids) {
    const before = previous[id] ?? null;
    const after = current.get(id) ?? null;
    if (JSON.stringify(before) !== JSON.stringify(after)) changes.push({ criterionId: id, before, after });
  }
  return changes;
}

/**
 * The prompt data of a submission, or null when it no longer exists. `known`: the submitter, when the caller
 * already holds them (the engine's submission event), so they are not loaded again.
 */
export function promptInputFor(
  db: Db,
  submissionId: number,
  kind: PromptInput['kind'],
  criterionId?: string,
  known?: PersonFacts,
): PromptInput | null {
  const sub = loadSubmission(db, submissionId);
  const person = sub ? (known && known.id === sub.personId ? known : loadPerson(db, sub.personId)) : null;
  const period = sub ? loadPeriod(db, sub.periodId) : null;
  if (!sub || !person || !period) return null;
  const rubric = rubricOfVersion(db, period.rubricVersionId);
  const scoreCtx = scoreContextOf(rubric, person);
  const rows = listAnswers(db, sub.id);
  const previous = answersAtLastReturn(db, sub.id);
  let changes = previous ? diffAnswers(previous, rows) : [];
  if (kind === 'changed-after-submit' && criterionId) {
    const row = rows.find((r) => r.criterionId === criterionId);
    changes = [{ criterionId, before: null, after: row?.value ?? null }];
  }
  return {
    submissionId: sub.id,
    revision: sub.revision,
    personName: person.fullName,
    departmentName: person.departmentName,
    period,
    kind,
    late: sub.submittedLate,
    score: reviewedScore(rubric, rows, scoreCtx),
    adjusted: rows.filter((r) => r.reviewedValue !== null).map((r) => r.criterionId),
    changes,
    rubric,
    questions: criteriaFor(rubric, scoreCtx),
  };
}

/**
 * The engine's hook: a person submitted, resubmitted or changed a submitted answer. Sends the approval prompt to
 * the reviewers (dedupe `approval:<submissionId>:<revision>`), or null when nobody reviews this person.
 */
export function onSubmitted(db: Db, ev: SubmissionEventContext): Notification[] | null {
  // The event carries the submitter as the engine loaded them in this transaction: no need to read them again.
  const { id, unitId, fullName, departmentId, departmentName, roles, active } = ev.person;
  const person: PersonFacts = { id, unitId, fullName, departmentId, departmentName, roles: [...roles], active };
  const reviewers = reviewersOf(subjectFactsOf(db, person));
  if (reviewers.length === 0) return null;
  if (ev.kind === 'resubmitted') dropStaleAdjustments(db, ev.submission.id, ev.now.getTime());
  // A submission after the office accepted the department's list: the list goes back to "sent" (audited).
  const reopening = reopenAcceptedList(db, ev, person);
  const input = promptInputFor(db, ev.submission.id, ev.kind, ev.criterionId, person);
  if (!input) return null;
  const message = promptMessage(reopening ? { ...input, notes: [reopening.promptNote] } : input);
  const prompts: Notification[] = reviewers.map((personId) => ({
    personId,
    dedupeKey: `approval:${input.submissionId}:${input.revision}:${ev.kind}`,
    purpose: 'approval',
    messages: [message],
  }));
  return reopening ? [...prompts, ...reopening.notifications] : prompts;
}

/** After a resubmission: adjustments of answers the person changed no longer apply. */
function dropStaleAdjustments(db: Db, submissionId: number, nowMs: number): void {
  const previous = answersAtLastReturn(db, submissionId);
  if (!previous) return;
  const rows = listAnswers(db, submissionId);
  const changed = new Set(diffAnswers(previous, rows).map((c) => c.criterionId));
  const stale = rows.filter((r) => r.reviewedValue !== null && changed.has(r.criterionId));
  if (stale.length > 0) clearAdjustments(db, stale, nowMs);
}

/** Submissions waiting for this reviewer (status `submitted`, in the unit's open periods), oldest first. */
export function pendingFor(db: Db, actorId: number): number[] {
  const actor = loadPerson(db, actorId);
  if (!actor) return [];
  const open = db.select({ id: periods.id }).from(periods).where(and(eq(periods.unitId, actor.unitId), eq(periods.status, 'open'))).all();
  if (open.length === 0) return [];
  const rows = db
    .select({ id: submissions.id, personId: submissions.personId })
    .from(submissions)
    .where(and(inArray(submissions.periodId, open.map((p) => p.id)), eq(submissions.status, 'submitted')))
    .orderBy(submissions.submittedAt)
    .all();
  return rows.flatMap((r) => {
    const subject = loadPerson(db, r.personId);
    return subject && reviewersOf(subjectFactsOf(db, subject)).includes(actorId) ? [r.id] : [];
  });
}

/** The details view of one submission (authorised like a review action). */
export function details(ctx: ActionContext, submissionId: number): ActionResult<OutboundMessage[]> {
  const loaded = loadTarget(ctx, submissionId);
  if (!loaded.ok) return refused(loaded.reason);
  const t = loaded.data;
  const scoreCtx = scoreContextOf(t.rubric, t.subject);
  const messages = detailMessages({
    personName: t.subject.fullName,
    period: t.period,
    rubric: t.rubric,
    criteria: criteriaFor(t.rubric, scoreCtx),
    departmentName: t.subject.departmentName,
    rows: t.rows,
    evidence: listEvidence(ctx.db, t.sub.id),
    score: reviewedScore(t.rubric, t.rows, scoreCtx),
  });
  return done('', [], messages);
}
