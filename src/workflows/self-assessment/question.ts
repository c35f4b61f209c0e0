/**
 * One criterion as a question: what it expects (for typed answers), its buttons, and how an answer reads back.
 * Button payloads: `q:<nonce>:<key>` for an answer, `n:<nonce>:<back|skip|review|ev>` for navigation.
 */
import type { Criterion } from '../../scoring/rubric-schema.js';
import { articleWindowLine, isSixMonthArticleCount } from '../../scoring/period-calendar.js';
import { levelChoicesFor } from '../../scoring/answer-points.js';
import type { AnswerValue, LevelChoice } from '../../scoring/types.js';
import type { AnswerExpectation } from '../../conversation/parse-answer.js';
import { fmtPoints, pts, truncate } from '../../conversation/render/format.js';
import type { Choice, OutboundMessage } from '../../conversation/types.js';
import type { Session } from './session.js';

/** An answer button: `key` goes in the payload, `value` is what gets stored. */
export interface AnswerButton {
  key: string;
  label: string;
  value: AnswerValue;
  /** Full text listed in the question body (levels). */
  detail?: string;
}

export function expectationFor(session: Session, criterion: Criterion): AnswerExpectation {
  return templateOf(session, criterion).expectation;
}

function expectationOf(session: Session, criterion: Criterion): AnswerExpectation {
  return criterionExpectation(criterion, criterion.kind === 'levels' ? levelChoices(session, criterion) : []);
}

/**
 * What a criterion expects of a typed answer, given its level choices (empty for other kinds). Shared with the
 * organisation index (`src/workflows/org-index/`), which asks indicators the same way.
 */
export function criterionExpectation(criterion: Criterion, choices: readonly LevelChoice[]): AnswerExpectation {
  switch (criterion.kind) {
    case 'levels': {
      // Points and texts let a typed `3` on a 0/3/7/10 criterion be asked about, and `giỏi` find its level.
      return { kind: 'choice', keys: choices.map((c) => c.key), points: choices.map((c) => c.points), labels: choices.map((c) => c.label) };
    }
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

function buttonsOf(session: Session, criterion: Criterion): AnswerButton[] {
  return criterionButtons(criterion, criterion.kind === 'levels' ? levelChoices(session, criterion) : []);
}

/** The answer buttons of a criterion (levels, pass/fail, yes/no); none for typed kinds. Shared with the org index. */
export function criterionButtons(criterion: Criterion, choices: readonly LevelChoice[]): AnswerButton[] {
  switch (criterion.kind) {
    case 'levels':
      return choices.map((c) => ({
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
  for (const b of templateOf(session, criterion).buttons) if (b.key === key) return b.value;
  return undefined;
}

/**
 * What a question looks like apart from the person's own data (notice, evidence count, current answer, nonce):
 * it depends only on the criteria list (the rubric, the role and the department's sub-levels) and the position.
 */
interface QuestionTemplate {
  expectation: AnswerExpectation;
  buttons: readonly AnswerButton[];
  /** Progress line, section, title, question, guidance and the levels, joined. */
  body: string;
  /** The evidence line without its count, or null when the criterion takes no evidence. */
  evidence: string | null;
  typeHint: string;
}

/**
 * Templates by criteria list (the session's list comes from a per-rubric cache, so one list per role and
 * department) and criterion id. Why: a question is rendered on almost every event, and building these lines
 * and buttons again each time was the largest share of the engine's allocations.
 */
const templates = new WeakMap<readonly Criterion[], Map<string, QuestionTemplate>>();

function templateOf(session: Session, criterion: Criterion): QuestionTemplate {
  let byId = templates.get(session.criteria);
  if (!byId) {
    byId = new Map();
    templates.set(session.criteria, byId);
  }
  let t = byId.get(criterion.id);
  if (!t) {
    t = buildTemplate(session, criterion);
    byId.set(criterion.id, t);
  }
  return t;
}

function buildTemplate(session: Session, criterion: Criterion): QuestionTemplate {
  const index = session.criteria.indexOf(criterion);
  const section = session.rubric.sections.find((s) => s.id === criterion.section);
  const cap = section?.cap ? ` (${pts(section.cap)})` : '';
  const buttons = Object.freeze(buttonsOf(session, criterion));
  const lines: string[] = [];
  // A criterion outside the list (never in practice) gets no progress line rather than a wrong one.
  if (index >= 0) lines.push(`Câu ${index + 1}/${session.criteria.length} · ${section?.title ?? criterion.section}${cap}`);
  if (session.optional.has(criterion.id)) lines.push(OPTIONAL_NOTE);
  lines.push(`${criterion.title}${maxOf(criterion)}`);
  lines.push(criterion.question);
  if (criterion.guidance) lines.push(`💡 ${criterion.guidance}`);
  for (const b of buttons) if (b.detail) lines.push(b.detail);
  const ev = criterion.evidence;
  let evidence: string | null = null;
  if (ev.policy !== 'none') {
    const what = ev.documents.length > 0 ? `: ${ev.documents.join('; ')}` : '';
    const need = ev.policy === 'required' ? 'bắt buộc' : 'không bắt buộc';
    evidence = `📎 Minh chứng (${need})${what}`;
  }
  const expectation = expectationOf(session, criterion);
  return { expectation, buttons, body: lines.join('\n'), evidence, typeHint: typeHintOf(expectation) };
}

export function renderQuestion(
  session: Session,
  index: number,
  nonce: string,
  options: { evidenceCount: number; notice?: string },
): OutboundMessage {
  const criterion = session.criteria[index];
  if (!criterion) throw new Error(`criterion index ${index} out of range`);
  const t = templateOf(session, criterion);
  let text = options.notice ? `${options.notice}\n\n${t.body}` : t.body;
  // Seed 000 "Ít nhất 1 bài/6 tháng": the dates the count covers under the unit's `articleWindow` (issue 17 item 12).
  if (isSixMonthArticleCount(criterion)) {
    const window = articleWindowLine(session.period, session.scoreCtx.settings?.articleWindow ?? 'last-6-months');
    if (window) text += `\n${window}`;
  }
  if (t.evidence !== null) text += options.evidenceCount > 0 ? `\n${t.evidence} — đã có ${options.evidenceCount}` : `\n${t.evidence}`;
  const current = session.answers.get(criterion.id);
  if (current) text += `\n✔ Đang chọn: ${describeAnswer(session, criterion, current.value)}`;
  const choices: Choice[] = [];
  for (const b of t.buttons) choices.push({ label: b.label, payload: `q:${nonce}:${b.key}` });
  if (index > 0) choices.push({ label: '◀ Câu trước', payload: `n:${nonce}:back` });
  choices.push({ label: 'Bỏ qua ▶', payload: `n:${nonce}:skip` });
  choices.push({ label: '📋 Xem lại', payload: `n:${nonce}:review` });
  if (t.evidence !== null) choices.push({ label: '📎 Minh chứng', payload: `n:${nonce}:ev` });
  const n = t.buttons.length;
  return { kind: 'choices', text, choices, typeHint: t.typeHint, columns: n > 0 && n <= 4 ? n : 4 };
}

/** How an answer reads back: `b) 5đ`, `Đạt`, `3 bài`. */
export function describeAnswer(session: Session, criterion: Criterion, value: AnswerValue): string {
  return describeValue(criterion, value, criterion.kind === 'levels' ? levelChoices(session, criterion) : []);
}

/** How a value reads back for a criterion, given its level choices. Shared with the org index. */
export function describeValue(criterion: Criterion, value: AnswerValue, choices: readonly LevelChoice[]): string {
  switch (criterion.kind) {
    case 'levels': {
      const choice = choices.find((c) => c.key === value);
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
  return templateOf(session, criterion).typeHint;
}

/** What to type for an expectation when the client shows no buttons. Shared with the org index. */
export function typeHintOf(expect: AnswerExpectation): string {
  const nav = 'Gõ "bỏ qua", "quay lại" hoặc "xem lại" để di chuyển.';
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

/** Shown on a question the person may skip (a laborer's Chiến binh số part, when the unit accepts it). */
export const OPTIONAL_NOTE =
  '🔸 Câu tự nguyện: người lao động chỉ bắt buộc nhóm Công dân số. Nếu anh/chị trả lời nhóm Chiến binh số thì cần trả lời đủ các câu của nhóm này và được xếp loại, xếp hạng như công chức, viên chức; không muốn thì bấm "Bỏ qua".';

function levelChoices(session: Session, criterion: Criterion) {
  return levelChoicesFor(session.rubric, criterion, session.scoreCtx.departmentName ?? null, session.scoreCtx.settings);
}

function maxOf(criterion: Criterion): string {
  if ('max' in criterion && typeof criterion.max === 'number') return ` · tối đa ${pts(criterion.max)}`;
  if (criterion.kind === 'bonus') return ` · thưởng +${pts(criterion.points)}`;
  if (criterion.kind === 'pass-fail' && criterion.points > 0) return ` · ${pts(criterion.points)}`;
  return '';
}
