/**
 * The full computation measured by `score.bench.ts`: classify a whole quarter from the stored answers
 * (`scoreAnswers` for every approved submission), each unit's leaderboard and department means, and the year
 * means — with the production pure functions, reading the database with three prepared raw statements:
 *
 * 1. the quarter, streamed: one row per approved submission with who it is (unit, department, roles) and its
 *    answers folded by SQLite into one JSON object (the reviewer's value when there is one), read from the
 *    covering index `answers_submission_values` alone — 50,000 rows reach JS instead of a million;
 * 2. the earlier quarters' approved totals of the year, summed and counted per person;
 * 3. the department names (a few thousand rows), so each name is one shared string.
 */
import { primaryRole } from '../../src/directory/staff-roles.js';
import type { Db } from '../../src/persistence/open-db.js';
import {
  departmentsOf,
  leaderboardOf,
  type PersonQuarterResult,
  type ResultPeriod,
} from '../../src/persistence/results-repo.js';
import { bestDepartment, yearScore } from '../../src/scoring/aggregate.js';
import { rolePlan } from '../../src/scoring/compiled.js';
import { periodCode } from '../../src/scoring/period-calendar.js';
import { round2 } from '../../src/scoring/round.js';
import { ROLES, type Role, type Rubric } from '../../src/scoring/rubric-schema.js';
import { scoreAnswers } from '../../src/scoring/score.js';
import type { Answers, AnswerValue } from '../../src/scoring/types.js';

/** What one full computation produced (every run must reproduce it). */
export interface Summary {
  scored: number;
  classified: number;
  leaderboards: number;
  topEntries: number;
  yearScored: number;
  checksum: number;
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
 * The earlier quarters' approved totals of the year, per person: their sum and count (for the mean) and whether
 * every one of them was classified. Quarters without a total do not count (as in `yearResults`).
 */
const EARLIER_SQL = `
SELECT s.person_id, SUM(COALESCE(s.reviewed_total, s.self_total)), COUNT(*), MIN(COALESCE(s.classified, 0))
FROM periods pe JOIN submissions s ON s.period_id = pe.id
WHERE pe.year = ? AND pe.quarter < ? AND s.status = 'approved'
  AND COALESCE(s.reviewed_total, s.self_total) IS NOT NULL
GROUP BY s.person_id`;

const DEPARTMENTS_SQL = 'SELECT id, name FROM departments';

type QuarterRow = [number, string, number | null, string | null, string | null];
type EarlierRow = [number, number, number, number];

/** A person's quarter result and, alongside, their year (one object per person). */
interface PersonEntry extends PersonQuarterResult {
  yearScore: number | null;
  yearClassified: boolean;
}

/** Runs the full computation for quarter `quarter` of `year`. */
export function fullComputation(db: Db, rubric: Rubric, year: number, quarter: number): Summary {
  const sqlite = db.$client;
  const departmentName = new Map(sqlite.prepare(DEPARTMENTS_SQL).raw().all() as [number, string][]);
  const earlierOf = new Map<number, EarlierRow>();
  for (const row of sqlite.prepare(EARLIER_SQL).raw().all(year, quarter) as EarlierRow[]) earlierOf.set(row[0], row);
  // Streamed: each row is garbage as soon as it is scored, so the young generation stays small.
  const rows = sqlite.prepare(QUARTER_SQL).raw().iterate(year, quarter) as IterableIterator<QuarterRow>;
  const period: ResultPeriod = { id: 0, code: periodCode(year, quarter), year, quarter, status: 'open' };
  const ranked = new Map<Role, boolean>(ROLES.map((r) => [r, rolePlan(rubric, r).ranked]));
  // Role lists repeat ("staff", "head,staff"): each distinct list is parsed once.
  const roleOfList = new Map<string, Role>();
  const byUnit = new Map<string, PersonEntry[]>();
  let scored = 0;
  let classified = 0;
  let checksum = 0;
  let yearScored = 0;
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
    // Year: the mean of the earlier quarters' totals and this quarter's computed one (as `yearScore`).
    const earlier = earlierOf.get(personId);
    const score = earlier ? round2((result.total + earlier[1]) / (1 + earlier[2])) : yearScore([result.total]);
    if (score !== null) yearScored++;
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
      yearClassified: result.classified && isRanked && (earlier === undefined || earlier[3] === 1),
    });
  }
  // Each unit's leaderboard (top 5 with ties, department means, best department) and year department means.
  let topEntries = 0;
  for (const [unitId, people] of byUnit) {
    const board = leaderboardOf({ unitId, period, rubric, provisional: false, people });
    topEntries += board.top.length;
    checksum += board.best?.best.mean ?? 0;
    const departments = departmentsOf(people, (p) =>
      p.yearScore === null ? null : { total: p.yearScore, classified: p.yearClassified },
    );
    checksum += bestDepartment(departments)?.best.mean ?? 0;
  }
  return { scored, classified, leaderboards: byUnit.size, topEntries, yearScored, checksum: Math.round(checksum) };
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
