/** Small formatting helpers of the dashboard's views (dates, deadlines, statuses in Vietnamese). */
import { fmtDate } from '../../conversation/render/format.js';
import { html, type SafeHtml } from './html.js';

/** `còn 3 ngày (hạn 25/12/2026)`, `hôm nay là hạn cuối`, `quá hạn 2 ngày`. */
export function deadlineBadge(deadline: string | null, daysLeft: number | null): SafeHtml | '' {
  if (deadline === null || daysLeft === null) return '';
  const date = fmtDate(deadline);
  if (daysLeft > 0) return html`<span class="badge">còn ${daysLeft} ngày (hạn ${date})</span>`;
  if (daysLeft === 0) return html`<span class="badge late">hôm nay là hạn cuối (${date})</span>`;
  return html`<span class="badge late">quá hạn ${-daysLeft} ngày (hạn ${date})</span>`;
}

export const LIST_STATUS_LABEL: Record<'none' | 'sent' | 'accepted' | 'returned', string> = {
  none: 'Chưa gửi',
  sent: 'Đã gửi, chờ Văn phòng tiếp nhận',
  accepted: 'Văn phòng đã tiếp nhận',
  returned: 'Bị trả lại, chờ gửi lại',
};

export const ENTRY_STATUS_LABEL: Record<string, string> = {
  approved: 'Đã duyệt',
  submitted: 'Chờ duyệt',
  returned: 'Bị trả lại',
  draft: 'Chưa nộp (nháp)',
  missing: 'Chưa nộp',
};

export const PERIOD_STATUS_LABEL: Record<string, string> = {
  open: 'Đang đánh giá',
  submitted_to_director: 'Đã trình Giám đốc',
  finalised: 'Đã phê duyệt chính thức',
};

/** A comma-separated list of names, or a dash. */
export function names(list: readonly string[]): string {
  return list.length === 0 ? '—' : list.join(', ');
}
