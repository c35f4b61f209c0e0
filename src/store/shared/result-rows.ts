/**
 * The results rows' shape and their mapping to {@link ResultRow}, shared by the SQLite and the PostgreSQL
 * repositories: both select the same columns (`classified` as 0/1: PostgreSQL selects `classified::int`) and the
 * roles separately, grouped here.
 */
import { z } from 'zod';
import { ROLES, type Role } from '../../scoring/rubric-schema.js';
import type { ResultRow } from '../results.js';
import { PERIOD_STATUSES, SUBMISSION_STATUSES } from '../statuses.js';

const row = z.object({
  period_id: z.number().int(),
  code: z.string(),
  year: z.number().int(),
  quarter: z.number().int(),
  period_status: z.enum(PERIOD_STATUSES),
  rubric_version_id: z.number().int(),
  ends_on: z.string(),
  joined_on: z.string().nullable(),
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

/** `(person_id, role)` rows → roles by person (unknown roles left out). */
function rolesByPerson(raws: readonly unknown[]): Map<number, Role[]> {
  const byPerson = new Map<number, Role[]>();
  for (const raw of raws) {
    const r = roleRow.parse(raw);
    if (!isRole(r.role)) continue;
    const list = byPerson.get(r.person_id);
    if (list) list.push(r.role);
    else byPerson.set(r.person_id, [r.role]);
  }
  return byPerson;
}

/** The people × periods rows with each person's roles. */
export function toResultRows(raws: readonly unknown[], roleRaws: readonly unknown[]): ResultRow[] {
  const byPerson = rolesByPerson(roleRaws);
  return raws.map((raw) => {
    const r = row.parse(raw);
    return {
      periodId: r.period_id,
      code: r.code,
      year: r.year,
      quarter: r.quarter,
      periodStatus: r.period_status,
      rubricVersionId: r.rubric_version_id,
      periodEndsOn: r.ends_on,
      joinedOn: r.joined_on,
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
