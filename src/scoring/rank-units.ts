/**
 * Ranking of units by their index for a year (seed 003 II.2: "Xếp hạng các đơn vị theo thứ tự từ cao đến thấp";
 * seed 004: a province's departments). Units are compared on the exact share of their own maximum, since
 * indicators marked "không đánh giá" lower a unit's maximum; equal shares are tied and shown as such (standard
 * competition ranking 1, 2, 2, 4). Pure.
 */
import { round2 } from './round.js';

/** A unit's index for the year. */
export interface UnitIndex {
  id: string | number;
  total: number;
  /** The unit's maximum (the rubric's, less indicators not assessed). */
  max: number;
}

/** A ranked unit. `percent` is rounded to 2 decimals for display; the order uses the exact ratio. */
export type RankedUnit<T extends UnitIndex> = T & { rank: number; tied: boolean; percent: number };

/**
 * Every unit, highest index first; ties keep the input order and share the rank. Units with a non-finite total
 * or a maximum ≤ 0 are left out.
 */
export function rankUnits<T extends UnitIndex>(units: readonly T[]): RankedUnit<T>[] {
  const rows: { unit: T; index: number; ratio: number }[] = [];
  for (let i = 0; i < units.length; i += 1) {
    const unit = units[i]!;
    if (!Number.isFinite(unit.total) || !(unit.max > 0)) continue;
    rows.push({ unit, index: i, ratio: unit.total / unit.max });
  }
  rows.sort((a, b) => {
    const cmp = compareRatio(b.unit, a.unit);
    return cmp !== 0 ? cmp : a.index - b.index;
  });
  const out: RankedUnit<T>[] = new Array<RankedUnit<T>>(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i]!;
    const previous = rows[i - 1];
    const next = rows[i + 1];
    const sameAsPrevious = previous !== undefined && compareRatio(previous.unit, row.unit) === 0;
    const rank = sameAsPrevious ? out[i - 1]!.rank : i + 1;
    const tied = sameAsPrevious || (next !== undefined && compareRatio(next.unit, row.unit) === 0);
    out[i] = { ...row.unit, rank, tied, percent: round2(row.ratio * 100) };
  }
  return out;
}

/** a.total / a.max against b.total / b.max, cross-multiplied, equal within floating-point noise. */
function compareRatio(a: UnitIndex, b: UnitIndex): number {
  const left = a.total * b.max;
  const right = b.total * a.max;
  const diff = left - right;
  const tolerance = 1e-9 * Math.max(1, Math.abs(left), Math.abs(right));
  return diff > tolerance ? 1 : diff < -tolerance ? -1 : 0;
}
