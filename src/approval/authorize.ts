/**
 * Who may do what in the review workflow: PURE role checks over facts loaded by the service.
 *
 * Rules (issue 6, seed 000):
 * - a member's self-assessment is reviewed by the head(s) of their department; a head's own by the leader in
 *   charge of the department (`departments.leader_in_charge_id`); a leader's by the director; the director's by
 *   whoever the unit's rule `directorReviewer` names (the office or a deputy director; nobody when unset). Nobody
 *   reviews their own;
 * - only a head of the department sends (and corrects) the department's list; only its leader in charge comments;
 * - only the office accepts or returns lists, reports to the director and reopens a finalised period;
 * - only the director finalises or sends the unit's list back;
 * - staff see only their own results.
 *
 * Why separate from the state machine: "may this person do it" and "may it be done now" are different refusals,
 * and each must say clearly which one applies.
 */
import type { Role } from '../scoring/rubric-schema.js';
import type { Refusal } from './refusals.js';

/** The person acting, as loaded from the directory (never trusted from the chat state). */
export interface Actor {
  personId: number;
  unitId: string;
  roles: readonly Role[];
  departmentId: number | null;
}

/** The person whose self-assessment is being reviewed, and who is responsible for them. */
export interface SubjectFacts {
  personId: number;
  unitId: string;
  roles: readonly Role[];
  departmentId: number | null;
  /** Heads of the subject's department. */
  departmentHeadIds: readonly number[];
  /** The leader in charge of the subject's department, if configured. */
  leaderInChargeId: number | null;
  /** Directors of the unit (review leaders; fallback for a head when no leader in charge is configured). */
  directorIds: readonly number[];
  /**
   * Who reviews a director's own self-assessment, from the unit's rule `directorReviewer` (issue 17 item 7: the seed
   * ranks the director but names no reviewer): the office holders, the deputy director named, or nobody.
   */
  directorReviewerIds: readonly number[];
}

/** Allowed, or why not (rendered by the chat). */
export type Decision = { ok: true } | { ok: false; refusal: Refusal };

export const NOT_ALLOWED: Refusal = { code: 'not-allowed' };

/** The people who review the subject's self-assessment (empty: nobody can, e.g. the director's own when unset). */
export function reviewersOf(subject: SubjectFacts): number[] {
  const others = (ids: readonly number[]) => ids.filter((id) => id !== subject.personId);
  if (subject.roles.includes('director')) return others(subject.directorReviewerIds);
  if (subject.roles.includes('leader')) return others(subject.directorIds);
  if (subject.roles.includes('head')) {
    if (subject.leaderInChargeId !== null && subject.leaderInChargeId !== subject.personId) return [subject.leaderInChargeId];
    return others(subject.directorIds);
  }
  return others(subject.departmentHeadIds);
}

/** May `actor` approve, adjust, return or look at the details of `subject`'s self-assessment? */
export function canReview(actor: Actor, subject: SubjectFacts): Decision {
  if (actor.unitId !== subject.unitId) return deny(NOT_ALLOWED);
  if (actor.personId === subject.personId) return deny({ code: 'own-submission' });
  if (reviewersOf(subject).includes(actor.personId)) return { ok: true };
  return deny({ code: 'not-reviewer' });
}

/** May `actor` send or correct the list of `departmentId`? */
export function canSendList(actor: Actor, departmentId: number, headIds: readonly number[]): Decision {
  if (actor.roles.includes('head') && actor.departmentId === departmentId && headIds.includes(actor.personId)) return { ok: true };
  return deny({ code: 'not-department-head' });
}

/** May `actor` comment on the list of a department whose leader in charge is `leaderInChargeId`? */
export function canCommentList(actor: Actor, leaderInChargeId: number | null): Decision {
  if (leaderInChargeId !== null && actor.personId === leaderInChargeId) return { ok: true };
  return deny({ code: 'not-leader-in-charge' });
}

/**
 * May `actor` answer the department's own condition of the quarter (seed 000 II.3.b: its article)? A head of the
 * department ("Trưởng phòng trả lời cho cả phòng"), or the office recording it for the department.
 */
export function canAnswerDepartmentCondition(actor: Actor, departmentId: number, headIds: readonly number[]): Decision {
  if (actor.roles.includes('office')) return { ok: true };
  if (actor.roles.includes('head') && actor.departmentId === departmentId && headIds.includes(actor.personId)) return { ok: true };
  return deny({ code: 'not-department-head-or-office' });
}

/** Office actions: accept / return lists, report to the director, reopen. */
export function canCompile(actor: Actor): Decision {
  return actor.roles.includes('office') ? { ok: true } : deny({ code: 'office-only' });
}

/** Director actions: finalise, send back. */
export function canFinalise(actor: Actor): Decision {
  return actor.roles.includes('director') ? { ok: true } : deny({ code: 'director-only' });
}

/**
 * May `actor` change the unit's rules (the seeds' readings, the director's reviewer, the list order)? The office
 * (who runs the movement) and the director (who decides it). Same check for the CLI and a future settings page.
 */
export function canChangeRules(actor: Actor): Decision {
  return actor.roles.includes('office') || actor.roles.includes('director') ? { ok: true } : deny({ code: 'office-only' });
}

/**
 * May the actor read the unit's audit log (who did what, before and after, about whom)? Only the office and the
 * director: the log holds everyone's scores and personal data. Used by the dashboard's /nhat-ky and `thidua audit`.
 */
export function canReadAudit(actor: Actor): Decision {
  return actor.roles.includes('office') || actor.roles.includes('director') ? { ok: true } : deny({ code: 'audit-not-allowed' });
}

/**
 * Which departments' progress `actor` may see: every department (office, director), those they are in charge of
 * (leader), their own (head), or none (staff see only their own results, through /diem and /lichsu).
 */
export function progressScope(
  actor: Actor,
  leaderOf: readonly number[],
): { kind: 'all' } | { kind: 'departments'; ids: number[] } | { kind: 'none' } {
  if (actor.roles.includes('office') || actor.roles.includes('director')) return { kind: 'all' };
  const ids = new Set<number>();
  if (actor.roles.includes('leader')) leaderOf.forEach((id) => ids.add(id));
  if (actor.roles.includes('head') && actor.departmentId !== null) ids.add(actor.departmentId);
  return ids.size > 0 ? { kind: 'departments', ids: [...ids] } : { kind: 'none' };
}

function deny(refusal: Refusal): Decision {
  return { ok: false, refusal };
}
