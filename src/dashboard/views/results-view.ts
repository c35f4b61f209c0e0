/** Results: the quarter's leaderboard and departments, the year, the honour board preview (PNG) and the score sheet. */
import { fmtPeriod, pts } from '../../conversation/render/format.js';
import { leftOutLines, type Leaderboard, type YearResults } from '../../results/index.js';
import type { PeriodRecord } from '../../store/periods.js';
import type { DepartmentArticleRow } from '../../approval/department-article.js';
import { articleOf } from './article-view.js';
import { PERIOD_STATUS_LABEL } from './format.js';
import { html } from './html.js';
import { notice, page, type Viewer } from './layout.js';

/** What the results page shows; `articles`: each department's own article of the quarter (null: the rubric has none). */
export interface ResultsPageData {
  periods: PeriodRecord[];
  period: PeriodRecord | null;
  board: Leaderboard | null;
  year: YearResults | null;
  articles: DepartmentArticleRow[] | null;
}

export function resultsPage(viewer: Viewer, input: ResultsPageData): string {
  const { period, board, year } = input;
  const picker = html`<form method="get" action="/ket-qua" class="card"><label for="ky">Kỳ</label><select id="ky" name="ky">${input.periods.map(
    (p) => html`<option value="${p.code}"${p.id === period?.id ? html` selected` : ''}>${fmtPeriod(p.year, p.quarter)} — ${PERIOD_STATUS_LABEL[p.status] ?? p.status}</option>`,
  )}</select><button type="submit" class="secondary">Xem</button></form>`;
  if (!period) return page(viewer, 'Kết quả', notice('warn', 'Chưa có Quý đánh giá nào.'), '/ket-qua');
  const provisional = period.status !== 'finalised';
  const top = (board?.top ?? []).map(
    (e) => html`<tr><td class="num">${e.rank}${e.tied ? ' (đồng hạng)' : ''}</td><td>${e.fullName}</td><td>${e.departmentName ?? 'Lãnh đạo'}</td><td class="num">${pts(e.total)}</td><td>${e.bandLabel ?? ''}</td></tr>`,
  );
  const depts = (board?.departments ?? []).map(
    (d) => html`<tr><td>${d.name}${board?.best?.best.id === d.id ? html` <span class="badge ok">dẫn đầu</span>` : ''}</td><td class="num">${d.headcount}/${d.members}</td><td class="num">${d.mean === null ? '—' : pts(d.mean)}</td>${input.articles ? html`<td>${articleOf(input.articles, d.id)}</td>` : ''}</tr>`,
  );
  const yearRows = (year?.people ?? [])
    .filter((p) => p.score !== null)
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
    .slice(0, 50)
    .map((p) => html`<tr><td>${p.fullName}</td><td>${p.departmentName ?? 'Lãnh đạo'}</td><td class="num">${p.score === null ? '—' : pts(p.score)}</td><td>${p.bandLabel ?? ''}</td></tr>`);
  const q = encodeURIComponent(period.code);
  const body = html`${picker}
${provisional ? notice('warn', 'Kỳ này chưa được phê duyệt: số liệu tạm tính từ các bản đã duyệt.') : ''}
<h2>${fmtPeriod(period.year, period.quarter)}: 5 cá nhân cao điểm nhất</h2>
<div class="table-wrap"><table id="bang-xep-hang"><thead><tr><th class="num">Hạng</th><th>Họ và tên</th><th>Phòng</th><th class="num">Điểm</th><th>Xếp loại</th></tr></thead><tbody>${top}</tbody></table></div>
${leftOutLines(board?.leftOut ?? []).map((line) => html`<p class="muted">${line}</p>`)}
<h2>Tập thể</h2>
<div class="table-wrap"><table id="tap-the"><thead><tr><th>Phòng</th><th class="num">Số người tính điểm</th><th class="num">Điểm trung bình</th>${input.articles ? html`<th>Bài viết của phòng</th>` : ''}</tr></thead><tbody>${depts}</tbody></table></div>
<p><a href="/ket-qua/bang-diem.xlsx?ky=${q}"><b>Tải bảng điểm (XLSX)</b></a></p>
<h2>Bảng vinh danh (xem trước)</h2>
<p><img class="board" src="/ket-qua/vinh-danh.png?ky=${q}" alt="Bảng vinh danh ${fmtPeriod(period.year, period.quarter)}"></p>
<h2>Năm ${period.year}</h2>
${yearRows.length === 0 ? html`<p class="muted">Chưa có kết quả năm.</p>` : html`<div class="table-wrap"><table id="nam"><thead><tr><th>Họ và tên</th><th>Phòng</th><th class="num">Điểm năm</th><th>Xếp loại</th></tr></thead><tbody>${yearRows}</tbody></table></div>`}`;
  return page(viewer, 'Kết quả', body, '/ket-qua');
}
