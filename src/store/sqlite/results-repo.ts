/**
 * The results rows ({@link ResultsRepository}): one query for people × periods with their submissions, one for the
 * roles of the unit's people (grouped here rather than with `group_concat`, so PostgreSQL runs the same SQL).
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { ROLES, type Role } from '../../scoring/rubric-schema.js';
import type { ResultRow, ResultsRepository } from '../results.js';
import { PERIOD_STATUSES, SUBMISSION_STATUSES } from '../statuses.js';

const ROW_SQL = `
SELECT pe.id AS period_id, pe.code, pe.year, pe.quarter, pe.status AS period_status, pe.rubric_version_id,
       p.id AS person_id, p.full_name, p.department_id, d.name AS department_name,
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

const row = z.object({
  period_id: z.number().int(),
  code: z.string(),
  year: z.number().int(),
  quarter: z.number().int(),
  period_status: z.enum(PERIOD_STATUSES),
  rubric_version_id: z.number().int(),
  person_id: z.number().int().nullable(),
  full_name: z.string().nullable(),
  department_id: z.number().int().nullable(),
  department_name: z.string().nullable(),
  status: z.enum(SUBMISSION_STATUSES).nullable(),
  self_total: z.number().nullable(),
  reviewed_total: z.number().nullable(),
  classified: z.number().int().nullable(),
});
const roleRow = z.object({ person_id: z.number().int(), role: z.string() });
const ROLE_SET: ReadonlySet<string> = new Set(ROLES);

function isRole(text: string): text is Role {
  return ROLE_SET.has(text);
}

export function createResultsRepository(c: Database.Database): ResultsRepository {
  const quarter = c.prepare(ROW_SQL.replace('%PERIOD%', 'pe.code = ?'));
  const year = c.prepare(ROW_SQL.replace('%PERIOD%', 'pe.year = ?'));
  const roles = c.prepare(ROLES_SQL);

  function rolesOf(unitId: string): Map<number, Role[]> {
    const byPerson = new Map<number, Role[]>();
    for (const raw of roles.all(unitId)) {
      const r = roleRow.parse(raw);
      if (!isRole(r.role)) continue;
      const list = byPerson.get(r.person_id);
      if (list) list.push(r.role);
      else byPerson.set(r.person_id, [r.role]);
    }
    return byPerson;
  }

  function toRows(unitId: string, raws: unknown[]): ResultRow[] {
    if (raws.length === 0) return [];
    const byPerson = rolesOf(unitId);
    return raws.map((raw) => {
      const r = row.parse(raw);
      return {
        periodId: r.period_id,
        code: r.code,
        year: r.year,
        quarter: r.quarter,
        periodStatus: r.period_status,
        rubricVersionId: r.rubric_version_id,
        personId: r.person_id,
        fullName: r.full_name,
        departmentId: r.department_id,
        departmentName: r.department_name,
        roles: r.person_id === null ? [] : (byPerson.get(r.person_id) ?? []),
        status: r.status,
        selfTotal: r.self_total,
        reviewedTotal: r.reviewed_total,
        classified: r.classified === null ? null : r.classified === 1,
      };
    });
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
