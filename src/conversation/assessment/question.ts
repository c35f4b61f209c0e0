/**
 * One criterion as a question: what it expects (for typed answers), its buttons, and how an answer reads back.
 * Button payloads: `q:<nonce>:<key>` for an answer, `n:<nonce>:<back|skip|review|ev>` for navigation.
 */
import type { Criterion } from '../../scoring/rubric-schema.js';
import { levelChoicesFor } from '../../scoring/score.js';
import type { AnswerValue } from '../../scoring/types.js';
import type { AnswerExpectation } from '../parse-answer.js';
import { fmtPoints, pts, truncate } from '../render/format.js';
import type { Choice, OutboundMessage } from '../types.js';
import type { Session } from './session.js';

/** An answer button: `key` goes in the payload, `value` is what gets stored. */
interface AnswerButton {
  key: string;
  label: string;
  value: AnswerValue;
  /** Full text listed in the question body (levels). */
  detail?: string;
}

export function expectationFor(session: Session, criterion: Criterion): AnswerExpectation {
  switch (criterion.kind) {
    case 'levels':
      return { kind: 'choice', keys: levelChoices(session, criterion).map((c) => c.key) };
    case 'pass-fail':
      return { kind: 'pass-fail' };
    case 'bonus':
      return { kind: 'yes-no' };
    case 'condition':
      return criterion.test.type === 'pass-fail' ? { kind: 'pass-fail' } : { kind: 'number', min: 0, integer: true };
    case 'count':
    case 'penalty':
    case 'monthly-quota':
      return { kind: 'number', min: 0, integer: true };
    case 'rate':
      return { kind: 'number', min: 0, max: 100, integer: false };
    case 'parts':
      return { kind: 'parts', keys: criterion.parts.map((p) => p.key) };
    case 'info':
      return { kind: 'text' };
  }
}

export function answerButtons(session: Session, criterion: Criterion): AnswerButton[] {
  switch (criterion.kind) {
    case 'levels':
      return levelChoices(session, criterion).map((c) => ({
        key: c.key,
        label: `${c.key}) ${pts(c.points)}`,
        value: c.key,
        detail: `${c.key}) ${c.label} — ${pts(c.points)}`,
      }));
    case 'pass-fail':
      return [
        { key: 'pass', label: '✅ Đạt', value: 'pass' },
        { key: 'fail', label: '❌ Chưa đạt', value: 'fail' },
      ];
    case 'condition':
      return criterion.test.type === 'pass-fail'
        ? [
            { key: 'pass', label: '✅ Có', value: 'pass' },
            { key: 'fail', label: '❌ Không', value: 'fail' },
          ]
        : [];
    case 'bonus':
      return [
        { key: 'y', label: `✅ Có (+${fmtPoints(criterion.points)}đ)`, value: true },
        { key: 'n', label: '❌ Không', value: false },
      ];
    default:
      return [];
  }
}

/** The stored value of an answer button key, or undefined when the key is not one of this question's. */
export function valueOfButton(session: Session, criterion: Criterion, key: string): AnswerValue | undefined {
  return answerButtons(session, criterion).find((b) => b.key === key)?.value;
}

export function renderQuestion(
  session: Session,
  index: number,
  nonce: string,
  options: { evidenceCount: number; notice?: string },
): OutboundMessage {
  const criterion = session.criteria[index];
  if (!criterion) throw new Error(`criterion index ${index} out of range`);
  const section = session.rubric.sections.find((s) => s.id === criterion.section);
  const lines: string[] = [];
  if (options.notice) lines.push(options.notice, '');
  const cap = section?.cap ? ` (${pts(section.cap)})` : '';
  lines.push(`Câu ${index + 1}/${session.criteria.length} · ${section?.title ?? criterion.section}${cap}`);
  lines.push(`${criterion.title}${maxOf(criterion)}`);
  lines.push(criterion.question);
  if (criterion.guidance) lines.push(`💡 ${criterion.guidance}`);
  const buttons = answerButtons(session, criterion);
  for (const b of buttons) if (b.detail) lines.push(b.detail);
  const ev = criterion.evidence;
  if (ev.policy !== 'none') {
    const what = ev.documents.length > 0 ? `: ${ev.documents.join('; ')}` : '';
    const need = ev.policy === 'required' ? 'bắt buộc' : 'không bắt buộc';
    lines.push(`📎 Minh chứng (${need})${what}${options.evidenceCount > 0 ? ` — đã có ${options.evidenceCount}` : ''}`);
  }
  const current = session.answers.get(criterion.id);
  if (current) lines.push(`✔ Đang chọn: ${describeAnswer(session, criterion, current.value)}`);
  const choices: Choice[] = buttons.map((b) => ({ label: b.label, payload: `q:${nonce}:${b.key}` }));
  if (index > 0) choices.push({ label: '◀ Câu trước', payload: `n:${nonce}:back` });
  choices.push({ label: 'Bỏ qua ▶', payload: `n:${nonce}:skip` });
  choices.push({ label: '📋 Xem lại', payload: `n:${nonce}:review` });
  if (ev.policy !== 'none') choices.push({ label: '📎 Minh chứng', payload: `n:${nonce}:ev` });
  return {
    kind: 'choices',
    text: lines.join('\n'),
    choices,
    typeHint: typeHintFor(session, criterion),
    columns: buttons.length > 0 && buttons.length <= 4 ? buttons.length : 4,
  };
}

/** How an answer reads back: `b) 5đ`, `Đạt`, `3 bài`. */
export function describeAnswer(session: Session, criterion: Criterion, value: AnswerValue): string {
  switch (criterion.kind) {
    case 'levels': {
      const choice = levelChoices(session, criterion).find((c) => c.key === value);
      return choice ? `${choice.key}) ${pts(choice.points)}` : String(value);
    }
    case 'pass-fail':
      return value === 'pass' ? 'Đạt' : 'Chưa đạt';
    case 'condition':
      if (criterion.test.type === 'pass-fail') return value === 'pass' ? 'Có' : 'Không';
      return `${fmtPoints(Number(value))} ${criterion.test.unit}`;
    case 'bonus':
      return value === true ? `Có (+${pts(criterion.points)})` : 'Không';
    case 'count':
      return `${fmtPoints(Number(value))} ${criterion.unit}`;
    case 'rate':
      return `${fmtPoints(Number(value))}%`;
    case 'penalty':
    case 'monthly-quota':
      return fmtPoints(Number(value));
    case 'parts': {
      const keys = Array.isArray(value) ? value : [];
      return keys.length === 0 ? 'Không' : criterion.parts.filter((p) => keys.includes(p.key)).map((p) => p.label).join(', ');
    }
    case 'info':
      return truncate(String(value), 60);
  }
}

/** What to type when the client shows no buttons. */
export function typeHintFor(session: Session, criterion: Criterion): string {
  const nav = 'Gõ "bỏ qua", "quay lại" hoặc "xem lại" để di chuyển.';
  const expect = expectationFor(session, criterion);
  switch (expect.kind) {
    case 'choice':
      return `Gõ mức (${expect.keys.join(', ')}) hoặc số thứ tự. ${nav}`;
    case 'pass-fail':
      return `Gõ "đạt" hoặc "chưa đạt" (hoặc "có"/"không"). ${nav}`;
    case 'yes-no':
      return `Gõ "có" hoặc "không". ${nav}`;
    case 'number':
      return `Gõ một số${expect.integer ? ' nguyên' : ''}, ví dụ 2. ${nav}`;
    case 'parts':
      return `Gõ các phần đạt (${expect.keys.join(', ')}), cách nhau bằng dấu phẩy, hoặc "không". ${nav}`;
    case 'text':
      return `Gõ câu trả lời. ${nav}`;
  }
}

function levelChoices(session: Session, criterion: Criterion) {
  return levelChoicesFor(session.rubric, criterion, session.scoreCtx.departmentName ?? null);
}

function maxOf(criterion: Criterion): string {
  if ('max' in criterion && typeof criterion.max === 'number') return ` · tối đa ${pts(criterion.max)}`;
  if (criterion.kind === 'bonus') return ` · thưởng +${pts(criterion.points)}`;
  if (criterion.kind === 'pass-fail' && criterion.points > 0) return ` · ${pts(criterion.points)}`;
  return '';
}
