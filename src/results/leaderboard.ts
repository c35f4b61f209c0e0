/**
 * A quarter's leaderboard (pure): the top `n` with ties among people who compete (counted, classified, ranked
 * role), each department's mean of its members (seed 000: "điểm trung bình của các cá nhân trong tập thể"; a
 * member without a counted, classified score counts 0; laborers are not ranked and count in no mean) and the best
 * department.
 */
import { bestDepartment, departmentMean, rankTop, type BestDepartment, type DepartmentMember, type RankedRow } from '../scoring/aggregate.js';
import type { Rubric } from '../scoring/rubric-schema.js';
import { DEFAULT_UNIT_SETTINGS, type DepartmentArticleRule, type UnitSettings } from '../scoring/unit-settings.js';
import { statusOf, type DepartmentConditionStatus } from './department-conditions.js';
import { leftOutByDepartment, type LeaderboardLeftOut } from './leaderboard-left-out.js';
import type { PersonQuarterResult, ResultPeriod } from './person-result.js';

/** Everyone's result for one quarter, with the rubric the period is scored with. */
export interface QuarterResults {
  unitId: string;
  period: ResultPeriod;
  rubric: Rubric;
  provisional: boolean;
  people: PersonQuarterResult[];
  /** The unit's rules for the period (src/settings/unit-rules.ts), applied to every figure below. */
  settings: UnitSettings;
  /**
   * The departments' own conditions of the quarter (seed 000: the article), by department id; a department that
   * answered nothing is absent ("chưa khai báo"). Empty when the rubric has none.
   */
  departmentConditions?: ReadonlyMap<number, DepartmentConditionStatus>;
}

/** A department's collective score: the mean of its members (seed 000; see `departmentMean`). */
export interface DepartmentResult {
  id: number;
  name: string;
  mean: number | null;
  /** Members whose score is in the mean. */
  headcount: number;
  /** Active members listed. */
  members: number;
  /**
   * The department's own conditions of the quarter (seed 000: its article): true met, false unmet (it cannot be
   * the best department), null not answered yet; absent when the rubric has none (and for the year).
   */
  conditionsMet?: boolean | null;
}

export type LeaderboardEntry = RankedRow<{
  id: number;
  fullName: string;
  departmentName: string | null;
  total: number;
  band: string | null;
  bandLabel: string | null;
}>;

export interface Leaderboard {
  unitId: string;
  period: ResultPeriod;
  provisional: boolean;
  /** The top `n` (default 5) by total, ties included, so possibly longer than n. */
  top: LeaderboardEntry[];
  /**
   * Who the department rule (`departmentArticle: members-too`) kept off `top`, with the reason: the list holds only
   * classified people, so the renderings name them under it (`leftOutLines`). Empty under the default rule.
   */
  leftOut: LeaderboardLeftOut[];
  departments: DepartmentResult[];
  best: BestDepartment<DepartmentResult> | null;
  /** People whose result counts / who are classified and ranked. */
  counted: number;
  rankedCount: number;
  /** The unit's rules the board was computed with (the honours apply its tie rule). */
  settings: UnitSettings;
  /**
   * The reading of the department's own article applied (seed 000 II.3.b, setting `departmentArticle`); null when the
   * period's rubric has no department condition.
   */
  departmentArticle?: DepartmentArticleRule | null;
}

/**
 * The leaderboard of loaded quarter results, under the unit's rules (department mean, tie rule). `exclude`: people
 * kept from the list (award blockers, issue 14); they still count in their department's mean.
 */
export function leaderboardOf(results: QuarterResults, n = 5, exclude?: ReadonlySet<number>): Leaderboard {
  const settings = results.settings;
  const eligible = results.people.filter(isRankable).filter((p) => !exclude?.has(p.personId));
  const top = rankTop(
    eligible.map((p) => ({
      id: p.personId,
      fullName: p.fullName,
      departmentName: p.departmentName,
      total: p.total,
      band: p.band,
      bandLabel: p.bandLabel,
    })),
    n,
  );
  const conditions = results.departmentConditions;
  const departments = departmentsOf(
    results.people,
    (p) => ({
      total: p.counted && p.total !== null ? p.total : 0,
      classified: p.counted && p.total !== null && p.classified,
      ranked: p.ranked,
    }),
    settings,
  ).map((d) =>
    conditions && results.rubric.departmentConditions.length > 0 ? { ...d, conditionsMet: statusOf(results.rubric, conditions, d.id).met } : d,
  );
  return {
    unitId: results.unitId,
    period: results.period,
    provisional: results.provisional,
    top,
    leftOut: leftOutByDepartment(results, eligible, n, exclude),
    departments,
    best: bestDepartment(departments, settings.ties.department),
    counted: results.people.filter((p) => p.counted).length,
    rankedCount: eligible.length,
    settings,
    departmentArticle: results.rubric.departmentConditions.length > 0 ? settings.departmentArticle : null,
  };
}

/** Whether a person competes for the quarter's top 5: counted, classified and of a ranked role. */
export function isRankable(p: PersonQuarterResult): p is PersonQuarterResult & { total: number } {
  return p.counted && p.classified && p.ranked && p.total !== null;
}

/** Groups people by department and computes each mean; `score` gives a member's counted score or null. */
export function departmentsOf<T extends { departmentId: number | null; departmentName: string | null }>(
  people: readonly T[],
  score: (person: T) => DepartmentMember | null,
  settings: UnitSettings = DEFAULT_UNIT_SETTINGS,
): DepartmentResult[] {
  const groups = new Map<number, { name: string; members: number; scores: DepartmentMember[] }>();
  for (const p of people) {
    if (p.departmentId === null) continue;
    let g = groups.get(p.departmentId);
    if (!g) {
      g = { name: p.departmentName ?? '', members: 0, scores: [] };
      groups.set(p.departmentId, g);
    }
    g.members += 1;
    const s = score(p);
    if (s) g.scores.push(s);
  }
  return [...groups].map(([id, g]) => ({
    id,
    name: g.name,
    mean: departmentMean(g.scores, { method: settings.departmentScore }),
    headcount: g.scores.filter((s) => s.classified && s.ranked !== false).length,
    members: g.members,
  }));
}
