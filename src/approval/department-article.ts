/**
 * The department's own article of the quarter (seed 000 II.3.b: "Mỗi phòng phải viết tin/bài … Ít nhất 1 bài/Quý";
 * III.2.c). The head answers it for the department each quarter (the office may record it for a department); the
 * results read it (`src/results/department-conditions.ts`): a department without an article cannot be the best
 * department, and under `departmentArticle: members-too` its members are not classified either. Same order of
 * checks as every action: exists → may the actor → does the state allow → write + audit.
 */
import type { DepartmentCondition, Rubric } from '../scoring/rubric-schema.js';
import {
  departmentArticleSummary,
  departmentConditionLines,
  departmentConditionStatus,
  departmentConditionStatuses,
  statusOf,
  type DepartmentArticleSummary,
  type DepartmentConditionStatus,
} from '../results/department-conditions.js';
import type { DepartmentArticleRule } from '../scoring/unit-settings.js';
import type { DepartmentConditionAnswer } from '../store/department-conditions.js';
import type { PeriodRecord } from '../store/periods.js';
import type { DepartmentRecord } from '../store/reviews.js';
import type { Tx } from '../store/store.js';
import { done, refused, type ActionContext, type ActionResult } from './approval-types.js';
import { canAnswerDepartmentCondition, NOT_ALLOWED } from './authorize.js';
import { currentPeriod, findPeriodFor } from './period-queries.js';
import { activeActor, actorOf } from './review-target.js';
import { loadScoringRules } from '../settings/unit-rules.js';

type ArticleTx = Pick<Tx, 'reviews' | 'periods' | 'assessment' | 'audit' | 'settings' | 'departmentConditions'>;

/** The longest evidence text kept (a link or a title). */
export const EVIDENCE_MAX = 500;
/** An implausible count is a typing error, refused. */
export const COUNT_MAX = 1000;

/** What the head (or the office) answers. */
export interface DepartmentArticleInput {
  /** The department; a head's own when omitted. */
  departmentId?: number;
  /** The period by code (`2026-Q4`); the current one when omitted. */
  periodCode?: string;
  /** Articles published in the quarter (0: none); a pass/fail condition takes 1 or 0. */
  count: number;
  /** A link or a short description; may be empty. */
  evidence?: string | null;
}

/** A department's condition of a period, as the chat and the CLI show it. */
export interface DepartmentArticleView {
  period: PeriodRecord;
  department: DepartmentRecord;
  condition: DepartmentCondition;
  status: DepartmentConditionStatus;
  answer: DepartmentConditionAnswer | null;
  rule: DepartmentArticleRule;
  rubric: Rubric;
}

/** The loaded and authorised target of an answer, or why not. */
async function target(
  tx: ArticleTx,
  ctx: ActionContext,
  input: { departmentId?: number; periodCode?: string },
): Promise<ActionResult<Omit<DepartmentArticleView, 'status' | 'answer'> & { answers: DepartmentConditionAnswer[] }>> {
  const actor = await activeActor(tx, ctx.actorId);
  if (!actor) return refused(NOT_ALLOWED);
  const departmentId = input.departmentId ?? actor.departmentId;
  if (departmentId === null) return refused({ code: 'not-department-head-or-office' });
  const department = await tx.reviews.department(departmentId);
  if (!department || department.unitId !== actor.unitId) return refused({ code: 'department-not-found' });
  const may = canAnswerDepartmentCondition(actorOf(actor), department.id, await tx.reviews.holdersOf(actor.unitId, 'head', department.id));
  if (!may.ok) return refused(may.refusal);
  const period = input.periodCode
    ? await findPeriodFor(tx, actor.unitId, input.periodCode, [])
    : await currentPeriod(tx, actor.unitId);
  if (!period) return refused({ code: input.periodCode ? 'period-not-found' : 'no-active-period' });
  const rubric = await tx.assessment.getRubric(period.rubricVersionId);
  const condition = rubric.departmentConditions[0];
  if (!condition) return refused({ code: 'no-department-condition' });
  const rule = (await loadScoringRules(tx, actor.unitId, period.code)).departmentArticle;
  const answers = (await tx.departmentConditions.forPeriod(period.id)).filter((a) => a.departmentId === department.id);
  return done({ period, department, condition, rule, rubric, answers });
}

/** The department's article of the period as it stands (for `/baiphong` without an answer, and the CLI). */
export async function departmentArticle(
  tx: ArticleTx,
  ctx: ActionContext,
  input: { departmentId?: number; periodCode?: string } = {},
): Promise<ActionResult<DepartmentArticleView>> {
  const t = await target(tx, ctx, input);
  if (!t.ok) return t;
  const { answers, ...rest } = t.outcome;
  return done({ ...rest, status: departmentConditionStatus(rest.rubric, answers), answer: answers.find((a) => a.conditionId === rest.condition.id) ?? null });
}

/** Records the head's (or the office's) answer for the period; a later answer replaces it until the quarter is reported. */
export async function answerDepartmentArticle(tx: ArticleTx, ctx: ActionContext, input: DepartmentArticleInput): Promise<ActionResult<DepartmentArticleView>> {
  const t = await target(tx, ctx, input);
  if (!t.ok) return t;
  const { period, department, condition, rubric, answers } = t.outcome;
  // Frozen once the office reported the quarter to the director, as the lists are.
  if (period.status !== 'open') return refused({ code: 'period-frozen', periodStatus: period.status });
  const max = condition.test.type === 'pass-fail' ? 1 : COUNT_MAX;
  if (!Number.isInteger(input.count) || input.count < 0 || input.count > max) return refused({ code: 'invalid-value' });
  const evidence = input.evidence?.trim() ? input.evidence.trim().slice(0, EVIDENCE_MAX) : null;
  const before = answers.find((a) => a.conditionId === condition.id) ?? null;
  const answer = await tx.departmentConditions.answer({
    unitId: period.unitId,
    periodId: period.id,
    departmentId: department.id,
    conditionId: condition.id,
    value: input.count,
    evidence,
    answeredById: ctx.actorId,
    answeredAt: ctx.now.getTime(),
  });
  await tx.audit.record({
    at: ctx.now.getTime(),
    unitId: period.unitId,
    actorPersonId: ctx.actorId,
    channel: ctx.channel,
    action: 'department.condition_answered',
    entityType: 'department',
    entityId: String(department.id),
    periodId: period.id,
    before: before ? { conditionId: before.conditionId, value: before.value, evidence: before.evidence } : null,
    after: { conditionId: answer.conditionId, value: answer.value, evidence: answer.evidence },
  });
  const all = [...answers.filter((a) => a.conditionId !== condition.id), answer];
  return done({ ...t.outcome, status: departmentConditionStatus(rubric, all), answer });
}

/** Every department's status for a period (the office's summary, reminders): by department id. */
export async function departmentArticleStatuses(
  tx: Pick<Tx, 'assessment' | 'departmentConditions'>,
  period: PeriodRecord,
): Promise<{ rubric: Rubric; statuses: Map<number, DepartmentConditionStatus> } | null> {
  const rubric = await tx.assessment.getRubric(period.rubricVersionId);
  if (rubric.departmentConditions.length === 0) return null;
  return { rubric, statuses: departmentConditionStatuses(rubric, await tx.departmentConditions.forPeriod(period.id)) };
}

/** Reads every department's article of the period once, then `read` gives each department's view of it. */
async function articleReader<T>(
  tx: Pick<Tx, 'assessment' | 'departmentConditions' | 'settings'>,
  period: PeriodRecord,
  read: (rubric: Rubric, status: DepartmentConditionStatus, rule: DepartmentArticleRule) => T,
): Promise<((departmentId: number) => T) | null> {
  const articles = await departmentArticleStatuses(tx, period);
  if (!articles) return null;
  const rule = (await loadScoringRules(tx, period.unitId, period.code)).departmentArticle;
  return (departmentId) => read(articles.rubric, statusOf(articles.rubric, articles.statuses, departmentId), rule);
}

/**
 * Each department's article of the period as one line ("Tin, bài của phòng trong Quý: 2 bài (…)", "… chưa khai
 * báo"), for the department lists and the director's summary; null when the rubric has no department condition.
 */
export async function departmentArticleLines(
  tx: Pick<Tx, 'assessment' | 'departmentConditions' | 'settings'>,
  period: PeriodRecord,
): Promise<((departmentId: number) => string) | null> {
  return articleReader(tx, period, (rubric, status, rule) => departmentConditionLines(rubric, status, rule).join('; '));
}

/**
 * Each department's article of the period for the dashboard's pages ("Bài viết của phòng: có / không / chưa khai
 * báo" and what it implies); null when the rubric has no department condition.
 */
export async function departmentArticleSummaries(
  tx: Pick<Tx, 'assessment' | 'departmentConditions' | 'settings'>,
  period: PeriodRecord,
): Promise<((departmentId: number) => DepartmentArticleSummary) | null> {
  return articleReader(tx, period, departmentArticleSummary);
}

/** One department's article on a dashboard page. */
export interface DepartmentArticleRow {
  departmentId: number;
  departmentName: string;
  article: DepartmentArticleSummary;
}

/**
 * The article of each of `departments` for the period (the office's lists, the director's summary, the results
 * page), in their order; null when the rubric has no department condition.
 */
export async function departmentArticleRows(
  tx: Pick<Tx, 'assessment' | 'departmentConditions' | 'settings'>,
  period: PeriodRecord,
  departments: readonly { id: number; name: string }[],
): Promise<DepartmentArticleRow[] | null> {
  const summary = await departmentArticleSummaries(tx, period);
  return summary ? departments.map((d) => ({ departmentId: d.id, departmentName: d.name, article: summary(d.id) })) : null;
}
