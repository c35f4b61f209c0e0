/**
 * File names as people's chat apps send them, made safe to show to someone else. The name of an evidence file is
 * chosen by its sender and shown in the reviewer's view, so a name holding line breaks could fake lines there
 * ("✅ Đã duyệt", a bogus score), and bidi overrides could make `hoso‮fdp.exe` read as `hosoexe.pdf`. Pure.
 *
 * What is kept: letters of every script (Vietnamese with its diacritics, composed to NFC so `ế` is one character),
 * digits, punctuation, emoji, and the extension, also when the name is shortened.
 */

/**
 * Removed outright: C0 and C1 control characters (CR, LF, TAB, NUL, ESC, NEL…), DEL, the Unicode bidi embeddings,
 * overrides, isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), zero-width space and BOM.
 * Line and paragraph separators (U+2028, U+2029) become spaces (they break lines too).
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;
/** Whitespace of any kind, including TAB, CR, LF, NEL, no-break and line separators: one space. */
const SPACES = /[\s\u0085\u2028\u2029]+/gu;
/** An extension worth keeping when the name is shortened: a dot and 1–10 letters or digits at the end. */
const EXTENSION = /\.[\p{L}\p{N}]{1,10}$/u;

/** Longest name kept, in characters (code points), extension included. */
export const MAX_FILE_NAME_LENGTH = 120;

/**
 * The name with control and bidi characters removed, whitespace collapsed to single spaces and trimmed, and at most
 * `maxLength` characters: a longer name keeps its beginning, an ellipsis and its extension (`báo cáo…quý 4.pdf`).
 * Empty when nothing printable is left (the caller shows a default such as "tệp").
 */
export function cleanFileName(name: string, maxLength = MAX_FILE_NAME_LENGTH): string {
  const text = name.normalize('NFC').replace(/[\t\r\n\u0085\u2028\u2029]/g, ' ').replace(INVISIBLE, '').replace(SPACES, ' ').trim();
  const chars = Array.from(text);
  if (chars.length <= maxLength) return text;
  const extension = EXTENSION.exec(text)?.[0] ?? '';
  const keep = Math.max(1, maxLength - Array.from(extension).length - 1);
  return `${chars.slice(0, keep).join('').trimEnd()}…${extension}`;
}
