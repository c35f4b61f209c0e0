/**
 * Department lists: the head's list with a completeness summary before sending (and the confirmation saying who
 * receives it), and the office's page of every department's list (accept / return with a reason) and the report to
 * the director.
 */
import { fmtPeriod, pts } from '../../conversation/render/format.js';
import { refusalText } from '../../workflows/approval/render-refusal.js';
import type { ListSnapshot } from '../../approval/list-snapshot.js';
import type { ListPreview, OfficeData } from '../dashboard-data.js';
import { articleOf } from './article-view.js';
import { ENTRY_STATUS_LABEL, LIST_STATUS_LABEL, names } from './format.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, notice, page, type Viewer } from './layout.js';

/** A list's members with status, agreed points and band (also on the leader's comment page). */
export function entriesTable(s: ListSnapshot): SafeHtml {
  const rows = s.entries.map(
    (e) => html`<tr><td>${e.fullName}</td><td>${ENTRY_STATUS_LABEL[e.status] ?? e.status}${e.submittedLate ? ' (nộp muộn)' : ''}</td><td class="num">${e.total === null ? (e.passFail ? `Công dân số: ${e.passFail.met}/${e.passFail.of}` : '—') : pts(e.total)}</td><td>${e.bandLabel ?? ''}</td></tr>`,
  );
  return html`<div class="table-wrap"><table class="danh-sach"><thead><tr><th>Họ và tên</th><th>Trạng thái</th><th class="num">Điểm thống nhất</th><th>Xếp loại</th></tr></thead><tbody>${rows}</tbody></table></div>
<p>Điểm trung bình của phòng: <b>${s.mean === null ? '—' : pts(s.mean)}</b></p>`;
}

/** The head's list and its completeness summary. */
export function listPage(viewer: Viewer, p: ListPreview, message: { kind: 'ok' | 'error'; text: string } | null): string {
  const c = p.counts;
  const incomplete = c.pending + c.returned + c.missing;
  const status = p.list?.status ?? 'none';
  const summary = html`<div class="stats">
<div class="card"><b>${c.approved}/${c.members}</b>đã duyệt</div>
<div class="card"><b>${c.pending}</b>chờ anh/chị duyệt</div>
<div class="card"><b>${c.returned}</b>bị trả lại, chưa nộp lại</div>
<div class="card"><b>${c.missing}</b>chưa nộp</div>
</div>`;
  const warn =
    c.pending > 0
      ? notice('error', html`Còn ${c.pending} bản chờ duyệt: hãy <a href="/duyet">duyệt xong</a> rồi gửi danh sách.`)
      : incomplete > 0
        ? notice('warn', `Danh sách chưa đủ: ${c.returned + c.missing} người chưa có bản được duyệt; họ sẽ được ghi là chưa nộp và tính 0 điểm vào điểm trung bình của phòng.`)
        : notice('ok', 'Mọi thành viên đã được duyệt: danh sách đầy đủ.');
  const canSend = p.period.status === 'open' && c.pending === 0 && (status === 'none' || status === 'returned' || status === 'sent');
  const action = canSend
    ? html`<p><a href="/danh-sach/xac-nhan"><b>${status === 'sent' ? 'Gửi lại (cập nhật) danh sách…' : 'Gửi danh sách cho Văn phòng…'}</b></a></p>`
    : '';
  const body = html`${message ? notice(message.kind, message.text) : ''}
<p class="muted">${p.snapshot.departmentName} — ${fmtPeriod(p.period.year, p.period.quarter)} — ${LIST_STATUS_LABEL[status]}</p>
${p.list?.returnReason && status === 'returned' ? notice('warn', `Văn phòng trả lại: ${p.list.returnReason}`) : ''}
${summary}${warn}${entriesTable(p.snapshot)}${action}`;
  return page(viewer, 'Danh sách của phòng', body, '/danh-sach');
}

/** The confirmation before sending: what goes to whom. */
export function listConfirmPage(viewer: Viewer, p: ListPreview): string {
  const c = p.counts;
  const body = html`<div class="card">
<p>Anh/chị sắp gửi danh sách <b>${p.snapshot.departmentName}</b> (${fmtPeriod(p.period.year, p.period.quarter)}): ${c.approved}/${c.members} người đã duyệt${c.missing + c.returned > 0 ? `, ${c.missing + c.returned} người chưa có bản được duyệt (tính 0 điểm)` : ''}.</p>
<p>Người nhận: ${names(p.recipients)}.</p>
<p>Sau khi Văn phòng tiếp nhận, điểm của phòng không sửa được nữa (trừ khi Văn phòng trả lại).</p>
<form method="post" action="/danh-sach/gui">${csrfField(viewer)}<button type="submit">Xác nhận gửi danh sách</button></form>
<p><a href="/danh-sach">Quay lại</a></p></div>`;
  return page(viewer, 'Xác nhận gửi danh sách', body, '/danh-sach');
}

/** The office's page: every department's list and the report to the director. */
export function officePage(viewer: Viewer, d: OfficeData, message: { kind: 'ok' | 'error'; text: string } | null): string {
  const rows = d.lists.map((l) => {
    const status = l.list?.status ?? 'none';
    const s = l.snapshot;
    const approved = s ? s.entries.filter((e) => e.status === 'approved').length : 0;
    const complete = s ? html`${approved}/${s.entries.length} đã duyệt` : '—';
    const open = l.list ? html`<a href="/tiep-nhan/${l.list.id}">Xem${status === 'sent' ? ' và tiếp nhận' : ''}</a>` : '';
    return html`<tr><td>${l.departmentName}</td><td>${LIST_STATUS_LABEL[status]}${l.list?.sentLate ? ' (gửi muộn)' : ''}</td><td>${complete}</td><td class="num">${s?.mean == null ? '—' : pts(s.mean)}</td>${d.articles ? html`<td>${articleOf(d.articles, l.departmentId)}</td>` : ''}<td>${open}</td></tr>`;
  });
  const report =
    d.period.status !== 'open'
      ? notice('ok', d.period.status === 'finalised' ? 'Kết quả Quý đã được Giám đốc phê duyệt.' : 'Đã trình Giám đốc; đang chờ phê duyệt.')
      : d.reportBlocked
        ? notice('warn', `Chưa trình Giám đốc được: ${refusalText(d.reportBlocked)}`)
        : html`<p><a href="/tiep-nhan/trinh"><b>Trình Giám đốc…</b></a></p>`;
  const body = html`${message ? notice(message.kind, message.text) : ''}
<p class="muted">${fmtPeriod(d.period.year, d.period.quarter)}</p>
<div class="table-wrap"><table id="cac-phong"><thead><tr><th>Phòng</th><th>Danh sách</th><th>Đầy đủ</th><th class="num">Điểm TB</th>${d.articles ? html`<th>Bài viết của phòng</th>` : ''}<th></th></tr></thead><tbody>${rows}</tbody></table></div>
<h2 id="trinh">Trình Giám đốc</h2>${report}`;
  return page(viewer, 'Tiếp nhận danh sách', body, '/tiep-nhan');
}

/** One department's list for the office, with accept / return. */
export function officeListPage(viewer: Viewer, input: { listId: number; snapshot: ListSnapshot; status: string; headNames: string[]; canAccept: string | null; canReturn: string | null }): string {
  const forms: SafeHtml[] = [];
  if (input.canAccept === null) {
    forms.push(html`<form method="post" action="/tiep-nhan/${input.listId}/tiep-nhan" class="card"><h2>Tiếp nhận</h2><p>Điểm của phòng được chốt; ${names(input.headNames)} được báo.</p>${csrfField(viewer)}<button type="submit">Tiếp nhận danh sách</button></form>`);
  }
  if (input.canReturn === null) {
    forms.push(html`<form method="post" action="/tiep-nhan/${input.listId}/tra-lai" class="card"><h2>Trả lại</h2><p>${names(input.headNames)} nhận lý do và gửi lại.</p>${csrfField(viewer)}
<label for="ly-do">Lý do</label><textarea id="ly-do" name="lyDo" required minlength="3" maxlength="500"></textarea><button type="submit" class="secondary">Trả lại danh sách</button></form>`);
  }
  const blocked = forms.length === 0 ? notice('warn', input.canAccept ?? input.canReturn ?? '') : '';
  const body = html`<p class="muted">${LIST_STATUS_LABEL[input.status as keyof typeof LIST_STATUS_LABEL] ?? input.status}</p>${entriesTable(input.snapshot)}${blocked}<div class="actions">${forms}</div><p><a href="/tiep-nhan">← Các phòng</a></p>`;
  return page(viewer, `Danh sách ${input.snapshot.departmentName}`, body, '/tiep-nhan');
}

/** The confirmation before reporting to the director. */
export function reportConfirmPage(viewer: Viewer, d: OfficeData): string {
  const body = d.reportBlocked
    ? notice('warn', `Chưa trình Giám đốc được: ${refusalText(d.reportBlocked)}`)
    : html`<div class="card"><p>Anh/chị sắp trình danh sách toàn cơ quan ${fmtPeriod(d.period.year, d.period.quarter)} (${d.lists.length} phòng) cho ${names(d.directors)}.</p>
<p>Sau khi trình, điểm không sửa được nữa trừ khi Giám đốc trả lại.</p>
<form method="post" action="/tiep-nhan/trinh">${csrfField(viewer)}<button type="submit">Xác nhận trình Giám đốc</button></form><p><a href="/tiep-nhan">Quay lại</a></p></div>`;
  return page(viewer, 'Xác nhận trình Giám đốc', body, '/tiep-nhan');
}
