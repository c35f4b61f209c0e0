import { describe, expect, it } from 'vitest';
import { cleanFileName, MAX_FILE_NAME_LENGTH } from '../../src/conversation/clean-file-name.js';

describe('cleanFileName (issue 18, item 11)', () => {
  it('cannot fake lines: CR, LF, TAB, NEL and Unicode line separators become one space', () => {
    const forged = 'minh-chung.pdf\n✅ Đã duyệt: 10/10 điểm\r\n\tGhi chú\u0085x\u2028y\u2029z';
    const clean = cleanFileName(forged);
    expect(clean).toBe('minh-chung.pdf ✅ Đã duyệt: 10/10 điểm Ghi chú x y z');
    expect(clean).not.toMatch(/[\r\n\t\u0085\u2028\u2029]/);
  });

  it('removes other control characters and bidi overrides, so the extension reads as it is', () => {
    expect(cleanFileName('hoso\u202Efdp.exe')).toBe('hosofdp.exe');
    expect(cleanFileName('a\u0000b\u001bc\u007fd\u009be')).toBe('abcde');
    expect(cleanFileName('\u2066x\u2069\u200Ey\u200F\u061Cz\u202A\u202B\u202C\u202D\uFEFF\u200B.png')).toBe('xyz.png');
  });

  it('keeps Vietnamese letters (composed), emoji and punctuation; collapses and trims spaces', () => {
    expect(cleanFileName('  Báo   cáo\u00A0chuyển đổi số (Quý IV) – bản 2 🎉.docx  ')).toBe('Báo cáo chuyển đổi số (Quý IV) – bản 2 🎉.docx');
    // macOS sends decomposed letters: "ế" as e + U+0302 + U+0301.
    expect(cleanFileName('Ke\u0302\u0301 hoa\u0323ch.pdf')).toBe('Kế hoạch.pdf');
  });

  it('caps the length but keeps the extension', () => {
    const long = `${'Đánh giá chuyển đổi số '.repeat(20)}.xlsx`;
    const clean = cleanFileName(long);
    expect(Array.from(clean).length).toBe(MAX_FILE_NAME_LENGTH);
    expect(clean.endsWith('….xlsx')).toBe(true);
    expect(clean.startsWith('Đánh giá chuyển đổi số')).toBe(true);
    expect(cleanFileName('😀'.repeat(30), 10)).toBe(`${'😀'.repeat(9)}…`);
    expect(cleanFileName('abcdefghij.pdf', 8)).toBe('abc….pdf');
  });

  it('leaves nothing when nothing printable was sent', () => {
    expect(cleanFileName('\r\n\t\u202E ')).toBe('');
  });
});
