/**
 * Aggregation rules of seed 000: the year score is the mean of the quarters, a department's score is the mean of
 * its (classified) members, the flag-ceremony honours go to the 5 highest totals (ties included) and to the one
 * department with the highest mean per head-count.
 */
import { round2 } from './round.js';
import type { Band, Rubric } from './rubric-schema.js';

/** Mean of the quarters that have a score (seed: (70 + 80 + 60 + 82) / 4 = 73); null when there are none. */
export function yearScore(quarterTotals: ReadonlyArray<number | null | undefined>): number | null {
  let sum = 0;
  let n = 0;
  for (const t of quarterTotals) {
    if (typeof t !== 'number' || !Number.isFinite(t)) continue;
    sum += t;
    n += 1;
  }
  return n === 0 ? null : round2(sum / n);
}

/** Mean total of the classified members (unclassified people and laborers do not pull it down); null if none. */
export function departmentMean(members: ReadonlyArray<{ total: number; classified: boolean }>): number | null {
  let sum = 0;
  let n = 0;
  for (const m of members) {
    if (!m.classified || !Number.isFinite(m.total)) continue;
    sum += m.total;
    n += 1;
  }
  return n === 0 ? null : round2(sum / n);
}

/**
 * The band a total falls in: on points, or on the percentage of `maxPoints` (rounded to 2 decimals, the figure
 * people see, so 95.00% is "Tốt" and 95.01% is "Xuất sắc" when the top band is "above 95%").
 */
export function bandFor(rubric: Rubric, total: number): Band | null {
  if (!Number.isFinite(total)) return null;
  const value = rubric.bands.basis === 'percent' ? round2((total / rubric.maxPoints) * 100) : round2(total);
  for (const band of rubric.bands.list) {
    if (band.minExclusive ? value > band.min : value >= band.min) return band;
  }
  return null;
}

/** A ranked row: standard competition ranking (1, 2, 2, 4); `tied` when another row has the same total. */
export type RankedRow<T> = T & { rank: number; tied: boolean };

/**
 * The top `n` by total, highest first, using standard competition ranking; everyone tied at the n-th place is
 * included (so the list may be longer than n). Ties keep the input order. Non-finite totals are ignored.
 */
export function rankTop<T extends { id: string | number; total: number }>(
  entries: readonly T[],
  n = 5,
): RankedRow<T>[] {
  const rows = entries
    .filter((e) => Number.isFinite(e.total))
    .map((entry, index) => ({ entry, index, key: round2(entry.total) }))
    .sort((a, b) => b.key - a.key || a.index - b.index);
  const out: RankedRow<T>[] = [];
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i]!;
    const previous = rows[i - 1];
    const rank = previous && previous.key === row.key ? out[i - 1]!.rank : i + 1;
    if (rank > n) break;
    const tied = previous?.key === row.key || rows[i + 1]?.key === row.key;
    out.push({ ...row.entry, rank, tied });
  }
  return out;
}

/** The winner of the department award and any department it could not be separated from. */
export interface BestDepartment<T> {
  best: T;
  /** Other departments with the same mean and head-count (the emulation council decides between them). */
  tiedWith: T[];
}

/**
 * The department with the highest mean (seed 000: "điểm trung bình chia theo nhân sự của phòng cao nhất").
 * Departments without a mean or without members are skipped. An equal mean is broken by the larger head-count
 * (the same average over more people); what remains equal is reported in `tiedWith`. Null when none qualifies.
 */
export function bestDepartment<T extends { id: string | number; mean: number | null; headcount: number }>(
  departments: readonly T[],
): BestDepartment<T> | null {
  let best: T | null = null;
  let tiedWith: T[] = [];
  for (const d of departments) {
    if (d.mean === null || !Number.isFinite(d.mean) || d.headcount <= 0) continue;
    if (best === null) {
      best = d;
      continue;
    }
    const cmp = round2(d.mean) - round2(best.mean ?? 0) || d.headcount - best.headcount;
    if (cmp > 0) {
      best = d;
      tiedWith = [];
    } else if (cmp === 0) {
      tiedWith.push(d);
    }
  }
  return best ? { best, tiedWith } : null;
}
