/** Home "việc cần làm": what waits for the viewer, each with its deadline and a link to do it. */
import { fmtPeriod } from '../../conversation/render/format.js';
import { waitingText } from '../../approval/todo.js';
import type { HomeData, TodoItem } from '../dashboard-data.js';
import { deadlineBadge, PERIOD_STATUS_LABEL } from './format.js';
import { html, type SafeHtml } from './html.js';
import { notice, page, type Viewer } from './layout.js';

const SELF_STATE: Record<string, string> = {
  none: 'Anh/chị chưa bắt đầu tự đánh giá.',
  draft: 'Bản tự đánh giá của anh/chị mới lưu nháp, chưa nộp.',
  returned: 'Bản tự đánh giá đã được trả lại để sửa.',
};

function itemHtml(item: TodoItem): SafeHtml {
  const badge = deadlineBadge(item.deadline, item.daysLeft);
  switch (item.kind) {
    case 'self':
      return html`<li><b>Tự đánh giá của anh/chị</b> ${badge}<br>${SELF_STATE[item.state ?? 'none']}${item.returnReason ? html` Lý do: ${item.returnReason}.` : ''} <a href="/chat">Làm trong trò chuyện</a></li>`;
    case 'review':
      return html`<li><b>${item.count} bản tự đánh giá chờ anh/chị duyệt</b> ${badge} — <a href="/duyet">Mở danh sách duyệt</a></li>`;
    case 'send-list':
      return html`<li><b>${item.state === 'returned' ? 'Gửi lại danh sách của phòng (Văn phòng đã trả lại)' : 'Gửi danh sách của phòng cho Văn phòng'}</b> ${badge}${item.returnReason ? html`<br>Lý do trả lại: ${item.returnReason}` : ''} — <a href="/danh-sach">Xem và gửi</a></li>`;
    case 'comment-lists':
      return html`<li><b>${item.count} danh sách phòng chờ anh/chị cho ý kiến</b> ${badge}<br><span class="muted">${(item.names ?? []).join(', ')}</span> — <a href="/y-kien">Cho ý kiến</a></li>`;
    case 'accept-lists':
      return html`<li><b>${item.count} danh sách phòng chờ tiếp nhận</b> ${badge}<br><span class="muted">${(item.names ?? []).join(', ')}</span>${waitingText(item) ? html`<br>${waitingText(item)}` : ''} — <a href="/tiep-nhan">Tiếp nhận</a></li>`;
    case 'report':
      return html`<li><b>Mọi danh sách đã tiếp nhận: trình Giám đốc</b> ${badge} — <a href="/tiep-nhan/trinh">Trình Giám đốc</a></li>`;
    case 'finalise':
      return html`<li><b>Văn phòng đã trình kết quả: chờ anh/chị phê duyệt</b> — <a href="/phe-duyet">Xem tổng hợp và phê duyệt</a></li>`;
  }
}

export function homePage(viewer: Viewer, data: HomeData, flash: string | null): string {
  const period = data.period
    ? html`<p class="muted">${fmtPeriod(data.period.year, data.period.quarter)} — ${PERIOD_STATUS_LABEL[data.period.status] ?? data.period.status}</p>`
    : html`<p class="muted">Hiện chưa có Quý nào đang đánh giá.</p>`;
  const body =
    data.items.length === 0
      ? notice('ok', 'Hiện không có việc gì chờ anh/chị. Cảm ơn anh/chị!')
      : html`<ul class="todo card">${data.items.map(itemHtml)}</ul>`;
  return page(viewer, 'Việc cần làm', html`${flash ? notice('ok', flash) : ''}${period}${body}`, '/');
}
