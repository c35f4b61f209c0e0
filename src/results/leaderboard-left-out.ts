/**
 * Who the department rule kept off a quarter's leaderboard (pure): under `departmentArticle: members-too` (seed 000
 * III.2.c) a member of a department without its article is not classified, so the top 5 loses them. Why here: the
 * leaderboard lists only classified people, so the chat and the dashboard add one line per department naming those
 * it would otherwise have listed, with the reason `/diem` and the score sheet give (`memberDepartmentReason`).
 */
import { rankTop } from '../scoring/aggregate.js';
import { memberDepartmentConditionUnmet, memberDepartmentReason } from './department-conditions.js';
import type { QuarterResults } from './leaderboard.js';

/** A person who would have been on the quarter's list had the department's article been there. */
export interface LeaderboardLeftOut {
  id: number;
  fullName: string;
  departmentId: number;
  departmentName: string | null;
  /** Their own agreed total (what would have placed them on the list). */
  total: number;
  /** "Không xếp loại: phòng chưa đạt “Tin, bài của phòng trong Quý” (không có bài)" (`memberDepartmentReason`). */
  reason: string;
}

/**
 * The people the department rule kept off the top `n` (ties included), highest total first: those unclassified only
 * because of their department whose own total would have ranked among the `ranked` people. `exclude` (award
 * blockers) stays excluded: they are off the list for another reason.
 */
export function leftOutByDepartment(
  results: QuarterResults,
  ranked: readonly { personId: number; total: number }[],
  n: number,
  exclude?: ReadonlySet<number>,
): LeaderboardLeftOut[] {
  const candidates = results.people.flatMap((p): LeaderboardLeftOut[] => {
    if (!p.departmentConditionUnmet || !p.classifiedWithoutDepartment || !p.counted || p.total === null) return [];
    if (p.departmentId === null || exclude?.has(p.personId)) return [];
    const status = memberDepartmentConditionUnmet(p, results.rubric, results.departmentConditions, results.settings);
    if (!status) return [];
    const reason = memberDepartmentReason(results.rubric, status);
    return [{ id: p.personId, fullName: p.fullName, departmentId: p.departmentId, departmentName: p.departmentName, total: p.total, reason }];
  });
  if (candidates.length === 0) return [];
  const wouldBe = rankTop([...ranked.map((p) => ({ id: p.personId, total: p.total })), ...candidates.map((c) => ({ id: c.id, total: c.total }))], n);
  const onList = new Set(wouldBe.map((r) => r.id));
  return candidates.filter((c) => onList.has(c.id)).sort((a, b) => b.total - a.total);
}

/**
 * One line per department under the list: "Không đưa vào danh sách: Hoàng Thị Mai, Vũ Văn Chánh (Văn phòng Sở) —
 * không xếp loại: phòng chưa đạt “Tin, bài của phòng trong Quý” (không có bài)." Empty when nobody was left out.
 */
export function leftOutLines(leftOut: readonly LeaderboardLeftOut[]): string[] {
  const groups = new Map<number, LeaderboardLeftOut[]>();
  for (const p of leftOut) groups.set(p.departmentId, [...(groups.get(p.departmentId) ?? []), p]);
  return [...groups.values()].map((people) => {
    const first = people[0]!;
    const names = people.map((p) => p.fullName).join(', ');
    const department = first.departmentName ? ` (${first.departmentName})` : '';
    return `Không đưa vào danh sách: ${names}${department} — ${first.reason.charAt(0).toLowerCase()}${first.reason.slice(1)}.`;
  });
}
