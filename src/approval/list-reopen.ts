/**
 * A member sends (or resends) their self-assessment after the office has already accepted the department's list.
 *
 * Product rule (seed 000: the head agrees every score and sends the list, the office compiles; late actions are
 * allowed and flagged, never locked out): an accepted list freezes its members' scores, so the head could not
 * review such a submission and it would stay "chờ duyệt" forever, outside the results. Instead, while the period
 * is still open, the list automatically goes back to "sent" (audit `list.reopened_by_resubmission`, actor: the
 * member), its snapshot shows the submission waiting, the office is told, and the head's approval prompt says
 * why. Once the head has reviewed it (the snapshot is refreshed and the office told, as for any correction),
 * the office accepts the list again. After the office has reported to the director or the period is finalised
 * nothing changes here (the self-assessment refuses the submission anyway).
 */
import type { MemberRecord } from '../store/reviews.js';
import type { Tx } from '../store/store.js';
import { buildSnapshot } from './list-snapshot.js';
import { noticesTo, periodRef, type ApprovalNotice } from './notices.js';
import type { PromptNote } from './prompt-input.js';
import type { SubmissionEventInput } from './review-queries.js';

/** The audit action of an automatic reopening. */
export const LIST_REOPENED_ACTION = 'list.reopened_by_resubmission';

/** What the reopening produced: the note for the reviewer's prompt and the office's notices. */
export interface ListReopening {
  listId: number;
  /** Added to the reviewer's approval prompt. */
  promptNote: PromptNote;
  notices: ApprovalNotice[];
}

/**
 * Returns the member's department list from `accepted` to `sent` when a submission event arrives for it while the
 * period is open; null when there is nothing to reopen.
 */
export async function reopenAcceptedList(
  tx: Pick<Tx, 'reviews' | 'periods' | 'assessment' | 'audit' | 'settings'>,
  ev: SubmissionEventInput,
  person: MemberRecord,
  now: Date,
): Promise<ListReopening | null> {
  if (person.departmentId === null) return null;
  const period = await tx.periods.get(ev.periodId);
  // Never after the office reported to the director, never after finalisation.
  if (!period || period.status !== 'open') return null;
  const sub = await tx.reviews.submission(ev.submissionId);
  if (!sub || sub.status !== 'submitted') return null;
  const list = await tx.reviews.listOf(period.id, person.departmentId);
  if (!list || list.status !== 'accepted') return null;
  const snapshot = await buildSnapshot(tx, period, person.departmentId);
  await tx.reviews.updateList(list.id, { status: 'sent', acceptedById: null, acceptedAt: null, snapshot });
  await tx.audit.record({
    at: now.getTime(),
    unitId: period.unitId,
    actorPersonId: person.id,
    channel: null,
    action: LIST_REOPENED_ACTION,
    entityType: 'department_list',
    entityId: String(list.id),
    subjectPersonId: person.id,
    periodId: period.id,
    before: { status: 'accepted', acceptedById: list.acceptedById, acceptedAt: list.acceptedAt },
    after: { status: 'sent', cause: ev.kind, submissionId: sub.id, submittedLate: sub.submittedLate },
  });
  // The snapshot has just read the department's name.
  const departmentName = snapshot.departmentName;
  const office = await tx.reviews.holdersOf(period.unitId, 'office');
  return {
    listId: list.id,
    promptNote: { type: 'list-reopened', departmentName },
    notices: noticesTo(office, `list-reopened:${list.id}:${sub.id}:${sub.revision}`, 'notice', {
      type: 'list-reopened',
      personName: person.fullName,
      departmentName,
      kind: ev.kind,
      period: periodRef(period),
    }),
  };
}
