/**
 * Who self-assesses in a period, and as which role: decided by the period's rubric, the same way for the chat
 * workflow (/tudanhgia, /diem), the review's score, the scheduler's reminders and the store's progress counts.
 * `assessmentRole`: the most specific role the rubric knows; then that role must have criteria. Seed 000 gives
 * criteria to staff, laborers, heads, leaders, the office and the director, so they are all reminded on the 10th
 * and listed as missing on the 25th; a person who is only an admin is not.
 *
 * Pure (rubric + roles): it lives here, not in the self-assessment workflow, because the store's SQLite progress
 * query and the scheduler use it too and must not depend on a chat workflow.
 */
import type { Role, Rubric } from '../scoring/rubric-schema.js';
import { criteriaFor, isRankedRole } from '../scoring/role-criteria.js';

/** Most specific first: a head who is also staff answers as a head. */
const ROLE_PRIORITY: readonly Role[] = ['head', 'leader', 'office', 'director', 'staff', 'laborer'];

/** The roles a rubric scores, computed once per rubric (rubrics are immutable once loaded). */
const knownRolesCache = new WeakMap<Rubric, ReadonlySet<Role>>();

function knownRoles(rubric: Rubric): ReadonlySet<Role> {
  let known = knownRolesCache.get(rubric);
  if (!known) {
    known = new Set<Role>(
      rubric.roleRules.length > 0 ? rubric.roleRules.map((r) => r.role) : rubric.criteria.flatMap((c) => c.roles),
    );
    knownRolesCache.set(rubric, known);
  }
  return known;
}

/** The most specific of the person's roles that the rubric knows, or null. */
export function assessmentRole(roles: readonly Role[], rubric: Rubric): Role | null {
  const known = knownRoles(rubric);
  for (const r of ROLE_PRIORITY) if (roles.includes(r) && known.has(r)) return r;
  return null;
}

/** The role the person answers the rubric as, or null when the rubric asks them nothing. */
export function selfAssessmentRole(rubric: Rubric, roles: Iterable<Role>): Role | null {
  const role = assessmentRole([...roles], rubric);
  return role !== null && criteriaFor(rubric, { role }).length > 0 ? role : null;
}

/** Whether the person must self-assess under `rubric`. */
export function selfAssesses(rubric: Rubric, roles: Iterable<Role>): boolean {
  return selfAssessmentRole(rubric, roles) !== null;
}

/**
 * Whether the person is ranked by points under `rubric` (seed 000: everyone who self-assesses but laborers, who
 * answer only Công dân số). Department means count exactly these members, a member without a score as 0.
 */
export function rankedByPoints(rubric: Rubric, roles: Iterable<Role>): boolean {
  const role = selfAssessmentRole(rubric, roles);
  return role !== null && isRankedRole(rubric, role);
}
