/**
 * Typed answers, parsed without buttons: some clients (Zalo desktop, plain web views) show no buttons, so every
 * question can be answered by typing. Pure functions, no I/O; results are unions, never exceptions.
 *
 * `parseTypedAnswer` is the full reading of what is typed while a question is open (a level's code before "go to
 * question N", an ambiguous number or level word returned as `ambiguous` with every reading so the caller can ask);
 * `parseAnswer` is the older, narrower result: the same readings, with `ambiguous` reported as a failure.
 */
import { fmtPoints, pts, truncate } from './render/format.js';

/** What the current question expects. */
export type AnswerExpectation =
  /**
   * Lettered levels (`a`, `b`, `b.2`): by key, by position (`2` = the 2nd choice), by points (`7đ`, or `7` when no
   * position says otherwise) when `points` are given, and by words of the level's text when `labels` are given.
   * `points` and `labels` run parallel to `keys`.
   */
  | { kind: 'choice'; keys: string[]; points?: number[]; labels?: string[] }
  /** Đạt / Chưa đạt. */
  | { kind: 'pass-fail' }
  /** Có / Không (bonus). */
  | { kind: 'yes-no' }
  /** A number ≥ min (≤ max when given); integer when `integer`. */
  | { kind: 'number'; min: number; max?: number; integer: boolean }
  /** Several part keys, or none (`không`). */
  | { kind: 'parts'; keys: string[] }
  /** Free text (information-only criteria). */
  | { kind: 'text' };

export type ParsedAnswer =
  | { status: 'success'; value: string | number | boolean | string[] }
  /** `ambiguous-choice`: several levels fit (see `parseTypedAnswer`, which lists them). */
  | { status: 'fail'; reason: 'unrecognised' | 'ambiguous-level' | 'ambiguous-choice' | 'out-of-range' | 'not-integer' };

/** One level a typed answer may mean, and why: its position in the list, its points, or words of its text. */
export interface AnswerReading {
  key: string;
  by: 'position' | 'points' | 'words';
  /** The level's points, when the expectation lists them. */
  points?: number;
  /** The level's text, when the expectation lists it. */
  label?: string;
}

/**
 * What was typed while a question is open: an answer, a failure, several readings to choose from (`3` on a
 * 0/3/7/10 criterion is both the 3rd level and the 3-point level; `khá` may fit two levels), or "go to question N"
 * (`c5`, `câu 5`) when the text is not a level's code.
 */
export type TypedAnswer =
  | ParsedAnswer
  | { status: 'ambiguous'; readings: AnswerReading[] }
  | { status: 'jump'; question: number };

/** `câu 5`, `cau5`, `c 5`, `c5`: go to question 5 — unless the open question has a level with that code. */
const JUMP = /^(?:cau|c)\s*(\d{1,3})$/;

/** Lower case, diacritics removed (đ → d), spaces collapsed: `"Chưa Đạt "` → `"chua dat"`. */
/** Printable ASCII with single inner spaces, no leading or trailing space: fold would only lower-case it. */
const PLAIN = /^[!-~]+(?: [!-~]+)*$/;

export function fold(input: string): string {
  // Most typed answers are short plain ASCII ("b", "dat", "2"): lower-case them without normalising.
  if (PLAIN.test(input)) return input.toLowerCase();
  return input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const YES = new Set(['dat', 'co', 'x', 'yes', 'y', 'ok', 'roi', 'da dat', 'co dat', 'pass', 'true', 'dung', 'v']);
const NO = new Set([
  'chua dat',
  'khong dat',
  'khong',
  'ko',
  'k',
  'chua',
  'no',
  'n',
  'fail',
  'false',
  'khong co',
  'chua co',
  'sai',
]);

/**
 * Reads what was typed while a question is open. A level's code (`c2` for the level c.2) always means the level;
 * `c2` on a question without that level is "go to question 2". Numbers and level words that fit several levels
 * come back as `ambiguous` with every reading (see `ambiguityPrompt` for the question to ask).
 */
export function parseTypedAnswer(input: string, expect: AnswerExpectation): TypedAnswer {
  const folded = fold(input);
  const jump = JUMP.exec(folded);
  if (!jump) return readAnswer(input, expect);
  const code =
    expect.kind === 'choice' ? levelCode(choiceText(folded), expect.keys) : expect.kind === 'parts' && expect.keys.includes(folded) ? folded : undefined;
  return code === undefined ? { status: 'jump', question: Number(jump[1]) } : { status: 'success', value: code };
}

/**
 * The question to ask back for an `ambiguous` result: each reading with its code, text and points, and why it
 * fits, then how to choose. For `3` on a 0/3/7/10 criterion:
 * `"3" có thể hiểu theo 2 cách:` / `• c) … — 7đ (lựa chọn thứ 3 trong danh sách)` / `• b) … — 3đ (mức 3 điểm)` /
 * `Anh/chị chọn mức nào? Bấm nút hoặc gõ "c" hoặc "b".`
 */
export function ambiguityPrompt(input: string, readings: readonly AnswerReading[]): string {
  const typed = input.trim();
  const lines = readings.map((r) => {
    const label = r.label ? ` ${truncate(r.label, 60)}` : '';
    const points = r.points === undefined ? '' : ` — ${pts(r.points)}`;
    const why = r.by === 'position' ? ` (lựa chọn thứ ${typed} trong danh sách)` : r.by === 'points' ? ` (mức ${fmtPoints(r.points ?? 0)} điểm)` : '';
    return `• ${r.key})${label}${points}${why}`;
  });
  const keys = readings.map((r) => `"${r.key}"`).join(' hoặc ');
  return `"${typed}" có thể hiểu theo ${readings.length} cách:\n${lines.join('\n')}\nAnh/chị chọn mức nào? Bấm nút hoặc gõ ${keys}.`;
}

/** Parses a typed answer against what the question expects (several fitting levels: `ambiguous-choice`). */
export function parseAnswer(input: string, expect: AnswerExpectation): ParsedAnswer {
  const read = readAnswer(input, expect);
  return read.status === 'ambiguous' ? { status: 'fail', reason: 'ambiguous-choice' } : read;
}

function readAnswer(input: string, expect: AnswerExpectation): ParsedAnswer | { status: 'ambiguous'; readings: AnswerReading[] } {
  const text = fold(input).replace(/[.!]+$/, '');
  switch (expect.kind) {
    case 'choice':
      return parseChoice(text, expect);
    case 'pass-fail':
    case 'yes-no': {
      const yn = parseYesNo(text);
      if (yn === null) return { status: 'fail', reason: 'unrecognised' };
      if (expect.kind === 'yes-no') return { status: 'success', value: yn };
      return { status: 'success', value: yn ? 'pass' : 'fail' };
    }
    case 'number':
      return parseNumberAnswer(text, expect);
    case 'parts':
      return parseParts(text, expect.keys);
    case 'text':
      return input.trim() === '' ? { status: 'fail', reason: 'unrecognised' } : { status: 'success', value: input.trim() };
  }
}

/** `có`/`đạt`/`1` → true, `không`/`chưa đạt`/`2` → false (positions follow the buttons: Đạt, Chưa đạt). */
export function parseYesNo(folded: string): boolean | null {
  const t = folded.replace(/[)\].:]+$/, '').trim();
  if (YES.has(t) || t === '1' || t === 'a') return true;
  if (NO.has(t) || t === '2' || t === 'b' || t === '0') return false;
  return null;
}

/** Parses a number typed the Vietnamese way (`2,5`) or the English way (`2.5`); null when not a number. */
export function parseNumber(folded: string): number | null {
  const t = folded.replace(/\s+/g, '').replace(/(bai|lan|%)$/, '');
  if (!/^-?\d+([.,]\d+)?$/.test(t)) return null;
  return Number(t.replace(',', '.'));
}

function parseChoice(
  text: string,
  expect: Extract<AnswerExpectation, { kind: 'choice' }>,
): ParsedAnswer | { status: 'ambiguous'; readings: AnswerReading[] } {
  const { keys } = expect;
  const t = choiceText(text);
  const code = levelCode(t, keys);
  if (code !== undefined) return { status: 'success', value: code };
  const number = /^(\d+(?:[.,]\d+)?)\s*(d|diem)?$/.exec(t);
  if (number) return choiceByNumber(Number((number[1] ?? '').replace(',', '.')), Boolean(number[2]), expect);
  if (/^[a-z]$/.test(t) && keys.some((k) => k.startsWith(`${t}.`))) {
    return { status: 'fail', reason: 'ambiguous-level' };
  }
  return choiceByWords(t, expect);
}

/** `b)`, `B.`, `(b)` → `b`: the brackets and dots people type around a choice. */
function choiceText(folded: string): string {
  return folded.replace(/^[([]/, '').replace(/[)\]:]+$/, '').replace(/\.$/, '').trim();
}

/** The level whose code this is: `b` exactly, or a sub-level typed `b.2`, `b2`, `b 2` or `b-2`. */
function levelCode(t: string, keys: readonly string[]): string | undefined {
  if (keys.includes(t)) return t;
  const sub = /^([a-z])\s*[.\s-]?\s*(\d+)$/.exec(t);
  const key = sub ? `${sub[1]}.${sub[2]}` : undefined;
  return key !== undefined && keys.includes(key) ? key : undefined;
}

/**
 * `3`: the 3rd level, or the level worth 3 points (when `points` are known); one answer when both readings agree
 * or only one exists, else every reading. `3đ` / `3 điểm` is read as points only.
 */
function choiceByNumber(
  n: number,
  pointsOnly: boolean,
  expect: Extract<AnswerExpectation, { kind: 'choice' }>,
): ParsedAnswer | { status: 'ambiguous'; readings: AnswerReading[] } {
  const { keys, points } = expect;
  const readings: AnswerReading[] = [];
  const position = !pointsOnly && Number.isInteger(n) ? keys[n - 1] : undefined;
  if (position !== undefined) readings.push(reading(expect, keys.indexOf(position), 'position'));
  keys.forEach((key, i) => {
    if (points?.[i] === n && key !== position) readings.push(reading(expect, i, 'points'));
  });
  const [only] = readings;
  if (!only) return { status: 'fail', reason: pointsOnly && !points ? 'unrecognised' : 'out-of-range' };
  return readings.length === 1 ? { status: 'success', value: only.key } : { status: 'ambiguous', readings };
}

/**
 * Level words: the level's whole text, its first words (`không tham gia`), or words found in one level's text only
 * (`giỏi`, `khá`, `trung bình`), with or without diacritics. At least 3 letters; words in every level say nothing.
 */
function choiceByWords(
  text: string,
  expect: Extract<AnswerExpectation, { kind: 'choice' }>,
): ParsedAnswer | { status: 'ambiguous'; readings: AnswerReading[] } {
  const { labels } = expect;
  const words = plainWords(text);
  if (!labels || words.replace(/ /g, '').length < 3 || /^[\d ]+$/.test(words)) return { status: 'fail', reason: 'unrecognised' };
  const texts = labels.map(plainWords);
  const whole = texts.flatMap((l, i) => (l === words ? [i] : []));
  const starts = texts.flatMap((l, i) => (l.startsWith(`${words} `) ? [i] : []));
  const inside = texts.flatMap((l, i) => (` ${l} `.includes(` ${words} `) ? [i] : []));
  const found = [whole, starts, inside].find((list) => list.length > 0) ?? [];
  if (found.length === 1) return { status: 'success', value: expect.keys[found[0] ?? 0] ?? '' };
  if (found.length === 0 || found.length === expect.keys.length) return { status: 'fail', reason: 'unrecognised' };
  return { status: 'ambiguous', readings: found.map((i) => reading(expect, i, 'words')) };
}

function reading(expect: Extract<AnswerExpectation, { kind: 'choice' }>, index: number, by: AnswerReading['by']): AnswerReading {
  const points = expect.points?.[index];
  const label = expect.labels?.[index];
  return { key: expect.keys[index] ?? '', by, ...(points === undefined ? {} : { points }), ...(label === undefined ? {} : { label }) };
}

/** Folded text with punctuation turned into spaces: `"Khá."` → `"kha"`, `"mức Khá; tốt"` → `"muc kha tot"`. */
function plainWords(text: string): string {
  return fold(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function parseNumberAnswer(text: string, expect: { min: number; max?: number; integer: boolean }): ParsedAnswer {
  const n = parseNumber(text);
  if (n === null) {
    const yn = parseYesNo(text);
    // "không" for a count means zero.
    if (yn === false && expect.min <= 0) return { status: 'success', value: 0 };
    return { status: 'fail', reason: 'unrecognised' };
  }
  if (expect.integer && !Number.isInteger(n)) return { status: 'fail', reason: 'not-integer' };
  if (n < expect.min || (expect.max !== undefined && n > expect.max)) return { status: 'fail', reason: 'out-of-range' };
  return { status: 'success', value: n };
}

function parseParts(text: string, keys: string[]): ParsedAnswer {
  if (parseYesNo(text) === false && !keys.includes(text)) return { status: 'success', value: [] };
  const tokens = text.split(/[\s,;]+/).filter(Boolean);
  const chosen: string[] = [];
  for (const token of tokens) {
    const key = keys.includes(token) ? token : /^\d+$/.test(token) ? keys[Number(token) - 1] : undefined;
    if (!key) return { status: 'fail', reason: 'unrecognised' };
    if (!chosen.includes(key)) chosen.push(key);
  }
  if (chosen.length === 0) return { status: 'fail', reason: 'unrecognised' };
  return { status: 'success', value: keys.filter((k) => chosen.includes(k)) };
}
