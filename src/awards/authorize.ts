/**
 * Who may do what with initiatives, registrations, award blockers, nominations and the council (issue 14): PURE
 * checks over the actor (the same {@link Actor} the review chain uses), called by chat, CLI and a future dashboard
 * alike — and callable without acting, to show or hide a button.
 *
 * - anyone linked registers their own initiative and their own emulation registration; a head also registers
 *   their department;
 * - the office records recognition, blockers (a disciplinary note, a contest's results), deadlines, nominations and
 *   sees every registration; a head may propose the members of their own department;
 * - the council's decisions are recorded by the office (its secretary) or the director.
 */
import type { Actor } from '../approval/authorize.js';
import type { AwardRefusal } from './refusals.js';

export type { Actor } from '../approval/authorize.js';

export type AwardDecision = { ok: true } | { ok: false; refusal: AwardRefusal };

const allow: AwardDecision = { ok: true };
const deny = (refusal: AwardRefusal): AwardDecision => ({ ok: false, refusal });

const isOffice = (a: Actor) => a.roles.includes('office');

/** Record an initiative's recognition (level, body, decision). */
export function canRecordRecognition(actor: Actor): AwardDecision {
  return isOffice(actor) ? allow : deny({ code: 'office-only' });
}

/** Add or lift an award blocker; import a contest's blockers. */
export function canManageBlockers(actor: Actor): AwardDecision {
  return isOffice(actor) ? allow : deny({ code: 'office-only' });
}

/** Set the registration deadline and see who registered. */
export function canAdministerRegistration(actor: Actor): AwardDecision {
  return isOffice(actor) || actor.roles.includes('director') ? allow : deny({ code: 'office-only' });
}

/** Register the emulation titles of `subject`: one's own, or one's department as its head. */
export function canRegisterFor(actor: Actor, subject: { kind: 'person' | 'department'; id: number }): AwardDecision {
  if (subject.kind === 'person' && subject.id === actor.personId) return allow;
  if (subject.kind === 'department' && actor.roles.includes('head') && actor.departmentId === subject.id) return allow;
  if (isOffice(actor)) return allow;
  return deny({ code: 'not-allowed' });
}

/**
 * Propose a nominee: the office for anyone of the unit; a head for a member of their department or the department
 * itself (seed 004: "Đề nghị … phải qua Hội đồng thi đua khen thưởng của cơ quan xét duyệt").
 */
export function canNominate(actor: Actor, nominee: { departmentId: number | null }): AwardDecision {
  if (isOffice(actor)) return allow;
  if (actor.roles.includes('head') && actor.departmentId !== null && nominee.departmentId === actor.departmentId) return allow;
  return deny({ code: 'not-allowed' });
}

/** Open a council meeting, record its decisions, close it. */
export function canRecordCouncil(actor: Actor): AwardDecision {
  return isOffice(actor) || actor.roles.includes('director') ? allow : deny({ code: 'council-only' });
}
