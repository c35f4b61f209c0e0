/**
 * Who may do what in the organisation index (issue 13): PURE checks over facts the services load, called the same
 * way from chat and CLI (and, later, the web).
 *
 * - the lead office ("đơn vị chủ trì", seed 003 II.1.a): holders of the calendar's lead role, or the unit's
 *   `office` role, assign indicators, review them, mark "không đánh giá" and send the year for verification;
 * - an official answers the indicators assigned to them (the lead office may also enter any indicator, as the
 *   seed's office does when it compiles the data);
 * - the steering committee (duty `steering`, and its chair) verifies; the chair (duty `chair`) approves.
 */
import type { Role } from '../scoring/rubric-schema.js';
import type { OrgRefusal } from './refusals.js';

/** The person acting, loaded from the directory and the unit's officials (never trusted from the chat). */
export interface OrgActor {
  personId: number;
  unitId: string;
  roles: readonly Role[];
  /** Official role codes and duties the person holds in the unit. */
  codes: readonly string[];
}

export type OrgDecision = { ok: true } | { ok: false; refusal: OrgRefusal };

const allow: OrgDecision = { ok: true };

export function canLead(actor: OrgActor, leadRole: string | null): OrgDecision {
  if (actor.roles.includes('office') || actor.roles.includes('admin')) return allow;
  if (leadRole !== null && actor.codes.includes(leadRole)) return allow;
  return { ok: false, refusal: { code: 'not-lead' } };
}

export function canAnswer(actor: OrgActor, criterionId: string, assignees: readonly number[], leadRole: string | null): OrgDecision {
  if (assignees.includes(actor.personId)) return allow;
  if (canLead(actor, leadRole).ok) return allow;
  return { ok: false, refusal: { code: 'not-assignee', criterionId } };
}

export function canVerify(actor: OrgActor): OrgDecision {
  return actor.codes.includes('steering') || actor.codes.includes('chair') ? allow : { ok: false, refusal: { code: 'not-steering' } };
}

export function canApprove(actor: OrgActor): OrgDecision {
  return actor.codes.includes('chair') ? allow : { ok: false, refusal: { code: 'not-chair' } };
}
