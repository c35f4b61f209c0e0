/**
 * The review workflow as a PURE state machine: which action is allowed in which state, and what the state becomes.
 *
 * Three machines, each a function `(facts, action) → { ok, to } | { ok: false, reason }`:
 * - a person's submission: draft → submitted → approved | returned → submitted …;
 * - a department's list: (none) → sent → accepted | returned → sent …;
 * - the unit's period: open → submitted_to_director → finalised → (reopened by the office) open.
 *
 * Why pure: every rule ("nothing changes after finalisation", "the list can be corrected until the office accepts
 * it") lives here once, is tested as a table, and the refusal reason (Vietnamese, shown as is to the person) is
 * the same whichever channel the action came from. The service (`approval-service.ts`) only loads facts, asks
 * here, and persists the answer with its audit entry.
 */

export type SubmissionStatus = 'draft' | 'submitted' | 'returned' | 'approved';
/** `none`: the head has not sent the department's list yet. */
export type ListStatus = 'none' | 'sent' | 'accepted' | 'returned';
export type PeriodStatus = 'open' | 'submitted_to_director' | 'finalised';

/** The outcome of asking whether an action is allowed: the new state, or the reason it is refused. */
export type Transition<S> = { ok: true; to: S } | { ok: false; reason: string };

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

const FROZEN_BY_PERIOD: Record<Exclude<PeriodStatus, 'open'>, string> = {
  submitted_to_director:
    'Kết quả Quý này đã được trình Giám đốc nên không thay đổi được nữa (trừ khi Giám đốc trả lại).',
  finalised:
    'Kết quả Quý này đã được Giám đốc phê duyệt chính thức. Nếu cần sửa, đề nghị Văn phòng mở lại (có ghi nhật ký).',
};

const LIST_ACCEPTED =
  'Văn phòng đã tiếp nhận danh sách của phòng nên không thay đổi được nữa. Nếu cần sửa, đề nghị Văn phòng trả lại danh sách.';

/** Submission transitions. */
export function submissionTransition(facts: SubmissionFacts, action: SubmissionAction): Transition<SubmissionStatus> {
  if (facts.periodStatus !== 'open') return refuse(FROZEN_BY_PERIOD[facts.periodStatus]);
  if (facts.listStatus === 'accepted') return refuse(LIST_ACCEPTED);
  const s = facts.status;
  switch (action) {
    case 'submit':
      if (s === 'draft' || s === 'returned') return allow('submitted');
      if (s === 'submitted') return refuse('Bản tự đánh giá đã được nộp và đang chờ duyệt.');
      return refuse('Bản tự đánh giá đã được duyệt; muốn sửa, đề nghị người duyệt trả lại.');
    case 'edit':
      if (s === 'approved') return refuse('Bản tự đánh giá đã được duyệt nên không sửa được; muốn sửa, đề nghị người duyệt trả lại.');
      return allow(s);
    case 'approve':
      if (s === 'submitted') return allow('approved');
      return refuse(s === 'approved' ? 'Bản này đã được duyệt rồi.' : notReviewable(s));
    case 'adjust':
      if (s === 'submitted' || s === 'approved') return allow(s);
      return refuse(notReviewable(s));
    case 'return':
      if (s === 'submitted' || s === 'approved') return allow('returned');
      return refuse(notReviewable(s));
  }
}

function notReviewable(s: SubmissionStatus): string {
  return s === 'draft'
    ? 'Người này chưa nộp bản tự đánh giá nên chưa duyệt được.'
    : 'Bản này đã được trả lại và đang chờ người tự đánh giá sửa, nộp lại.';
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
  if (facts.periodStatus !== 'open') return refuse(FROZEN_BY_PERIOD[facts.periodStatus]);
  const s = facts.status;
  switch (action) {
    case 'send':
      if (s === 'accepted') return refuse(LIST_ACCEPTED);
      if (facts.pendingReviews > 0) {
        return refuse(`Còn ${facts.pendingReviews} bản tự đánh giá chờ duyệt; hãy duyệt xong (/duyet) rồi gửi danh sách.`);
      }
      return allow('sent');
    case 'comment':
      if (s === 'none') return refuse('Phòng chưa gửi danh sách nên chưa cho ý kiến được.');
      if (s === 'accepted') return refuse('Văn phòng đã tiếp nhận danh sách này; không thêm ý kiến được nữa.');
      return allow(s);
    case 'accept':
      if (s === 'sent' && facts.pendingReviews > 0) {
        return refuse(
          `Còn ${facts.pendingReviews} bản tự đánh giá của phòng (nộp sau khi danh sách được gửi) chờ Trưởng phòng duyệt; ` +
            'chờ duyệt xong rồi tiếp nhận, hoặc trả lại danh sách.',
        );
      }
      if (s === 'sent') return allow('accepted');
      if (s === 'accepted') return refuse('Danh sách này đã được tiếp nhận rồi.');
      return refuse(s === 'none' ? 'Phòng chưa gửi danh sách.' : 'Danh sách đã bị trả lại; chờ phòng gửi lại.');
    case 'return':
      if (s === 'sent' || s === 'accepted') return allow('returned');
      return refuse(s === 'none' ? 'Phòng chưa gửi danh sách.' : 'Danh sách này đã được trả lại rồi.');
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
      if (s !== 'open') return refuse(s === 'finalised' ? FROZEN_BY_PERIOD.finalised : 'Danh sách toàn cơ quan đã được trình Giám đốc rồi.');
      if (facts.listsNotAccepted > 0) {
        return refuse(`Còn ${facts.listsNotAccepted} phòng chưa có danh sách được tiếp nhận; xem /tiendo.`);
      }
      return allow('submitted_to_director');
    case 'finalise':
      if (s === 'submitted_to_director') return allow('finalised');
      return refuse(s === 'finalised' ? 'Kết quả Quý này đã được phê duyệt rồi.' : 'Văn phòng chưa trình danh sách toàn cơ quan.');
    case 'director-return':
      if (s === 'submitted_to_director') return allow('open');
      return refuse(s === 'finalised' ? FROZEN_BY_PERIOD.finalised : 'Văn phòng chưa trình danh sách toàn cơ quan.');
    case 'reopen':
      if (s === 'finalised') return allow('open');
      return refuse('Chỉ mở lại được Quý đã được phê duyệt chính thức; Quý này vẫn đang xử lý.');
  }
}

/** A reason typed by a person (adjust, return, reopen): required, trimmed, bounded. */
export function checkReason(text: string): { ok: true; reason: string } | { ok: false; reason: string } {
  const reason = text.trim().replace(/\s+/g, ' ');
  if (reason.length < 3) return { ok: false, reason: 'Vui lòng nhập lý do (ít nhất vài chữ).' };
  if (reason.length > MAX_REASON_LENGTH) return { ok: false, reason: `Lý do dài quá; tối đa ${MAX_REASON_LENGTH} ký tự.` };
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

function refuse<S>(reason: string): Transition<S> {
  return { ok: false, reason };
}
