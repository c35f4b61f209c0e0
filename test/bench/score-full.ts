/**
 * The full computation measured by `score.bench.ts`: classify a whole quarter from the stored answers
 * (`scoreAnswers` for every approved submission), each unit's leaderboard and department means, and the year
 * means — with the production pure functions, reading the database with three prepared raw statements:
 *
 * 1. the quarter, streamed: one row per approved submission with who it is (unit, department, roles) and its
 *    answers folded by SQLite into one JSON object (the reviewer's value when there is one), read from the
 *    covering index `answers_submission_values` alone — 50,000 rows reach JS instead of a million;
 * 2. the earlier quarters' approved totals of the year per person: the sum of the classified ones and whether any
 *    was not classified (seed 000 III.2.a, as `yearResult`: (Q1 + Q2 + Q3 + Q4) / 4, a missing or unclassified
 *    quarter counting 0);
 * 3. the department names (a few thousand rows), so each name is one shared string.
 */
import { primaryRole } from '../../src/directory/staff-roles.js';
import { departmentsOf, leaderboardOf, type PersonQuarterResult, type ResultPeriod } from '../../src/results/index.js';
import { bestDepartment } from '../../src/scoring/aggregate.js';
import { rolePlan } from '../../src/scoring/compiled.js';
import { periodCode } from '../../src/scoring/period-calendar.js';
import { round2 } from '../../src/scoring/round.js';
import { ROLES, type Role, type Rubric } from '../../src/scoring/rubric-schema.js';
import { scoreAnswers } from '../../src/scoring/score.js';
import type { Answers, AnswerValue } from '../../src/scoring/types.js';
import { DEFAULT_UNIT_SETTINGS } from '../../src/scoring/unit-settings.js';
import type { Db } from '../../src/store/sqlite/open-sqlite.js';

/** What one full computation produced (every run must reproduce it). */
export interface Summary {
  scored: number;
  classified: number;
  leaderboards: number;
  topEntries: number;
  yearScored: number;
  checksum: number;
  /** Sum of everyone's year score (2 decimals): checks the year rule against the product's `yearResults`. */
  yearTotal: number;
  /** Sum over units of the best year department mean (2 decimals): checks the department rule likewise. */
  yearBestMeans: number;
}

const QUARTER_SQL = `
SELECT p.id, p.unit_id, p.department_id,
       (SELECT group_concat(r.role) FROM person_roles r WHERE r.person_id = p.id),
       (SELECT json_group_object(a.criterion_id, json(COALESCE(a.reviewed_value, a.value)))
          FROM answers a WHERE a.submission_id = s.id)
FROM periods pe
JOIN submissions s ON s.period_id = pe.id
JOIN people p ON p.id = s.person_id
WHERE pe.year = ? AND pe.quarter = ? AND s.status = 'approved'`;

/**
 * The earlier quarters' approved totals of the year, per person: the sum of the classified ones (an unclassified
 * quarter counts 0) and whether every one of them was classified. Quarters without a total count 0 without making
 * the year unclassified (as `yearResult` in `yearResults`).
 */
const EARLIER_SQL = `
SELECT s.person_id,
       SUM(CASE WHEN s.classified = 1 THEN COALESCE(s.reviewed_total, s.self_total) ELSE 0 END),
       MIN(COALESCE(s.classified, 0))
FROM periods pe JOIN submissions s ON s.period_id = pe.id
WHERE pe.year = ? AND pe.quarter < ? AND s.status = 'approved'
  AND COALESCE(s.reviewed_total, s.self_total) IS NOT NULL
GROUP BY s.person_id`;

const DEPARTMENTS_SQL = 'SELECT id, name FROM departments';

export type QuarterRow = [number, string, number | null, string | null, string | null];
export type EarlierRow = [number, number, number];

/** The three reads the computation works from, whatever the database (SQLite below, PostgreSQL in score-pg.ts). */
export interface QuarterInput {
  departments: Iterable<[number, string]>;
  earlier: Iterable<EarlierRow>;
  /** One row per approved submission of the quarter: person id, unit, department, roles (`a,b`), answers JSON. */
  quarter: Iterable<QuarterRow>;
}

/** A person's quarter result and, alongside, their year (one object per person). */
interface PersonEntry extends PersonQuarterResult {
  yearScore: number;
  yearClassified: boolean;
}

/** Runs the full computation for quarter `quarter` of `year` on the SQLite database. */
export function fullComputation(db: Db, rubric: Rubric, year: number, quarter: number): Summary {
  const sqlite = db.$client;
  return computeQuarter(
    {
      departments: sqlite.prepare(DEPARTMENTS_SQL).raw().all() as [number, string][],
      earlier: sqlite.prepare(EARLIER_SQL).raw().all(year, quarter) as EarlierRow[],
      // Streamed: each row is garbage as soon as it is scored, so the young generation stays small.
      quarter: sqlite.prepare(QUARTER_SQL).raw().iterate(year, quarter) as IterableIterator<QuarterRow>,
    },
    rubric,
    year,
    quarter,
  );
}

/** The computation itself over the three reads (the product's pure functions). */
export function computeQuarter(input: QuarterInput, rubric: Rubric, year: number, quarter: number): Summary {
  const departmentName = new Map(input.departments);
  const earlierOf = new Map<number, EarlierRow>();
  for (const row of input.earlier) earlierOf.set(row[0], row);
  const rows = input.quarter;
  const period: ResultPeriod = { id: 0, code: periodCode(year, quarter), year, quarter, status: 'open' };
  const ranked = new Map<Role, boolean>(ROLES.map((r) => [r, rolePlan(rubric, r).ranked]));
  // Role lists repeat ("staff", "head,staff"): each distinct list is parsed once.
  const roleOfList = new Map<string, Role>();
  const byUnit = new Map<string, PersonEntry[]>();
  let scored = 0;
  let classified = 0;
  let checksum = 0;
  let yearScored = 0;
  let yearTotal = 0;
  let yearBestMeans = 0;
  for (const [personId, unitId, departmentId, roleList, answerJson] of rows) {
    const list = roleList ?? '';
    let role = roleOfList.get(list);
    if (role === undefined) {
      role = primaryRole(parseRoleList(list));
      roleOfList.set(list, role);
    }
    const department = departmentId === null ? null : (departmentName.get(departmentId) ?? null);
    const answers = answerJson === null ? {} : toAnswers(JSON.parse(answerJson));
    const result = scoreAnswers(rubric, answers, {
      role: role === 'laborer' ? 'laborer' : 'staff',
      departmentName: department,
    });
    scored++;
    if (result.classified) classified++;
    checksum += result.total;
    const isRanked = ranked.get(role) ?? false;
    // Year (seed 000 III.2.a, as `yearResult`): (Q1 + Q2 + Q3 + Q4) / 4 of the classified quarters' totals, a
    // missing or unclassified quarter counting 0; classified when no quarter was scored but unclassified.
    const earlier = earlierOf.get(personId);
    const score = round2(((earlier?.[1] ?? 0) + (result.classified ? result.total : 0)) / 4);
    yearScored++;
    yearTotal += score;
    let people = byUnit.get(unitId);
    if (!people) {
      people = [];
      byUnit.set(unitId, people);
    }
    people.push({
      personId,
      fullName: '',
      departmentId,
      departmentName: department,
      role,
      status: 'approved',
      counted: true,
      total: result.total,
      band: result.band,
      bandLabel: result.bandLabel,
      classified: result.classified,
      ranked: isRanked,
      yearScore: score,
      yearClassified: result.classified && (earlier === undefined || earlier[2] === 1),
    });
  }
  // Each unit's leaderboard (top 5 with ties, department means, best department) and year department means.
  let topEntries = 0;
  for (const [unitId, people] of byUnit) {
    const board = leaderboardOf({ unitId, period, rubric, provisional: false, people, settings: DEFAULT_UNIT_SETTINGS });
    topEntries += board.top.length;
    checksum += board.best?.best.mean ?? 0;
    // As `yearOf`: every member ranked by points is in the mean, one without a classified year counting 0.
    const departments = departmentsOf(people, (p) => ({
      total: p.yearScore,
      classified: p.yearClassified,
      ranked: p.ranked,
    }));
    const yearBest = bestDepartment(departments)?.best.mean ?? 0;
    checksum += yearBest;
    yearBestMeans += yearBest;
  }
  return {
    scored,
    classified,
    leaderboards: byUnit.size,
    topEntries,
    yearScored,
    checksum: Math.round(checksum),
    yearTotal: round2(yearTotal),
    yearBestMeans: round2(yearBestMeans),
  };
}

/**
 * The parsed answers object when every value has an answer's shape (stored JSON is not trusted as typed);
 * otherwise a copy without the other values. No copy in the common case.
 */
function toAnswers(parsed: unknown): Answers {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const record = parsed as Record<string, unknown>;
  for (const key in record) {
    if (!isAnswerValue(record[key])) {
      const valid = Object.entries(record).filter((e): e is [string, AnswerValue] => isAnswerValue(e[1]));
      return Object.fromEntries(valid);
    }
  }
  return record as Answers;
}

function isAnswerValue(value: unknown): value is AnswerValue {
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean') return true;
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

const ROLE_SET: ReadonlySet<string> = new Set(ROLES);

function parseRoleList(list: string): Role[] {
  return list.split(',').filter((r): r is Role => ROLE_SET.has(r));
}
