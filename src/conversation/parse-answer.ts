/**
 * Typed answers, parsed without buttons: some clients (Zalo desktop, plain web views) show no buttons, so every
 * question can be answered by typing. Pure functions, no I/O; results are unions, never exceptions.
 */

/** What the current question expects. */
export type AnswerExpectation =
  /** Lettered levels (`a`, `b`, `b.2`): by key or by position (`2` = the 2nd choice). */
  | { kind: 'choice'; keys: string[] }
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
  | { status: 'fail'; reason: 'unrecognised' | 'ambiguous-level' | 'out-of-range' | 'not-integer' };

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

/** Parses a typed answer against what the question expects. */
export function parseAnswer(input: string, expect: AnswerExpectation): ParsedAnswer {
  const text = fold(input).replace(/[.!]+$/, '');
  switch (expect.kind) {
    case 'choice':
      return parseChoice(text, expect.keys);
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

function parseChoice(text: string, keys: string[]): ParsedAnswer {
  // `b)`, `B.`, `(b)`, `b.2`, `b2`, `b 2`, `2`
  const t = text.replace(/^[([]/, '').replace(/[)\]:]+$/, '').replace(/\.$/, '').trim();
  const exact = keys.find((k) => k === t);
  if (exact) return { status: 'success', value: exact };
  const sub = /^([a-z])\s*[.\s-]?\s*(\d+)$/.exec(t);
  if (sub) {
    const key = `${sub[1]}.${sub[2]}`;
    if (keys.includes(key)) return { status: 'success', value: key };
  }
  if (/^\d+$/.test(t)) {
    const index = Number(t) - 1;
    const key = keys[index];
    return key ? { status: 'success', value: key } : { status: 'fail', reason: 'out-of-range' };
  }
  if (/^[a-z]$/.test(t) && keys.some((k) => k.startsWith(`${t}.`))) {
    return { status: 'fail', reason: 'ambiguous-level' };
  }
  return { status: 'fail', reason: 'unrecognised' };
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
