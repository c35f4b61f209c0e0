/**
 * Fixed frames (seed 004, An Giang): a higher authority fixes the main indices, how many component indices each
 * has and their maxima (6 main indices, 33 components, 400 points), and a province fills in the component
 * indices from its own decision (Quyết định 02/QĐ-UBND). The seed does not list the components, so the frame
 * ships as a template: it loads (start-up must not break) but cannot run a period until every count and maximum
 * matches (`isRunnable`). The initiative bonus (+10 for one, +30 for two or more) is shown apart from the scale.
 *
 * Pure: no I/O.
 */
import { maxOfCriterion } from './compiled.js';
import { round2 } from './round.js';
import type { Criterion, Frame, Rubric } from './rubric-schema.js';
import type { ScoreResult } from './types.js';
import { resolveSettings, type UnitSettings, type UnitSettingsInput } from './unit-settings.js';

/** Whether the rubric is a frame still marked as a template (loadable, not runnable). */
export function isFrameTemplate(rubric: Rubric): boolean {
  return rubric.frame?.status === 'template';
}

/** Criteria that count as component indices: everything that carries or gives points itself. */
function isComponent(c: Criterion): boolean {
  return c.kind !== 'info' && c.kind !== 'bonus' && c.kind !== 'condition';
}

/**
 * Problems with the frame's own numbers and references (always errors, template or not): the main indices must
 * add up to the frame's total and component count, and name sections of the rubric.
 */
export function frameDefinitionProblems(rubric: Rubric): string[] {
  const frame = rubric.frame;
  if (!frame) return [];
  const problems: string[] = [];
  const sections = new Set(rubric.sections.map((s) => s.id));
  const seen = new Set<string>();
  for (const index of frame.indices) {
    if (!sections.has(index.section)) problems.push(`khung: chỉ số chính “${index.title}” dùng mục "${index.section}" không tồn tại`);
    if (seen.has(index.section)) problems.push(`khung: mục "${index.section}" được dùng cho hai chỉ số chính`);
    seen.add(index.section);
  }
  const points = round2(frame.indices.reduce((sum, i) => sum + i.max, 0));
  if (points !== frame.totalPoints) {
    problems.push(`khung: tổng điểm các chỉ số chính (${points}) khác thang điểm của khung (${frame.totalPoints})`);
  }
  const components = frame.indices.reduce((sum, i) => sum + i.components, 0);
  if (components !== frame.componentCount) {
    problems.push(`khung: tổng số chỉ số thành phần các chỉ số chính (${components}) khác số của khung (${frame.componentCount})`);
  }
  if (rubric.maxPoints !== frame.totalPoints) {
    problems.push(`khung: maxPoints (${rubric.maxPoints}) phải bằng thang điểm của khung (${frame.totalPoints})`);
  }
  const general = frame.generalInformationSection;
  if (general !== undefined) {
    if (!sections.has(general)) problems.push(`khung: mục thông tin chung "${general}" không tồn tại`);
    if (seen.has(general)) problems.push(`khung: mục thông tin chung "${general}" không được là một chỉ số chính`);
    for (const c of rubric.criteria) {
      if (c.section === general && c.kind !== 'info') {
        problems.push(`khung: tiêu chí ${c.id} thuộc phần thông tin chung nên phải là loại info (không chấm điểm)`);
      }
    }
  }
  return problems;
}

/**
 * What is still missing before the frame can run a period: for each main index, the number of component indices
 * and their maxima against the frame; criteria outside the frame's sections. Empty when complete.
 */
export function frameCompletenessProblems(rubric: Rubric): string[] {
  const frame = rubric.frame;
  if (!frame) return [];
  const problems: string[] = [];
  const indexSections = new Set(frame.indices.map((i) => i.section));
  for (const index of frame.indices) {
    const components = rubric.criteria.filter((c) => c.section === index.section && isComponent(c));
    const max = round2(components.reduce((sum, c) => sum + maxOfCriterion(c), 0));
    if (components.length !== index.components) {
      problems.push(
        `chỉ số chính “${index.title}”: có ${components.length}/${index.components} chỉ số thành phần (điền theo ${frame.decision})`,
      );
    }
    if (max !== index.max) {
      problems.push(`chỉ số chính “${index.title}”: tổng điểm tối đa các chỉ số thành phần là ${num(max)}, khung quy định ${num(index.max)}`);
    }
  }
  for (const c of rubric.criteria) {
    if (!indexSections.has(c.section) && c.section !== frame.generalInformationSection) {
      problems.push(`tiêu chí ${c.id} nằm ngoài các chỉ số chính của khung`);
    }
  }
  return problems;
}

/** Whether a rubric can run a period, and if not, why (Vietnamese, one line each). */
export interface Runnability {
  runnable: boolean;
  problems: string[];
}

/**
 * Whether a period may be opened on this rubric. Rubrics without a frame are runnable once they load. A frame is
 * runnable only when marked `complete` and every count and maximum matches the frame; a template never is.
 */
export function isRunnable(rubric: Rubric): Runnability {
  const frame = rubric.frame;
  if (!frame) return { runnable: true, problems: [] };
  const problems: string[] = [];
  if (frame.status === 'template') {
    problems.push(
      `Bộ tiêu chí “${rubric.title}” là khung mẫu chưa điền đủ: cần điền ${frame.componentCount} chỉ số thành phần theo ${frame.decision} ` +
        'và đổi frame.status thành complete trước khi mở kỳ đánh giá.',
    );
  }
  problems.push(...frameDefinitionProblems(rubric), ...frameCompletenessProblems(rubric));
  return { runnable: problems.length === 0, problems };
}

/**
 * The initiative bonus for the number of initiatives or models the council recognised (seed 004: 1 → +10,
 * 2 or more → +30, 0 → 0). Throws a RangeError for a count that is not a whole number ≥ 0.
 */
export function initiativeBonus(recognised: number, bonus: NonNullable<Frame['initiativeBonus']>): number {
  if (!Number.isInteger(recognised) || recognised < 0) {
    throw new RangeError(`Số sáng kiến, mô hình được công nhận phải là số nguyên không âm (nhận ${recognised})`);
  }
  if (recognised === 0) return 0;
  return recognised === 1 ? bonus.one : bonus.twoOrMore;
}

/** A frame score with the bonus shown apart from the scale. */
export interface FrameTotal {
  /** Points on the frame's scale (at most `max`). */
  base: number;
  max: number;
  recognisedInitiatives: number;
  bonus: number;
  /** base + bonus, or capped at `max` when the unit's setting says so. */
  total: number;
  /** True when the cap took points away. */
  capped: boolean;
}

/** Adds the initiative bonus to a frame rubric's score per the unit setting `initiativeBonus`. */
export function frameTotal(
  rubric: Rubric,
  result: Pick<ScoreResult, 'total' | 'max'>,
  recognisedInitiatives: number,
  settings?: UnitSettingsInput | UnitSettings | null,
): FrameTotal {
  const s = resolveSettings(settings);
  const definition = rubric.frame?.initiativeBonus;
  const bonus = definition ? initiativeBonus(recognisedInitiatives, definition) : 0;
  const uncapped = round2(result.total + bonus);
  const capped = s.initiativeBonus === 'cap-at-max' && uncapped > result.max;
  return {
    base: result.total,
    max: result.max,
    recognisedInitiatives,
    bonus,
    total: capped ? result.max : uncapped,
    capped,
  };
}

function num(n: number): string {
  return String(n).replace('.', ',');
}
