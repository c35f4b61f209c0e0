/**
 * Pure scoring: a person's (or organisation's) result of the quarter (or year) from their answers, its Vietnamese
 * outcome line, and the department's own conditions applied to it. Which criteria a person answers is in
 * `role-criteria.ts`; what one answer is worth, and whether it is valid, in `answer-points.ts`.
 *
 * Rules (seed 000, seed 003): unanswered point criteria count 0 and are listed in `missing`; an unmet gate
 * (a Công dân số criterion not passed) or condition (no digital signing, no article) makes the person not
 * classified, and an unmet condition also means "không hoàn thành nhiệm vụ" (`dutyNotCompleted`); bonuses count
 * inside their parent's maximum; section caps apply; participants of roles that are not ranked (laborers) get
 * pass/fail only unless the unit accepts their Chiến binh số answers; indicators marked "không đánh giá" leave
 * the maximum. Readings a unit may change come from `UnitSettings` (optional last parameter, seed defaults).
 */
import { bandFor } from './aggregate.js';
import { pointsFor } from './answer-points.js';
import { departmentView, rolePlan, type ConditionCriterion, type PlanStep } from './compiled.js';
import { volunteeredPlan } from './role-criteria.js';
import { round2 } from './round.js';
import type { Rubric } from './rubric-schema.js';
import type { AnswerValue, Answers, NotClassifiedReason, ScoreContext, ScoreResult, ScoreStatus } from './types.js';
import { resolveSettings, type SettingsArg } from './unit-settings.js';

const NOT_RANKED_MESSAGE =
  'Người lao động chỉ đánh giá các tiêu chí nhóm Công dân số (đạt/không đạt), không xếp loại theo điểm.';
const NO_CRITERIA_MESSAGE = 'Vai trò này không có tiêu chí nào trong bảng điểm nên không xếp loại.';

/**
 * Scores one person's (or organisation's) answers for a period. `settings` (optional, seed defaults) decides
 * the readings: Phụ lục 02 adoption, laborers' Chiến binh số answers, the 95% gap, dti.47.
 */
export function scoreAnswers(rubric: Rubric, answers: Answers, ctx: ScoreContext, settings?: SettingsArg): ScoreResult {
  const s = resolveSettings(settings ?? ctx.settings);
  let plan = rolePlan(rubric, ctx.role);
  if (!plan.ranked && s.laborerChienBinhSo === 'accept-and-rank') plan = volunteeredPlan(rubric, plan, answers) ?? plan;
  const view = departmentView(rubric, ctx.departmentName, s.subLevelDepartments);
  const criteria: Record<string, number> = {};
  const sectionSums: number[] = new Array<number>(plan.pointSections.length).fill(0);
  const missing: string[] = [];
  const reasons: NotClassifiedReason[] = [];
  const notApplicable: string[] = [];
  const refused: ScoreResult['refused'] = [];
  const marked = ctx.notApplicable && ctx.notApplicable.length > 0 ? new Set(ctx.notApplicable) : null;
  let removedMax: number[] | null = null;
  let gateFailed = false;
  let dutyNotCompleted = false;

  for (const step of plan.steps) {
    const cr = step.criterion;
    if (marked?.has(cr.id)) {
      if (cr.notApplicableWhen !== undefined) {
        notApplicable.push(cr.id);
        if (step.section >= 0) {
          removedMax ??= new Array<number>(plan.pointSections.length).fill(0);
          removedMax[step.section] = (removedMax[step.section] ?? 0) + step.max;
        }
        continue;
      }
      refused.push({
        criterionId: cr.id,
        message: `Chỉ số ${cr.id} “${cr.title}” không thuộc trường hợp “không đánh giá” theo văn bản nên vẫn được chấm điểm.`,
      });
    }
    const value = answers[cr.id];
    let own: number | null = null;
    if (value !== undefined) {
      own =
        cr.kind === 'levels'
          ? typeof value === 'string'
            ? (view.points.get(cr.id)?.get(value) ?? null)
            : null
          : pointsFor(rubric, cr, value, ctx, s);
    }
    if (own === null) missing.push(cr.id);
    if (step.gate && value !== 'pass') {
      const message = value === 'fail' ? step.messages.failed : step.messages.unanswered;
      if (value === 'fail') gateFailed = true;
      reasons.push({ code: 'gate', criterionId: cr.id, message });
    }
    if (cr.kind === 'condition') {
      const answered = own === null ? undefined : value;
      const reason = conditionReason(cr, answered, step.messages);
      if (reason) {
        reasons.push(reason);
        if (answered !== undefined) dutyNotCompleted = true;
      }
      continue;
    }
    if (step.max === 0) continue;
    let points = own ?? 0;
    let answered = own !== null;
    for (const bonus of step.bonuses) {
      const flag = answers[bonus.id];
      if (typeof flag !== 'boolean') continue;
      if (flag) points += bonus.points;
      answered = true;
    }
    if (points > step.max) points = step.max;
    if (!answered) continue;
    criteria[cr.id] = points;
    if (step.section >= 0) sectionSums[step.section] = (sectionSums[step.section] ?? 0) + points;
  }

  const sections: Record<string, number> = {};
  let sum = 0;
  let max = plan.max;
  if (removedMax) max = 0;
  for (let i = 0; i < plan.pointSections.length; i += 1) {
    const section = plan.pointSections[i]!;
    const raw = round2(sectionSums[i] ?? 0);
    const capped = section.cap === null ? raw : Math.min(section.cap, raw);
    sections[section.id] = capped;
    sum += capped;
    if (removedMax) {
      const left = round2((plan.sectionRawMax[i] ?? 0) - (removedMax[i] ?? 0));
      max += section.cap === null ? left : Math.min(section.cap, left);
    }
  }
  const total = round2(sum);
  max = round2(max);

  let passed: boolean | null = null;
  let passFail: ScoreResult['passFail'] = null;
  if (!plan.ranked) {
    const notMet: string[] = [];
    let of = 0;
    for (const cr of plan.criteria) {
      if (cr.kind !== 'pass-fail') continue;
      of += 1;
      if (answers[cr.id] !== 'pass') notMet.push(cr.id);
    }
    passed = notMet.length === 0;
    passFail = { met: of - notMet.length, of, notMet };
    reasons.unshift({ code: 'laborer', message: NOT_RANKED_MESSAGE });
  } else if (plan.criteria.length === 0) {
    reasons.push({ code: 'missing', message: NO_CRITERIA_MESSAGE });
  }
  const classified = reasons.length === 0;
  const band = classified ? bandFor(rubric, total, { max, percentGap: s.percentGap }) : null;
  const isClassified = classified && band !== null;
  let status: ScoreStatus;
  if (!plan.ranked) status = 'not-ranked';
  else if (dutyNotCompleted) status = 'duty-not-completed';
  else if (gateFailed) status = 'gate-failed';
  else status = isClassified ? 'classified' : 'incomplete';
  return {
    total,
    max,
    percent: max > 0 ? round2((total / max) * 100) : 0,
    band: band?.id ?? null,
    bandLabel: band?.label ?? null,
    classified: isClassified,
    reasons,
    criteria,
    sections,
    missing,
    passed,
    passFail,
    gateFailed,
    dutyNotCompleted,
    status,
    notApplicable,
    refused,
  };
}

/**
 * The Vietnamese outcome line of a result, keeping "không hoàn thành nhiệm vụ" (an unmet condition, which feeds
 * the annual evaluation) apart from a failed Công dân số gate (seed 000 III.2.c).
 */
export function classificationLabel(result: Pick<ScoreResult, 'status' | 'bandLabel' | 'passed'>): string {
  switch (result.status) {
    case 'classified':
      return result.bandLabel ?? 'Đã xếp loại';
    case 'duty-not-completed':
      return 'Không xếp loại và không hoàn thành nhiệm vụ (thiếu điều kiện ký số văn bản hoặc bài viết)';
    case 'gate-failed':
      return 'Không xếp loại: nhóm Công dân số chưa đạt';
    case 'incomplete':
      return 'Chưa xếp loại: còn tiêu chí hoặc điều kiện chưa trả lời';
    case 'not-ranked':
      return result.passed ? 'Công dân số: Đạt' : 'Công dân số: Chưa đạt';
  }
}

/** Whether a department met its own conditions of the period (seed 000: its article of the quarter). */
export interface DepartmentConditionsResult {
  /** true: all met; false: one is answered and unmet; null: one is not answered yet. */
  met: boolean | null;
  unmet: { id: string; message: string }[];
}

/** Evaluates the rubric's department conditions against the head's answers for the department. */
export function departmentConditionsMet(rubric: Rubric, answers: Answers): DepartmentConditionsResult {
  const unmet: DepartmentConditionsResult['unmet'] = [];
  let unanswered = false;
  for (const condition of rubric.departmentConditions) {
    const value = answers[condition.id];
    if (value === undefined) {
      unanswered = true;
      continue;
    }
    const ok =
      condition.test.type === 'pass-fail'
        ? value === 'pass'
        : typeof value === 'number' && Number.isInteger(value) && value >= condition.test.min;
    if (!ok) unmet.push({ id: condition.id, message: condition.failReason });
  }
  return { met: unmet.length > 0 ? false : unanswered ? null : true, unmet };
}

/**
 * A member's result once the department's own conditions are known. Under the default setting
 * (`departmentArticle: best-department-only`) it is unchanged: the department only loses the best-department
 * award. Under `members-too`, a member of a department whose condition is unmet is not classified and did not
 * complete the duty ("không có bài viết đăng … của phòng không xếp loại và không hoàn thành nhiệm vụ").
 */
export function applyDepartmentConditions(
  result: ScoreResult,
  department: DepartmentConditionsResult,
  settings?: SettingsArg,
): ScoreResult {
  if (department.met !== false || resolveSettings(settings).departmentArticle !== 'members-too') return result;
  if (result.status === 'not-ranked') return result;
  return {
    ...result,
    classified: false,
    band: null,
    bandLabel: null,
    dutyNotCompleted: true,
    status: 'duty-not-completed',
    reasons: [
      ...result.reasons,
      ...department.unmet.map((u) => ({ code: 'department-condition' as const, criterionId: u.id, message: u.message })),
    ],
  };
}

function conditionReason(
  cr: ConditionCriterion,
  value: AnswerValue | undefined,
  messages: PlanStep['messages'],
): NotClassifiedReason | null {
  if (value === undefined) return { code: 'condition', criterionId: cr.id, message: messages.unanswered };
  if (cr.test.type === 'pass-fail') {
    return value === 'pass' ? null : { code: 'condition', criterionId: cr.id, message: messages.failed };
  }
  const count = typeof value === 'number' ? value : 0;
  if (count >= cr.test.min) return null;
  return {
    code: 'condition',
    criterionId: cr.id,
    message: `${messages.failed} (có ${count} ${cr.test.unit}, cần ít nhất ${cr.test.min}).`,
  };
}
