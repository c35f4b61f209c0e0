/**
 * The agreed (reviewed) score of a submission: the person's answers with the reviewer's adjustments applied,
 * scored with the period's rubric, written to the answers' and the submission's reviewed columns.
 */
import { primaryRole } from '../directory/staff-roles.js';
import { criterionById } from '../scoring/compiled.js';
import type { Criterion, Role, Rubric } from '../scoring/rubric-schema.js';
import { answerableCriteria, isRankedRole } from '../scoring/role-criteria.js';
import { scoreAnswers } from '../scoring/score.js';
import type { UnitSettings } from '../scoring/unit-settings.js';
import type { AnswerValue, PassFailResult, ScoreContext, ScoreResult } from '../scoring/types.js';
import type { ReviewedAnswer } from '../store/reviews.js';
import type { Tx } from '../store/store.js';
import { assessmentRole } from '../directory/self-assessing.js';

/** What scoring needs of a person. */
export interface ScoredPerson {
  roles: readonly Role[];
  departmentName: string | null;
}

/**
 * How a person is scored: the role they answered as (the self-assessment's `assessmentRole`, so the reviewed score
 * uses the same criteria as the self-assessment) and their department's refinements.
 */
export function scoreContextOf(rubric: Rubric, person: ScoredPerson, settings?: UnitSettings): ScoreContext {
  const role = assessmentRole(person.roles, rubric) ?? primaryRole(person.roles);
  return settings ? { role, departmentName: person.departmentName, settings } : { role, departmentName: person.departmentName };
}

/**
 * The criteria the person answers, in the order the chat asks them (its "Câu 9/20"). Why: reviewers and the person
 * name a criterion by that question number and title, never by the rubric's codes.
 */
export function questionsOf(rubric: Rubric, person: ScoredPerson, settings?: UnitSettings): Criterion[] {
  return answerableCriteria(rubric, scoreContextOf(rubric, person, settings));
}

/** The effective answers (reviewed value where adjusted) as a scoring input. */
export function effectiveAnswers(rows: readonly ReviewedAnswer[]): Record<string, AnswerValue> {
  return Object.fromEntries(rows.map((r) => [r.criterionId, r.reviewedValue ?? r.value]));
}

/** The person's own answers as a scoring input. */
export function ownAnswers(rows: readonly ReviewedAnswer[]): Record<string, AnswerValue> {
  return Object.fromEntries(rows.map((r) => [r.criterionId, r.value]));
}

/**
 * The pass/fail result of a stored submission when the person is not ranked by points (laborers), else null.
 * Why: their stored total is 0 and their band null; what they are told, listed and exported as is "Đạt"/"Chưa đạt".
 */
export async function storedPassFail(
  tx: Pick<Tx, 'reviews'>,
  rubric: Rubric,
  person: ScoredPerson,
  submissionId: number,
  settings?: UnitSettings,
): Promise<PassFailResult | null> {
  const ctx = scoreContextOf(rubric, person, settings);
  if (isRankedRole(rubric, ctx.role)) return null;
  return reviewedScore(rubric, await tx.reviews.answers(submissionId), ctx).passFail;
}

/** Scores the effective answers (adjusted values where the reviewer changed them). */
export function reviewedScore(rubric: Rubric, rows: readonly ReviewedAnswer[], ctx: ScoreContext): ScoreResult {
  return scoreAnswers(rubric, effectiveAnswers(rows), ctx);
}

/** Points shown for a criterion: its own, or its parent's for a bonus (the bonus counts inside the parent). */
export function pointsShown(score: ScoreResult, criterion: Criterion): number | null {
  const id = criterion.kind === 'bonus' ? criterion.bonusFor : criterion.id;
  return score.criteria[id] ?? null;
}

/**
 * Writes the reviewed points of every answer from `score`, and (for `adjusted`) the reviewer's value and reason.
 */
export async function writeReviewedAnswers(
  tx: Pick<Tx, 'reviews'>,
  rubric: Rubric,
  rows: readonly ReviewedAnswer[],
  score: ScoreResult,
  nowMs: number,
  adjusted?: { criterionId: string; value: AnswerValue; reason: string },
): Promise<void> {
  for (const row of rows) {
    const criterion = criterionById(rubric, row.criterionId);
    const points = criterion && criterion.kind !== 'bonus' ? (score.criteria[row.criterionId] ?? 0) : null;
    const mine = adjusted && adjusted.criterionId === row.criterionId;
    await tx.reviews.updateAnswerReview(
      row.id,
      mine ? { reviewedPoints: points, reviewedValue: adjusted.value, reviewReason: adjusted.reason } : { reviewedPoints: points },
      nowMs,
    );
  }
}

/** Clears the reviewer's adjustments of the given answers (the person changed them after a return). */
export async function clearAdjustments(tx: Pick<Tx, 'reviews'>, rows: readonly ReviewedAnswer[], nowMs: number): Promise<void> {
  for (const row of rows) {
    await tx.reviews.updateAnswerReview(row.id, { reviewedPoints: null, reviewedValue: null, reviewReason: null }, nowMs);
  }
}
