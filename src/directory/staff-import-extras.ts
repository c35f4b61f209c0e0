/**
 * The staff import's optional columns beyond the person's own fields:
 * - "Phụ trách phòng" (`leads_departments`): on a leader's (or the director's) row, the departments they are in
 *   charge of, separated by `;`. Names match existing departments loosely (case, diacritics) or departments this
 *   same file creates; an unknown name, or a department claimed by two rows, is a row error.
 * - "Không nhắc tên trong nhóm" (`no_group_mention`): có/không, x, yes/no, 1/0; an empty cell leaves it unchanged.
 * - "Ngày vào" (`joined_on`): the day the person joined the unit, dd/mm/yyyy or yyyy-mm-dd (an Excel date cell is
 *   read as yyyy-mm-dd); used by the year score under `yearScore: mean-of-present`. An empty cell leaves it unchanged
 *   (`thidua department joined --date none` clears it).
 * Pure helpers; `plan-staff-import.ts` and `staff-import-matching.ts` call them.
 */
import { foldText } from './fold-text.js';

const YES = new Set(['co', 'x', 'yes', 'y', '1', 'true', 'dung']);
const NO = new Set(['khong', 'no', 'n', '0', 'false', 'sai']);

/** A yes/no cell: true/false, `undefined` when empty (unchanged), null when it is neither. */
export function parseYesNo(cell: string): boolean | null | undefined {
  const folded = foldText(cell);
  if (folded === '') return undefined;
  if (YES.has(folded)) return true;
  if (NO.has(folded)) return false;
  return null;
}

/** The error for a yes/no cell that is neither. */
export function yesNoError(label: string, cell: string): string {
  return `Cột "${label}" chỉ nhận có/không (hoặc x, yes/no, 1/0), không nhận "${cell}"`;
}

/**
 * A "Ngày vào" cell as `YYYY-MM-DD`: `undefined` when empty (unchanged), null when it is not a real calendar day
 * written dd/mm/yyyy (d/m/yyyy too) or yyyy-mm-dd.
 */
export function parseJoinDate(cell: string): string | null | undefined {
  const text = cell.trim();
  if (text === '') return undefined;
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [y, m, d] = vn ? [vn[3], vn[2], vn[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!y || !m || !d) return null;
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date ? date : null;
}

/** The error for a "Ngày vào" cell that is not a date. */
export function joinDateError(cell: string): string {
  return `Ngày vào đơn vị "${cell}" không hợp lệ: ghi theo dạng ngày/tháng/năm (ví dụ 15/07/2026) hoặc năm-tháng-ngày (2026-07-15)`;
}

/** Department names of a "Phụ trách phòng" cell, spaces collapsed, the same name once. */
export function splitDepartmentList(cell: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of cell.split(';')) {
    const name = part.trim().replace(/\s+/g, ' ');
    const key = foldText(name);
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

/** A row's "Phụ trách phòng" cell as written, waiting for every department of the file to be known. */
export interface PendingLeadership {
  rowNumber: number;
  names: string[];
}

/**
 * Resolves each row's departments to their stored (or newly created) spelling. `known` and `created` map folded
 * names to names. Rows come back either with their resolved list or with the reasons they fail.
 */
export function resolveLeadership(
  pending: readonly PendingLeadership[],
  known: ReadonlyMap<string, string>,
  created: ReadonlyMap<string, string>,
): { resolved: Map<number, string[]>; errors: Map<number, string[]> } {
  const resolved = new Map<number, string[]>();
  const errors = new Map<number, string[]>();
  const claimedBy = new Map<string, number>();
  for (const { rowNumber, names } of pending) {
    const reasons: string[] = [];
    const list: string[] = [];
    for (const name of names) {
      const key = foldText(name);
      const department = known.get(key) ?? created.get(key);
      if (!department) {
        reasons.push(`Phòng phụ trách "${name}" không có trong danh bạ của đơn vị (kiểm tra lại tên phòng)`);
        continue;
      }
      const first = claimedBy.get(department);
      if (first !== undefined && first !== rowNumber) {
        reasons.push(`Phòng "${department}" đã được giao cho người ở dòng ${first}; mỗi phòng chỉ có một lãnh đạo phụ trách`);
        continue;
      }
      claimedBy.set(department, rowNumber);
      list.push(department);
    }
    if (reasons.length > 0) errors.set(rowNumber, reasons);
    else resolved.set(rowNumber, list);
  }
  return { resolved, errors };
}
