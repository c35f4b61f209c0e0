/** Progress per department: submitted, waiting for review, missing, and who the last reminders did not reach (why). */
import { fmtPeriod } from '../../conversation/render/format.js';
import type { ProgressData } from '../dashboard-data.js';
import { LIST_STATUS_LABEL, names, PERIOD_STATUS_LABEL } from './format.js';
import { html } from './html.js';
import { page, type Viewer } from './layout.js';

const STAGE: Record<string, string> = {
  self: 'Đã quá hạn tự đánh giá mà còn người chưa nộp.',
  department: 'Đã quá hạn gửi danh sách phòng mà còn phòng chưa gửi.',
  office: 'Đã quá hạn Văn phòng trình Giám đốc.',
};

export function progressPage(viewer: Viewer, data: ProgressData): string {
  const { view } = data;
  const p = view.period;
  const unreachedCell = (list: { name: string; label: string }[]) => (list.length === 0 ? '—' : list.map((u) => `${u.name} (${u.label})`).join('; '));
  const rows = data.departments.map(
    (d) => html`<tr>
<td><b>${d.departmentName}</b><br><span class="muted">${LIST_STATUS_LABEL[d.listStatus]}${d.listLate ? ' (gửi muộn)' : ''}</span></td>
<td class="num">${d.approved.length}</td>
<td>${names(d.pendingReview)}</td>
<td>${names([...d.missing, ...d.returned.map((n) => `${n} (bị trả lại)`)])}</td>
<td>${unreachedCell(d.unreached)}</td>
</tr>`,
  );
  const lead = view.leadership;
  const leadRow = lead
    ? html`<tr><td><b>Lãnh đạo cơ quan</b></td><td class="num">${lead.approved.length}</td><td>${names(lead.pendingReview)}</td><td>${names([...lead.missing, ...lead.returned])}</td><td>${unreachedCell(data.leadershipUnreached)}</td></tr>`
    : '';
  const totals = data.departments.reduce(
    (t, d) => ({ approved: t.approved + d.approved.length, pending: t.pending + d.pendingReview.length, missing: t.missing + d.missing.length + d.returned.length }),
    { approved: 0, pending: 0, missing: 0 },
  );
  const body = html`<p class="muted">${fmtPeriod(p.year, p.quarter)} — ${PERIOD_STATUS_LABEL[p.status] ?? p.status}</p>
${view.lateStages.map((s) => html`<p class="notice warn">${STAGE[s]}</p>`)}
<div class="stats">
<div class="card"><b>${totals.approved}</b>đã duyệt</div>
<div class="card"><b>${totals.pending}</b>chờ duyệt</div>
<div class="card"><b>${totals.missing}</b>chưa nộp / bị trả lại</div>
</div>
<div class="table-wrap"><table id="tien-do">
<thead><tr><th>Phòng</th><th class="num">Đã duyệt</th><th>Chờ duyệt</th><th>Chưa nộp</th><th>Không nhắn được khi nhắc việc</th></tr></thead>
<tbody>${rows}${leadRow}</tbody>
</table></div>`;
  return page(viewer, 'Tiến độ', body, '/tien-do');
}
