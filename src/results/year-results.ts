/**
 * A unit's year (pure): each person's mean of the quarters that exist and count (seed: (70 + 80 + 60 + 82) / 4 =
 * 73), bands from the year's last rubric, department means and the top `n` with ties.
 */
import { bestDepartment, rankTop, yearResult, type BestDepartment } from '../scoring/aggregate.js';
import type { Role, Rubric } from '../scoring/rubric-schema.js';
import { DEFAULT_UNIT_SETTINGS, type UnitSettings } from '../scoring/unit-settings.js';
import type { ResultRow } from '../store/results.js';
import { withDepartmentConditions, type DepartmentConditionStatus } from './department-conditions.js';
import { departmentsOf, type DepartmentResult, type LeaderboardEntry } from './leaderboard.js';
import { periodOf, toResult, type PersonQuarterResult, type ResultPeriod } from './person-result.js';

/** One person's year: each existing quarter's counted total, and their mean. */
export interface PersonYearResult {
  personId: number;
  fullName: string;
  departmentId: number | null;
  departmentName: string | null;
  role: Role;
  ranked: boolean;
  /** One entry per period of the year that exists, in order; `total` null when it does not count. */
  quarters: { code: string; quarter: number; total: number | null; classified: boolean; member?: boolean }[];
  /** (Q1 + Q2 + Q3 + Q4) / 4, a missing or unclassified quarter counting 0; null when none counts. */
  score: number | null;
  /** Classified for the year: a score, and no quarter that was scored but not classified. */
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
  /** The unit's rules the year was computed with (the honours read `yearTop5` and the tie rule from here). */
  settings: UnitSettings;
}

export interface YearInput {
  unitId: string;
  year: number;
  /** Rows of the year, ordered by quarter then person (`ResultsRepository.yearRows`). */
  rows: readonly ResultRow[];
  /** The rubric of every `rubricVersionId` in the rows. */
  rubrics: ReadonlyMap<number, Rubric>;
  provisional: boolean;
  n?: number;
  /** The unit's rules (year score method, department mean, tie rule); default the seed's. */
  settings?: UnitSettings;
  /** Each period's department conditions (by period id, then department id), applied under `members-too`. */
  departmentConditions?: ReadonlyMap<number, ReadonlyMap<number, DepartmentConditionStatus>>;
}

/** The year of already loaded rows. */
export function yearOf(input: YearInput): YearResults {
  const { rows, provisional } = input;
  const settings = input.settings ?? DEFAULT_UNIT_SETTINGS;
  const periods = new Map<number, ResultPeriod>();
  const byPerson = new Map<number, { first: PersonQuarterResult; quarters: PersonYearResult['quarters'] }>();
  let rubric: Rubric | null = null;
  for (const row of rows) {
    if (!periods.has(row.periodId)) periods.set(row.periodId, periodOf(row));
    const periodRubric = input.rubrics.get(row.rubricVersionId);
    if (!periodRubric) throw new Error(`yearOf: no rubric for version #${row.rubricVersionId}`);
    rubric = periodRubric; // rows are ordered by quarter, so this ends as the last period's rubric
    if (row.personId === null) continue;
    const result = withDepartmentConditions(
      toResult(row, periodRubric, provisional, settings),
      periodRubric,
      input.departmentConditions?.get(row.periodId),
      settings,
    );
    let person = byPerson.get(row.personId);
    if (!person) {
      person = { first: result, quarters: [] };
      byPerson.set(row.personId, person);
    }
    // A quarter that ended before the person joined the unit (when the join date is recorded) was not theirs:
    // `mean-of-present` leaves it out; `/4` still counts it 0 (seed 000 III.2.a).
    const member = !row.joinedOn || !row.periodEndsOn || row.periodEndsOn >= row.joinedOn;
    person.quarters.push({ code: row.code, quarter: row.quarter, total: result.total, classified: result.classified, member });
  }
  const people = [...byPerson.values()].map(({ first, quarters }): PersonYearResult => {
    // Seed 000 III.2.a: (Q1 + Q2 + Q3 + Q4) / 4; a missing or unclassified quarter counts 0 (yearResult).
    const year = yearResult(
      rubric,
      quarters.map((x) => ({ quarter: x.quarter as 1 | 2 | 3 | 4, total: x.total, classified: x.classified, member: x.member })),
      settings,
    );
    // Nothing scored in the year at all: no year score (not a 0 that would rank).
    const score = year.counted.length > 0 ? year.score : null;
    // A quarter that is not classified counts 0 AND leaves the year unclassified; a missing one lowers the score.
    const classified = score !== null && !year.zero.some((z) => z.why === 'not-classified');
    const band = classified ? year.band : null;
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
  const departments = departmentsOf(people, (p) => ({ total: p.score ?? 0, classified: p.score !== null && p.classified, ranked: p.ranked }), settings);
  const top = rankTop(
    people.flatMap((p) =>
      p.score !== null && p.classified && p.ranked
        ? [{ id: p.personId, fullName: p.fullName, departmentName: p.departmentName, total: p.score, band: p.band, bandLabel: p.bandLabel }]
        : [],
    ),
    input.n ?? 5,
  );
  return {
    unitId: input.unitId,
    year: input.year,
    periods: [...periods.values()],
    rubric,
    provisional,
    people,
    departments,
    best: bestDepartment(departments, settings.ties.department),
    top,
    settings,
  };
}
