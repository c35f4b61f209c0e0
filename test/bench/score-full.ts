/**
 * The full computation measured by `score.bench.ts`: classify a whole quarter from the stored answers
 * (`scoreAnswers` for every approved submission), each unit's leaderboard and department means, and the year
 * means — with the production pure functions, reading the database with three prepared raw statements:
 *
 * 1. the quarter: one row per approved submission with who it is (unit, department) and its answers folded by
 *    SQLite into one JSON object (the reviewer's value when there is one) in one ordered scan of the answers
 *    index — 50,000 rows reach JS instead of a million;
 * 2. the earlier quarters' approved totals of the year, grouped per person;
 * 3. everyone's roles, grouped per person.
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
SELECT s.id, p.id, p.unit_id, p.department_id, d.name,
       (SELECT json_group_object(a.criterion_id, json(COALESCE(a.reviewed_value, a.value)))
          FROM answers a WHERE a.submission_id = s.id)
FROM periods pe
JOIN submissions s ON s.period_id = pe.id
JOIN people p ON p.id = s.person_id
LEFT JOIN departments d ON d.id = p.department_id
WHERE pe.year = ? AND pe.quarter = ? AND s.status = 'approved'`;

const EARLIER_SQL = `
SELECT s.person_id, group_concat(COALESCE(s.reviewed_total, s.self_total) || ':' || s.classified)
FROM periods pe JOIN submissions s ON s.period_id = pe.id
WHERE pe.year = ? AND pe.quarter < ? AND s.status = 'approved'
GROUP BY s.person_id`;

/** Roles per person, one scan of the primary-key index. */
const ROLES_SQL = `SELECT person_id, group_concat(role) FROM person_roles GROUP BY person_id`;

type QuarterRow = [number, number, string, number | null, string | null, string | null];

/** A person's year inside the computation. */
interface YearEntry {
  departmentId: number | null;
  departmentName: string | null;
  score: number | null;
  classified: boolean;
}

/** Runs the full computation for quarter `quarter` of `year`. */
export function fullComputation(db: Db, rubric: Rubric, year: number, quarter: number): Summary {
  const rows = db.$client.prepare(QUARTER_SQL).raw().all(year, quarter) as QuarterRow[];
  const earlierRows = db.$client.prepare(EARLIER_SQL).raw().all(year, quarter) as [number, string][];
  const earlierOf = new Map(earlierRows);
  const rolesOf = new Map(db.$client.prepare(ROLES_SQL).raw().all() as [number, string][]);
  const period: ResultPeriod = { id: 0, code: periodCode(year, quarter), year, quarter, status: 'open' };
  const ranked = new Map<Role, boolean>(ROLES.map((r) => [r, rolePlan(rubric, r).ranked]));
  const byUnit = new Map<string, { people: PersonQuarterResult[]; year: YearEntry[] }>();
  let classified = 0;
  let checksum = 0;
  let yearScored = 0;
  for (const [, personId, unitId, departmentId, departmentName, answerJson] of rows) {
    const role = primaryRole(parseRoleList(rolesOf.get(personId) ?? null));
    const answers = answerJson === null ? {} : toAnswers(JSON.parse(answerJson));
    const result = scoreAnswers(rubric, answers, { role: role === 'laborer' ? 'laborer' : 'staff', departmentName });
    if (result.classified) classified++;
    checksum += result.total;
    let unit = byUnit.get(unitId);
    if (!unit) {
      unit = { people: [], year: [] };
      byUnit.set(unitId, unit);
    }
    const isRanked = ranked.get(role) ?? false;
    unit.people.push({
      personId,
      fullName: '',
      departmentId,
      departmentName,
      role,
      status: 'approved',
      counted: true,
      total: result.total,
      band: result.band,
      bandLabel: result.bandLabel,
      classified: result.classified,
      ranked: isRanked,
    });
    // Year: the earlier quarters' totals and this quarter's computed one.
    const totals: number[] = [result.total];
    let yearClassified = result.classified && isRanked;
    const earlier = earlierOf.get(personId);
    if (earlier) {
      for (const pair of earlier.split(',')) {
        const colon = pair.indexOf(':');
        totals.push(Number(pair.slice(0, colon)));
        if (pair.slice(colon + 1) !== '1') yearClassified = false;
      }
    }
    const score = yearScore(totals);
    if (score !== null) yearScored++;
    unit.year.push({ departmentId, departmentName, score, classified: yearClassified });
  }
  // Each unit's leaderboard (top 5 with ties, department means, best department) and year department means.
  let topEntries = 0;
  for (const [unitId, unit] of byUnit) {
    const board = leaderboardOf({ unitId, period, rubric, provisional: false, people: unit.people });
    topEntries += board.top.length;
    checksum += board.best?.best.mean ?? 0;
    const departments = departmentsOf(unit.year, (p) => (p.score === null ? null : { total: p.score, classified: p.classified }));
    checksum += bestDepartment(departments)?.best.mean ?? 0;
  }
  return { scored: rows.length, classified, leaderboards: byUnit.size, topEntries, yearScored, checksum: Math.round(checksum) };
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

function parseRoleList(list: string | null): Role[] {
  return (list ?? '').split(',').filter((r): r is Role => ROLE_SET.has(r));
}
