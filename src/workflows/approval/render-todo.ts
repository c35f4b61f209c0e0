/**
 * The chat's greeting "việc đang chờ" (after linking, login or a page reload): the same to-do the dashboard's home
 * page shows (`src/approval/todo.ts`), each item with its deadline and the command that does it.
 */
import { waitingText, type Todo, type TodoEntry } from '../../approval/todo.js';
import { fmtDate } from '../../conversation/render/format.js';
import { periodLabel } from './render-review.js';

/** `còn 3 ngày (hạn 25/12/2026)`, `hôm nay là hạn cuối (…)`, `quá hạn 2 ngày (…)`, or nothing. */
export function deadlineText(deadline: string | null, daysLeft: number | null): string {
  if (deadline === null || daysLeft === null) return '';
  const date = fmtDate(deadline);
  if (daysLeft > 0) return ` — còn ${daysLeft} ngày (hạn ${date})`;
  if (daysLeft === 0) return ` — hôm nay là hạn cuối (${date})`;
  return ` — quá hạn ${-daysLeft} ngày (hạn ${date})`;
}

const SELF_STATE: Record<string, string> = {
  none: 'chưa bắt đầu',
  draft: 'đang làm dở, chưa nộp',
  returned: 'được trả lại để sửa',
};

function itemLine(item: TodoEntry): string {
  const due = deadlineText(item.deadline, item.daysLeft);
  switch (item.kind) {
    case 'self':
      return `• Bản tự đánh giá của anh/chị: ${SELF_STATE[item.state ?? 'none'] ?? 'chưa nộp'}${due}.${item.returnReason ? ` Lý do trả lại: ${item.returnReason}.` : ''} Gõ /tudanhgia.`;
    case 'review':
      return `• ${item.count} bản tự đánh giá chờ anh/chị duyệt${due}. Gõ /duyet.`;
    case 'send-list':
      return `• ${item.state === 'returned' ? 'Gửi lại danh sách của phòng (Văn phòng đã trả lại)' : 'Gửi danh sách của phòng cho Văn phòng'}${due}.${item.returnReason ? ` Lý do trả lại: ${item.returnReason}.` : ''} Gõ /guidanhsach.`;
    case 'comment-lists':
      return `• ${item.count} danh sách phòng chờ anh/chị cho ý kiến (${(item.names ?? []).join(', ')})${due}. Gõ /ykien.`;
    case 'accept-lists':
      return `• ${item.count} danh sách phòng chờ tiếp nhận (${(item.names ?? []).join(', ')})${due}.${waitingText(item) ? ` ${waitingText(item)}` : ''} Gõ /tiepnhan.`;
    case 'report':
      return `• Mọi danh sách đã tiếp nhận: trình Giám đốc${due}. Gõ /trinh.`;
    case 'finalise':
      return '• Văn phòng đã trình kết quả: chờ anh/chị phê duyệt. Gõ /pheduyet.';
  }
}

/** The greeting's lines: what waits, or that nothing does (none when no period is open). */
export function todoLines(todo: Todo): string[] {
  if (!todo.period) return [];
  const when = periodLabel(todo.period);
  if (todo.items.length === 0) return [`✅ ${when}: hiện không có việc gì đang chờ anh/chị.`];
  return [`📌 Việc đang chờ anh/chị (${when}):`, ...todo.items.map(itemLine)];
}
