/**
 * Vietnamese wording of the reminders and the office's reports (one place, so the tone stays consistent).
 * Commands named here are the conversation engine's: /tudanhgia, /nop, /xem, /duyet, /guidanhsach.
 */
import { fmtDate } from '../../conversation/render/format.js';
import { UNREACHABLE_LABELS } from '../../delivery/channel-sender.js';
import type { ReminderOutcome } from '../job-runner.js';
import type { PersonState } from './period-state.js';

/** What is missing in the person's self-assessment and how to continue. */
export function selfLine(p: PersonState): string {
  const missing = p.missingCriteria !== null && p.missingCriteria > 0 ? ` (còn ${p.missingCriteria} tiêu chí chưa trả lời)` : '';
  switch (p.submission) {
    case 'draft':
      return `• Bản tự đánh giá của anh/chị mới lưu nháp, chưa nộp${missing}. Gõ /tudanhgia để làm tiếp, xong gõ /nop để nộp.`;
    case 'returned':
      return `• Bản tự đánh giá đã được trả lại để sửa${p.returnReason ? ` (lý do: ${p.returnReason})` : ''}${missing}. Gõ /xem để xem và sửa, xong gõ /nop để gửi lại.`;
    default:
      return '• Anh/chị chưa bắt đầu tự đánh giá. Gõ /tudanhgia để bắt đầu; hệ thống hỏi lần lượt từng tiêu chí.';
  }
}

/** The head's duties for their department. */
export function headLines(
  department: string,
  pending: number,
  list: 'none' | 'sent' | 'accepted' | 'returned',
  articleMissing = false,
): string[] {
  const lines: string[] = [];
  // Seed 000 II.3.b: "Mỗi phòng phải viết tin/bài … Ít nhất 1 bài/Quý", answered by the head.
  if (articleMissing) lines.push(`• ${department} chưa khai báo tin, bài của phòng trong Quý (ít nhất 1 bài/Quý). Gõ /baiphong để khai báo.`);
  if (pending > 0) lines.push(`• ${department}: còn ${pending} bản tự đánh giá chờ anh/chị duyệt. Gõ /duyet để xem và duyệt.`);
  if (list === 'none') lines.push(`• Danh sách của ${department} chưa được gửi Văn phòng. Sau khi họp phòng thống nhất điểm, gõ /guidanhsach để gửi.`);
  if (list === 'returned') lines.push(`• Danh sách của ${department} đã bị Văn phòng trả lại. Sửa xong, gõ /guidanhsach để gửi lại.`);
  return lines;
}

/**
 * The leader in charge's (or director's) duties: lists awaiting their comment, self-assessments awaiting their
 * review (`allHeads`: all of them are heads', so the line says whose).
 */
export function leaderLines(departmentsAwaitingComment: string[], awaitingReview: number, allHeads: boolean): string[] {
  const lines: string[] = [];
  if (departmentsAwaitingComment.length > 0) {
    lines.push(`• Danh sách chờ anh/chị cho ý kiến: ${departmentsAwaitingComment.join(', ')}.`);
  }
  if (awaitingReview > 0) {
    const whose = allHeads ? ' của Trưởng phòng' : '';
    lines.push(`• Còn ${awaitingReview} bản tự đánh giá${whose} chờ anh/chị duyệt. Gõ /duyet để xem.`);
  }
  return lines;
}

/**
 * The deadline of a reminder as the recipient should read it: `Hạn tự đánh giá: hết ngày 10/03/2026.` before the
 * day, `Hạn tự đánh giá: hạn chót hôm nay (10/03)…` on it (deadlines are inclusive local days), overdue wording after.
 */
export function deadlineLine(label: string, deadline: string, today: string): string {
  if (today > deadline) return `${label}: đã quá hạn (hết ngày ${fmtDate(deadline)}); vui lòng hoàn thành ngay hôm nay.`;
  if (today === deadline) return `${label}: hạn chót hôm nay (${fmtDate(deadline).slice(0, 5)}); vui lòng hoàn thành trong ngày.`;
  return `${label}: hết ngày ${fmtDate(deadline)}.`;
}

/** Labels of the outcomes in the office's delivery report. */
export const OUTCOME_LABELS: Record<ReminderOutcome, string> = {
  queued: 'đã gửi',
  fallback: 'nhắc qua nhóm Zalo (không nhắn riêng được)',
  not_linked: UNREACHABLE_LABELS.not_linked,
  blocked: 'đã chặn hoặc bỏ theo dõi Thi Đua Số',
  outside_window: UNREACHABLE_LABELS.outside_window,
  failed: 'gửi lỗi',
};

/** What each job reminds about, for the office's reports. */
export const JOB_LABELS: Record<string, string> = {
  'self-reminder': 'nhắc tự đánh giá',
  'review-reminder': 'nhắc Trưởng phòng duyệt/gửi danh sách và lãnh đạo cho ý kiến',
  'office-status': 'báo cáo tình hình tổng hợp',
  'zalo-nudge': 'nhắc tương tác Zalo trước hạn',
  honours: 'công bố danh sách biểu dương',
  'org-reminder': 'nhắc trả lời Bộ chỉ số chuyển đổi số cơ quan',
};

/** Names joined for a report line (the office sees names; logs never do). */
export function nameList(names: string[], max = 30): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} và ${names.length - max} người khác` : shown;
}
