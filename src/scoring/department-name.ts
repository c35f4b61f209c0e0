/**
 * Department names are typed by people (staff import sheets, chat answers) with varying case, dashes and spacing,
 * yet must find the department's rubric refinements (seed 000 Phụ lục 02). Diacritics are kept: "Thông tin" and
 * "Thong tin" are different words in Vietnamese.
 */

const DASHES = /\s*[-‐‑‒–—―−]\s*/g;
const COMMAS = /\s*,\s*/g;
const SPACES = /\s+/g;
const PREFIX = /^phòng\s+/;

/** `"Phòng  Thông tin, báo chí — Xuất bản"` → `"thông tin, báo chí-xuất bản"`. */
export function normaliseDepartmentName(name: string): string {
  return name
    .normalize('NFC')
    .toLocaleLowerCase('vi')
    .replace(DASHES, '-')
    .replace(COMMAS, ', ')
    .replace(SPACES, ' ')
    .trim()
    .replace(PREFIX, '');
}
