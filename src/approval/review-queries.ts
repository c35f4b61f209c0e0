/**
 * What a reviewer sees: the approval prompt of a submission (also sent when the person submits or resubmits),
 * the pending list (/duyet) and the details view. Read-only except `promptReviewers`, which drops the reviewer's
 * adjustments of answers the person changed after a return (the head must decide those again) and, for a
 * submission arriving after the office accepted the department's list, returns that list to "sent" (list-reopen.ts).
 */
import { z } from 'zod';
import type { SubmissionEventKind } from '../conversation/workflow-events.js';
import type { Criterion, Rubric } from '../scoring/rubric-schema.js';
import { answerableCriteria } from '../scoring/role-criteria.js';
import type { AnswerValue, ScoreResult } from '../scoring/types.js';
import type { SubmissionStatus } from '../store/assessment.js';
import type { EvidenceRecord, MemberRecord, ReviewedAnswer } from '../store/reviews.js';
import type { Tx } from '../store/store.js';
import { done, type ActionContext, type ActionResult } from './approval-types.js';
import { reviewersOf } from './authorize.js';
import { reopenAcceptedList } from './list-reopen.js';
import { noticesTo, type ApprovalNotice } from './notices.js';
import type { AnswerChange, EvidenceChange, PromptInput } from './prompt-input.js';
import { loadScoringRules } from '../settings/unit-rules.js';
import { clearAdjustments, reviewedScore, scoreContextOf } from './review-score.js';
import { canView, subjectFactsOf, type ReviewTx } from './review-target.js';

const answerValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const returnedSnapshotSchema = z.object({ answers: z.record(z.string(), answerValueSchema) });
const resubmittedSchema = z.object({ evidenceAdded: z.record(z.string(), z.number().int().positive()) });

/** The answers as they were when the submission was last returned, or null if it never was. */
export async function answersAtLastReturn(tx: Pick<Tx, 'reviews'>, submissionId: number): Promise<Record<string, AnswerValue> | null> {
  const row = await tx.reviews.lastAudit({ action: 'submission.returned', entityType: 'submission', entityId: String(submissionId) });
  const parsed = returnedSnapshotSchema.safeParse(row?.before);
  return parsed.success ? parsed.data.answers : null;
}

/**
 * Evidence added between the last return and the resubmission after it, by criterion (the `submission.resubmitted`
 * audit row's `after.evidenceAdded`, written by the self-assessment when the person resubmits); empty when the
 * submission was never returned or has not been resubmitted since its last return.
 */
export async function evidenceAddedAtResubmission(tx: Pick<Tx, 'reviews'>, submissionId: number): Promise<EvidenceChange[]> {
  const entity = { entityType: 'submission', entityId: String(submissionId) };
  const resubmitted = await tx.reviews.lastAudit({ action: 'submission.resubmitted', ...entity });
  if (!resubmitted) return [];
  const returned = await tx.reviews.lastAudit({ action: 'submission.returned', ...entity });
  if (returned && returned.id > resubmitted.id) return [];
  const parsed = resubmittedSchema.safeParse(resubmitted.after);
  if (!parsed.success) return [];
  return Object.entries(parsed.data.evidenceAdded).map(([criterionId, added]) => ({ criterionId, added }));
}

/** Answers that differ from `previous` (values compared as JSON). */
export function diffAnswers(previous: Record<string, AnswerValue>, rows: readonly ReviewedAnswer[]): AnswerChange[] {
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
 * already holds them, so they are not loaded again.
 */
export async function promptInputFor(
  tx: ReviewTx,
  submissionId: number,
  kind: PromptInput['kind'],
  criterionId?: string,
  known?: MemberRecord,
): Promise<PromptInput | null> {
  const sub = await tx.reviews.submission(submissionId);
  const person = sub ? (known && known.id === sub.personId ? known : await tx.reviews.member(sub.personId)) : null;
  const period = sub ? await tx.periods.get(sub.periodId) : null;
  if (!sub || !person || !period) return null;
  const rubric = await tx.assessment.getRubric(period.rubricVersionId);
  const scoreCtx = scoreContextOf(rubric, person, await loadScoringRules(tx, person.unitId, period.code));
  const rows = await tx.reviews.answers(sub.id);
  const previous = await answersAtLastReturn(tx, sub.id);
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
    evidenceChanges: kind === 'changed-after-submit' || !previous ? [] : await evidenceAddedAtResubmission(tx, sub.id),
    rubric,
    questions: answerableCriteria(rubric, scoreCtx),
  };
}

/** A submission event as the review chain needs it. */
export interface SubmissionEventInput {
  kind: SubmissionEventKind;
  personId: number;
  submissionId: number;
  periodId: number;
  criterionId?: string;
}

/**
 * A person submitted, resubmitted or changed a submitted answer: the approval prompt for each reviewer (dedupe
 * `approval:<submissionId>:<revision>:<kind>:<reviewerId>`), plus the office's notices when the department's list
 * went back to "sent"; null when nobody reviews this person.
 */
export async function promptReviewers(
  tx: Pick<Tx, 'reviews' | 'periods' | 'assessment' | 'audit' | 'settings'>,
  ev: SubmissionEventInput,
  now: Date,
): Promise<ApprovalNotice[] | null> {
  const person = await tx.reviews.member(ev.personId);
  if (!person) return null;
  const reviewers = reviewersOf(await subjectFactsOf(tx, person));
  if (reviewers.length === 0) return null;
  if (ev.kind === 'resubmitted') await dropStaleAdjustments(tx, ev.submissionId, now.getTime());
  // A submission after the office accepted the department's list: the list goes back to "sent" (audited).
  const reopening = await reopenAcceptedList(tx, ev, person, now);
  const input = await promptInputFor(tx, ev.submissionId, ev.kind, ev.criterionId, person);
  if (!input) return null;
  const prompt = reopening ? { ...input, notes: [reopening.promptNote] } : input;
  const prompts = noticesTo(reviewers, `approval:${input.submissionId}:${input.revision}:${ev.kind}`, 'approval', {
    type: 'approval-prompt',
    prompt,
  });
  return reopening ? [...prompts, ...reopening.notices] : prompts;
}

/** After a resubmission: adjustments of answers the person changed no longer apply. */
async function dropStaleAdjustments(tx: Pick<Tx, 'reviews'>, submissionId: number, nowMs: number): Promise<void> {
  const previous = await answersAtLastReturn(tx, submissionId);
  if (!previous) return;
  const rows = await tx.reviews.answers(submissionId);
  const changed = new Set(diffAnswers(previous, rows).map((c) => c.criterionId));
  const stale = rows.filter((r) => r.reviewedValue !== null && changed.has(r.criterionId));
  if (stale.length > 0) await clearAdjustments(tx, stale, nowMs);
}

/** Submissions waiting for this reviewer (status `submitted`, in the unit's open periods), oldest first. */
export async function pendingFor(tx: Pick<Tx, 'reviews' | 'settings'>, actorId: number): Promise<number[]> {
  const actor = await tx.reviews.member(actorId);
  if (!actor) return [];
  const waiting = await tx.reviews.waitingSubmissions(actor.unitId, ['open']);
  const mine: number[] = [];
  for (const r of waiting) {
    const subject = await tx.reviews.member(r.personId);
    if (subject && reviewersOf(await subjectFactsOf(tx, subject)).includes(actorId)) mine.push(r.id);
  }
  return mine;
}

/** The details view of one submission, as data. */
export interface SubmissionDetails {
  submissionId: number;
  /** The revision the details show (the action buttons under them carry it). */
  revision: number;
  /** `submitted` while it waits for review (the details then offer the review actions). */
  status: SubmissionStatus;
  personName: string;
  period: { year: number; quarter: number };
  rubric: Rubric;
  criteria: Criterion[];
  departmentName: string | null;
  rows: ReviewedAnswer[];
  evidence: EvidenceRecord[];
  score: ScoreResult;
}

/** The details view of one submission (authorised like a review action; never a draft: see `canView`). */
export async function details(tx: ReviewTx, ctx: ActionContext, submissionId: number): Promise<ActionResult<SubmissionDetails>> {
  const loaded = await canView(tx, ctx, { submissionId });
  if (!loaded.ok) return loaded;
  const t = loaded.outcome;
  const scoreCtx = scoreContextOf(t.rubric, t.subject, t.settings);
  return done({
    submissionId: t.sub.id,
    revision: t.sub.revision,
    status: t.sub.status,
    personName: t.subject.fullName,
    period: t.period,
    rubric: t.rubric,
    criteria: answerableCriteria(t.rubric, scoreCtx),
    departmentName: t.subject.departmentName,
    rows: t.rows,
    evidence: await tx.reviews.evidence(t.sub.id),
    score: reviewedScore(t.rubric, t.rows, scoreCtx),
  });
}
