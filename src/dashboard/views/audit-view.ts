/**
 * The audit page (/nhat-ky, office and director): a search form by person, period and action, and one page of the
 * log, newest first, with a link to the next (older) page. Times in Asia/Ho_Chi_Minh; before/after arrive masked.
 */
import type { AuditPage, AuditRow } from '../../audit/read-audit-page.js';
import { html, type SafeHtml } from './html.js';
import { notice, page, type Viewer } from './layout.js';

const CHANNEL_LABEL: Record<string, string> = { web: 'Web', telegram: 'Telegram', zalo: 'Zalo', cli: 'Dòng lệnh' };

/** `04/12/2026 11:56` in Vietnam's time (UTC+7, no daylight saving). */
export function localDateTime(ms: number): string {
  const d = new Date(ms + 7 * 3_600_000).toISOString();
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)} ${d.slice(11, 16)}`;
}

function change(r: AuditRow): SafeHtml | '' {
  if (r.before === null && r.after === null) return '';
  return html`<details><summary>Trước → sau</summary><p>Trước: <code>${JSON.stringify(r.before)}</code></p><p>Sau: <code>${JSON.stringify(r.after)}</code></p></details>`;
}

/** The query string of the current filter with `truoc` (the next page's start). */
function pageLink(p: AuditPage, beforeId: number | null): string {
  const q = new URLSearchParams();
  if (p.filter.personId !== undefined) q.set('nguoi', String(p.filter.personId));
  if (p.filter.periodCode) q.set('ky', p.filter.periodCode);
  if (p.filter.action) q.set('thao-tac', p.filter.action);
  if (beforeId !== null) q.set('truoc', String(beforeId));
  const s = q.toString();
  return s ? `/nhat-ky?${s}` : '/nhat-ky';
}

export function auditPage(viewer: Viewer, p: AuditPage): string {
  const f = p.filter;
  const option = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  const form = html`<form method="get" action="/nhat-ky" class="card filters">
<label for="nguoi">Người (thực hiện hoặc được nói đến)</label>
${
    p.people.length > 0
      ? html`<select id="nguoi" name="nguoi">${option('', 'Tất cả', f.personId === undefined)}${p.people.map((x) => option(String(x.id), x.fullName, x.id === f.personId))}</select>`
      : html`<input id="nguoi" name="nguoi" inputmode="numeric" pattern="[0-9]*" placeholder="Mã số cán bộ" value="${f.personId ?? ''}">${p.personName ? html` <span class="muted">${p.personName}</span>` : ''}`
  }
<label for="ky">Kỳ</label>
<select id="ky" name="ky">${option('', 'Tất cả', !f.periodCode)}${p.periods.map((c) => option(c, c, c === f.periodCode))}</select>
<label for="thao-tac">Thao tác</label>
<select id="thao-tac" name="thao-tac">${option('', 'Tất cả', !f.action)}${p.actions.map((a) => option(a.value, a.label, a.value === f.action))}</select>
<button type="submit">Tìm</button> <a href="/nhat-ky">Bỏ lọc</a>
</form>`;
  const rows = p.rows.map(
    (r) => html`<tr id="muc-${r.id}"><td>${localDateTime(r.at)}</td><td>${r.actorName ?? 'Hệ thống'}</td><td>${r.channel ? (CHANNEL_LABEL[r.channel] ?? r.channel) : '—'}</td><td>${r.actionLabel}</td><td>${r.subjectName ?? '—'}</td><td>${r.periodCode ?? '—'}</td><td><span class="muted">${r.entity}</span></td><td>${r.reason ?? ''}${change(r)}</td></tr>`,
  );
  const table =
    p.rows.length === 0
      ? notice('warn', p.unknownPeriod ? `Đơn vị không có kỳ ${f.periodCode ?? ''}.` : 'Không có mục nào khớp điều kiện tìm.')
      : html`<div class="table-wrap"><table id="nhat-ky"><thead><tr><th>Thời gian</th><th>Người thực hiện</th><th>Kênh</th><th>Thao tác</th><th>Về ai</th><th>Kỳ</th><th>Đối tượng</th><th>Lý do, trước → sau</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  const more = html`<p>${f.beforeId !== undefined ? html`<a href="${pageLink(p, null)}">← Mới nhất</a> ` : ''}${p.nextBeforeId !== null ? html`<a href="${pageLink(p, p.nextBeforeId)}" rel="next">Trang sau (cũ hơn) →</a>` : ''}</p>`;
  const body = html`<p class="muted">Mọi thay đổi: ai, khi nào, từ kênh nào, trước và sau, lý do. Mới nhất ở trên; các giá trị bí mật (mã, khoá) được che.</p>${form}${table}${more}`;
  return page(viewer, 'Nhật ký thay đổi', body, '/nhat-ky');
}
