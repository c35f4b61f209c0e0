/**
 * The department's own article of the quarter (seed 000 II.3.b: "Mỗi phòng … Ít nhất 1 bài/Quý") on the office's,
 * the director's and the results pages: "Bài viết của phòng: có / không / chưa khai báo" and what "không" costs
 * under the unit's setting. Renders the service's `DepartmentArticleSummary`; nothing is decided here.
 */
import type { DepartmentArticleRow } from '../../approval/department-article.js';
import type { DepartmentArticleSummary } from '../../results/index.js';
import { html, type SafeHtml } from './html.js';

const BADGE: Record<DepartmentArticleSummary['state'], string> = { met: 'badge ok', unmet: 'badge late', unanswered: 'badge' };

/** `có` (with the recorded answer), `không — phòng không được xét tập thể dẫn đầu…`, or `chưa khai báo`. */
export function articleCell(a: DepartmentArticleSummary): SafeHtml {
  const detail = a.state === 'met' && a.detail ? html` (${a.detail})` : '';
  const consequence = a.consequence ? html` — ${a.consequence}` : '';
  return html`<span class="${BADGE[a.state]}">${a.label}</span>${detail}${consequence}`;
}

/** The article of one department from the page's rows, or an empty cell when the rubric has none. */
export function articleOf(rows: readonly DepartmentArticleRow[] | null, departmentId: number): SafeHtml | '' {
  const row = rows?.find((r) => r.departmentId === departmentId);
  return row ? articleCell(row.article) : '';
}

/** A list of every department's line: "<b>Phòng X</b> — Bài viết của phòng: không — …". */
export function articleList(rows: readonly DepartmentArticleRow[] | null): SafeHtml | '' {
  if (!rows || rows.length === 0) return '';
  return html`<ul id="bai-viet-phong">${rows.map((r) => html`<li><b>${r.departmentName}</b> — Bài viết của phòng: ${articleCell(r.article)}</li>`)}</ul>`;
}
