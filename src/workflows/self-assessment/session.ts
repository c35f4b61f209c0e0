/**
 * The person's self-assessment as the dialogs need it: the open period, its rubric, the criteria for the person's
 * role and department, the submission, its answers and its evidence. Loaded per event inside the event's unit of work, so nothing
 * stale is ever kept in memory between events.
 */
import { assessmentRole } from '../../directory/self-assessing.js';
import type { Criterion, Role, Rubric } from '../../scoring/rubric-schema.js';
import { answerableCriteria, criteriaFor } from '../../scoring/role-criteria.js';
import type { ScoreContext } from '../../scoring/types.js';
import { unitRulesOf, type ChainRules } from '../../settings/unit-rules.js';
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
  /**
   * Criteria the person may answer but need not (a laborer's Chiến binh số part when the unit accepts it, issue 17
   * item 11): asked after their own, skippable; once one is answered, all are (the person is then ranked).
   */
  optional: ReadonlySet<string>;
  /** The unit's approval-chain rules (who reviews the director's own self-assessment). */
  chain: ChainRules;
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
  // The unit's settings, the open period and the submission with its answers and evidence in one read; a draft is
  // created only when there is none (then read as the three parts: another chat of the same person may have created
  // and answered it meanwhile).
  const rows = await assessment.loadOpenSession(ctx.person.unitId, ctx.person.id);
  const { period } = rows;
  if (!period) return { ok: false, message: T.noPeriod };
  const rubric = await assessment.getRubric(period.rubricVersionId);
  const role = assessmentRole(ctx.person.roles, rubric);
  if (!role) return { ok: false, message: T.notAssessed };
  const { scoring: settings, chain } = unitRulesOf(rows.unitSettings, ctx.person.unitId, period.code);
  const scoreCtx: ScoreContext = { role, departmentName: ctx.person.departmentName, settings };
  const { criteria, optional } = cachedCriteria(rubric, scoreCtx);
  if (criteria.length === 0) return { ok: false, message: T.notAssessed };
  let { loaded } = rows;
  if (!loaded && create) {
    const submission = await assessment.ensureSubmission(period.id, ctx.person.id, ctx.nowMs);
    loaded = { submission, answers: await assessment.listAnswers(submission.id), evidence: await assessment.listEvidence(submission.id) };
  }
  if (!loaded) return { ok: false, message: T.nothingToReview };
  const { submission, evidence } = loaded;
  const answers = new Map(loaded.answers.map((a) => [a.criterionId, a]));
  return { ok: true, session: { person: ctx.person, period, rubric, scoreCtx, criteria, optional, chain, submission, answers, evidence } };
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

/** Who reviews this person's self-assessment, as the person reads it ("Trưởng phòng", "lãnh đạo phụ trách", …). */
export function reviewerOf(session: Session): string {
  return reviewerTitle(session.person, session.chain.directorReviewer);
}

/** Why the answers cannot be changed now, or null when they can. */
export function lockReason(session: Session): string | null {
  const { submission, period } = session;
  if (period.status !== 'open') return T.periodClosed;
  if (submission.status === 'approved') return T.approvedLocked;
  if (submission.status === 'submitted' && submission.reviewedAt !== null) return T.reviewingLocked(reviewerOf(session));
  return null;
}

/**
 * Indices of the questions still to answer before submitting: every own criterion, and the optional ones only once
 * the person volunteered (answered one of them).
 */
export function unansweredRequired(session: Session): number[] {
  const volunteered = [...session.optional].some((id) => session.answers.has(id));
  return session.criteria.flatMap((c, i) => (session.answers.has(c.id) || (!volunteered && session.optional.has(c.id)) ? [] : [i]));
}

export function indexOfCriterion(session: Session, criterionId: string): number {
  const { criteria } = session;
  for (let i = 0; i < criteria.length; i++) if (criteria[i]?.id === criterionId) return i;
  return -1;
}

interface CriteriaList {
  criteria: readonly Criterion[];
  optional: ReadonlySet<string>;
}

/**
 * Criteria lists by rubric, role, department name and the rules that change the list or its level choices (laborers'
 * optional part, Phụ lục 02 adoption): the same list object for the same inputs (question templates are cached by it).
 */
const criteriaCache = new WeakMap<Rubric, Map<Role, Map<string, CriteriaList>>>();

function cachedCriteria(rubric: Rubric, ctx: ScoreContext): CriteriaList {
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
  const s = ctx.settings;
  const key = `${ctx.departmentName ?? ''}\u0000${s?.laborerChienBinhSo ?? ''}\u0000${JSON.stringify(s?.subLevelDepartments ?? null)}`;
  let list = byDepartment.get(key);
  if (!list) {
    const own = new Set(criteriaFor(rubric, ctx).map((c) => c.id));
    const criteria = answerableCriteria(rubric, ctx);
    list = { criteria, optional: new Set(criteria.filter((c) => !own.has(c.id)).map((c) => c.id)) };
    byDepartment.set(key, list);
  }
  return list;
}
