/**
 * Who self-assesses in a period: decided by the period's rubric, exactly as the conversation engine decides it when
 * the person types /tudanhgia (`assessmentRole`: the most specific role the rubric knows, then that role must have
 * criteria). Seed 000 gives criteria to staff, laborers, heads, leaders, the office and the director, so they are
 * all reminded on the 10th and listed as missing on the 25th; a person who is only an admin is not.
 */
import { assessmentRole } from '../conversation/assessment/session.js';
import type { Role, Rubric } from '../scoring/rubric-schema.js';
import { criteriaFor } from '../scoring/score.js';

/** The role the person answers the rubric as, or null when the rubric asks them nothing. */
export function selfAssessmentRole(rubric: Rubric, roles: Iterable<Role>): Role | null {
  const role = assessmentRole([...roles], rubric);
  return role !== null && criteriaFor(rubric, { role }).length > 0 ? role : null;
}

/** Whether the person must self-assess under `rubric`. */
export function selfAssesses(rubric: Rubric, roles: Iterable<Role>): boolean {
  return selfAssessmentRole(rubric, roles) !== null;
}
