/**
 * Pure scoring: which criteria a person answers, what each answer is worth, and the quarter's (or year's) result.
 *
 * Rules (seed 000, seed 003): unanswered point criteria count 0 and are listed in `missing`; an unmet gate
 * (a Công dân số criterion not passed) or condition (no digital signing, no article) makes the person not
 * classified; bonuses count inside their parent's maximum; section caps apply; participants of roles that are
 * not ranked (laborers) get pass/fail only.
 */
import { bandFor } from './aggregate.js';
import { departmentView, rolePlan, type ConditionCriterion, type PlanStep } from './compiled.js';
import { round2, roundHalfAwayFromZero } from './round.js';
import type { Criterion, Rubric } from './rubric-schema.js';
import type { AnswerValue, Answers, LevelChoice, NotClassifiedReason, ScoreContext, ScoreResult } from './types.js';

/** The criteria the context's role answers, in rubric order (role list and the role's section groups). */
export function criteriaFor(rubric: Rubric, ctx: ScoreContext): Criterion[] {
  return rolePlan(rubric, ctx.role).criteria.slice();
}

/** Whether the role is ranked by points (seed 000: laborers answer Công dân số only and are not ranked). */
export function isRankedRole(rubric: Rubric, role: ScoreContext['role']): boolean {
  return rolePlan(rubric, role).ranked;
}

/**
 * The choices of a levels criterion for a department: the rubric's levels, except that a level the department
 * refined (seed 000 Phụ lục 02) is replaced by its sub-levels, which are then the only way to answer it.
 * Empty for other kinds. The returned array is shared: do not mutate it.
 */
export function levelChoicesFor(
  rubric: Rubric,
  criterion: Criterion,
  departmentName?: string | null,
): LevelChoice[] {
  if (criterion.kind !== 'levels') return [];
  return departmentView(rubric, departmentName).choices.get(criterion.id) ?? [];
}

/**
 * Points of one answer on its own, before bonus caps and section caps; 0 for valid answers to criteria without
 * points (conditions, information); null when the value is not a valid answer to the criterion.
 */
export function pointsFor(rubric: Rubric, criterion: Criterion, value: AnswerValue, ctx: ScoreContext): number | null {
  switch (criterion.kind) {
    case 'pass-fail':
      return value === 'pass' ? criterion.points : value === 'fail' ? 0 : null;
    case 'levels':
      if (typeof value !== 'string') return null;
      return departmentView(rubric, ctx.departmentName).points.get(criterion.id)?.get(value) ?? null;
    case 'bonus':
      return typeof value === 'boolean' ? (value ? criterion.points : 0) : null;
    case 'count':
      return isCount(value) ? Math.min(criterion.max, round2(value * criterion.perUnit)) : null;
    case 'rate': {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) return null;
      const share = criterion.invert ? 100 - value : value;
      return roundHalfAwayFromZero((criterion.max * share) / 100, criterion.decimals);
    }
    case 'monthly-quota': {
      if (!isCount(value)) return null;
      const quota = criterion.perMonth * criterion.months;
      return Math.min(criterion.max, roundHalfAwayFromZero((criterion.max * value) / quota, criterion.decimals));
    }
    case 'penalty':
      return isCount(value) ? Math.max(0, round2(criterion.max - criterion.perOccurrence * value)) : null;
    case 'parts': {
      if (!Array.isArray(value) || new Set(value).size !== value.length) return null;
      let sum = 0;
      for (const key of value) {
        const part = criterion.parts.find((p) => p.key === key);
        if (!part) return null;
        sum += part.points;
      }
      return round2(sum);
    }
    case 'condition':
      if (criterion.test.type === 'pass-fail') return value === 'pass' || value === 'fail' ? 0 : null;
      return isCount(value) ? 0 : null;
    case 'info':
      return typeof value === 'string' && value.trim() !== '' ? 0 : null;
  }
}

/** Whether `value` is an acceptable answer to `criterion` for this context (department sub-levels included). */
export function isValidValue(rubric: Rubric, criterion: Criterion, value: AnswerValue, ctx: ScoreContext): boolean {
  return pointsFor(rubric, criterion, value, ctx) !== null;
}

const NOT_RANKED_MESSAGE =
  'Người lao động chỉ đánh giá các tiêu chí nhóm Công dân số (đạt/không đạt), không xếp loại theo điểm.';
const NO_CRITERIA_MESSAGE = 'Vai trò này không có tiêu chí nào trong bảng điểm nên không xếp loại.';

/** Scores one person's (or organisation's) answers for a period. */
export function scoreAnswers(rubric: Rubric, answers: Answers, ctx: ScoreContext): ScoreResult {
  const plan = rolePlan(rubric, ctx.role);
  const view = departmentView(rubric, ctx.departmentName);
  const criteria: Record<string, number> = {};
  const sectionSums: number[] = new Array<number>(plan.pointSections.length).fill(0);
  const missing: string[] = [];
  const reasons: NotClassifiedReason[] = [];

  for (const step of plan.steps) {
    const cr = step.criterion;
    const value = answers[cr.id];
    let own: number | null = null;
    if (value !== undefined) {
      own =
        cr.kind === 'levels'
          ? typeof value === 'string'
            ? (view.points.get(cr.id)?.get(value) ?? null)
            : null
          : pointsFor(rubric, cr, value, ctx);
    }
    if (own === null) missing.push(cr.id);
    if (step.gate && value !== 'pass') {
      const message = value === 'fail' ? step.messages.failed : step.messages.unanswered;
      reasons.push({ code: 'gate', criterionId: cr.id, message });
    }
    if (cr.kind === 'condition') {
      const reason = conditionReason(cr, own === null ? undefined : value, step.messages);
      if (reason) reasons.push(reason);
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
  for (let i = 0; i < plan.pointSections.length; i += 1) {
    const section = plan.pointSections[i]!;
    const raw = round2(sectionSums[i] ?? 0);
    const capped = section.cap === null ? raw : Math.min(section.cap, raw);
    sections[section.id] = capped;
    sum += capped;
  }
  const total = round2(sum);

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
  const band = classified ? bandFor(rubric, total) : null;
  return {
    total,
    max: plan.max,
    percent: plan.max > 0 ? round2((total / plan.max) * 100) : 0,
    band: band?.id ?? null,
    bandLabel: band?.label ?? null,
    classified: classified && band !== null,
    reasons,
    criteria,
    sections,
    missing,
    passed,
    passFail,
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

function isCount(value: AnswerValue): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
