/**
 * Official results of a unit: a quarter's per-person results, the quarter's leaderboard (top 5 with ties, each
 * department's mean, the best department) and the year (mean of the quarters). Shared by the honour list, the
 * approval export and `/diem`.
 *
 * Each call runs ONE SQL query (people × periods with their submissions; `results-rows.ts`) and then the pure
 * aggregation of `src/scoring/aggregate.ts` (the period's rubric is read once per connection and cached).
 * Only approved submissions count (a finalised period has only those); with `{ provisional: true }` submitted
 * ones count too, for progress views before approval.
 */
import {
  bandFor,
  bestDepartment,
  departmentMean,
  rankTop,
  yearScore,
  type BestDepartment,
  type RankedRow,
} from '../scoring/aggregate.js';
import type { Role, Rubric } from '../scoring/rubric-schema.js';
import type { Db } from './open-db.js';
import { rubricOfVersion } from './periods-repo.js';
import {
  periodOf,
  queryResultRows,
  toResult,
  type PersonQuarterResult,
  type ResultOptions,
  type ResultPeriod,
} from './results-rows.js';

export type { PersonQuarterResult, ResultOptions, ResultPeriod, SubmissionStatus } from './results-rows.js';

/** Everyone's result for one quarter, with the rubric the period is scored with. */
export interface QuarterResults {
  unitId: string;
  period: ResultPeriod;
  rubric: Rubric;
  provisional: boolean;
  people: PersonQuarterResult[];
}

/** A department's collective score: the mean of its classified members (seed 000). */
export interface DepartmentResult {
  id: number;
  name: string;
  mean: number | null;
  /** Members whose score is in the mean. */
  headcount: number;
  /** Active members listed. */
  members: number;
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
  departments: DepartmentResult[];
  best: BestDepartment<DepartmentResult> | null;
  /** People whose result counts / who are classified and ranked. */
  counted: number;
  rankedCount: number;
}

/** The quarter's result for every person of the unit; null when the unit has no such period. */
export function quarterResults(
  db: Db,
  q: { unitId: string; periodCode: string } & ResultOptions,
): QuarterResults | null {
  const rows = queryResultRows(db, 'pe.code = ?', [q.unitId, q.periodCode.trim().toUpperCase()]);
  const first = rows[0];
  if (!first) return null;
  const rubric = rubricOfVersion(db, first.rubricVersionId);
  const provisional = q.provisional ?? false;
  const people = rows.flatMap((row) => (row.personId === null ? [] : [toResult(row, rubric, provisional)]));
  return { unitId: q.unitId, period: periodOf(first), rubric, provisional, people };
}

/** The quarter's top `n` (ties included) and department means; null when the unit has no such period. */
export function unitLeaderboard(
  db: Db,
  q: { unitId: string; periodCode: string; n?: number } & ResultOptions,
): Leaderboard | null {
  const results = quarterResults(db, q);
  return results ? leaderboardOf(results, q.n) : null;
}

/** Pure: the leaderboard of already loaded quarter results. */
export function leaderboardOf(results: QuarterResults, n = 5): Leaderboard {
  const eligible = results.people.filter(isRankable);
  const top = rankTop(
    eligible.map((p) => ({
      id: p.personId,
      fullName: p.fullName,
      departmentName: p.departmentName,
      total: p.total ?? 0,
      band: p.band,
      bandLabel: p.bandLabel,
    })),
    n,
  );
  const departments = departmentsOf(results.people, (p) =>
    p.counted && p.total !== null ? { total: p.total, classified: p.classified && p.ranked } : null,
  );
  return {
    unitId: results.unitId,
    period: results.period,
    provisional: results.provisional,
    top,
    departments,
    best: bestDepartment(departments),
    counted: results.people.filter((p) => p.counted).length,
    rankedCount: eligible.length,
  };
}

/** Whether a person competes for the quarter's top 5: counted, classified and of a ranked role. */
export function isRankable(p: PersonQuarterResult): p is PersonQuarterResult & { total: number } {
  return p.counted && p.classified && p.ranked && p.total !== null;
}

/** Groups people by department and computes each mean; `score` gives a member's counted score or null. */
export function departmentsOf<T extends { departmentId: number | null; departmentName: string | null }>(
  people: readonly T[],
  score: (person: T) => { total: number; classified: boolean } | null,
): DepartmentResult[] {
  const groups = new Map<number, { name: string; members: number; scores: { total: number; classified: boolean }[] }>();
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
    mean: departmentMean(g.scores),
    headcount: g.scores.filter((s) => s.classified).length,
    members: g.members,
  }));
}


/** One person's year: each existing quarter's counted total, and their mean. */
export interface PersonYearResult {
  personId: number;
  fullName: string;
  departmentId: number | null;
  departmentName: string | null;
  role: Role;
  ranked: boolean;
  /** One entry per period of the year that exists, in order; `total` null when it does not count. */
  quarters: { code: string; quarter: number; total: number | null; classified: boolean }[];
  /** Mean of the counted quarter totals (seed: (70 + 80 + 60 + 82) / 4 = 73); null when none counts. */
  score: number | null;
  /** Classified for the year: at least one counted quarter and every counted quarter classified. */
  classified: boolean;
  band: string | null;
  bandLabel: string | null;
}

export interface YearResults {
  unitId: string;
  year: number;
  periods: ResultPeriod[];
  /** The rubric of the year's last period (bands for the year score). */
  rubric: Rubric | null;
  provisional: boolean;
  people: PersonYearResult[];
  departments: DepartmentResult[];
  best: BestDepartment<DepartmentResult> | null;
  /** Top `n` (default 5) year scores of classified, ranked people, ties included. */
  top: LeaderboardEntry[];
}

/** The unit's year: each person's mean of the quarters that exist, bands and department means. */
export function yearResults(db: Db, q: { unitId: string; year: number; n?: number } & ResultOptions): YearResults {
  const provisional = q.provisional ?? false;
  const rows = queryResultRows(db, 'pe.year = ?', [q.unitId, q.year]);
  const periods = new Map<number, ResultPeriod>();
  const rubrics = new Map<number, Rubric>();
  const byPerson = new Map<number, { first: PersonQuarterResult; quarters: PersonYearResult['quarters'] }>();
  let rubric: Rubric | null = null;
  for (const row of rows) {
    if (!periods.has(row.periodId)) periods.set(row.periodId, periodOf(row));
    let periodRubric = rubrics.get(row.rubricVersionId);
    if (!periodRubric) {
      periodRubric = rubricOfVersion(db, row.rubricVersionId);
      rubrics.set(row.rubricVersionId, periodRubric);
    }
    rubric = periodRubric; // rows are ordered by quarter, so this ends as the last period's rubric
    if (row.personId === null) continue;
    const result = toResult(row, periodRubric, provisional);
    let person = byPerson.get(row.personId);
    if (!person) {
      person = { first: result, quarters: [] };
      byPerson.set(row.personId, person);
    }
    person.quarters.push({ code: row.code, quarter: row.quarter, total: result.total, classified: result.classified });
  }
  const people = [...byPerson.values()].map(({ first, quarters }) => {
    const counted = quarters.filter((x) => x.total !== null);
    const score = yearScore(counted.map((x) => x.total));
    const classified = score !== null && counted.every((x) => x.classified);
    const band = classified && score !== null && rubric ? bandFor(rubric, score) : null;
    return {
      personId: first.personId,
      fullName: first.fullName,
      departmentId: first.departmentId,
      departmentName: first.departmentName,
      role: first.role,
      ranked: first.ranked,
      quarters,
      score,
      classified,
      band: band?.id ?? null,
      bandLabel: band?.label ?? null,
    };
  });
  const departments = departmentsOf(people, (p) =>
    p.score === null ? null : { total: p.score, classified: p.classified && p.ranked },
  );
  const top = rankTop(
    people.flatMap((p) =>
      p.score !== null && p.classified && p.ranked
        ? [{ id: p.personId, fullName: p.fullName, departmentName: p.departmentName, total: p.score, band: p.band, bandLabel: p.bandLabel }]
        : [],
    ),
    q.n ?? 5,
  );
  return {
    unitId: q.unitId,
    year: q.year,
    periods: [...periods.values()],
    rubric,
    provisional,
    people,
    departments,
    best: bestDepartment(departments),
    top,
  };
}
