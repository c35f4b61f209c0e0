/**
 * The score sheet's file formats, apart from what the sheets say: a workbook is plain rows (`SheetRows`, built by
 * `export-score-sheet.ts` or by the contest and nomination documents), written here as XLSX (`write-excel-file/node`)
 * or as CSV (UTF-8 with BOM, sheets one after another, each headed by `# <tên sheet>`), with Excel's sheet-name rules.
 * Kept apart so every workbook the app writes shares one writer and the row builders know nothing of the format.
 */
import writeXlsxFile, { type Cell, type Sheet } from 'write-excel-file/node';
import { csvCell } from './csv-cell.js';

export type SheetValue = string | number | null;

/** One sheet as rows of plain values; `bold` marks heading rows. */
export interface SheetRows {
  name: string;
  rows: SheetValue[][];
  bold: number[];
}

/** Excel sheet names: at most 31 characters, none of `[]:*?/\`, unique. */
export function uniqueNames(sheets: SheetRows[]): SheetRows[] {
  const used = new Set<string>();
  return sheets.map((s) => {
    // Cut at 31 characters, never leaving a trailing space (Excel shows it, and it looks like a typo).
    const base = s.name.replace(/[[\]:*?/\\]/g, '-').slice(0, 31).trimEnd();
    let name = base;
    for (let i = 2; used.has(name); i += 1) name = `${base.slice(0, 28).trimEnd()} ${i}`;
    used.add(name);
    return { ...s, name };
  });
}

/** The workbook as XLSX bytes. */
export async function scoreSheetXlsx(sheets: SheetRows[]): Promise<Buffer> {
  const book: Sheet<never>[] = sheets.map((s) => ({
    sheet: s.name,
    columns: [{ width: 6 }, { width: 60 }, { width: 12 }, ...Array.from({ length: 20 }, () => ({ width: 16 }))],
    data: s.rows.map((row, i) => row.map((v): Cell => (v === null ? null : { value: v, fontWeight: s.bold.includes(i) ? 'bold' : undefined, wrap: true }))),
  }));
  return writeXlsxFile(book).toBuffer();
}

/** The workbook as CSV (UTF-8 with BOM so Excel shows Vietnamese correctly). */
export function scoreSheetCsv(sheets: SheetRows[]): string {
  const lines: string[] = [];
  sheets.forEach((s, i) => {
    if (i > 0) lines.push('');
    lines.push(csvRow([`# ${s.name}`]));
    for (const row of s.rows) lines.push(csvRow(row));
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function csvRow(row: SheetValue[]): string {
  return row.map(csvCell).join(',');
}
