/**
 * One CSV cell, safe to open in Excel or LibreOffice. Names and department names come from staff lists and chat
 * profiles, so a cell such as `=HYPERLINK("http://…")`, `+cmd|' /C calc'!A0` or `@SUM(…)` would otherwise be run
 * as a formula by the office's spreadsheet (CSV formula injection). As OWASP recommends, a text cell starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a single quote, and every text cell holding a
 * quote, a field separator (`,` or `;`, which Excel uses in a Vietnamese locale) or a line break is quoted.
 * Numbers are written as numbers: a negative number is data, not a formula.
 */

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Characters that need the cell quoted (RFC 4180, plus `;` for locales where it separates fields). */
const NEEDS_QUOTES = /[",;\r\n\t]/;

/** The cell's text in a CSV row: empty for null, numbers as written, text neutralised and quoted as needed. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return text !== value || NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
