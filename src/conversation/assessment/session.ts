/**
 * The person's self-assessment as the dialogs need it: the open period, its rubric, the criteria for the person's
 * role and department, the submission and its answers. Loaded per event (cheap prepared statements), so nothing
 * stale is ever kept in memory between events.
 */
import type { Criterion, Role, Rubric } from '../../scoring/rubric-schema.js';
import { criteriaFor } from '../../scoring/score.js';
import type { ScoreContext } from '../../scoring/types.js';
import type { PeriodView, PersonView, SubmissionView } from '../ports.js';
import { reviewerTitle, T } from '../render/texts.js';
import type { LinkedContext } from '../step-context.js';
import { AnswerBook } from './answer-book.js';

export interface Session {
  person: PersonView;
  period: PeriodView;
  rubric: Rubric;
  scoreCtx: ScoreContext;
  criteria: readonly Criterion[];
  submission: SubmissionView;
  answers: AnswerBook;
}

export type SessionResult = { ok: true; session: Session } | { ok: false; message: string };

/** Which role the person answers as: the most specific one the rubric knows (a head is also staff). */
const ROLE_PRIORITY: Role[] = ['head', 'leader', 'office', 'director', 'staff', 'laborer'];

/** Opens the person's session for the unit's open period; creates the draft when `create`. */
export function openSession(ctx: LinkedContext, create: boolean): SessionResult {
  const { assessment } = ctx.ports;
  const period = assessment.openPeriodFor(ctx.person.unitId);
  if (!period) return { ok: false, message: T.noPeriod };
  const rubric = assessment.getRubric(period.rubricVersionId);
  const role = assessmentRole(ctx.person.roles, rubric);
  if (!role) return { ok: false, message: T.notAssessed };
  const scoreCtx: ScoreContext = { role, departmentName: ctx.person.departmentName };
  const criteria = cachedCriteria(rubric, scoreCtx);
  if (criteria.length === 0) return { ok: false, message: T.notAssessed };
  const submission = create
    ? assessment.ensureSubmission(period.id, ctx.person.id, ctx.nowMs)
    : assessment.findSubmission(period.id, ctx.person.id);
  if (!submission) return { ok: false, message: T.nothingToReview };
  const answers = new AnswerBook(assessment.listAnswers(submission.id));
  return { ok: true, session: { person: ctx.person, period, rubric, scoreCtx, criteria, submission, answers } };
}

/** Reopens the session a dialog refers to; fails when the period or submission is no longer the current one. */
export function reopenSession(ctx: LinkedContext, ref: { periodId: number; submissionId: number }): SessionResult {
  const result = openSession(ctx, false);
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

export function assessmentRole(roles: readonly Role[], rubric: Rubric): Role | null {
  const known = knownRoles(rubric);
  for (const r of ROLE_PRIORITY) if (roles.includes(r) && known.has(r)) return r;
  return null;
}

/** The roles a rubric scores, computed once per rubric (rubrics are immutable once loaded). */
const knownRolesCache = new WeakMap<Rubric, ReadonlySet<Role>>();

function knownRoles(rubric: Rubric): ReadonlySet<Role> {
  let known = knownRolesCache.get(rubric);
  if (!known) {
    known = new Set<Role>(
      rubric.roleRules.length > 0 ? rubric.roleRules.map((r) => r.role) : rubric.criteria.flatMap((c) => c.roles),
    );
    knownRolesCache.set(rubric, known);
  }
  return known;
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
