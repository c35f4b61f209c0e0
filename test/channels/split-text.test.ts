import { describe, expect, it } from 'vitest';
import { splitText } from '../../src/channels/split-text.js';

describe('splitText', () => {
  it('never cuts an emoji (a surrogate pair) in half at a hard cut', () => {
    // 9 letters then an emoji: a hard cut at 10 would fall between its two halves.
    const text = `${'a'.repeat(9)}🎉${'b'.repeat(9)}`;
    const parts = splitText(text, 10);
    expect(parts).toEqual(['a'.repeat(9), `🎉${'b'.repeat(8)}`, 'b']);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(10);
      expect(p).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    expect(parts.join('')).toBe(text);
  });

  it('prefers a line break, then a space, and gives nothing for blank text', () => {
    expect(splitText('một hai\nba bốn năm', 12)).toEqual(['một hai', 'ba bốn năm']);
    expect(splitText('một hai ba bốn năm', 9)).toEqual(['một hai', 'ba bốn', 'năm']);
    expect(splitText('  ngắn  ', 10)).toEqual(['ngắn']);
    expect(splitText(' \n ', 10)).toEqual([]);
  });
});
