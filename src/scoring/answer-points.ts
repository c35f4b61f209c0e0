/**
 * What one answer is worth and whether it is acceptable (pure): the choices of a levels criterion for a department
 * (Phụ lục 02 sub-levels), the points of an answer before caps, and why a refused answer is refused, in Vietnamese.
 * Why apart from `score.ts`: the chat and the review check and price answers one at a time as they are given.
 */
import { departmentView } from './compiled.js';
import { round2, roundHalfAwayFromZero } from './round.js';
import type { Criterion, Rubric } from './rubric-schema.js';
import type { AnswerValue, LevelChoice, ScoreContext } from './types.js';
import { resolveSettings, type SettingsArg } from './unit-settings.js';

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

function isCount(value: AnswerValue): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
