/**
 * Reads a staff list file into a plain table of text cells: CSV (UTF-8 with or without BOM, comma or semicolon,
 * as Excel in a Vietnamese locale saves it) or XLSX (first sheet). Row numbers are the spreadsheet's own (the
 * header is row 1), so error messages point at the row the office sees.
 */
import { parse } from 'csv-parse/sync';
import readXlsxFile from 'read-excel-file/node';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';

/** A data row: its spreadsheet row number and its cells as trimmed text (missing cells are `''`). */
export interface TableRow {
  rowNumber: number;
  cells: string[];
}

/** A whole sheet: the header cells and the non-empty data rows. */
export interface StaffTable {
  header: string[];
  rows: TableRow[];
}

export type StaffFileFormat = 'csv' | 'xlsx';

/** Thrown when the file cannot be read as a table at all (wrong type, broken CSV quoting…). */
export class StaffFileError extends Error {}

/** The format of a file from its extension, or null when neither CSV nor XLSX. */
export function formatOf(fileName: string): StaffFileFormat | null {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  return null;
}

/** Reads a CSV or XLSX file from disk. */
export async function readStaffFile(path: string): Promise<StaffTable> {
  const format = formatOf(path);
  if (!format) throw new StaffFileError('Chỉ nhận tệp .csv hoặc .xlsx');
  return readStaffBuffer(await readFile(path), format);
}

/** Reads a CSV or XLSX file already in memory (uploads). */
export async function readStaffBuffer(data: Buffer, format: StaffFileFormat): Promise<StaffTable> {
  const grid = format === 'csv' ? parseCsv(data.toString('utf8')) : await parseXlsx(data);
  return toTable(grid);
}

function parseCsv(text: string): string[][] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    const records: unknown = parse(body, {
      delimiter: detectDelimiter(body),
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
    });
    if (!Array.isArray(records)) return [];
    return records.map((r: unknown) => (Array.isArray(r) ? r.map((c: unknown) => String(c ?? '')) : []));
  } catch (error) {
    throw new StaffFileError(`Không đọc được tệp CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Semicolon when the header line has more semicolons than commas (outside quotes), else comma. */
function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

async function parseXlsx(data: Buffer): Promise<string[][]> {
  let rows: unknown[][];
  try {
    rows = await readXlsxFile(data);
  } catch (error) {
    throw new StaffFileError(`Không đọc được tệp Excel: ${error instanceof Error ? error.message : String(error)}`);
  }
  return rows.map((row) => row.map(cellText));
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  return String(cell).trim();
}

function toTable(grid: string[][]): StaffTable {
  const headerIndex = grid.findIndex((row) => row.some((c) => c.trim() !== ''));
  if (headerIndex < 0) return { header: [], rows: [] };
  const header = (grid[headerIndex] ?? []).map((c) => c.trim());
  const rows: TableRow[] = [];
  for (let i = headerIndex + 1; i < grid.length; i++) {
    const cells = (grid[i] ?? []).map((c) => c.trim());
    if (cells.every((c) => c === '')) continue;
    rows.push({ rowNumber: i + 1, cells });
  }
  return { header, rows };
}
