/**
 * The person's self-assessment as the dialogs need it: the open period, its rubric, the criteria for the person's
 * role and department, the submission, its answers and its evidence. Loaded per event inside the event's unit of work, so nothing
 * stale is ever kept in memory between events.
 */
import { assessmentRole } from '../../directory/self-assessing.js';
import type { Criterion, Role, Rubric } from '../../scoring/rubric-schema.js';
import { criteriaFor } from '../../scoring/score.js';
import type { ScoreContext } from '../../scoring/types.js';
import type { AnswerView, EvidenceView, PeriodView, SubmissionView } from '../../store/assessment.js';
import type { PersonView } from '../../store/directory.js';
import { reviewerTitle, T } from '../../conversation/render/texts.js';
import type { SaCtx } from './context.js';

export interface Session {
  person: PersonView;
  period: PeriodView;
  rubric: Rubric;
  scoreCtx: ScoreContext;
  criteria: readonly Criterion[];
  submission: SubmissionView;
  /** By criterion id, in the order first given (a Map keeps insertion order; an update keeps its place). */
  answers: Map<string, AnswerView>;
  /** In the order added; this step's additions are appended. */
  evidence: EvidenceView[];
}

export type SessionResult = { ok: true; session: Session } | { ok: false; message: string };

/** Opens the person's session for the unit's open period; creates the draft when `create`. */
export async function openSession(ctx: SaCtx, create: boolean): Promise<SessionResult> {
  const { assessment } = ctx.tx;
  const period = await assessment.openPeriodFor(ctx.person.unitId);
  if (!period) return { ok: false, message: T.noPeriod };
  const rubric = await assessment.getRubric(period.rubricVersionId);
  const role = assessmentRole(ctx.person.roles, rubric);
  if (!role) return { ok: false, message: T.notAssessed };
  const scoreCtx: ScoreContext = { role, departmentName: ctx.person.departmentName };
  const criteria = cachedCriteria(rubric, scoreCtx);
  if (criteria.length === 0) return { ok: false, message: T.notAssessed };
  // The submission with its answers and evidence in one read; a draft is created only when there is none (then read
  // as the three parts: another chat of the same person may have created and answered it meanwhile).
  let loaded = await assessment.loadSubmission(period.id, ctx.person.id);
  if (!loaded && create) {
    const submission = await assessment.ensureSubmission(period.id, ctx.person.id, ctx.nowMs);
    loaded = { submission, answers: await assessment.listAnswers(submission.id), evidence: await assessment.listEvidence(submission.id) };
  }
  if (!loaded) return { ok: false, message: T.nothingToReview };
  const { submission, evidence } = loaded;
  const answers = new Map(loaded.answers.map((a) => [a.criterionId, a]));
  return { ok: true, session: { person: ctx.person, period, rubric, scoreCtx, criteria, submission, answers, evidence } };
}

/** Reopens the session a dialog refers to; fails when the period or submission is no longer the current one. */
export async function reopenSession(ctx: SaCtx, ref: { periodId: number; submissionId: number }): Promise<SessionResult> {
  const result = await openSession(ctx, false);
  if (!result.ok) return result;
  if (result.session.period.id !== ref.periodId || result.session.submission.id !== ref.submissionId) {
    return { ok: false, message: T.staleButtonIdle };
  }
  return result;
}

/** Why the answers cannot be changed now, or null when they can. */
export function lockReason(session: Session): string | null {
  const { submission, period } = session;
  if (period.status !== 'open') return T.periodClosed;
  if (submission.status === 'approved') return T.approvedLocked;
  if (submission.status === 'submitted' && submission.reviewedAt !== null) return T.reviewingLocked(reviewerTitle(session.person));
  return null;
}

export function indexOfCriterion(session: Session, criterionId: string): number {
  const { criteria } = session;
  for (let i = 0; i < criteria.length; i++) if (criteria[i]?.id === criterionId) return i;
  return -1;
}

/** Criteria lists by rubric, role and department name ('' for none): the same list object for the same three. */
const criteriaCache = new WeakMap<Rubric, Map<Role, Map<string, readonly Criterion[]>>>();

function cachedCriteria(rubric: Rubric, ctx: ScoreContext): readonly Criterion[] {
  let byRole = criteriaCache.get(rubric);
  if (!byRole) {
    byRole = new Map();
    criteriaCache.set(rubric, byRole);
  }
  let byDepartment = byRole.get(ctx.role);
  if (!byDepartment) {
    byDepartment = new Map();
    byRole.set(ctx.role, byDepartment);
  }
  const department = ctx.departmentName ?? '';
  let list = byDepartment.get(department);
  if (!list) {
    list = criteriaFor(rubric, ctx);
    byDepartment.set(department, list);
  }
  return list;
}
