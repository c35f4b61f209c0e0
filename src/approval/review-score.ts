/**
 * The agreed (reviewed) score of a submission: the person's answers with the reviewer's adjustments applied,
 * scored with the period's rubric, written to `answers.reviewed_*` and `submissions.reviewed_total/band/classified`.
 */
import { eq } from 'drizzle-orm';
import { answers } from '../../db/schema.js';
import { assessmentRole } from '../conversation/assessment/session.js';
import { primaryRole } from '../directory/staff-roles.js';
import type { Db } from '../persistence/open-db.js';
import { criterionById } from '../scoring/compiled.js';
import type { Criterion, Rubric } from '../scoring/rubric-schema.js';
import { criteriaFor, isRankedRole, scoreAnswers } from '../scoring/score.js';
import type { PassFailResult, ScoreContext, ScoreResult } from '../scoring/types.js';
import { effectiveAnswers, listAnswers, type AnswerRecord, type PersonFacts } from './approval-repo.js';

/**
 * How a person is scored: the role they answered as (the engine's `assessmentRole`, so the reviewed score uses the
 * same criteria as the self-assessment) and their department's refinements.
 */
export function scoreContextOf(rubric: Rubric, person: Pick<PersonFacts, 'roles' | 'departmentName'>): ScoreContext {
  return { role: assessmentRole(person.roles, rubric) ?? primaryRole(person.roles), departmentName: person.departmentName };
}

/**
 * The criteria the person answers, in the order the chat asks them (its "Câu 9/20"). Why: reviewers and the person
 * name a criterion by that question number and title (`criterionLabel`), never by the rubric's codes.
 */
export function questionsOf(rubric: Rubric, person: Pick<PersonFacts, 'roles' | 'departmentName'>): Criterion[] {
  return criteriaFor(rubric, scoreContextOf(rubric, person));
}

/**
 * The pass/fail result of a stored submission when the person is not ranked by points (laborers), else null.
 * Why: their stored total is 0 and their band null; what they are told, listed and exported as is "Đạt"/"Chưa đạt".
 */
export function storedPassFail(
  db: Db,
  rubric: Rubric,
  person: Pick<PersonFacts, 'roles' | 'departmentName'>,
  submissionId: number,
): PassFailResult | null {
  const ctx = scoreContextOf(rubric, person);
  if (isRankedRole(rubric, ctx.role)) return null;
  return reviewedScore(rubric, listAnswers(db, submissionId), ctx).passFail;
}

/** Scores the effective answers (adjusted values where the reviewer changed them). */
export function reviewedScore(rubric: Rubric, rows: readonly AnswerRecord[], ctx: ScoreContext): ScoreResult {
  return scoreAnswers(rubric, effectiveAnswers(rows), ctx);
}

/** Points shown for a criterion: its own, or its parent's for a bonus (the bonus counts inside the parent). */
export function pointsShown(score: ScoreResult, criterion: Criterion): number | null {
  const id = criterion.kind === 'bonus' ? criterion.bonusFor : criterion.id;
  return score.criteria[id] ?? null;
}

/**
 * Writes the reviewed points of every answer from `score`, and (for `adjusted`) the reviewer's value and reason.
 * Called inside the action's transaction.
 */
export function writeReviewedAnswers(
  db: Db,
  rubric: Rubric,
  rows: readonly AnswerRecord[],
  score: ScoreResult,
  nowMs: number,
  adjusted?: { criterionId: string; value: unknown; reason: string },
): void {
  for (const row of rows) {
    const criterion = criterionById(rubric, row.criterionId);
    const points = criterion && criterion.kind !== 'bonus' ? (score.criteria[row.criterionId] ?? 0) : null;
    const patch: Partial<typeof answers.$inferInsert> = { reviewedPoints: points, updatedAt: nowMs };
    if (adjusted && adjusted.criterionId === row.criterionId) {
      patch.reviewedValue = adjusted.value;
      patch.reviewReason = adjusted.reason;
    }
    db.update(answers).set(patch).where(eq(answers.id, row.id)).run();
  }
}

/** Clears the reviewer's adjustments of the given answers (the person changed them after a return). */
export function clearAdjustments(db: Db, rows: readonly AnswerRecord[], nowMs: number): void {
  for (const row of rows) {
    db.update(answers).set({ reviewedValue: null, reviewReason: null, reviewedPoints: null, updatedAt: nowMs }).where(eq(answers.id, row.id)).run();
  }
}
