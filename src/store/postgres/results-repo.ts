/**
 * PostgreSQL: the results rows (see repositories.ts for what differs from SQLite): the same two queries as
 * `src/store/sqlite/results-repo.ts`, mapped by the shared `toResultRows`.
 */
import type { ResultRow, ResultsRepository } from '../results.js';
import { toResultRows } from '../shared/result-rows.js';
import { type Client, rows } from './pg-query.js';

const ROW_SQL = `
SELECT pe.id AS period_id, pe.code, pe.year, pe.quarter, pe.status AS period_status, pe.rubric_version_id, pe.ends_on,
       p.id AS person_id, p.full_name, p.department_id, d.name AS department_name, p.joined_on,
       s.status, s.self_total, s.reviewed_total, s.classified::int AS classified
FROM periods pe
LEFT JOIN people p ON p.unit_id = pe.unit_id
  AND (p.active OR EXISTS (SELECT 1 FROM submissions x WHERE x.period_id = pe.id AND x.person_id = p.id))
LEFT JOIN departments d ON d.id = p.department_id
LEFT JOIN submissions s ON s.period_id = pe.id AND s.person_id = p.id
WHERE pe.unit_id = $1 AND %PERIOD%
ORDER BY pe.year, pe.quarter, p.id NULLS FIRST`;

const ROLES_SQL = `SELECT r.person_id, r.role FROM person_roles r JOIN people p ON p.id = r.person_id
  WHERE p.unit_id = $1 ORDER BY r.person_id, r.role COLLATE "C"`;

export function resultsRepository(c: Client): ResultsRepository {
  async function toRows(unitId: string, raws: Record<string, unknown>[]): Promise<ResultRow[]> {
    return raws.length === 0 ? [] : toResultRows(raws, await rows(c, 'results_roles', ROLES_SQL, [unitId]));
  }
  return {
    async quarterRows(unitId, periodCode) {
      return toRows(unitId, await rows(c, 'results_quarter', ROW_SQL.replace('%PERIOD%', 'pe.code = $2'), [unitId, periodCode]));
    },
    async yearRows(unitId, year) {
      return toRows(unitId, await rows(c, 'results_year', ROW_SQL.replace('%PERIOD%', 'pe.year = $2'), [unitId, year]));
    },
  };
}
