/**
 * Read models of the workflow, as data: the progress view (/tiendo), a person's own history (/lichsu) and their
 * finalised results (for /diem and the honour list).
 */
import { loadScoringRules } from '../settings/unit-rules.js';
import { z } from 'zod';
import { selfAssesses } from '../directory/self-assessing.js';
import { localDateOf } from '../scoring/period-calendar.js';
import type { Criterion, Rubric } from '../scoring/rubric-schema.js';
import type { PeriodRecord } from '../store/periods.js';
import type { DepartmentRecord, ListRecord, ProgressMember } from '../store/reviews.js';
import type { Tx } from '../store/store.js';
import { isLate } from './approval-state.js';
import { done, refused, type ActionContext, type ActionResult } from './approval-types.js';
import { progressScope } from './authorize.js';
import { officeReportOf } from './period-actions.js';
import { currentPeriod, findPeriodFor } from './period-queries.js';
import { questionsOf } from './review-score.js';
import { activeActor, actorOf } from './review-target.js';

/** One department in /tiendo. */
export interface DepartmentProgressView {
  departmentId: number;
  departmentName: string;
  approved: string[];
  pendingReview: string[];
  returned: string[];
  missing: string[];
  late: string[];
  /** Members whose review (approval, adjustment or return) came after the department deadline. */
  reviewedLate: string[];
  listStatus: ListRecord['status'] | 'none';
  listLate: boolean;
}

/** The unit's leadership (no department, no list): who submitted, waits for review, is missing. */
export type LeadershipProgressView = Omit<DepartmentProgressView, 'departmentId' | 'departmentName' | 'listStatus' | 'listLate'>;

/** The late stages of an open period. */
export type LateStage = 'self' | 'department' | 'office';

/** The /tiendo report as data. */
export interface ProgressView {
  period: PeriodRecord;
  lateStages: LateStage[];
  departments: DepartmentProgressView[];
  /** The director and deputy directors (office and director only; null when none self-assess). */
  leadership: LeadershipProgressView | null;
  /** The office's report to the director, once made (null while the period is open). */
  officeReport: { at: number; late: boolean } | null;
}

type ReadTx = Pick<Tx, 'reviews' | 'periods' | 'assessment' | 'settings'>;

/**
 * What a viewer may see of the progress, once checked: the period, its rubric (who self-assesses), the departments
 * in the viewer's scope and their lists. Shared by /tiendo and the dashboard's pages (the whole view, a large unit's
 * counts, one department), so every one of them applies the same role check (`progressScope`).
 */
export interface ProgressScope {
  unitId: string;
  period: PeriodRecord;
  rubric: Rubric;
  /** Departments with active members that the viewer may see, by id. */
  departments: DepartmentRecord[];
  lists: ReadonlyMap<number, ListRecord>;
  /** The whole unit (office, director): the leadership group is shown too. */
  whole: boolean;
}

/** The role check of the progress views and the period they show (`code`, else the current one). */
export async function progressScopeOf(tx: ReadTx, ctx: ActionContext, code: string | null = null): Promise<ActionResult<ProgressScope>> {
  const actor = await activeActor(tx, ctx.actorId);
  if (!actor) return refused({ code: 'progress-not-allowed' });
  const all = await tx.reviews.departmentsOf(actor.unitId);
  const leaderOf = all.filter((d) => d.leaderInChargeId === actor.id).map((d) => d.id);
  const scope = progressScope(actorOf(actor), leaderOf);
  if (scope.kind === 'none') return refused({ code: 'progress-staff' });
  const period = code ? await findPeriodFor(tx, actor.unitId, code, []) : await currentPeriod(tx, actor.unitId);
  if (!period) return refused({ code: 'no-period' });
  const lists = new Map((await tx.reviews.listsOfPeriod(period.id)).map((l) => [l.departmentId, l]));
  const rubric = await tx.assessment.getRubric(period.rubricVersionId);
  const departments = (await tx.reviews.departmentsWithMembers(actor.unitId)).filter((d) => scope.kind === 'all' || scope.ids.includes(d.id));
  return done({ unitId: actor.unitId, period, rubric, departments, lists, whole: scope.kind === 'all' });
}

/** A department's row with its list's state and nobody filed yet. */
function emptyView(d: DepartmentRecord, lists: ProgressScope['lists']): DepartmentProgressView {
  return {
    departmentId: d.id,
    departmentName: d.name,
    approved: [],
    pendingReview: [],
    returned: [],
    missing: [],
    late: [],
    reviewedLate: [],
    listStatus: lists.get(d.id)?.status ?? 'none',
    listLate: lists.get(d.id)?.sentLate ?? false,
  };
}

/** The stages of an open period whose deadline passed with work left (`anyMissing`: someone has not submitted). */
export function lateStagesOf(scope: ProgressScope, now: Date, anyMissing: boolean): LateStage[] {
  const { period } = scope;
  if (period.status !== 'open') return [];
  const today = localDateOf(now);
  const stages: LateStage[] = [];
  if (isLate(today, period.selfDeadline) && anyMissing) stages.push('self');
  const unsent = scope.departments.some((d) => {
    const status = scope.lists.get(d.id)?.status;
    return status !== 'sent' && status !== 'accepted';
  });
  if (isLate(today, period.departmentDeadline) && unsent) stages.push('department');
  if (isLate(today, period.officeDeadline)) stages.push('office');
  return stages;
}

/**
 * The progress view of `scope`: every person who self-assesses under the period's rubric (not an admin-only account,
 * as the reminders count them) filed by department, read in one query for all the departments.
 */
export async function progressIn(tx: ReadTx, scope: ProgressScope, now: Date): Promise<ProgressView> {
  const { period } = scope;
  const ids = scope.whole ? undefined : scope.departments.map((d) => d.id);
  const byDepartment = new Map<number | null, ProgressMember[]>();
  for (const m of await tx.reviews.progressMembers(scope.unitId, period.id, ids)) {
    if (!selfAssesses(scope.rubric, m.roles)) continue;
    const list = byDepartment.get(m.departmentId);
    if (list) list.push(m);
    else byDepartment.set(m.departmentId, [m]);
  }
  const views = scope.departments.map((d) => {
    const view = emptyView(d, scope.lists);
    sortMembers(view, byDepartment.get(d.id) ?? []);
    return view;
  });
  const leaders = scope.whole ? (byDepartment.get(null) ?? []) : [];
  let leadership: LeadershipProgressView | null = null;
  if (leaders.length > 0) {
    leadership = { approved: [], pendingReview: [], returned: [], missing: [], late: [], reviewedLate: [] };
    sortMembers(leadership, leaders);
  }
  const anyMissing = [...views, ...(leadership ? [leadership] : [])].some((v) => v.missing.length + v.returned.length > 0);
  return {
    period,
    lateStages: lateStagesOf(scope, now, anyMissing),
    departments: views,
    leadership,
    officeReport: period.status === 'open' ? null : await officeReportOf(tx, period.id),
  };
}

/** /tiendo: per department, who submitted, who waits for review, who is missing, which lists arrived. */
export async function progress(tx: ReadTx, ctx: ActionContext, code: string | null = null): Promise<ActionResult<ProgressView>> {
  const scope = await progressScopeOf(tx, ctx, code);
  if (!scope.ok) return scope;
  return done(await progressIn(tx, scope.outcome, ctx.now));
}

/** Files each member under their submission's state (no submission or a draft: missing). */
function sortMembers(view: LeadershipProgressView, members: readonly ProgressMember[]): void {
  for (const m of members) {
    if (m.status === null || m.status === 'draft') view.missing.push(m.fullName);
    else if (m.status === 'approved') view.approved.push(m.fullName);
    else if (m.status === 'submitted') view.pendingReview.push(m.fullName);
    else view.returned.push(m.fullName);
    if (m.submittedLate) view.late.push(m.fullName);
    if (m.reviewedLate && m.status !== 'draft') view.reviewedLate.push(m.fullName);
  }
}

/** One audit entry as a person reads it in /lichsu. */
export interface HistoryItem {
  at: number;
  action: string;
  actorName: string | null;
  reason: string | null;
  /** What the entry's after-state says, when it matters to the person. */
  detail: HistoryDetail | null;
}

export type HistoryDetail =
  | { type: 'adjusted'; criterion: Criterion | null; questions: readonly Criterion[]; total: number | null }
  | { type: 'citizen'; passed: boolean; self: boolean }
  | { type: 'approved-total'; total: number }
  | { type: 'self-total'; total: number };

/** A person's history in a period, or why there is none. */
export type HistoryView =
  | { kind: 'unknown-person' }
  | { kind: 'no-submission' }
  | { kind: 'history'; period: PeriodRecord; items: HistoryItem[] };

const PERIOD_EVENTS = ['period.finalised', 'period.reopened'] as const;

/** A person's own history in a period (default: the newest period they have a submission in). */
export async function history(tx: ReadTx, personId: number, code: string | null = null): Promise<HistoryView> {
  const person = await tx.reviews.member(personId);
  if (!person) return { kind: 'unknown-person' };
  let period: PeriodRecord | null;
  if (code) period = await findPeriodFor(tx, person.unitId, code, []);
  else {
    const id = await tx.reviews.newestPeriodIdOf(personId);
    period = id === null ? null : await tx.periods.get(id);
  }
  if (!period) return { kind: 'no-submission' };
  const rubric = await tx.assessment.getRubric(period.rubricVersionId);
  const questions = questionsOf(rubric, person, await loadScoringRules(tx, person.unitId, period.code));
  const rows = await tx.reviews.historyOf(personId, period.id, PERIOD_EVENTS);
  const names = new Map<number, string>();
  const nameOf = async (id: number | null): Promise<string | null> => {
    if (id === null) return null;
    if (id === personId) return 'Anh/chị';
    if (!names.has(id)) names.set(id, (await tx.reviews.member(id))?.fullName ?? `#${id}`);
    return names.get(id) ?? null;
  };
  const items: HistoryItem[] = [];
  for (const r of rows) {
    if (!r.action.startsWith('submission.') && !r.action.startsWith('period.')) continue;
    items.push({
      at: r.at,
      action: r.action,
      actorName: r.action.startsWith('period.') ? null : await nameOf(r.actorPersonId),
      reason: r.reason,
      detail: detailOf(r.action, r.after, rubric, questions),
    });
  }
  return { kind: 'history', period, items };
}

const afterSchema = z.object({
  criterionId: z.string().optional(),
  total: z.number().optional(),
  reviewedTotal: z.number().optional(),
  selfTotal: z.number().optional(),
  /** Present for people not ranked by points (laborers). */
  passed: z.boolean().optional(),
});

function detailOf(action: string, after: unknown, rubric: Rubric, questions: readonly Criterion[]): HistoryDetail | null {
  const parsed = afterSchema.safeParse(after);
  if (!parsed.success) return null;
  const a = parsed.data;
  if (action === 'submission.adjusted' && a.criterionId !== undefined) {
    const id = a.criterionId;
    return { type: 'adjusted', criterion: rubric.criteria.find((c) => c.id === id) ?? null, questions, total: a.total ?? null };
  }
  if (action === 'submission.approved' && a.passed !== undefined) return { type: 'citizen', passed: a.passed, self: false };
  if (action === 'submission.approved' && a.reviewedTotal !== undefined) return { type: 'approved-total', total: a.reviewedTotal };
  const submitted = action === 'submission.submitted' || action === 'submission.resubmitted';
  if (submitted && a.passed !== undefined) return { type: 'citizen', passed: a.passed, self: true };
  if (submitted && a.selfTotal !== undefined) return { type: 'self-total', total: a.selfTotal };
  return null;
}

/** One finalised quarter of a person (official results only). */
export interface FinalResult {
  periodId: number;
  code: string;
  year: number;
  quarter: number;
  total: number;
  band: string | null;
  bandLabel: string | null;
  classified: boolean;
}

/** The person's finalised results, oldest first: what /diem shows as official and what the honour list reads. */
export async function myResults(tx: Pick<Tx, 'reviews' | 'assessment'>, personId: number): Promise<FinalResult[]> {
  const out: FinalResult[] = [];
  for (const r of await tx.reviews.finalResultsOf(personId)) {
    if (r.reviewedTotal === null) continue;
    const band = r.band;
    const label = band ? ((await tx.assessment.getRubric(r.rubricVersionId)).bands.list.find((b) => b.id === band)?.label ?? null) : null;
    out.push({ periodId: r.periodId, code: r.code, year: r.year, quarter: r.quarter, total: r.reviewedTotal, band, bandLabel: label, classified: r.classified === true });
  }
  return out;
}
