/**
 * The one query behind the results (people × periods of a unit, with their submissions) and the mapping of a
 * row to a person's quarter result. Used by `results-repo.ts`; kept apart so that file stays about aggregation.
 */
import { bandFor } from '../scoring/aggregate.js';
import { ROLES, type Role, type Rubric } from '../scoring/rubric-schema.js';
import { isRankedRole } from '../scoring/score.js';
import { primaryRole } from '../directory/staff-roles.js';
import type { Db } from './open-db.js';

export type SubmissionStatus = 'draft' | 'submitted' | 'returned' | 'approved';

export interface ResultOptions {
  /** Count submitted (not yet approved) self-assessments too. Default false: official results only. */
  provisional?: boolean;
}

/** The period a result belongs to. */
export interface ResultPeriod {
  id: number;
  code: string;
  year: number;
  quarter: number;
  status: 'open' | 'submitted_to_director' | 'finalised';
}

/** One person's result for a quarter. Everyone active in the unit is listed, with or without a submission. */
export interface PersonQuarterResult {
  personId: number;
  fullName: string;
  departmentId: number | null;
  departmentName: string | null;
  /** The person's highest role (see `primaryRole`); decides whether they are ranked. */
  role: Role;
  /** Submission status; `none` when the person has not started. */
  status: SubmissionStatus | 'none';
  /** True when the submission counts (approved; or submitted, when provisional). */
  counted: boolean;
  /** The agreed total (reviewed ?? self) when counted, else null. */
  total: number | null;
  /** Band id and label for the total; null when not counted or not classified. */
  band: string | null;
  bandLabel: string | null;
  classified: boolean;
  /** Whether the person's role is ranked by points (laborers are not). */
  ranked: boolean;
}

const ROW_SQL = `
SELECT pe.id AS periodId, pe.code, pe.year, pe.quarter, pe.status AS periodStatus, pe.rubric_version_id AS rubricVersionId,
       p.id AS personId, p.full_name AS fullName, p.department_id AS departmentId, d.name AS departmentName,
       (SELECT group_concat(r.role) FROM person_roles r WHERE r.person_id = p.id) AS roles,
       s.status, s.self_total AS selfTotal, s.reviewed_total AS reviewedTotal, s.classified
FROM periods pe
LEFT JOIN people p ON p.unit_id = pe.unit_id
  AND (p.active = 1 OR EXISTS (SELECT 1 FROM submissions x WHERE x.period_id = pe.id AND x.person_id = p.id))
LEFT JOIN departments d ON d.id = p.department_id
LEFT JOIN submissions s ON s.period_id = pe.id AND s.person_id = p.id
WHERE pe.unit_id = ? AND %PERIOD%
ORDER BY pe.year, pe.quarter, p.id`;

/** A row of the results query (one person in one period; person columns null when the unit has nobody). */
export interface ResultRow {
  periodId: number;
  code: string;
  year: number;
  quarter: number;
  periodStatus: ResultPeriod['status'];
  rubricVersionId: number;
  personId: number | null;
  fullName: string | null;
  departmentId: number | null;
  departmentName: string | null;
  roles: string | null;
  status: SubmissionStatus | null;
  selfTotal: number | null;
  reviewedTotal: number | null;
  classified: number | null;
}

/** Runs the results query. `periodWhere` filters the periods table (`pe`). */
export function queryResultRows(db: Db, periodWhere: string, params: (string | number)[]): ResultRow[] {
  const statement = db.$client.prepare<(string | number)[], ResultRow>(ROW_SQL.replace('%PERIOD%', periodWhere));
  return statement.all(...params);
}

/** A row of `queryResultRows` as a person's quarter result, using the period's rubric. */
export function toResult(row: ResultRow, rubric: Rubric, provisional: boolean): PersonQuarterResult {
  const roles = (row.roles ?? '').split(',').filter(isRole);
  const role = primaryRole(roles);
  const counted = row.status === 'approved' || (provisional && row.status === 'submitted');
  const total = counted ? (row.reviewedTotal ?? row.selfTotal) : null;
  const classified = counted && total !== null && row.classified === 1;
  const band = classified && total !== null ? bandFor(rubric, total) : null;
  return {
    personId: row.personId ?? 0,
    fullName: row.fullName ?? '',
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    role,
    status: row.status ?? 'none',
    counted: counted && total !== null,
    total,
    band: band?.id ?? null,
    bandLabel: band?.label ?? null,
    classified,
    ranked: isRankedRole(rubric, role),
  };
}

/** The period columns of a row. */
export function periodOf(row: ResultRow): ResultPeriod {
  return { id: row.periodId, code: row.code, year: row.year, quarter: row.quarter, status: row.periodStatus };
}

const ROLE_SET: ReadonlySet<string> = new Set(ROLES);

function isRole(text: string): text is Role {
  return ROLE_SET.has(text);
}
