/**
 * Vietnamese messages for department lists, the office's progress view (/tiendo) and a person's history (/lichsu).
 */
import { fmtDate, localDate, pts } from '../conversation/render/format.js';
import { citizenLine } from '../conversation/render/pass-fail.js';
import type { ListEntry, ListSnapshot } from './list-snapshot.js';
import { periodLabel, shortCode } from './render-review.js';

const ENTRY_STATUS: Record<ListEntry['status'], string> = {
  approved: '',
  submitted: 'đang chờ duyệt',
  returned: 'bị trả lại, chưa nộp lại',
  draft: 'chưa nộp (đang làm dở)',
  missing: 'chưa nộp (chưa bắt đầu)',
};

/** Members without a submitted self-assessment once the self-assessment deadline has passed. */
const NOT_SUBMITTED = 'không nộp';

/**
 * One member's line: `Nguyễn Văn A — 75đ, Chiến binh số tiêu biểu (nộp muộn, duyệt muộn)`; a member not ranked by
 * points (laborer): `Phạm Văn B — Công dân số: Đạt (8/8 tiêu chí)`. A member who has not submitted shows
 * `chưa nộp (…)` before the self-assessment deadline and `không nộp` after it (`selfDeadlinePassed`).
 */
export function entryLine(e: ListEntry, selfDeadlinePassed = false): string {
  const late = lateNote(e);
  if (e.status === 'approved' && e.passFail) {
    const titles = new Map(e.passFail.notMet.map((id, i) => [id, e.notMetTitles?.[i] ?? shortCode(id)]));
    return `${e.fullName} — ${citizenLine(e.passFail, (id) => titles.get(id) ?? shortCode(id))}${late}`;
  }
  if (e.status === 'missing' || e.status === 'draft') return `${e.fullName} — ${selfDeadlinePassed ? NOT_SUBMITTED : ENTRY_STATUS[e.status]}`;
  if (e.status !== 'approved' || e.total === null) return `${e.fullName} — ${ENTRY_STATUS[e.status]}${late}`;
  const band = e.classified ? (e.bandLabel ?? '') : 'không xếp loại';
  return `${e.fullName} — ${pts(e.total)}${band ? `, ${band}` : ''}${late}`;
}

/** ` (nộp muộn, duyệt muộn)`, or empty. */
function lateNote(e: Pick<ListEntry, 'submittedLate' | 'reviewedLate'>): string {
  const notes = [e.submittedLate ? 'nộp muộn' : null, e.reviewedLate ? 'duyệt muộn' : null].filter((n) => n !== null);
  return notes.length > 0 ? ` (${notes.join(', ')})` : '';
}

/** A department's list as the office, the head and the leader in charge read it. */
export function listText(input: {
  snapshot: ListSnapshot;
  period: { year: number; quarter: number };
  status?: 'sent' | 'accepted' | 'returned' | 'none';
  sentLate?: boolean;
  leaderComment?: string | null;
  returnReason?: string | null;
  /** The snapshot was taken after the self-assessment deadline: members without a submission "không nộp". */
  selfDeadlinePassed?: boolean;
}): string {
  const { snapshot } = input;
  const status = input.status && input.status !== 'none' ? ` — ${LIST_STATUS[input.status]}` : '';
  const lines = [`📋 Danh sách ${snapshot.departmentName} — ${periodLabel(input.period)}${status}${input.sentLate ? ' (gửi muộn)' : ''}`];
  snapshot.entries.forEach((e, i) => lines.push(`${i + 1}. ${entryLine(e, input.selfDeadlinePassed)}`));
  lines.push(`Điểm trung bình của phòng: ${snapshot.mean === null ? 'chưa có' : pts(snapshot.mean)}`);
  if (input.leaderComment) lines.push(`Ý kiến lãnh đạo phụ trách: ${input.leaderComment}`);
  if (input.status === 'returned' && input.returnReason) lines.push(`Lý do trả lại: ${input.returnReason}`);
  return lines.join('\n');
}

export const LIST_STATUS: Record<'sent' | 'accepted' | 'returned' | 'none', string> = {
  none: 'chưa gửi',
  sent: 'đã gửi, chờ Văn phòng tiếp nhận',
  accepted: 'Văn phòng đã tiếp nhận',
  returned: 'Văn phòng trả lại',
};

/** One department in /tiendo. */
export interface DepartmentProgressView {
  departmentId: number;
  departmentName: string;
  approved: string[];
  pendingReview: string[];
  returned: string[];
  missing: string[];
  late: string[];
  /** Members whose review (approval, adjustment or return) came after the department deadline. */
  reviewedLate: string[];
  listStatus: 'none' | 'sent' | 'accepted' | 'returned';
  listLate: boolean;
}

const PERIOD_STATUS: Record<'open' | 'submitted_to_director' | 'finalised', string> = {
  open: 'đang đánh giá',
  submitted_to_director: 'đã trình Giám đốc',
  finalised: 'Giám đốc đã phê duyệt',
};

/** The /tiendo report: per department, who submitted, who waits for review, who is missing, the lists. */
export function progressText(input: {
  period: { year: number; quarter: number; status: 'open' | 'submitted_to_director' | 'finalised' };
  deadlines: { self: string; department: string; office: string };
  lateStages: string[];
  departments: DepartmentProgressView[];
  /** The office's report to the director, once made (null while the period is open). */
  officeReport?: { at: number; late: boolean } | null;
}): string {
  const p = input.period;
  const lines = [
    `📊 Tiến độ ${periodLabel(p)} — ${PERIOD_STATUS[p.status]}`,
    `Hạn: tự đánh giá ${fmtDate(input.deadlines.self)} · Trưởng phòng gửi danh sách ${fmtDate(input.deadlines.department)} · Văn phòng trình Giám đốc ${fmtDate(input.deadlines.office)}`,
  ];
  if (input.lateStages.length > 0) lines.push(`⚠️ Đã quá hạn: ${input.lateStages.join(', ')}`);
  const report = input.officeReport;
  if (report) lines.push(`Văn phòng đã trình Giám đốc ngày ${fmtDate(localDate(report.at))}${report.late ? ' (trình muộn)' : ''}`);
  for (const d of input.departments) {
    const submitted = d.approved.length + d.pendingReview.length;
    lines.push('');
    lines.push(`▸ ${d.departmentName}: đã nộp ${submitted}, chờ duyệt ${d.pendingReview.length}, trả lại ${d.returned.length}, chưa nộp ${d.missing.length}`);
    lines.push(`  Danh sách: ${LIST_STATUS[d.listStatus]}${d.listLate ? ' (gửi muộn)' : ''}`);
    if (d.pendingReview.length > 0) lines.push(`  Chờ duyệt: ${d.pendingReview.join(', ')}`);
    if (d.returned.length > 0) lines.push(`  Trả lại: ${d.returned.join(', ')}`);
    if (d.missing.length > 0) lines.push(`  Chưa nộp: ${d.missing.join(', ')}`);
    if (d.late.length > 0) lines.push(`  Nộp muộn: ${d.late.join(', ')}`);
    if (d.reviewedLate.length > 0) lines.push(`  Duyệt muộn: ${d.reviewedLate.join(', ')}`);
  }
  return lines.join('\n');
}

/** One audit entry as a person reads it in /lichsu. */
export interface HistoryItem {
  at: number;
  action: string;
  actorName: string | null;
  reason: string | null;
  detail: string | null;
}

const ACTION_TEXT: Record<string, string> = {
  'submission.submitted': 'nộp bản tự đánh giá',
  'submission.resubmitted': 'nộp lại bản tự đánh giá',
  'submission.approved': 'duyệt bản tự đánh giá',
  'submission.adjusted': 'điều chỉnh điểm',
  'submission.returned': 'trả lại bản tự đánh giá',
  'period.finalised': 'Giám đốc phê duyệt kết quả',
  'period.reopened': 'Văn phòng mở lại Quý',
};

/** The /lichsu text: the person's own submission history, oldest first. */
export function historyText(period: { year: number; quarter: number }, items: HistoryItem[]): string {
  if (items.length === 0) return `Chưa có thay đổi nào với bản tự đánh giá ${periodLabel(period)} của anh/chị.`;
  const lines = [`🕘 Lịch sử bản tự đánh giá ${periodLabel(period)}:`];
  for (const it of items) {
    const when = `${fmtDate(localDate(it.at))} ${hhmm(it.at)}`;
    const who = it.actorName ? `${it.actorName} ` : '';
    const what = ACTION_TEXT[it.action] ?? it.action;
    lines.push(`• ${when} — ${who}${what}${it.detail ? `: ${it.detail}` : ''}${it.reason ? `. Lý do: ${it.reason}` : ''}`);
  }
  return lines.join('\n');
}

function hhmm(ms: number): string {
  return new Date(ms + 7 * 3600_000).toISOString().slice(11, 16);
}
