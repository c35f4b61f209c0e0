/**
 * Pure scoring: which criteria a person answers, what each answer is worth, and the quarter's (or year's) result.
 *
 * Rules (seed 000, seed 003): unanswered point criteria count 0 and are listed in `missing`; an unmet gate
 * (a Công dân số criterion not passed) or condition (no digital signing, no article) makes the person not
 * classified, and an unmet condition also means "không hoàn thành nhiệm vụ" (`dutyNotCompleted`); bonuses count
 * inside their parent's maximum; section caps apply; participants of roles that are not ranked (laborers) get
 * pass/fail only unless the unit accepts their Chiến binh số answers; indicators marked "không đánh giá" leave
 * the maximum. Readings a unit may change come from `UnitSettings` (optional last parameter, seed defaults).
 */
import { bandFor } from './aggregate.js';
import { departmentView, rolePlan, type ConditionCriterion, type PlanStep, type RolePlan } from './compiled.js';
import { round2, roundHalfAwayFromZero } from './round.js';
import type { Criterion, Rubric } from './rubric-schema.js';
import type {
  AnswerValue,
  Answers,
  LevelChoice,
  NotClassifiedReason,
  ScoreContext,
  ScoreResult,
  ScoreStatus,
} from './types.js';
import { resolveSettings, type UnitSettings, type UnitSettingsInput } from './unit-settings.js';

/** Settings as the scoring functions accept them: omitted (seed defaults), partial or resolved. */
export type SettingsArg = UnitSettingsInput | UnitSettings | null | undefined;

/** The criteria the context's role answers, in rubric order (role list and the role's section groups). */
export function criteriaFor(rubric: Rubric, ctx: ScoreContext): Criterion[] {
  return rolePlan(rubric, ctx.role).criteria.slice();
}

/** Whether the role is ranked by points (seed 000: laborers answer Công dân số only and are not ranked). */
export function isRankedRole(rubric: Rubric, role: ScoreContext['role']): boolean {
  return rolePlan(rubric, role).ranked;
}

/**
 * Criteria a participant may answer beyond their own (seed 000: a laborer who wishes to answer the Chiến binh số
 * part, when the unit setting `laborerChienBinhSo` is `accept-and-rank`). Empty otherwise.
 */
export function optionalCriteriaFor(rubric: Rubric, ctx: ScoreContext, settings?: SettingsArg): Criterion[] {
  const own = rolePlan(rubric, ctx.role);
  if (own.ranked || resolveSettings(settings ?? ctx.settings).laborerChienBinhSo !== 'accept-and-rank') return [];
  const ranked = rankedPlan(rubric);
  if (!ranked) return [];
  const mine = new Set(own.criteria);
  return ranked.criteria.filter((c) => !mine.has(c));
}

/**
 * Every criterion the person may answer, in the order asked: their own, then the optional ones the unit's rules
 * (`ctx.settings`) let them volunteer (a laborer's Chiến binh số part under `accept-and-rank`).
 */
export function answerableCriteria(rubric: Rubric, ctx: ScoreContext): Criterion[] {
  return [...criteriaFor(rubric, ctx), ...optionalCriteriaFor(rubric, ctx)];
}

/**
 * The choices of a levels criterion for a department: the rubric's levels, except that a level the department
 * refined (seed 000 Phụ lục 02) is replaced by its sub-levels, which are then the only way to answer it. A
 * department refines only when it adopted the sub-levels (unit setting `subLevelDepartments`; default: the
 * departments the rubric names). Empty for other kinds. The returned array is shared: do not mutate it.
 */
export function levelChoicesFor(
  rubric: Rubric,
  criterion: Criterion,
  departmentName?: string | null,
  settings?: SettingsArg,
): LevelChoice[] {
  if (criterion.kind !== 'levels') return [];
  const adopted = settings ? resolveSettings(settings).subLevelDepartments : null;
  return departmentView(rubric, departmentName, adopted).choices.get(criterion.id) ?? [];
}

/**
 * Points of one answer on its own, before bonus caps and section caps; 0 for valid answers to criteria without
 * points (conditions, information); null when the value is not a valid answer to the criterion (see
 * `answerProblem` for the reason in Vietnamese).
 */
export function pointsFor(
  rubric: Rubric,
  criterion: Criterion,
  value: AnswerValue,
  ctx: ScoreContext,
  settings?: SettingsArg,
): number | null {
  switch (criterion.kind) {
    case 'pass-fail':
      return value === 'pass' ? criterion.points : value === 'fail' ? 0 : null;
    case 'levels': {
      if (typeof value !== 'string') return null;
      const given = settings ?? ctx.settings;
      const adopted = given ? resolveSettings(given).subLevelDepartments : null;
      return departmentView(rubric, ctx.departmentName, adopted).points.get(criterion.id)?.get(value) ?? null;
    }
    case 'bonus':
      return typeof value === 'boolean' ? (value ? criterion.points : 0) : null;
    case 'count': {
      if (!isCount(value)) return null;
      const alternative = criterion.alternativeReading;
      const counted =
        alternative && (settings ?? ctx.settings) && resolveSettings(settings ?? ctx.settings).dti47 === 'at-most-one-issue'
          ? Math.min(value, alternative.maxCount)
          : value;
      return Math.min(criterion.max, round2(counted * criterion.perUnit));
    }
    case 'rate': {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) return null;
      const share = criterion.invert ? 100 - value : value;
      return roundHalfAwayFromZero((criterion.max * share) / 100, criterion.decimals);
    }
    case 'monthly-quota': {
      const months = monthsCounted(value, criterion.months);
      if (months === null) return null;
      return Math.min(criterion.max, roundHalfAwayFromZero((criterion.max * months) / criterion.months, criterion.decimals));
    }
    case 'penalty':
      return isCount(value) ? Math.max(0, round2(criterion.max - criterion.perOccurrence * value)) : null;
    case 'parts': {
      if (!Array.isArray(value) || new Set(value).size !== value.length) return null;
      let sum = 0;
      for (const key of value) {
        const part = criterion.parts.find((p) => p.key === key);
        if (!part) return null;
        for (const required of part.requires) if (!value.includes(required)) return null;
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
export function isValidValue(
  rubric: Rubric,
  criterion: Criterion,
  value: AnswerValue,
  ctx: ScoreContext,
  settings?: SettingsArg,
): boolean {
  return pointsFor(rubric, criterion, value, ctx, settings) !== null;
}

/**
 * Why `value` is not an acceptable answer to `criterion`, in Vietnamese; null when it is. Why: a refused answer
 * must say what to change (seed 003 dti.2–5: a meeting not held cannot have been chaired).
 */
export function answerProblem(
  rubric: Rubric,
  criterion: Criterion,
  value: AnswerValue,
  ctx: ScoreContext,
  settings?: SettingsArg,
): string | null {
  if (pointsFor(rubric, criterion, value, ctx, settings) !== null) return null;
  switch (criterion.kind) {
    case 'levels':
      return `Chọn một trong các mức: ${levelChoicesFor(rubric, criterion, ctx.departmentName, settings ?? ctx.settings).map((c) => c.key).join(', ')}.`;
    case 'pass-fail':
      return 'Trả lời “đạt” hoặc “chưa đạt”.';
    case 'bonus':
      return 'Trả lời “có” hoặc “không”.';
    case 'rate':
      return 'Cần một tỉ lệ phần trăm từ 0 đến 100.';
    case 'count':
    case 'penalty':
      return 'Cần một số nguyên không âm.';
    case 'monthly-quota':
      return (
        `Cần danh sách các tháng (1–12, không trùng, nhiều nhất ${criterion.months} tháng) có ít nhất ` +
        `${criterion.perMonth} tin, bài, hoặc số tháng đó (0–${criterion.months}); nhiều tin, bài trong một tháng vẫn tính là một tháng.`
      );
    case 'parts':
      return partsProblem(criterion, value);
    case 'condition':
      return criterion.test.type === 'pass-fail' ? 'Trả lời “có” hoặc “không”.' : 'Cần một số nguyên không âm.';
    case 'info':
      return 'Cần một câu trả lời bằng chữ.';
  }
}

function partsProblem(criterion: Extract<Criterion, { kind: 'parts' }>, value: AnswerValue): string {
  const keys = criterion.parts.map((p) => p.key).join(', ');
  if (!Array.isArray(value)) return `Cần danh sách các phần đạt (trong: ${keys}).`;
  if (new Set(value).size !== value.length) return 'Mỗi phần chỉ được chọn một lần.';
  for (const key of value) {
    const part = criterion.parts.find((p) => p.key === key);
    if (!part) return `Không có phần “${key}” (chọn trong: ${keys}).`;
    for (const required of part.requires) {
      if (value.includes(required)) continue;
      const needed = criterion.parts.find((p) => p.key === required);
      return `Không thể chọn “${part.label}” khi không có “${needed?.label ?? required}”.`;
    }
  }
  return `Cần danh sách các phần đạt (trong: ${keys}).`;
}

/**
 * Month-by-month answers to a monthly quota (seed 003 dti.8) → the months that meet it, as the criterion's value.
 * Keys are calendar months "1"–"12" (or "01"–"12"); twelve articles in one month are one month.
 */
export function monthsMeetingQuota(countsByMonth: Readonly<Record<string, number>>, perMonth = 1): string[] {
  const months: string[] = [];
  for (const [key, count] of Object.entries(countsByMonth)) {
    const month = Number(key);
    if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`Tháng không hợp lệ: ${key}`);
    if (count >= perMonth) months.push(String(month));
  }
  return months;
}

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

/** The plan of the ranked participants (seed 000: staff), or null when the rubric has none. */
function rankedPlan(rubric: Rubric): RolePlan | null {
  const plan = rolePlan(rubric, 'staff');
  return plan.ranked && plan.criteria.length > 0 ? plan : null;
}

/** A laborer who answered some of the Chiến binh số part is scored with the ranked plan. */
function volunteeredPlan(rubric: Rubric, own: RolePlan, answers: Answers): RolePlan | null {
  const ranked = rankedPlan(rubric);
  if (!ranked) return null;
  const mine = new Set(own.criteria);
  return ranked.criteria.some((c) => !mine.has(c) && answers[c.id] !== undefined) ? ranked : null;
}

/** The number of months a monthly-quota answer counts, or null when the value is not valid. */
function monthsCounted(value: AnswerValue, months: number): number | null {
  if (typeof value === 'number') return isCount(value) && value <= months ? value : null;
  if (!Array.isArray(value)) return null;
  const seen = new Set<number>();
  for (const key of value) {
    const month = /^\d{1,2}$/.test(key) ? Number(key) : Number.NaN;
    if (!(month >= 1 && month <= 12) || seen.has(month)) return null;
    seen.add(month);
  }
  return seen.size <= months ? seen.size : null;
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
