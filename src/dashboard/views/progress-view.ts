/**
 * Progress per department: submitted, waiting for review, missing, and who the last reminders did not reach (why).
 * A large unit gets counts per department first, each department's people on its own page (`?phong=<id>`).
 */
import { fmtPeriod } from '../../conversation/render/format.js';
import type { LateStage } from '../../approval/progress.js';
import type { PeriodRecord } from '../../store/periods.js';
import type { ProgressData } from '../dashboard-data.js';
import { LIST_STATUS_LABEL, names, PERIOD_STATUS_LABEL } from './format.js';
import { html, type SafeHtml } from './html.js';
import { page, type Viewer } from './layout.js';

const STAGE: Record<LateStage, string> = {
  self: 'Đã quá hạn tự đánh giá mà còn người chưa nộp.',
  department: 'Đã quá hạn gửi danh sách phòng mà còn phòng chưa gửi.',
  office: 'Đã quá hạn Văn phòng trình Giám đốc.',
};

/** A department's own progress page (keeps the period shown). */
export function departmentProgressHref(period: PeriodRecord, departmentId: number): string {
  return `/tien-do?phong=${departmentId}&ky=${period.code}`;
}

function header(p: PeriodRecord, lateStages: readonly LateStage[], totals: { approved: number; pending: number; missing: number }): SafeHtml {
  return html`<p class="muted">${fmtPeriod(p.year, p.quarter)} — ${PERIOD_STATUS_LABEL[p.status] ?? p.status}</p>
${lateStages.map((s) => html`<p class="notice warn">${STAGE[s]}</p>`)}
<div class="stats">
<div class="card"><b>${totals.approved}</b>đã duyệt</div>
<div class="card"><b>${totals.pending}</b>chờ duyệt</div>
<div class="card"><b>${totals.missing}</b>chưa nộp / bị trả lại</div>
</div>`;
}

export function progressPage(viewer: Viewer, data: ProgressData): string {
  return data.kind === 'counts' ? countsPage(viewer, data) : namesPage(viewer, data);
}

/** Every person by name: a small unit, or one department of a large one. */
function namesPage(viewer: Viewer, data: Extract<ProgressData, { kind: 'names' }>): string {
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
  const one = data.departmentId === null ? null : data.departments[0];
  const back = one ? html`<p><a href="/tien-do?ky=${p.code}">← Tất cả các phòng</a></p>` : '';
  const body = html`${back}${header(p, view.lateStages, totals)}
<div class="table-wrap"><table id="tien-do">
<thead><tr><th>Phòng</th><th class="num">Đã duyệt</th><th>Chờ duyệt</th><th>Chưa nộp</th><th>Không nhắn được khi nhắc việc</th></tr></thead>
<tbody>${rows}${leadRow}</tbody>
</table></div>`;
  return page(viewer, one ? `Tiến độ — ${one.departmentName}` : 'Tiến độ', body, '/tien-do');
}

/** A large unit: counts per department (one row each), the names one click away. */
function countsPage(viewer: Viewer, data: Extract<ProgressData, { kind: 'counts' }>): string {
  const p = data.period;
  const groups = [...data.departments, ...(data.leadership ? [data.leadership] : [])];
  const totals = groups.reduce(
    (t, d) => ({ approved: t.approved + d.approved, pending: t.pending + d.pending, missing: t.missing + d.missing + d.returned }),
    { approved: 0, pending: 0, missing: 0 },
  );
  const cells = (t: { members: number; approved: number; pending: number; missing: number; returned: number; unreached: number }) =>
    html`<td class="num">${t.members}</td><td class="num">${t.approved}</td><td class="num">${t.pending}</td><td class="num">${t.missing}</td><td class="num">${t.returned}</td><td class="num">${t.unreached}</td>`;
  const rows = data.departments.map(
    (d) =>
      html`<tr><td><a href="${departmentProgressHref(p, d.departmentId)}"><b>${d.departmentName}</b></a><br><span class="muted">${LIST_STATUS_LABEL[d.listStatus]}${d.listLate ? ' (gửi muộn)' : ''}</span></td>${cells(d)}</tr>\n`,
  );
  const leadRow = data.leadership ? html`<tr><td><b>Lãnh đạo cơ quan</b></td>${cells(data.leadership)}</tr>` : '';
  const body = html`${header(p, data.lateStages, totals)}
<p class="muted">${data.people} người tự đánh giá trong ${data.departments.length} phòng: trang này hiện số người theo phòng; bấm tên phòng để xem từng người (ai chờ duyệt, ai chưa nộp, ai không nhắn được).</p>
<div class="table-wrap"><table id="tien-do">
<thead><tr><th>Phòng</th><th class="num">Số người</th><th class="num">Đã duyệt</th><th class="num">Chờ duyệt</th><th class="num">Chưa nộp</th><th class="num">Bị trả lại</th><th class="num">Không nhắn được</th></tr></thead>
<tbody>${rows}${leadRow}</tbody>
</table></div>`;
  return page(viewer, 'Tiến độ', body, '/tien-do');
}
