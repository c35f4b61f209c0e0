/**
 * One indicator as a question (issue 13, item 2): what it asks, its maximum, its completion date, the responsible
 * official, the evidence documents the seed requires (files named by the indicator's number, PDFs signed), what
 * was answered and why it was returned. Answer buttons reuse the self-assessment's (`criterionButtons`); a parts
 * indicator (dti.2–5) gets one button per valid combination, so "chaired but not held" is never offered.
 */
import { fmtPoints, pts, truncate } from '../../conversation/render/format.js';
import type { Choice, OutboundMessage } from '../../conversation/types.js';
import { criterionExpectation, criterionButtons, describeValue, typeHintOf } from '../self-assessment/question.js';
import { completionDate, windowMonths } from '../../org-index/org-calendar.js';
import type { OrgYear } from '../../org-index/org-year.js';
import { statusText } from '../../org-index/refusals.js';
import { maxOfCriterion } from '../../scoring/compiled.js';
import { levelChoicesFor, pointsFor } from '../../scoring/answer-points.js';
import type { Criterion } from '../../scoring/rubric-schema.js';
import type { AnswerValue } from '../../scoring/types.js';
import type { AnswerDialog } from './dialog.js';

/** A button of the question: key in the payload, value stored. */
export interface OiButton {
  key: string;
  label: string;
  value: AnswerValue;
}

export function answerButtons(year: OrgYear, criterion: Criterion): OiButton[] {
  if (criterion.kind === 'parts') {
    const out: OiButton[] = [];
    const n = criterion.parts.length;
    for (let mask = 0; mask < 1 << n && n <= 4; mask += 1) {
      const keys = criterion.parts.filter((_, i) => (mask >> i) & 1).map((p) => p.key);
      if (pointsFor(year.rubric, criterion, keys, { role: 'office' }) === null) continue;
      const label = keys.length === 0 ? 'Không' : criterion.parts.filter((p) => keys.includes(p.key)).map((p) => shortPart(p.label)).join(' + ');
      out.push({ key: `p${mask}`, label: `${truncate(label, 80)} (${pts(pointsFor(year.rubric, criterion, keys, { role: 'office' }) ?? 0)})`, value: keys });
    }
    return out;
  }
  return criterionButtons(criterion, levelChoicesFor(year.rubric, criterion)).map((b) => ({ key: b.key, label: b.label, value: b.value }));
}

function shortPart(label: string): string {
  return label.replace(/\s*\(.*\)\s*/g, ' ').trim();
}

export function describeOrgValue(year: OrgYear, criterion: Criterion, value: unknown): string {
  if (criterion.kind === 'monthly-quota' && Array.isArray(value)) return `${value.length}/${criterion.months} tháng có tin, bài`;
  return describeValue(criterion, value as AnswerValue, levelChoicesFor(year.rubric, criterion));
}

/** The month being asked of a monthly quota (dti.8), or null when the criterion is not one or all are answered. */
export function currentMonth(year: OrgYear, d: AnswerDialog): { key: string; label: string; position: number } | null {
  const months = windowMonths(year.calendar);
  const done = d.months ?? {};
  for (let i = 0; i < months.length; i += 1) {
    const m = months[i]!;
    const key = `${m.year}-${String(m.month).padStart(2, '0')}`;
    if (done[key] === undefined) return { key, label: `tháng ${m.month}/${m.year}`, position: i + 1 };
  }
  return null;
}

export function renderIndicator(year: OrgYear, d: AnswerDialog, evidenceCount: number, notice?: string): OutboundMessage {
  const criterionId = d.queue[d.index];
  const criterion = year.rubric.criteria.find((c) => c.id === criterionId);
  if (!criterion) throw new Error(`indicator ${criterionId} not in rubric`);
  const section = year.rubric.sections.find((s) => s.id === criterion.section);
  const max = maxOfCriterion(criterion);
  const lines: string[] = [];
  if (notice) lines.push(notice, '');
  lines.push(`Chỉ số ${criterion.id} (${d.index + 1}/${d.queue.length}) · ${section?.title ?? criterion.section}${max > 0 ? ` · tối đa ${pts(max)}` : ''}`);
  lines.push(criterion.title);
  lines.push(criterion.question);
  if (criterion.guidance) lines.push(`💡 ${criterion.guidance}`);
  lines.push(`📅 Hạn hoàn thành: ${vnDate(completionDate(year.calendar, criterion.id))}`);
  if (criterion.responsible) lines.push(`👤 Phụ trách: ${criterion.responsible}`);
  const ev = criterion.evidence;
  if (ev.documents.length > 0 || ev.policy !== 'none') {
    const need = ev.policy === 'required' ? 'bắt buộc' : ev.policy === 'optional' ? 'không bắt buộc' : 'không cần gửi';
    lines.push(`📎 Tài liệu kiểm chứng (${need}): ${ev.documents.join('; ') || 'không ghi'}`);
    if (ev.policy !== 'none') {
      lines.push(`   Gửi tệp hoặc đường liên kết ngay tại đây; tệp được đặt tên theo số chỉ số (${criterion.id} - …); văn bản PDF cần ký số.`);
      if (evidenceCount > 0) lines.push(`   Đã có ${evidenceCount} minh chứng.`);
    }
  }
  const answer = year.answers.get(criterion.id);
  if (answer?.status === 'returned') lines.push(`↩️ Bị trả lại: ${answer.reviewReason ?? ''}`);
  else if (answer && answer.value !== null) lines.push(`✔ Đã trả lời: ${describeOrgValue(year, criterion, answer.value)} (${statusText(answer.status)})`);
  const choices: Choice[] = [];
  let typeHint: string;
  if (criterion.kind === 'monthly-quota') {
    const month = currentMonth(year, d);
    if (month) {
      lines.push('', `Hỏi từng tháng (${month.position}/12): ${month.label} có bao nhiêu tin, bài? Gõ số tin, bài hoặc bấm nút.`);
      choices.push({ label: `✅ Có (ít nhất ${fmtPoints(criterion.perMonth)})`, payload: `oi:${d.nonce}:m:1` });
      choices.push({ label: '❌ Không có', payload: `oi:${d.nonce}:m:0` });
    }
    typeHint = 'Gõ số tin, bài của tháng (ví dụ 2), hoặc "có"/"không".';
  } else {
    for (const b of answerButtons(year, criterion)) choices.push({ label: b.label, payload: `oi:${d.nonce}:a:${b.key}` });
    typeHint = typeHintOf(criterionExpectation(criterion, levelChoicesFor(year.rubric, criterion)));
    if (criterion.kind === 'parts') typeHint = `Gõ các phần đạt (${criterion.parts.map((p) => p.key).join(', ')}), cách nhau bằng dấu phẩy, hoặc "không".`;
  }
  choices.push({ label: 'Bỏ qua ▶', payload: `oi:${d.nonce}:skip` });
  choices.push({ label: '✔ Xong', payload: `oi:${d.nonce}:done` });
  return { kind: 'choices', text: lines.join('\n'), choices, typeHint, columns: 2 };
}

/** `2024-10-31` → `31/10/2024`. */
export function vnDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}
