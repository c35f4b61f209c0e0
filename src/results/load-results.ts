/**
 * Official results of a unit, read through the repositories and computed by the pure functions of this folder:
 * a quarter's per-person results, its leaderboard and the year. Shared by the honour list, the approval export,
 * `/diem` and the CLI. Only approved submissions count (a finalised period has only those); with
 * `{ provisional: true }` submitted ones count too, for progress views before approval.
 *
 * Call with a unit of work's (or a read's) repositories: `await store.read((tx) => unitLeaderboard(tx, q))`.
 */
import type { Rubric } from '../scoring/rubric-schema.js';
import { loadScoringRules } from '../settings/unit-rules.js';
import { departmentConditionStatuses, withDepartmentConditions, type DepartmentConditionStatus } from './department-conditions.js';
import type { Tx } from '../store/store.js';
import { leaderboardOf, type Leaderboard, type QuarterResults } from './leaderboard.js';
import { periodOf, toResult, type ResultOptions } from './person-result.js';
import { yearOf, type YearResults } from './year-results.js';

/** The repositories these reads need. */
export type ResultsReader = Pick<Tx, 'results' | 'assessment' | 'settings' | 'departmentConditions'>;

/** The quarter's result for every person of the unit; null when the unit has no such period. */
export async function quarterResults(
  tx: ResultsReader,
  q: { unitId: string; periodCode: string } & ResultOptions,
): Promise<QuarterResults | null> {
  const rows = await tx.results.quarterRows(q.unitId, q.periodCode.trim().toUpperCase());
  const first = rows[0];
  if (!first) return null;
  const rubric = await tx.assessment.getRubric(first.rubricVersionId);
  const provisional = q.provisional ?? false;
  const settings = await loadScoringRules(tx, q.unitId, first.code);
  const departmentConditions: Map<number, DepartmentConditionStatus> =
    rubric.departmentConditions.length > 0 ? departmentConditionStatuses(rubric, await tx.departmentConditions.forPeriod(first.periodId)) : new Map();
  // Seed 000 III.2.c under `members-too`: a member of a department without its article is not classified.
  const people = rows.flatMap((row) =>
    row.personId === null ? [] : [withDepartmentConditions(toResult(row, rubric, provisional, settings), rubric, departmentConditions, settings)],
  );
  return { unitId: q.unitId, period: periodOf(first), rubric, provisional, people, settings, departmentConditions };
}

/** The quarter's top `n` (ties included) and department means; null when the unit has no such period. */
export async function unitLeaderboard(
  tx: ResultsReader,
  q: { unitId: string; periodCode: string; n?: number; exclude?: ReadonlySet<number> } & ResultOptions,
): Promise<Leaderboard | null> {
  const results = await quarterResults(tx, q);
  return results ? leaderboardOf(results, q.n, q.exclude) : null;
}

/** The unit's year: each person's mean of the quarters that exist, bands and department means. */
export async function yearResults(
  tx: ResultsReader,
  q: { unitId: string; year: number; n?: number } & ResultOptions,
): Promise<YearResults> {
  const rows = await tx.results.yearRows(q.unitId, q.year);
  const rubrics = new Map<number, Rubric>();
  for (const row of rows) {
    if (!rubrics.has(row.rubricVersionId)) rubrics.set(row.rubricVersionId, await tx.assessment.getRubric(row.rubricVersionId));
  }
  const settings = await loadScoringRules(tx, q.unitId);
  // Under `members-too` each quarter's department articles decide who was classified (seed 000 III.2.c).
  const departmentConditions = new Map<number, Map<number, DepartmentConditionStatus>>();
  if (settings.departmentArticle === 'members-too') {
    for (const row of rows) {
      const rubric = rubrics.get(row.rubricVersionId);
      if (!rubric || rubric.departmentConditions.length === 0 || departmentConditions.has(row.periodId)) continue;
      departmentConditions.set(row.periodId, departmentConditionStatuses(rubric, await tx.departmentConditions.forPeriod(row.periodId)));
    }
  }
  return yearOf({ unitId: q.unitId, year: q.year, rows, rubrics, provisional: q.provisional ?? false, n: q.n, settings, departmentConditions });
}
