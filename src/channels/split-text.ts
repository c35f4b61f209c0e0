/**
 * Splitting a long text into the message-size parts a chat platform accepts (Telegram 4,096, Zalo 2,000 characters).
 * Shared by the channels so both cut the same way: at a line break, else at a space, else hard at the limit — and
 * never inside a surrogate pair (an emoji cut in half shows as "�" on both sides).
 */

/**
 * Splits `text` (trimmed) into parts of at most `max` UTF-16 code units, preferring line breaks, then spaces in the
 * second half of each part. Whitespace at the cuts is dropped. Empty or blank text gives `[]`: callers that must send
 * something decide what.
 */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) {
      cut = max;
      // A hard cut must not separate a high surrogate from its low half.
      if (cut > 1 && isHighSurrogate(rest.charCodeAt(cut - 1))) cut -= 1;
    }
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
