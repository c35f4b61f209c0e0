/**
 * The reviewer's pages: the queue (what waits for me, oldest first) and one submission with every answer, its
 * evidence (images and PDFs inline, links), and the three actions — approve, adjust one criterion with a reason,
 * return with a reason. Which forms appear follows the service's own gates (`canApprove`, `canAdjust`, `canReturn`).
 */
import type { PromptInput } from '../../approval/prompt-input.js';
import type { SubmissionDetails } from '../../approval/review-queries.js';
import { fmtPeriod } from '../../conversation/render/format.js';
import type { Criterion } from '../../scoring/rubric-schema.js';
import type { AnswerValue } from '../../scoring/types.js';
import { criterionLabel, totalLine, valueLabel } from '../../workflows/approval/render-review.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, notice, page, type Viewer } from './layout.js';

export function queuePage(viewer: Viewer, items: PromptInput[], flash: string | null): string {
  const rows = items.map(
    (p) => html`<tr>
<td><a href="/duyet/${p.submissionId}">${p.personName}</a>${p.late ? html` <span class="badge late">nộp muộn</span>` : ''}</td>
<td>${p.departmentName ?? 'Lãnh đạo cơ quan'}</td>
<td>${fmtPeriod(p.period.year, p.period.quarter)}</td>
<td>${totalLine(p.score, p.rubric)}</td>
</tr>`,
  );
  const body =
    items.length === 0
      ? notice('ok', 'Không có bản tự đánh giá nào chờ anh/chị duyệt.')
      : html`<div class="table-wrap"><table id="hang-cho"><thead><tr><th>Người nộp</th><th>Phòng</th><th>Kỳ</th><th>Điểm tự chấm</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  return page(viewer, 'Duyệt bản tự đánh giá', html`${flash ? notice('ok', flash) : ''}${body}`, '/duyet');
}

/** One adjustable criterion with the values a reviewer may pick. */
export interface AdjustOption {
  criterion: Criterion;
  choices: { value: AnswerValue; label: string }[];
}

export interface ReviewActions {
  revision: number;
  approve: boolean;
  adjust: AdjustOption[];
  returnable: boolean;
  /** Why no action is possible (a refusal's text), when none is. */
  blocked: string | null;
}

const INLINE = /\.(png|jpe?g|gif|webp)$/i;

export function reviewPage(viewer: Viewer, submissionId: number, d: SubmissionDetails, actions: ReviewActions, message: { kind: 'ok' | 'error'; text: string } | null): string {
  const rowsById = new Map(d.rows.map((r) => [r.criterionId, r]));
  const evidenceHtml = (c: Criterion): SafeHtml[] =>
    d.evidence
      .map((e, i) => ({ e, i }))
      .filter(({ e }) => e.criterionId === c.id)
      .map(({ e, i }) => {
        if (e.kind === 'link' && e.url) {
          const safe = /^https?:\/\//i.test(e.url);
          return safe ? html`<div>🔗 <a href="${e.url}" rel="noopener noreferrer" target="_blank">${e.url}</a></div>` : html`<div>🔗 ${e.url}</div>`;
        }
        const name = e.originalName ?? 'tệp';
        const href = `/duyet/${submissionId}/minh-chung/${i}`;
        if (INLINE.test(e.filePath ?? '') || INLINE.test(name)) return html`<div><a href="${href}"><img src="${href}" alt="${name}" class="board" loading="lazy"></a></div>`;
        if (/\.pdf$/i.test(e.filePath ?? '') || /\.pdf$/i.test(name)) return html`<div>📄 <a href="${href}" target="_blank">${name}</a> (PDF, mở để xem)</div>`;
        return html`<div>📎 <a href="${href}">${name}</a></div>`;
      });
  const answers = d.criteria.map((c) => {
    const row = rowsById.get(c.id);
    const value = row ? valueLabel(d.rubric, c, row.value, d.departmentName) : 'chưa trả lời';
    const adjusted = row && row.reviewedValue !== null ? html`<br><span class="badge">điều chỉnh: ${valueLabel(d.rubric, c, row.reviewedValue, d.departmentName)}${row.reviewReason ? ` — ${row.reviewReason}` : ''}</span>` : '';
    return html`<tr><td>${criterionLabel(c, d.criteria, 90)}</td><td>${value}${adjusted}</td><td class="num">${d.score.criteria[c.id] ?? ''}</td><td>${evidenceHtml(c)}</td></tr>`;
  });
  const forms: SafeHtml[] = [];
  const hidden = html`${csrfField(viewer)}<input type="hidden" name="revision" value="${actions.revision}">`;
  if (actions.approve) {
    forms.push(html`<form method="post" action="/duyet/${submissionId}/duyet" class="card"><h2>Duyệt</h2><p>Đồng ý với tổng ${totalLine(d.score, d.rubric)}. ${d.personName} sẽ được báo kết quả.</p>${hidden}<button type="submit">Duyệt</button></form>`);
  }
  if (actions.adjust.length > 0) {
    const options = actions.adjust.map(
      (a) => html`<optgroup label="${criterionLabel(a.criterion, d.criteria, 60)}">${a.choices.map((ch) => html`<option value="${a.criterion.id}|${JSON.stringify(ch.value)}">${ch.label}</option>`)}</optgroup>`,
    );
    forms.push(html`<form method="post" action="/duyet/${submissionId}/dieu-chinh" class="card"><h2>Điều chỉnh một tiêu chí</h2>${hidden}
<label for="muc">Tiêu chí và mức mới</label><select id="muc" name="muc" required>${options}</select>
<label for="ly-do-dc">Lý do (người nộp sẽ đọc)</label><textarea id="ly-do-dc" name="lyDo" required minlength="3" maxlength="500"></textarea>
<button type="submit">Điều chỉnh</button></form>`);
  }
  if (actions.returnable) {
    forms.push(html`<form method="post" action="/duyet/${submissionId}/tra-lai" class="card"><h2>Trả lại để sửa</h2>${hidden}
<label for="ly-do-tl">Lý do (người nộp sẽ đọc)</label><textarea id="ly-do-tl" name="lyDo" required minlength="3" maxlength="500"></textarea>
<button type="submit" class="secondary">Trả lại</button></form>`);
  }
  const body = html`${message ? notice(message.kind, message.text) : ''}
<p class="muted">${d.departmentName ?? 'Lãnh đạo cơ quan'} — ${fmtPeriod(d.period.year, d.period.quarter)}</p>
<p class="card"><b>${totalLine(d.score, d.rubric)}</b></p>
<div class="table-wrap"><table id="cau-tra-loi"><thead><tr><th>Tiêu chí</th><th>Trả lời</th><th class="num">Điểm</th><th>Minh chứng</th></tr></thead><tbody>${answers}</tbody></table></div>
${actions.blocked ? notice('warn', actions.blocked) : ''}
<div class="actions">${forms}</div>
<p><a href="/duyet">← Quay lại danh sách chờ duyệt</a></p>`;
  return page(viewer, d.personName, body, '/duyet');
}
