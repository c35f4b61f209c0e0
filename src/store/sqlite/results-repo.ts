/**
 * The results rows ({@link ResultsRepository}): one query for people × periods with their submissions, one for the
 * roles of the unit's people (grouped here rather than with `group_concat`, so PostgreSQL runs the same SQL).
 */
import type Database from 'better-sqlite3';
import type { ResultRow, ResultsRepository } from '../results.js';
import { toResultRows } from '../shared/result-rows.js';

const ROW_SQL = `
SELECT pe.id AS period_id, pe.code, pe.year, pe.quarter, pe.status AS period_status, pe.rubric_version_id, pe.ends_on,
       p.id AS person_id, p.full_name, p.department_id, d.name AS department_name, p.joined_on,
       s.status, s.self_total, s.reviewed_total, s.classified
FROM periods pe
LEFT JOIN people p ON p.unit_id = pe.unit_id
  AND (p.active = 1 OR EXISTS (SELECT 1 FROM submissions x WHERE x.period_id = pe.id AND x.person_id = p.id))
LEFT JOIN departments d ON d.id = p.department_id
LEFT JOIN submissions s ON s.period_id = pe.id AND s.person_id = p.id
WHERE pe.unit_id = ? AND %PERIOD%
ORDER BY pe.year, pe.quarter, p.id`;

const ROLES_SQL = `SELECT r.person_id, r.role FROM person_roles r JOIN people p ON p.id = r.person_id
  WHERE p.unit_id = ? ORDER BY r.person_id, r.role`;

export function createResultsRepository(c: Database.Database): ResultsRepository {
  const quarter = c.prepare(ROW_SQL.replace('%PERIOD%', 'pe.code = ?'));
  const year = c.prepare(ROW_SQL.replace('%PERIOD%', 'pe.year = ?'));
  const roles = c.prepare(ROLES_SQL);

  function toRows(unitId: string, raws: unknown[]): ResultRow[] {
    return raws.length === 0 ? [] : toResultRows(raws, roles.all(unitId));
  }

  return {
    async quarterRows(unitId, periodCode) {
      return toRows(unitId, quarter.all(unitId, periodCode));
    },
    async yearRows(unitId, y) {
      return toRows(unitId, year.all(unitId, y));
    },
  };
}
