/**
 * Vietnamese messages for department lists, the office's progress view (/tiendo) and a person's history (/lichsu).
 */
import type { ListEntry, ListSnapshot } from '../../approval/list-snapshot.js';
import type { ListView } from '../../approval/notices.js';
import { LEADERSHIP_NAME } from '../../approval/leadership.js';
import type { DepartmentProgressView, HistoryDetail, HistoryItem, LateStage, LeadershipProgressView, ProgressView } from '../../approval/progress.js';
import { fmtDate, localDate, localTime, pts } from '../../conversation/render/format.js';
import { citizenLine } from '../../conversation/render/pass-fail.js';
import { criterionLabel, periodLabel, shortCode } from './render-review.js';

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
  /** The department's own article of the quarter (seed 000 II.3.b), one line. */
  article?: string | null;
}): string {
  const { snapshot } = input;
  const status = input.status && input.status !== 'none' ? ` — ${LIST_STATUS[input.status]}` : '';
  const lines = [`📋 Danh sách ${snapshot.departmentName} — ${periodLabel(input.period)}${status}${input.sentLate ? ' (gửi muộn)' : ''}`];
  snapshot.entries.forEach((e, i) => lines.push(`${i + 1}. ${entryLine(e, input.selfDeadlinePassed)}`));
  lines.push(`Điểm trung bình của phòng: ${snapshot.mean === null ? 'chưa có' : pts(snapshot.mean)}`);
  if (input.article) lines.push(input.article);
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

const PERIOD_STATUS: Record<'open' | 'submitted_to_director' | 'finalised', string> = {
  open: 'đang đánh giá',
  submitted_to_director: 'đã trình Giám đốc',
  finalised: 'Giám đốc đã phê duyệt',
};

const LATE_STAGE: Record<LateStage, string> = {
  self: 'tự đánh giá',
  department: 'Trưởng phòng gửi danh sách',
  office: 'Văn phòng trình Giám đốc',
};

/** The /tiendo report: per department, who submitted, who waits for review, who is missing, the lists. */
export function progressText(input: ProgressView): string {
  const p = input.period;
  const lines = [
    `📊 Tiến độ ${periodLabel(p)} — ${PERIOD_STATUS[p.status]}`,
    `Hạn: tự đánh giá ${fmtDate(p.selfDeadline)} · Trưởng phòng gửi danh sách ${fmtDate(p.departmentDeadline)} · Văn phòng trình Giám đốc ${fmtDate(p.officeDeadline)}`,
  ];
  if (input.lateStages.length > 0) lines.push(`⚠️ Đã quá hạn: ${input.lateStages.map((s) => LATE_STAGE[s]).join(', ')}`);
  const report = input.officeReport;
  if (report) lines.push(`Văn phòng đã trình Giám đốc ngày ${fmtDate(localDate(report.at))}${report.late ? ' (trình muộn)' : ''}`);
  for (const d of input.departments satisfies DepartmentProgressView[]) {
    groupLines(lines, d.departmentName, d, `  Danh sách: ${LIST_STATUS[d.listStatus]}${d.listLate ? ' (gửi muộn)' : ''}`);
  }
  if (input.leadership) groupLines(lines, LEADERSHIP_NAME, input.leadership, null);
  return lines.join('\n');
}

/** One group of /tiendo: counts, the list's state (departments only), then the names by state. */
function groupLines(lines: string[], name: string, d: LeadershipProgressView, listLine: string | null): void {
  const submitted = d.approved.length + d.pendingReview.length;
  lines.push('');
  lines.push(`▸ ${name}: đã nộp ${submitted}, chờ duyệt ${d.pendingReview.length}, trả lại ${d.returned.length}, chưa nộp ${d.missing.length}`);
  if (listLine) lines.push(listLine);
  if (d.pendingReview.length > 0) lines.push(`  Chờ duyệt: ${d.pendingReview.join(', ')}`);
  if (d.returned.length > 0) lines.push(`  Trả lại: ${d.returned.join(', ')}`);
  if (d.missing.length > 0) lines.push(`  Chưa nộp: ${d.missing.join(', ')}`);
  if (d.late.length > 0) lines.push(`  Nộp muộn: ${d.late.join(', ')}`);
  if (d.reviewedLate.length > 0) lines.push(`  Duyệt muộn: ${d.reviewedLate.join(', ')}`);
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
export function historyText(period: { year: number; quarter: number }, items: readonly HistoryItem[]): string {
  if (items.length === 0) return `Chưa có thay đổi nào với bản tự đánh giá ${periodLabel(period)} của anh/chị.`;
  const lines = [`🕘 Lịch sử bản tự đánh giá ${periodLabel(period)}:`];
  for (const it of items) {
    const when = `${fmtDate(localDate(it.at))} ${localTime(it.at)}`;
    const who = it.actorName ? `${it.actorName} ` : '';
    const what = ACTION_TEXT[it.action] ?? it.action;
    const detail = it.detail ? detailText(it.detail) : null;
    lines.push(`• ${when} — ${who}${what}${detail ? `: ${detail}` : ''}${it.reason ? `. Lý do: ${it.reason}` : ''}`);
  }
  return lines.join('\n');
}

function detailText(d: HistoryDetail): string {
  switch (d.type) {
    case 'adjusted':
      return `${d.criterion ? criterionLabel(d.criterion, d.questions, 44) : 'một tiêu chí'}${d.total === null ? '' : `, tổng còn ${pts(d.total)}`}`;
    case 'citizen':
      return `${d.self ? 'tự đánh giá ' : ''}Công dân số: ${d.passed ? 'Đạt' : 'Chưa đạt'}`;
    case 'approved-total':
      return pts(d.total);
    case 'self-total':
      return `tự chấm ${pts(d.total)}`;
  }
}

/** A department's list as its view says (for /tiepnhan, /ykien and the notices). */
export function listViewText(view: ListView): string {
  return listText(view);
}

