/**
 * The review workflow as a PURE state machine: which action is allowed in which state, and what the state becomes.
 *
 * Three machines, each a function `(facts, action) → { ok, to } | { ok: false, refusal }`:
 * - a person's submission: draft → submitted → approved | returned → submitted …;
 * - a department's list: (none) → sent → accepted | returned → sent …;
 * - the unit's period: open → submitted_to_director → finalised → (reopened by the office) open.
 *
 * Why pure: every rule ("nothing changes after finalisation", "the list can be corrected until the office accepts
 * it") lives here once, is tested as a table, and the refusal (data, rendered in Vietnamese by the chat) is the
 * same whichever channel the action came from. The services only load facts, ask here, and persist the answer
 * with its audit entry.
 */
import type { PeriodStatus, SubmissionStatus } from '../store/assessment.js';
import type { Refusal } from './refusals.js';

export type { PeriodStatus, SubmissionStatus } from '../store/assessment.js';

/** `none`: the head has not sent the department's list yet. */
export type ListStatus = 'none' | 'sent' | 'accepted' | 'returned';

/** The outcome of asking whether an action is allowed: the new state, or why it is refused. */
export type Transition<S> = { ok: true; to: S } | { ok: false; refusal: Refusal };

/**
 * What happens to a submission:
 * - `submit`: the person sends (or resends after a return) their self-assessment;
 * - `edit`: the person changes an answer (allowed until it is approved);
 * - `approve` / `adjust` / `return`: the reviewer's decisions (adjust changes one criterion, keeps the status).
 */
export type SubmissionAction = 'submit' | 'edit' | 'approve' | 'adjust' | 'return';

/** What a submission transition depends on. */
export interface SubmissionFacts {
  status: SubmissionStatus;
  periodStatus: PeriodStatus;
  /** The status of the list of the person's department (accepted lists freeze their members). */
  listStatus: ListStatus;
}

const frozen = (periodStatus: Exclude<PeriodStatus, 'open'>): Refusal => ({ code: 'period-frozen', periodStatus });
const LIST_ACCEPTED: Refusal = { code: 'list-frozen' };

/** Submission transitions. */
export function submissionTransition(facts: SubmissionFacts, action: SubmissionAction): Transition<SubmissionStatus> {
  if (facts.periodStatus !== 'open') return refuse(frozen(facts.periodStatus));
  if (facts.listStatus === 'accepted') return refuse(LIST_ACCEPTED);
  const s = facts.status;
  switch (action) {
    case 'submit':
      if (s === 'draft' || s === 'returned') return allow('submitted');
      if (s === 'submitted') return refuse({ code: 'already-submitted' });
      return refuse({ code: 'approved-cannot-resubmit' });
    case 'edit':
      if (s === 'approved') return refuse({ code: 'approved-cannot-edit' });
      return allow(s);
    case 'approve':
      if (s === 'submitted') return allow('approved');
      return refuse(s === 'approved' ? { code: 'already-approved' } : notReviewable(s));
    case 'adjust':
      if (s === 'submitted' || s === 'approved') return allow(s);
      return refuse(notReviewable(s));
    case 'return':
      if (s === 'submitted' || s === 'approved') return allow('returned');
      return refuse(notReviewable(s));
  }
}

/**
 * May a reviewer read the submission (details, evidence)? A draft is the author's until they submit it; a returned
 * submission is the author's again until they resubmit it (the reviewer may not act on it either: `returned-waiting`),
 * and what it holds meanwhile is their unfinished rework. Reading is allowed in any period state (the history of a
 * finalised quarter stays readable). Null when allowed.
 */
export function viewRefusal(status: SubmissionStatus): Refusal | null {
  if (status === 'draft') return { code: 'draft-not-viewable' };
  if (status === 'returned') return { code: 'returned-not-viewable' };
  return null;
}

function notReviewable(s: SubmissionStatus): Refusal {
  return s === 'draft' ? { code: 'not-submitted-yet' } : { code: 'returned-waiting' };
}

/**
 * What happens to a department's list:
 * - `send`: the head sends it (again, to correct it, until it is accepted);
 * - `comment`: the leader in charge adds a comment;
 * - `accept` / `return`: the office's decisions (accepting waits for pending reviews: a member who (re)submitted
 *   late, after the list was sent or even accepted, is reviewed by the head first; see list-reopen.ts).
 */
export type ListAction = 'send' | 'comment' | 'accept' | 'return';

export interface ListFacts {
  status: ListStatus;
  periodStatus: PeriodStatus;
  /** Members of the department whose submission is `submitted` (not reviewed yet): the head sends and the office
   *  accepts only a list whose every submission has been reviewed. */
  pendingReviews: number;
}

/** Department list transitions. */
export function listTransition(facts: ListFacts, action: ListAction): Transition<Exclude<ListStatus, 'none'>> {
  if (facts.periodStatus !== 'open') return refuse(frozen(facts.periodStatus));
  const s = facts.status;
  switch (action) {
    case 'send':
      if (s === 'accepted') return refuse(LIST_ACCEPTED);
      if (facts.pendingReviews > 0) {
        return refuse({ code: 'list-pending-reviews', count: facts.pendingReviews });
      }
      return allow('sent');
    case 'comment':
      if (s === 'none') return refuse({ code: 'list-not-sent-comment' });
      if (s === 'accepted') return refuse({ code: 'list-accepted-no-comment' });
      return allow(s);
    case 'accept':
      if (s === 'sent' && facts.pendingReviews > 0) {
        return refuse({ code: 'list-accept-pending-reviews', count: facts.pendingReviews });
      }
      if (s === 'sent') return allow('accepted');
      if (s === 'accepted') return refuse({ code: 'list-already-accepted' });
      return refuse(s === 'none' ? { code: 'list-not-sent' } : { code: 'list-returned-waiting' });
    case 'return':
      if (s === 'sent' || s === 'accepted') return allow('returned');
      return refuse(s === 'none' ? { code: 'list-not-sent' } : { code: 'list-already-returned' });
  }
}

/**
 * What happens to the unit's period:
 * - `submit-to-director`: the office reports the whole unit's list (every department list accepted);
 * - `finalise` / `director-return`: the director's decisions;
 * - `reopen`: the office reopens a finalised period (audited, reason required).
 */
export type PeriodAction = 'submit-to-director' | 'finalise' | 'director-return' | 'reopen';

export interface PeriodFacts {
  status: PeriodStatus;
  /** Departments (with members) whose list is not accepted yet. */
  listsNotAccepted: number;
}

/** Period transitions. */
export function periodTransition(facts: PeriodFacts, action: PeriodAction): Transition<PeriodStatus> {
  const s = facts.status;
  switch (action) {
    case 'submit-to-director':
      if (s !== 'open') return refuse(s === 'finalised' ? frozen('finalised') : { code: 'period-already-reported' });
      if (facts.listsNotAccepted > 0) {
        return refuse({ code: 'lists-not-accepted', count: facts.listsNotAccepted });
      }
      return allow('submitted_to_director');
    case 'finalise':
      if (s === 'submitted_to_director') return allow('finalised');
      return refuse(s === 'finalised' ? { code: 'period-already-finalised' } : { code: 'period-not-reported' });
    case 'director-return':
      if (s === 'submitted_to_director') return allow('open');
      return refuse(s === 'finalised' ? frozen('finalised') : { code: 'period-not-reported' });
    case 'reopen':
      if (s === 'finalised') return allow('open');
      return refuse({ code: 'reopen-not-finalised' });
  }
}

/** A reason (or a comment) typed by a person (adjust, return, reopen): required, trimmed, bounded. */
export function checkReason(
  text: string,
  what: 'reason' | 'comment' = 'reason',
): { ok: true; reason: string } | { ok: false; refusal: Refusal } {
  const reason = text.trim().replace(/\s+/g, ' ');
  if (reason.length < 3) return { ok: false, refusal: { code: 'reason-too-short', what } };
  if (reason.length > MAX_REASON_LENGTH) return { ok: false, refusal: { code: 'reason-too-long', what, max: MAX_REASON_LENGTH } };
  return { ok: true, reason };
}

/** Longest reason or comment kept (a phone screen or two). */
export const MAX_REASON_LENGTH = 1000;

/** True when `today` (local `YYYY-MM-DD`) is after the stage's last day `deadline` (inclusive: acting on that day is on time). */
export function isLate(today: string, deadline: string): boolean {
  return today > deadline;
}

function allow<S>(to: S): Transition<S> {
  return { ok: true, to };
}

function refuse<S>(refusal: Refusal): Transition<S> {
  return { ok: false, refusal };
}
