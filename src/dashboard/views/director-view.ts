/**
 * The director's summary before finalising: the proposed top 5 under the unit's tie rule (ties marked "đồng hạng" or
 * left to the director's choice, the rule stated), the best
 * department (and any tie), who is missing or not yet reviewed; then the confirmation saying who will be told what.
 */
import { fmtPeriod, pts } from '../../conversation/render/format.js';
import { tieMark, tieRuleText, tieWarning } from '../../honours/compute-honours.js';
import { leftOutLines } from '../../results/index.js';
import { refusalText } from '../../workflows/approval/render-refusal.js';
import type { DirectorData } from '../dashboard-data.js';
import { articleList } from './article-view.js';
import { names, PERIOD_STATUS_LABEL } from './format.js';
import { html } from './html.js';
import { csrfField, notice, page, type Viewer } from './layout.js';

export function directorPage(viewer: Viewer, d: DirectorData, message: { kind: 'ok' | 'error'; text: string } | null): string {
  const board = d.board;
  const top = board?.top ?? [];
  const topRows = top.map(
    (e) => html`<tr><td class="num">${e.rank}${tieMark(e, d.tieChoice)}</td><td>${e.fullName}</td><td>${e.departmentName ?? 'Lãnh đạo'}</td><td class="num">${pts(e.total)}</td><td>${e.bandLabel ?? ''}</td></tr>`,
  );
  const warning = board ? tieWarning(top.length, 5, d.tieChoice) : null;
  const best = board?.best;
  const bestHtml = best
    ? html`<p>Tập thể dẫn đầu: <b>${best.best.name}</b> (${best.best.mean === null ? '—' : pts(best.best.mean)})${best.tiedWith.length > 0 ? html` — <span class="badge late">bằng điểm với ${best.tiedWith.map((t) => t.name).join(', ')}</span>` : ''}</p><p class="muted">${best.ruleText}</p>`
    : html`<p class="muted">Chưa xác định được tập thể dẫn đầu.</p>`;
  const missing = d.progress.departments.flatMap((x) => x.missing.map((n) => `${n} (${x.departmentName})`));
  const pending = d.progress.departments.flatMap((x) => [...x.pendingReview, ...x.returned].map((n) => `${n} (${x.departmentName})`));
  if (d.progress.leadership) {
    missing.push(...d.progress.leadership.missing);
    pending.push(...d.progress.leadership.pendingReview, ...d.progress.leadership.returned);
  }
  const action =
    d.period.status === 'submitted_to_director' && !d.finaliseBlocked
      ? html`<p><a href="/phe-duyet/xac-nhan"><b>Phê duyệt kết quả…</b></a></p>
<form method="post" action="/phe-duyet/tra-lai" class="card"><h2>Trả lại Văn phòng</h2>${csrfField(viewer)}<label for="ly-do">Lý do</label><textarea id="ly-do" name="lyDo" required minlength="3" maxlength="500"></textarea><button type="submit" class="secondary">Trả lại danh sách</button></form>`
      : d.finaliseBlocked
        ? notice('warn', refusalText(d.finaliseBlocked))
        : '';
  const body = html`${message ? notice(message.kind, message.text) : ''}
<p class="muted">${fmtPeriod(d.period.year, d.period.quarter)} — ${PERIOD_STATUS_LABEL[d.period.status] ?? d.period.status}</p>
<h2>Đề xuất biểu dương: 5 cá nhân cao điểm nhất</h2>
${top.length === 0 ? notice('warn', 'Chưa có ai được xếp loại trong Quý này.') : html`<div class="table-wrap"><table id="top5"><thead><tr><th class="num">Hạng</th><th>Họ và tên</th><th>Phòng</th><th class="num">Điểm</th><th>Xếp loại</th></tr></thead><tbody>${topRows}</tbody></table></div>`}
${leftOutLines(board?.leftOut ?? []).map((line) => html`<p class="muted">${line}</p>`)}
${warning ? notice('warn', warning) : ''}
<p class="muted">${tieRuleText(5, d.ties)}</p>
<h2>Tập thể</h2>${bestHtml}
${d.articles ? html`<h3>Bài viết của phòng trong Quý (ít nhất 1 bài/Quý)</h3>${articleList(d.articles)}` : ''}
<h2>Chưa đủ kết quả</h2>
<p>Chưa nộp (${missing.length}): ${names(missing)}</p>
<p>Chưa được duyệt (${pending.length}): ${names(pending)}</p>
${action}`;
  return page(viewer, 'Phê duyệt kết quả', body, '/phe-duyet');
}

export function finaliseConfirmPage(viewer: Viewer, d: DirectorData): string {
  const missing = d.progress.departments.reduce((n, x) => n + x.missing.length, 0) + (d.progress.leadership?.missing.length ?? 0);
  const body = d.finaliseBlocked
    ? notice('warn', refusalText(d.finaliseBlocked))
    : html`<div class="card"><p>Anh/chị sắp phê duyệt chính thức kết quả ${fmtPeriod(d.period.year, d.period.quarter)}.</p>
<ul><li>${d.recipients.people} người có kết quả được duyệt sẽ nhận điểm chính thức của mình.</li>
<li>${names(d.recipients.office)} được báo đã phê duyệt.</li>
<li>Bảng vinh danh (5 cá nhân cao điểm nhất và tập thể dẫn đầu) được đăng theo lịch của đơn vị.</li>
${missing > 0 ? html`<li><b>${missing} người chưa nộp</b> sẽ không có kết quả Quý này.</li>` : ''}</ul>
<p>Sau khi phê duyệt, chỉ Văn phòng mở lại được (có ghi nhật ký).</p>
<form method="post" action="/phe-duyet">${csrfField(viewer)}<button type="submit">Xác nhận phê duyệt</button></form><p><a href="/phe-duyet">Quay lại</a></p></div>`;
  return page(viewer, 'Xác nhận phê duyệt', body, '/phe-duyet');
}
