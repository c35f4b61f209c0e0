/**
 * The one gate every action on a submission passes through: the submission exists → the actor may review it →
 * (optionally) the actor saw the current revision → the state machine allows the action. The permission checks
 * (`canApprove`, `canAdjust`, `canReturn`, `canView`) are this gate alone: buttons and menus call them to refuse at
 * once (before anyone types a reason) without performing anything.
 */
import type { Criterion, Rubric } from '../scoring/rubric-schema.js';
import { answerableCriteria } from '../scoring/role-criteria.js';
import type { UnitSettings } from '../scoring/unit-settings.js';
import { loadScoringRules, loadUnitRules } from '../settings/unit-rules.js';
import type { PeriodRecord } from '../store/periods.js';
import type { MemberRecord, ReviewedAnswer, ReviewSubmission } from '../store/reviews.js';
import type { Tx } from '../store/store.js';
import { submissionTransition, viewRefusal, type SubmissionAction } from './approval-state.js';
import { done, refused, type ActionContext, type ActionResult } from './approval-types.js';
import { canReview, NOT_ALLOWED, type Actor, type SubjectFacts } from './authorize.js';
import type { Refusal } from './refusals.js';
import { scoreContextOf } from './review-score.js';

/** Everything an action on a submission needs, loaded and authorised. */
export interface ReviewTarget {
  actor: MemberRecord;
  subject: MemberRecord;
  sub: ReviewSubmission;
  period: PeriodRecord;
  rubric: Rubric;
  rows: ReviewedAnswer[];
  /** The unit's rules for the period: every score computed on this target uses them. */
  settings: UnitSettings;
}

export type ReviewTx = Pick<Tx, 'reviews' | 'periods' | 'assessment' | 'settings'>;

export function actorOf(p: MemberRecord): Actor {
  return { personId: p.id, unitId: p.unitId, roles: p.roles, departmentId: p.departmentId };
}

/** The active actor, or null (unknown or deactivated people may do nothing). */
export async function activeActor(tx: Pick<Tx, 'reviews'>, actorId: number): Promise<MemberRecord | null> {
  const actor = await tx.reviews.member(actorId);
  return actor && actor.active ? actor : null;
}

/** Who is responsible for `person`'s self-assessment (see `authorize.ts`). */
export async function subjectFactsOf(tx: Pick<Tx, 'reviews' | 'settings'>, person: MemberRecord): Promise<SubjectFacts> {
  const dept = person.departmentId === null ? null : await tx.reviews.department(person.departmentId);
  let directorReviewerIds: number[] = [];
  if (person.roles.includes('director')) {
    const reviewer = (await loadUnitRules(tx, person.unitId)).chain.directorReviewer;
    directorReviewerIds = reviewer === 'office' ? await tx.reviews.holdersOf(person.unitId, 'office') : reviewer === null ? [] : [reviewer];
  }
  return {
    personId: person.id,
    unitId: person.unitId,
    roles: person.roles,
    departmentId: person.departmentId,
    departmentHeadIds: dept ? await tx.reviews.holdersOf(person.unitId, 'head', dept.id) : [],
    leaderInChargeId: dept?.leaderInChargeId ?? null,
    directorIds: await tx.reviews.holdersOf(person.unitId, 'director'),
    directorReviewerIds,
  };
}

/** Loads the submission and checks that the actor may review it (not yet whether the state allows it). */
export async function loadTarget(tx: ReviewTx, ctx: ActionContext, submissionId: number): Promise<ActionResult<ReviewTarget>> {
  const actor = await activeActor(tx, ctx.actorId);
  if (!actor) return refused(NOT_ALLOWED);
  const sub = await tx.reviews.submission(submissionId);
  const subject = sub ? await tx.reviews.member(sub.personId) : null;
  const period = sub ? await tx.periods.get(sub.periodId) : null;
  if (!sub || !subject || !period) return refused({ code: 'submission-not-found' });
  const decision = canReview(actorOf(actor), await subjectFactsOf(tx, subject));
  if (!decision.ok) return refused(decision.refusal);
  const rubric = await tx.assessment.getRubric(period.rubricVersionId);
  const settings = await loadScoringRules(tx, subject.unitId, period.code);
  return done({ actor, subject, sub, period, rubric, rows: await tx.reviews.answers(sub.id), settings });
}

/** Checks the state machine for `action` on the target; null when allowed. */
export async function checkState(tx: ReviewTx, t: ReviewTarget, action: SubmissionAction): Promise<Refusal | null> {
  const list = t.subject.departmentId === null ? null : await tx.reviews.listOf(t.period.id, t.subject.departmentId);
  const result = submissionTransition(
    { status: t.sub.status, periodStatus: t.period.status, listStatus: list?.status ?? 'none' },
    action,
  );
  return result.ok ? null : result.refusal;
}

/** What a reviewer's button or typed action carries: the submission and (from a prompt) the revision seen. */
export interface SubmissionInput {
  submissionId: number;
  revision?: number;
}

/**
 * The target of `action`: loaded and authorised, refused when the actor saw an older revision (`stale`) or when
 * the state machine does not allow `action`.
 */
export async function actionTarget(
  tx: ReviewTx,
  ctx: ActionContext,
  input: SubmissionInput,
  action: SubmissionAction,
): Promise<ActionResult<ReviewTarget>> {
  const loaded = await loadTarget(tx, ctx, input.submissionId);
  if (!loaded.ok) return loaded;
  if (input.revision !== undefined && input.revision !== loaded.outcome.sub.revision) return refused({ code: 'stale' });
  const stateError = await checkState(tx, loaded.outcome, action);
  return stateError ? refused(stateError) : loaded;
}

/** May the actor approve this submission now? (Nothing is written.) */
export function canApprove(tx: ReviewTx, ctx: ActionContext, input: SubmissionInput): Promise<ActionResult<ReviewTarget>> {
  return actionTarget(tx, ctx, input, 'approve');
}

/** May the actor adjust this submission now? (Nothing is written.) */
export function canAdjust(tx: ReviewTx, ctx: ActionContext, input: SubmissionInput): Promise<ActionResult<ReviewTarget>> {
  return actionTarget(tx, ctx, input, 'adjust');
}

/** May the actor return this submission now? (Nothing is written; the reason is asked next.) */
export function canReturn(tx: ReviewTx, ctx: ActionContext, input: SubmissionInput): Promise<ActionResult<ReviewTarget>> {
  return actionTarget(tx, ctx, input, 'return');
}

/**
 * May the actor read this submission (details and evidence)? The reviewer gate, then the submission must be the
 * reviewer's to read: submitted or approved, never a draft or a returned one being reworked (see `viewRefusal`).
 * Every reviewer read of a submission passes here. (Nothing is written.)
 */
export async function canView(tx: ReviewTx, ctx: ActionContext, input: SubmissionInput): Promise<ActionResult<ReviewTarget>> {
  const loaded = await loadTarget(tx, ctx, input.submissionId);
  if (!loaded.ok) return loaded;
  const refusal = viewRefusal(loaded.outcome.sub.status);
  return refusal ? refused(refusal) : loaded;
}

/** The criteria a reviewer may adjust with buttons (answered, and of a kind with fixed choices). */
export function adjustableCriteria(t: ReviewTarget): { index: number; criterion: Criterion }[] {
  const answered = new Set(t.rows.map((r) => r.criterionId));
  const applicable = new Set(answerableCriteria(t.rubric, scoreContextOf(t.rubric, t.subject, t.settings)).map((c) => c.id));
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
