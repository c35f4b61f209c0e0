/**
 * Semantic checks zod cannot express: references between criteria, sections, gates and overrides, ordering of
 * levels and bands, and that the declared maximum adds up. Each problem names the criterion (or section) so the
 * person editing `flows/` can find it.
 */
import { maxOfCriterion } from './compiled.js';
import { normaliseDepartmentName } from './department-name.js';
import { frameDefinitionProblems, frameCompletenessProblems, isFrameTemplate } from './frame.js';
import { round2 } from './round.js';
import type { Criterion, Rubric } from './rubric-schema.js';

/** One problem found in a rubric file. */
export interface RubricProblem {
  /** The criterion the problem is about, when there is one. */
  criterionId?: string;
  /** Vietnamese, without the file and criterion prefix. */
  message: string;
}

export function checkRubric(rubric: Rubric): RubricProblem[] {
  const problems: RubricProblem[] = [];
  const add = (message: string, criterionId?: string) =>
    problems.push(criterionId === undefined ? { message } : { criterionId, message });
  // A frame template (seed 004) is loadable before it is filled in: the sums are checked by `isRunnable`.
  const template = isFrameTemplate(rubric);
  if (rubric.criteria.length === 0 && !template) add('bảng điểm phải có ít nhất một tiêu chí');

  const sections = new Map<string, Rubric['sections'][number]>();
  for (const s of rubric.sections) {
    if (sections.has(s.id)) add(`mục ${s.id}: mã mục trùng lặp`);
    sections.set(s.id, s);
  }
  const groups = new Set(rubric.sections.map((s) => s.group));

  const byId = new Map<string, Criterion>();
  for (const c of rubric.criteria) {
    if (byId.has(c.id)) add('mã tiêu chí trùng lặp', c.id);
    byId.set(c.id, c);
    if (!sections.has(c.section)) add(`mục "${c.section}" không tồn tại`, c.id);
  }

  const bonusSum = new Map<string, number>();
  for (const c of rubric.criteria) {
    if (c.kind !== 'bonus') continue;
    const parent = byId.get(c.bonusFor);
    if (!parent) add(`điểm thưởng cho tiêu chí "${c.bonusFor}" không tồn tại`, c.id);
    else if (parent.kind !== 'levels') add(`điểm thưởng chỉ cộng vào tiêu chí theo mức (levels), "${c.bonusFor}" là ${parent.kind}`, c.id);
    else bonusSum.set(parent.id, (bonusSum.get(parent.id) ?? 0) + c.points);
  }

  for (const c of rubric.criteria) {
    if (c.kind === 'levels') checkLevels(c, bonusSum.get(c.id) ?? 0, add);
    if (c.kind === 'parts') {
      const seen = new Set<string>();
      for (const p of c.parts) {
        if (seen.has(p.key)) add(`phần "${p.key}" trùng lặp`, c.id);
        seen.add(p.key);
      }
      for (const p of c.parts) {
        for (const r of p.requires) {
          if (r === p.key || !seen.has(r)) add(`phần "${p.key}" cần phần "${r}" không có trong tiêu chí`, c.id);
        }
      }
    }
    if (c.kind === 'count' && c.alternativeReading && c.alternativeReading.maxCount * c.perUnit > c.max) {
      add(`cách hiểu khác (tối đa ${c.alternativeReading.maxCount} ${c.unit}) vượt quá điểm tối đa ${c.max}`, c.id);
    }
  }

  checkOfficialRoles(rubric, add);
  const departmentConditionIds = new Set<string>();
  for (const d of rubric.departmentConditions) {
    if (departmentConditionIds.has(d.id) || byId.has(d.id)) add(`điều kiện của phòng "${d.id}": mã trùng lặp`);
    departmentConditionIds.add(d.id);
  }

  let declared = 0;
  for (const s of rubric.sections) {
    const sum = round2(rubric.criteria.filter((c) => c.section === s.id).reduce((t, c) => t + maxOfCriterion(c), 0));
    if (s.cap !== null && s.cap > sum && !template) add(`mục ${s.id}: trần điểm (${s.cap}) lớn hơn tổng điểm tối đa các tiêu chí (${sum})`);
    declared += s.cap === null ? sum : Math.min(s.cap, sum);
  }
  if (rubric.frame) {
    for (const message of frameDefinitionProblems(rubric)) add(message);
    if (!template) for (const message of frameCompletenessProblems(rubric)) add(message);
  }
  if (!template && round2(declared) !== rubric.maxPoints) {
    add(`tổng điểm tối đa (maxPoints ${rubric.maxPoints}) khác tổng điểm tối đa các mục (${round2(declared)})`);
  }

  for (const g of rubric.gates) {
    if (!groups.has(g.group)) {
      add(`điều kiện "tất cả đạt": nhóm "${g.group}" không có mục nào`);
      continue;
    }
    for (const c of rubric.criteria) {
      if (sections.get(c.section)?.group === g.group && c.kind !== 'pass-fail') {
        add(`thuộc nhóm "${g.group}" phải đạt tất cả nên phải là loại pass-fail (đang là ${c.kind})`, c.id);
      }
    }
  }

  checkBands(rubric, add);

  const ruleRoles = new Set<string>();
  for (const r of rubric.roleRules) {
    if (ruleRoles.has(r.role)) add(`quy tắc vai trò "${r.role}" trùng lặp`);
    ruleRoles.add(r.role);
    for (const g of r.groups) if (!groups.has(g)) add(`quy tắc vai trò "${r.role}": nhóm "${g}" không có mục nào`);
  }

  checkOverrides(rubric, byId, add);
  return problems;
}

type Add = (message: string, criterionId?: string) => void;

function checkOfficialRoles(rubric: Rubric, add: Add): void {
  const codes = new Set<string>();
  for (const r of rubric.officialRoles) {
    if (codes.has(r.code)) add(`chức danh "${r.code}" trùng lặp`);
    codes.add(r.code);
  }
  for (const c of rubric.criteria) {
    for (const code of c.assignees) {
      if (!codes.has(code)) add(`người thực hiện "${code}" không có trong danh sách chức danh (officialRoles)`, c.id);
    }
  }
  const lead = rubric.calendar?.leadRole;
  if (lead !== undefined && !codes.has(lead)) add(`lịch năm: chức danh chủ trì "${lead}" không có trong danh sách chức danh`);
}

function checkLevels(c: Extract<Criterion, { kind: 'levels' }>, bonus: number, add: Add): void {
  const seen = new Set<string>();
  let previous: { key: string; points: number } | null = null;
  for (const level of c.levels) {
    if (seen.has(level.key)) add(`mức "${level.key}" trùng lặp`, c.id);
    seen.add(level.key);
    if (previous && level.points < previous.points) {
      add(`điểm các mức phải tăng dần: mức "${level.key}" (${level.points}) thấp hơn mức "${previous.key}" (${previous.points})`, c.id);
    }
    previous = level;
  }
  const top = Math.max(...c.levels.map((l) => l.points));
  if (c.max < top) add(`điểm tối đa (max ${c.max}) nhỏ hơn điểm mức cao nhất (${top})`, c.id);
  if (c.max > top + bonus) add(`điểm tối đa (max ${c.max}) vượt quá điểm có thể đạt (${top + bonus})`, c.id);
}

function checkBands(rubric: Rubric, add: Add): void {
  const list = rubric.bands.list;
  const ids = new Set<string>();
  for (let i = 0; i < list.length; i += 1) {
    const band = list[i]!;
    if (ids.has(band.id)) add(`xếp loại "${band.id}" trùng lặp`);
    ids.add(band.id);
    const previous = list[i - 1];
    if (previous && band.min >= previous.min) {
      add(`các mức xếp loại phải theo thứ tự từ cao xuống thấp: "${band.id}" (${band.min}) không thấp hơn "${previous.id}" (${previous.min})`);
    }
  }
  const last = list[list.length - 1];
  if (last && (last.min > 0 || (last.min === 0 && last.minExclusive))) {
    add(`mức xếp loại thấp nhất "${last.id}" phải bắt đầu từ 0 để điểm nào cũng có xếp loại`);
  }
  if (rubric.bands.basis === 'percent' && list.some((b) => b.min > 100)) add('xếp loại theo phần trăm không được vượt quá 100');
  if (rubric.bands.top !== undefined && !ids.has(rubric.bands.top)) add(`xếp loại cao nhất "${rubric.bands.top}" không có trong danh sách`);
}

function checkOverrides(rubric: Rubric, byId: ReadonlyMap<string, Criterion>, add: Add): void {
  const names = new Set<string>();
  for (const o of rubric.departmentOverrides) {
    const name = normaliseDepartmentName(o.department);
    if (names.has(name)) add(`phòng "${o.department}" được điều chỉnh hai lần`);
    names.add(name);
    for (const [criterionId, byLevel] of Object.entries(o.subLevels)) {
      const c = byId.get(criterionId);
      if (!c) {
        add(`mức con của phòng "${o.department}" cho tiêu chí không tồn tại`, criterionId);
        continue;
      }
      if (c.kind !== 'levels') {
        add(`chỉ tiêu chí theo mức (levels) mới có mức con (đang là ${c.kind})`, criterionId);
        continue;
      }
      const keys = new Set<string>();
      for (const [levelKey, subs] of Object.entries(byLevel)) {
        const index = c.levels.findIndex((l) => l.key === levelKey);
        if (index < 0) {
          add(`mức "${levelKey}" không có trong tiêu chí (phòng "${o.department}")`, criterionId);
          continue;
        }
        const level = c.levels[index]!;
        // The seed's own example puts c.1 at 5 points, equal to level b: the range is closed at the bottom.
        const low = index > 0 ? c.levels[index - 1]!.points : 0;
        let previous = -Infinity;
        for (const sub of subs) {
          if (keys.has(sub.key)) add(`mức con "${sub.key}" trùng lặp`, criterionId);
          keys.add(sub.key);
          if (!sub.key.startsWith(`${levelKey}.`)) add(`mức con "${sub.key}" không thuộc mức "${levelKey}"`, criterionId);
          if (sub.points < low || sub.points > level.points) {
            add(`mức con "${sub.key}" có ${sub.points} điểm, ngoài khoảng ${low}–${level.points} của mức "${levelKey}"`, criterionId);
          }
          if (sub.points < previous) add(`điểm các mức con của mức "${levelKey}" phải tăng dần`, criterionId);
          previous = sub.points;
        }
      }
    }
  }
}
