/**
 * The chat's confirmations before each irreversible step of the chain (issue 16 item 3): the same summaries the
 * dashboard shows (`src/approval/step-summaries.ts`), what will be sent to whom, and Xác nhận / Huỷ. The buttons
 * carry the summary's stamp: a confirmation pressed after the state changed is refused as stale.
 */
import type { DepartmentArticleRow } from '../../approval/department-article.js';
import type { AcceptPreview, DirectorData, ListCounts, ListPreview, OfficeData } from '../../approval/step-summaries.js';
import { pts } from '../../conversation/render/format.js';
import type { Choice, OutboundMessage } from '../../conversation/types.js';
import { tieMark, tieRuleText, tieWarning } from '../../honours/compute-honours.js';
import { leftOutLines } from '../../results/index.js';
import { payload, type PayloadAction } from './payloads.js';
import { LIST_STATUS, listText } from './render-lists.js';
import { refusalText } from './render-refusal.js';
import { periodLabel } from './render-review.js';

/** The two buttons of a confirmation: `confirm` carries the target id and the stamp of the state shown. */
function confirmChoices(label: string, action: PayloadAction, id: number, stamp: string): Choice[] {
  return [
    { label: `✅ ${label}`, payload: payload(action, id, 0, stamp) },
    { label: '✖️ Huỷ', payload: payload('cx', id) },
  ];
}

const HINT = 'Bấm Xác nhận để thực hiện, hoặc Huỷ (gõ /huy) để thôi.';

/** `Đã duyệt 3/4 · chờ duyệt 0 · bị trả lại 1 · chưa nộp 0`. */
export function countsLine(c: ListCounts): string {
  return `Đã duyệt ${c.approved}/${c.members} · chờ duyệt ${c.pending} · bị trả lại, chưa nộp lại ${c.returned} · chưa nộp ${c.missing}`;
}

/** The warning under an incomplete list (nobody waiting for review), or the line saying it is complete. */
function completeness(c: ListCounts): string {
  const without = c.returned + c.missing;
  return without > 0
    ? `⚠️ Danh sách chưa đủ: ${without} người chưa có bản được duyệt; họ sẽ được ghi là chưa nộp và tính 0 điểm vào điểm trung bình của phòng.`
    : '✅ Mọi thành viên đã được duyệt: danh sách đầy đủ.';
}

function names(list: readonly string[]): string {
  return list.length === 0 ? '(chưa có ai)' : list.join(', ');
}

/** The head's department list before sending: the list, its completeness, the recipients; or why it cannot be sent. */
export function sendListConfirmation(p: ListPreview): OutboundMessage[] {
  const status = p.list?.status ?? 'none';
  const head = `${listText({ snapshot: p.snapshot, period: p.period, status })}\n\n${countsLine(p.counts)}`;
  if (p.sendBlocked) {
    const text = `${head}\n\n⛔ ${refusalText(p.sendBlocked)}`;
    if (p.sendBlocked.code === 'list-pending-reviews') return [{ kind: 'choices', text, choices: [{ label: '📝 Duyệt', payload: 'c:duyet' }], columns: 1 }];
    return [{ kind: 'text', text }];
  }
  const resend = status === 'sent';
  const text = [
    head,
    completeness(p.counts),
    `${resend ? 'Gửi lại (cập nhật) danh sách' : 'Gửi danh sách'} ${p.snapshot.departmentName} cho: ${names(p.recipients)}.`,
    'Sau khi Văn phòng tiếp nhận, điểm của phòng không sửa được nữa (trừ khi Văn phòng trả lại).',
    resend ? 'Gửi lại danh sách này?' : 'Gửi danh sách này?',
  ].join('\n\n');
  return [{ kind: 'choices', text, choices: confirmChoices(resend ? 'Xác nhận gửi lại' : 'Xác nhận gửi', 'sl', p.period.id, p.stamp), columns: 2, typeHint: HINT }];
}

/** The office's confirmation before accepting a department's list. */
export function acceptConfirmation(p: AcceptPreview): OutboundMessage[] {
  const without = p.counts.returned + p.counts.missing;
  const text = [
    listText(p.view),
    countsLine(p.counts),
    ...(without > 0 ? [`⚠️ ${without} người chưa có bản được duyệt (tính 0 điểm vào điểm trung bình của phòng).`] : []),
    `Tiếp nhận danh sách ${p.view.snapshot.departmentName}: điểm của phòng được chốt; ${names(p.heads)} được báo.`,
    'Tiếp nhận danh sách này?',
  ].join('\n\n');
  return [{ kind: 'choices', text, choices: confirmChoices('Xác nhận tiếp nhận', 'ac', p.listId, p.stamp), columns: 2, typeHint: HINT }];
}

/** The office's confirmation before reporting the unit's list to the director (or why it cannot be reported yet). */
export function reportConfirmation(d: OfficeData): OutboundMessage[] {
  if (d.reportBlocked) return [{ kind: 'text', text: `⛔ ${refusalText(d.reportBlocked)}` }];
  const lines = [`🏛️ Trình Giám đốc danh sách toàn cơ quan — ${periodLabel(d.period)} (${d.lists.length} phòng)`];
  for (const l of d.lists) {
    const s = l.snapshot;
    const approved = s ? s.entries.filter((e) => e.status === 'approved').length : 0;
    const status = LIST_STATUS[l.list?.status ?? 'none'];
    lines.push(`▸ ${l.departmentName}: ${s ? `${approved}/${s.entries.length} người đã được duyệt, trung bình ${s.mean === null ? '—' : pts(s.mean)}` : 'chưa có danh sách'} (${status})`);
  }
  const text = [
    lines.join('\n'),
    ...articleLines(d.articles),
    `Người nhận: ${names(d.directors)}.`,
    'Sau khi trình, điểm không sửa được nữa trừ khi Giám đốc trả lại.',
    'Trình Giám đốc?',
  ].join('\n\n');
  return [{ kind: 'choices', text, choices: confirmChoices('Xác nhận trình', 'tc', d.period.id, d.stamp), columns: 2, typeHint: HINT }];
}

/**
 * The director's summary before finalising: the proposed top 5 (ties "đồng hạng", the rule), the best department
 * (and any tie), who has not submitted or is not reviewed; then who will be told what.
 */
export function finaliseConfirmation(d: DirectorData): OutboundMessage[] {
  if (d.finaliseBlocked) return [{ kind: 'text', text: `⛔ ${refusalText(d.finaliseBlocked)}` }];
  const board = d.board;
  const top = board?.top ?? [];
  const lines = [`🏁 Tổng hợp trước khi phê duyệt kết quả ${periodLabel(d.period)}`, '', 'Đề xuất biểu dương — 5 cá nhân cao điểm nhất:'];
  if (top.length === 0) lines.push('(Chưa có ai được xếp loại trong Quý này.)');
  for (const e of top) {
    lines.push(`${e.rank}. ${e.fullName} (${e.departmentName ?? 'Lãnh đạo'}) — ${pts(e.total)}${e.bandLabel ? `, ${e.bandLabel}` : ''}${tieMark(e, d.tieChoice)}`);
  }
  // Members kept off the list by their department's missing article (members-too), with the results' reason.
  lines.push(...leftOutLines(board?.leftOut ?? []));
  const warning = board ? tieWarning(top.length, 5, d.tieChoice) : null;
  if (warning) lines.push(`⚠️ ${warning}`);
  lines.push(tieRuleText(5, d.ties));
  const best = board?.best;
  lines.push('');
  if (best) {
    lines.push(`Tập thể dẫn đầu: ${best.best.name} (${best.best.mean === null ? '—' : pts(best.best.mean)})${best.tiedWith.length > 0 ? ` — bằng điểm với ${best.tiedWith.map((t) => t.name).join(', ')}` : ''}`);
    lines.push(best.ruleText);
  } else {
    lines.push('Chưa xác định được tập thể dẫn đầu.');
  }
  const articles = articleLines(d.articles);
  if (articles.length > 0) lines.push('', ...articles);
  const missing = d.progress.departments.flatMap((x) => x.missing.map((n) => `${n} (${x.departmentName})`));
  const pending = d.progress.departments.flatMap((x) => [...x.pendingReview, ...x.returned].map((n) => `${n} (${x.departmentName})`));
  if (d.progress.leadership) {
    missing.push(...d.progress.leadership.missing);
    pending.push(...d.progress.leadership.pendingReview, ...d.progress.leadership.returned);
  }
  lines.push('', `Chưa nộp (${missing.length}): ${missing.length === 0 ? 'không có' : missing.join(', ')}`);
  lines.push(`Chưa được duyệt, chưa có điểm (${pending.length}): ${pending.length === 0 ? 'không có' : pending.join(', ')}`);
  lines.push(
    '',
    'Khi phê duyệt:',
    `• ${d.recipients.people} người có kết quả được duyệt nhận điểm chính thức của mình;`,
    `• ${names(d.recipients.office)} được báo đã phê duyệt;`,
    '• bảng vinh danh (5 cá nhân và tập thể dẫn đầu) được đăng theo lịch của đơn vị;',
    ...(missing.length + pending.length > 0 ? [`• ${missing.length + pending.length} người chưa nộp hoặc chưa được duyệt sẽ không có kết quả Quý này.`] : []),
    'Sau khi phê duyệt, chỉ Văn phòng mở lại được (có ghi nhật ký).',
    '',
    'Phê duyệt chính thức?',
  );
  return [{ kind: 'choices', text: lines.join('\n'), choices: confirmChoices('Xác nhận phê duyệt', 'fc', d.period.id, d.stamp), columns: 2, typeHint: HINT }];
}

/** Said before the fresh summary when a confirmation was pressed after the state changed. */
export const STALE_CONFIRMATION =
  '⚠️ Tình hình đã thay đổi từ khi anh/chị mở bản xác nhận này nên chưa thực hiện gì. Vui lòng xem bản mới dưới đây rồi xác nhận lại.';

export const CONFIRMATION_CANCELLED = 'Đã huỷ, chưa gửi gì. Anh/chị có thể làm lại khi sẵn sàng.';

/**
 * Each department's own article of the quarter (seed 000 II.3.b) as the summaries show it, with what "không" costs
 * under the unit's setting — the same data the dashboard's pages render; nothing when the rubric has no such condition.
 */
function articleLines(rows: readonly DepartmentArticleRow[] | null): string[] {
  if (!rows || rows.length === 0) return [];
  const lines = rows.map(({ departmentName, article: a }) => {
    const detail = a.state === 'met' && a.detail ? ` — ${a.detail}` : '';
    return `▸ ${departmentName}: ${a.label}${detail}${a.consequence ? ` — ${a.consequence}` : ''}`;
  });
  return [['Bài viết của phòng trong Quý:', ...lines].join('\n')];
}
