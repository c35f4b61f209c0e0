/**
 * The leader in charge's page (/y-kien): the lists of the departments they are in charge of for the period, each
 * with its members and points, the comment given so far, and a form to comment (seed 000: "Tổng hợp gửi lãnh đạo
 * phụ trách cho ý kiến"). Which lists take a comment now is the approval service's `canCommentList`.
 */
import { fmtPeriod } from '../../conversation/render/format.js';
import type { ListSnapshot } from '../../approval/list-snapshot.js';
import { LIST_STATUS_LABEL } from './format.js';
import { html } from './html.js';
import { csrfField, notice, page, type Viewer } from './layout.js';
import { entriesTable } from './lists-view.js';

/** One department's list as the leader sees it. */
export interface CommentItem {
  listId: number;
  departmentName: string;
  status: keyof typeof LIST_STATUS_LABEL;
  snapshot: ListSnapshot;
  leaderComment: string | null;
  /** Null: a comment may be given now; otherwise why not (Vietnamese). */
  blocked: string | null;
}

export interface CommentView {
  period: { year: number; quarter: number } | null;
  /** The departments the viewer is in charge of. */
  departments: string[];
  items: CommentItem[];
}

export function commentPage(viewer: Viewer, v: CommentView, message: string | null): string {
  const items = v.items.map(
    (i) => html`<section class="card" id="ds-${i.listId}"><h2>${i.departmentName}</h2>
<p class="muted">${LIST_STATUS_LABEL[i.status]}</p>${entriesTable(i.snapshot)}
${i.leaderComment ? html`<p>Ý kiến đã cho: <b>${i.leaderComment}</b></p>` : ''}
${
  i.blocked === null
    ? html`<form method="post" action="/y-kien/${i.listId}">${csrfField(viewer)}<label for="y-kien-${i.listId}">${i.leaderComment ? 'Sửa ý kiến' : 'Ý kiến của lãnh đạo phụ trách'}</label>
<textarea id="y-kien-${i.listId}" name="yKien" required minlength="3" maxlength="500"></textarea><button type="submit">Gửi ý kiến</button>
<p class="muted">Trưởng phòng và Văn phòng được báo ý kiến.</p></form>`
    : notice('warn', i.blocked)
}</section>`,
  );
  const none = v.period === null ? notice('warn', 'Hiện không có Quý nào đang trong thời gian đánh giá.') : v.items.length === 0 ? notice('warn', 'Các phòng anh/chị phụ trách chưa gửi danh sách nào.') : '';
  const body = html`${message ? notice('ok', message) : ''}
<p class="muted">${v.period ? fmtPeriod(v.period.year, v.period.quarter) : ''} — phụ trách: ${v.departments.join(', ')}</p>${none}${items}`;
  return page(viewer, 'Cho ý kiến danh sách phòng', body, '/y-kien');
}
