/**
 * The progress and calibration reads' row shapes (`ReviewRepository.progressMembers`, `progressCounts`,
 * `approvedScores`), shared by the SQLite and the PostgreSQL repositories: both select the same columns (roles as
 * one comma-separated text), so both refuse the same malformed rows. Cheap checks (`row-check.ts`), not a zod
 * object per row: these reads return up to a unit's whole directory (tens of thousands of rows).
 */
import { ROLES, type Role } from '../../scoring/rubric-schema.js';
import { SUBMISSION_STATUSES } from '../statuses.js';
import type { ApprovedScore, ProgressCount, ProgressMember } from '../reviews.js';
import { int, intOrNull, num, numOrNull, oneOf, RowShapeError, str, strOrNull } from './row-check.js';

type Row = Record<string, unknown>;

function record(raw: unknown, what: string): Row {
  if (typeof raw !== 'object' || raw === null) throw new RowShapeError(`${what}: unexpected row`);
  return raw as Row;
}

/** `head,staff` (SQLite's group_concat, PostgreSQL's string_agg) → roles; null (no role) → []. */
function rolesOf(value: unknown): Role[] {
  const text = strOrNull(value, 'person_roles.role');
  return text ? text.split(',').map((r) => oneOf(r, ROLES, 'person_roles.role')) : [];
}

/** SQLite's 0/1 or PostgreSQL's boolean; null (no submission) is false. */
function flag(value: unknown, what: string): boolean {
  if (value === null || value === false || value === 0) return false;
  if (value === true || value === 1) return true;
  throw new RowShapeError(`${what}: expected a boolean`);
}

const statusOf = (value: unknown) => (value === null ? null : oneOf(value, SUBMISSION_STATUSES, 'submissions.status'));

/** Columns: id, full_name, department_id, roles, status, submitted_late, reviewed_late. */
export function toProgressMembers(raw: readonly unknown[]): ProgressMember[] {
  return raw.map((row) => {
    const r = record(row, 'people');
    return {
      personId: int(r.id, 'people.id'),
      fullName: str(r.full_name, 'people.full_name'),
      departmentId: intOrNull(r.department_id, 'people.department_id'),
      roles: rolesOf(r.roles),
      status: statusOf(r.status),
      submittedLate: flag(r.submitted_late, 'submissions.submitted_late'),
      reviewedLate: flag(r.reviewed_late, 'submissions.reviewed_late'),
    };
  });
}

/** Columns: department_id, roles, status, n. */
export function toProgressCounts(raw: readonly unknown[]): ProgressCount[] {
  return raw.map((row) => {
    const r = record(row, 'progress count');
    return { departmentId: intOrNull(r.department_id, 'people.department_id'), roles: rolesOf(r.roles), status: statusOf(r.status), count: int(r.n, 'count') };
  });
}

/** Columns: id, full_name, department_id, reviewed_total, self_total. */
export function toApprovedScores(raw: readonly unknown[]): ApprovedScore[] {
  return raw.map((row) => {
    const r = record(row, 'approved score');
    return {
      personId: int(r.id, 'people.id'),
      fullName: str(r.full_name, 'people.full_name'),
      departmentId: int(r.department_id, 'people.department_id'),
      reviewedTotal: num(r.reviewed_total, 'submissions.reviewed_total'),
      selfTotal: numOrNull(r.self_total, 'submissions.self_total'),
    };
  });
}
