/**
 * Vietnamese messages of the review of one submission: the head's prompt (who, total and band, what changed,
 * four buttons), the details view (every answer with its evidence), and the notices the person receives.
 * Short lines, readable on a phone.
 */
import type { PromptInput, PromptNote } from '../../approval/prompt-input.js';
import type { SubmissionDetails } from '../../approval/review-queries.js';
import { cleanFileName } from '../../conversation/clean-file-name.js';
import { fmtPeriod, pts, truncate } from '../../conversation/render/format.js';
import { citizenLine, criterionTitle, titleLabel } from '../../conversation/render/pass-fail.js';
import type { Choice, OutboundMessage } from '../../conversation/types.js';
import { criterionById } from '../../scoring/compiled.js';
import type { Criterion, Rubric } from '../../scoring/rubric-schema.js';
import { levelChoicesFor } from '../../scoring/answer-points.js';
import type { AnswerValue, PassFailResult, ScoreResult } from '../../scoring/types.js';
import { payload } from './payloads.js';

export type { AnswerChange, PromptInput } from '../../approval/prompt-input.js';

/** The period as people say it: `Quý IV/2026`. */
export function periodLabel(p: { year: number; quarter: number }): string {
  return fmtPeriod(p.year, p.quarter);
}

/**
 * `Câu 9. Hiểu biết về công nghệ số`: the criterion as the person met it in the chat, numbered by its place in
 * `questions` (the list the person answers, `criteriaFor`, the chat's "Câu 9/20"); the title alone when that list
 * is unknown (null) or lacks it. Never the rubric code: codes repeat across sections and mean nothing to a head.
 */
export function criterionLabel(c: Criterion, questions: readonly Criterion[] | null, max = 48): string {
  const index = questions ? questions.findIndex((q) => q.id === c.id) : -1;
  return truncate(index >= 0 ? `Câu ${index + 1}. ${c.title}` : c.title, max);
}

/** A value as a person reads it: `c (10đ)`, `Đạt`, `Có`, `3`. */
export function valueLabel(rubric: Rubric, c: Criterion, value: AnswerValue, departmentName: string | null): string {
  switch (c.kind) {
    case 'levels': {
      const choice = levelChoicesFor(rubric, c, departmentName).find((ch) => ch.key === value);
      return choice ? `mức ${choice.key} (${pts(choice.points)})` : String(value);
    }
    case 'pass-fail':
      return value === 'pass' ? 'Đạt' : 'Chưa đạt';
    case 'condition':
      if (c.test.type === 'pass-fail') return value === 'pass' ? 'Có' : 'Không';
      return `${String(value)} ${c.test.unit}`;
    case 'bonus':
      return value === true ? 'Có' : 'Không';
    case 'count':
      return `${String(value)} ${c.unit}`;
    case 'rate':
      return `${String(value)}%`;
    case 'parts': {
      const keys = Array.isArray(value) ? value : [];
      return keys.length === 0 ? 'Không' : c.parts.filter((p) => keys.includes(p.key)).map((p) => p.label).join(', ');
    }
    default:
      return Array.isArray(value) ? value.join(', ') : String(value);
  }
}

/**
 * `75đ — Chiến binh số tiêu biểu`, or the reason it is not classified; for people not ranked by points
 * (laborers), `Công dân số: Đạt (8/8 tiêu chí)` / `Công dân số: Chưa đạt (thiếu: <short title>)`. Pass the rubric
 * so criteria not met are named by title (people do not know the codes); without it they show as codes.
 */
export function totalLine(
  score: Pick<ScoreResult, 'total' | 'bandLabel' | 'classified' | 'reasons'> & { passFail?: PassFailResult | null },
  rubric?: Pick<Rubric, 'criteria'>,
): string {
  if (score.passFail) return citizenLine(score.passFail, rubric ? titleLabel(rubric) : undefined);
  if (score.classified && score.bandLabel) return `${pts(score.total)} — ${score.bandLabel}`;
  const why = score.reasons[0]?.message;
  return `${pts(score.total)} — không xếp loại${why ? ` (${truncate(why, 80)})` : ''}`;
}

/** `Tổng: 75đ — …` for points, `Kết quả: Công dân số: Đạt …` for people not ranked by points. */
export function resultLine(score: Parameters<typeof totalLine>[0], heading = 'Tổng', rubric?: Pick<Rubric, 'criteria'>): string {
  return `${score.passFail ? 'Kết quả' : heading}: ${totalLine(score, rubric)}`;
}

const HEADINGS: Record<PromptInput['kind'], string> = {
  submitted: 'đã nộp bản tự đánh giá',
  resubmitted: 'đã sửa và nộp lại bản tự đánh giá',
  'changed-after-submit': 'đã sửa bản tự đánh giá đang chờ duyệt',
  pending: '— bản tự đánh giá chờ duyệt',
  adjusted: '— bản tự đánh giá sau điều chỉnh',
};

/** The approval prompt: who, the total and band, what changed since last time, and the four buttons. */
export function promptMessage(input: PromptInput): OutboundMessage {
  const lines = [
    `📝 ${input.personName}${input.departmentName ? ` (${input.departmentName})` : ''} ${HEADINGS[input.kind]} ${periodLabel(input.period)}${input.late ? ' — NỘP MUỘN' : ''}.`,
    resultLine(input.score, 'Tổng', input.rubric),
  ];
  if (input.adjusted.length > 0) lines.push(`Đã điều chỉnh: ${input.adjusted.map((id) => criterionTitle(input.rubric, id)).join('; ')}`);
  if (input.changes.length > 0) {
    lines.push('Thay đổi so với lần trước:');
    for (const ch of input.changes.slice(0, MAX_CHANGES_SHOWN)) {
      const c = criterionById(input.rubric, ch.criterionId);
      if (!c) continue;
      const before = ch.before === null ? '—' : valueLabel(input.rubric, c, ch.before, input.departmentName);
      const after = ch.after === null ? '—' : valueLabel(input.rubric, c, ch.after, input.departmentName);
      lines.push(`• ${criterionLabel(c, input.questions, 40)}: ${before} → ${after}`);
    }
    if (input.changes.length > MAX_CHANGES_SHOWN) lines.push(`• … và ${input.changes.length - MAX_CHANGES_SHOWN} thay đổi khác`);
  } else if (input.kind === 'resubmitted') {
    lines.push(
      input.evidenceChanges.length > 0
        ? 'Câu trả lời không thay đổi so với lần trước; đã bổ sung minh chứng.'
        : 'Không có câu trả lời hay minh chứng nào thay đổi so với lần trước.',
    );
  }
  if (input.evidenceChanges.length > 0) {
    lines.push('Minh chứng bổ sung sau khi trả lại:');
    for (const ev of input.evidenceChanges.slice(0, MAX_CHANGES_SHOWN)) {
      const c = criterionById(input.rubric, ev.criterionId);
      lines.push(`• ${c ? criterionLabel(c, input.questions, 40) : shortCode(ev.criterionId)}: thêm ${ev.added} minh chứng`);
    }
    if (input.evidenceChanges.length > MAX_CHANGES_SHOWN) lines.push(`• … và ${input.evidenceChanges.length - MAX_CHANGES_SHOWN} câu khác`);
    lines.push('Bấm 🔎 Xem chi tiết để mở minh chứng.');
  }
  lines.push(...(input.notes ?? []).map(noteText));
  return {
    kind: 'choices',
    text: lines.join('\n'),
    choices: reviewChoices(input.submissionId, input.revision),
    columns: 2,
    typeHint: 'Gõ /duyet để xem lại danh sách chờ duyệt.',
    persistent: true,
  };
}

const MAX_CHANGES_SHOWN = 8;

function noteText(note: PromptNote): string {
  switch (note.type) {
    case 'list-reopened':
      return (
        `ℹ️ Văn phòng đã tiếp nhận danh sách ${note.departmentName} trước khi bản này được nộp; danh sách đã tự động chuyển lại ` +
        'trạng thái "đã gửi" để anh/chị duyệt. Sau khi duyệt, Văn phòng sẽ tiếp nhận lại danh sách.'
      );
  }
}

function reviewChoices(submissionId: number, revision: number, withDetails = true): Choice[] {
  return [
    { label: '✅ Duyệt', payload: payload('a', submissionId, revision) },
    { label: '✏️ Điều chỉnh', payload: payload('j', submissionId, revision) },
    { label: '↩️ Trả lại', payload: payload('r', submissionId, revision) },
    ...(withDetails ? [{ label: '🔎 Xem chi tiết', payload: payload('v', submissionId) }] : []),
  ];
}

/** `cbs.I.2` → `I.2`. */
export function shortCode(criterionId: string): string {
  return criterionId.replace(/^[a-z]+\./i, '');
}

/**
 * The details view: each answer (with the adjustment, if any) and its evidence links and files. While the
 * submission waits for review, the text carries the review actions (a lasting card: the reviewer reads, opens the
 * files sent after it, then decides without scrolling back to the prompt).
 */
export function detailMessages(input: SubmissionDetails): OutboundMessage[] {
  const rowsById = new Map(input.rows.map((r) => [r.criterionId, r]));
  const lines = [`🔎 ${input.personName} — ${periodLabel(input.period)}`, resultLine(input.score, 'Tổng', input.rubric)];
  const files: OutboundMessage[] = [];
  for (const c of input.criteria) {
    const row = rowsById.get(c.id);
    if (!row) {
      lines.push(`• ${criterionLabel(c, input.criteria, 44)}: chưa trả lời`);
      continue;
    }
    let line = `• ${criterionLabel(c, input.criteria, 44)}: ${valueLabel(input.rubric, c, row.value, input.departmentName)}`;
    if (row.reviewedValue !== null) {
      line += ` → ${valueLabel(input.rubric, c, row.reviewedValue, input.departmentName)} (điều chỉnh${row.reviewReason ? `: ${row.reviewReason}` : ''})`;
    }
    lines.push(line);
    for (const e of input.evidence.filter((x) => x.criterionId === c.id)) {
      if (e.kind === 'link' && e.url) lines.push(`   🔗 ${e.url}`);
      if (e.kind === 'file' && e.filePath) {
        // Names stored before issue 18 may hold line breaks that would fake lines in this view.
        const name = cleanFileName(e.originalName ?? '') || cleanFileName(e.filePath.split('/').pop() ?? '') || 'tệp';
        lines.push(`   📎 ${name}`);
        if (files.length < MAX_FILES_SENT) files.push({ kind: 'file', path: e.filePath, name, caption: `${criterionTitle(input.rubric, c.id)} — ${name}` });
      }
    }
  }
  const text = lines.join('\n');
  const head: OutboundMessage =
    input.status === 'submitted'
      ? { kind: 'choices', text, choices: reviewChoices(input.submissionId, input.revision, false), columns: 3, persistent: true }
      : { kind: 'text', text };
  return [head, ...files];
}

const MAX_FILES_SENT = 10;
