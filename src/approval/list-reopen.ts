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
 * nothing changes here (the engine refuses the submission anyway).
 */
import { eq } from 'drizzle-orm';
import { departmentLists } from '../../db/schema.js';
import type { SubmissionEventContext } from '../conversation/module.js';
import type { Notification } from '../conversation/types.js';
import { recordAudit } from '../persistence/audit.js';
import type { Db } from '../persistence/open-db.js';
import { holdersOf, listOf, loadPeriod, loadSubmission, type PersonFacts } from './approval-repo.js';
import { notice } from './review-actions.js';
import { buildSnapshot } from './list-snapshot.js';
import { periodLabel } from './render-review.js';

/** The audit action of an automatic reopening. */
export const LIST_REOPENED_ACTION = 'list.reopened_by_resubmission';

/** What the reopening produced: the note for the reviewer's prompt and the office's notices. */
export interface ListReopening {
  listId: number;
  /** Added to the reviewer's approval prompt. */
  promptNote: string;
  notifications: Notification[];
}

/**
 * Returns the member's department list from `accepted` to `sent` when a submission event arrives for it while the
 * period is open; null when there is nothing to reopen. Runs inside the engine's transaction.
 */
export function reopenAcceptedList(db: Db, ev: SubmissionEventContext, person: PersonFacts): ListReopening | null {
  if (person.departmentId === null) return null;
  const period = loadPeriod(db, ev.period.id);
  // Never after the office reported to the director, never after finalisation.
  if (!period || period.status !== 'open') return null;
  const sub = loadSubmission(db, ev.submission.id);
  if (!sub || sub.status !== 'submitted') return null;
  const list = listOf(db, period.id, person.departmentId);
  if (!list || list.status !== 'accepted') return null;
  const nowMs = ev.now.getTime();
  const snapshot = buildSnapshot({ db }, period, person.departmentId);
  db.update(departmentLists).set({ status: 'sent', acceptedById: null, acceptedAt: null, snapshot }).where(eq(departmentLists.id, list.id)).run();
  recordAudit(db, {
    at: nowMs,
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
  const deptName = snapshot.departmentName;
  const label = periodLabel(period);
  const verb = ev.kind === 'submitted' ? 'nộp bản tự đánh giá' : ev.kind === 'resubmitted' ? 'nộp lại bản tự đánh giá' : 'sửa bản tự đánh giá';
  const officeText =
    `ℹ️ ${person.fullName} (${deptName}) vừa ${verb} ${label} sau khi Văn phòng đã tiếp nhận danh sách của phòng.\n` +
    `Danh sách ${deptName} tự động chuyển lại trạng thái "đã gửi" để Trưởng phòng duyệt bản này. ` +
    'Khi Trưởng phòng duyệt xong, danh sách được cập nhật; Văn phòng tiếp nhận lại bằng /tiepnhan.';
  const key = `list-reopened:${list.id}:${sub.id}:${sub.revision}`;
  return {
    listId: list.id,
    promptNote:
      `ℹ️ Văn phòng đã tiếp nhận danh sách ${deptName} trước khi bản này được nộp; danh sách đã tự động chuyển lại ` +
      'trạng thái "đã gửi" để anh/chị duyệt. Sau khi duyệt, Văn phòng sẽ tiếp nhận lại danh sách.',
    notifications: holdersOf(db, period.unitId, 'office').map((id) => notice(id, key, officeText)),
  };
}
