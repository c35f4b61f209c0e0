/**
 * The office's periods page (`/ky`): open a quarter, see and change each open quarter's deadlines (a Q4 whose
 * self-assessment is due the same day as the department list is flagged with a suggested earlier date), the
 * reminder schedule with each job's next run, and "send me a test reminder". The director sees it without forms.
 */
import { fmtDate, fmtPeriod } from '../../conversation/render/format.js';
import type { DeadlineConflict } from '../../scoring/period-calendar.js';
import type { PeriodRecord } from '../../store/periods.js';
import { PERIOD_STATUS_LABEL } from './format.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, notice, page, type Viewer } from './layout.js';

/** One scheduled job as the page lists it. */
export interface ScheduleRow {
  label: string;
  /** When it runs, in words (from the unit's reminder settings). */
  rule: string;
  /** The next run, local time (`08:00 ngày 10/12/2026`), or null when none within a year. */
  next: string | null;
}

/** What `/ky` shows. */
export interface PeriodsData {
  unitName: string;
  /** Newest first, each with its Q4-style deadline conflict (or null). */
  periods: { period: PeriodRecord; conflict: DeadlineConflict | null }[];
  /** The quarter the open form proposes (the current one, or the next not yet opened). */
  suggestedCode: string;
  rubrics: { id: string; title: string; version: string }[];
  defaultRubricId: string | null;
  schedule: ScheduleRow[];
  remindersEnabled: boolean;
  /** True for the office: the forms are shown. */
  canEdit: boolean;
}

function deadlineForm(viewer: Viewer, p: PeriodRecord): SafeHtml {
  const field = (name: string, label: string, value: string) =>
    html`<div><label for="${name}-${p.code}">${label}</label><input type="date" id="${name}-${p.code}" name="${name}" value="${value}" min="${p.startsOn}" max="${p.endsOn}" required></div>`;
  return html`<form method="post" action="/ky/${p.code}/han" class="deadlines">${csrfField(viewer)}
<div class="actions">
${field('hanTuDanhGia', 'Hạn cá nhân tự đánh giá', p.selfDeadline)}
${field('hanPhong', 'Hạn phòng gửi danh sách', p.departmentDeadline)}
${field('hanVanPhong', 'Hạn Văn phòng tổng hợp', p.officeDeadline)}
</div>
<button type="submit" class="secondary">Lưu hạn mới</button></form>`;
}

function periodCard(viewer: Viewer, data: PeriodsData, { period: p, conflict }: PeriodsData['periods'][number]): SafeHtml {
  const editable = data.canEdit && p.status !== 'finalised';
  const flag = conflict
    ? html`${notice('warn', conflict.message)}${
        editable
          ? html`<form method="post" action="/ky/${p.code}/han" class="inline">${csrfField(viewer)}<input type="hidden" name="hanTuDanhGia" value="${conflict.suggestedSelfDeadline}"><button type="submit">Đặt hạn tự đánh giá ngày ${fmtDate(conflict.suggestedSelfDeadline)}</button></form>`
          : ''
      }`
    : '';
  return html`<section class="card period" id="ky-${p.code}">
<h2>${fmtPeriod(p.year, p.quarter)} <span class="muted">(${p.code}) — ${PERIOD_STATUS_LABEL[p.status] ?? p.status}</span></h2>
<div class="table-wrap"><table><tbody>
<tr><th>Thời gian</th><td>${fmtDate(p.startsOn)} – ${fmtDate(p.endsOn)}</td></tr>
<tr><th>Cá nhân tự đánh giá</th><td>hết ngày ${fmtDate(p.selfDeadline)}</td></tr>
<tr><th>Phòng gửi danh sách</th><td>hết ngày ${fmtDate(p.departmentDeadline)}</td></tr>
<tr><th>Văn phòng tổng hợp</th><td>hết ngày ${fmtDate(p.officeDeadline)}</td></tr>
</tbody></table></div>
${flag}
${editable ? deadlineForm(viewer, p) : ''}
</section>`;
}

/** The periods page. */
export function periodsPage(viewer: Viewer, data: PeriodsData, message: { kind: 'ok' | 'warn'; text: string } | null): string {
  const openForm = data.canEdit
    ? html`<form method="post" action="/ky/mo" class="card" id="mo-ky">${csrfField(viewer)}
<div class="actions">
<div><label for="ky">Quý (ví dụ 2026-Q4)</label><input type="text" id="ky" name="ky" value="${data.suggestedCode}" required pattern="\\d{4}-[Qq][1-4]"></div>
<div><label for="boTieuChi">Bộ tiêu chí</label><select id="boTieuChi" name="boTieuChi">${data.rubrics.map(
        (r) => html`<option value="${r.id}"${r.id === data.defaultRubricId ? html` selected` : ''}>${r.title} (phiên bản ${r.version})</option>`,
      )}</select></div>
</div>
<p class="muted">Hạn theo Kế hoạch: tự đánh giá hết ngày 10, phòng hết ngày 20 (Quý IV: ngày 10/12), Văn phòng hết ngày 25 tháng cuối Quý; đổi được sau khi mở.</p>
<button type="submit">Mở kỳ</button></form>`
    : '';
  const schedule = data.schedule.map((s) => html`<tr><td>${s.label}</td><td>${s.rule}</td><td>${s.next ?? '—'}</td></tr>`);
  const body = html`${message ? notice(message.kind, message.text) : ''}
<p class="muted">${data.unitName}</p>
${data.canEdit ? html`<h2>Mở kỳ mới</h2>${openForm}` : ''}
<h2>Các kỳ</h2>
${data.periods.length === 0 ? html`<p>Chưa có kỳ nào.</p>` : data.periods.map((p) => periodCard(viewer, data, p))}
<h2>Lịch nhắc việc</h2>
${data.remindersEnabled ? '' : notice('warn', 'Nhắc việc của đơn vị đang tắt (thidua reminders settings).')}
<div class="table-wrap"><table id="lich-nhac"><thead><tr><th>Việc</th><th>Khi nào</th><th>Lần chạy tới</th></tr></thead><tbody>${schedule}</tbody></table></div>
<form method="post" action="/ky/nhac-thu" class="card">${csrfField(viewer)}
<p>Gửi cho chính anh/chị một lời nhắc thử qua kênh nhắc việc thường dùng, để kiểm tra lời nhắc có đến được không.</p>
<button type="submit" class="secondary">Gửi cho tôi một nhắc nhở thử</button></form>`;
  return page(viewer, 'Kỳ đánh giá', body, '/ky');
}
