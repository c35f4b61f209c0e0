/**
 * Aggregation rules of seed 000 and the bands of every rubric, read literally by default (issue 17):
 * - the year score is (Q1 + Q2 + Q3 + Q4) / 4 — a missing or unclassified quarter counts 0 (III.2.a);
 * - a department's score is the mean of all its members — a non-submitter or unclassified member counts 0
 *   (III.2.b, III.3.a "điểm trung bình chia theo nhân sự của phòng");
 * - the flag-ceremony honours go to 5 people and 1 department, the director choosing among the tied (III.3.b);
 * - percent bands are compared on the exact percentage (seed 003: "Trên 95%", "Từ 80% đến dưới 95%").
 * The other readings are unit settings (`unit-settings.ts`), passed as an optional parameter.
 */
import { round2 } from './round.js';
import type { Band, Rubric } from './rubric-schema.js';
import {
  resolveSettings,
  type DepartmentScoreMethod,
  type PercentGapRule,
  type TieRule,
  type UnitSettings,
  type UnitSettingsInput,
  type YearScoreMethod,
} from './unit-settings.js';

/**
 * The year score from the quarters' totals (seed: (70 + 80 + 60 + 82) / 4 = 73).
 * `/4` (default): the sum of the numbers given, divided by 4, so a missing quarter (null, or fewer than four
 * entries) counts 0: 90, 90 and two missing quarters give 45. `mean-of-present`: the mean of the numbers given
 * (the earlier behaviour). Null when no quarter has a number. Pass 0 for a quarter that does not count for
 * classification if it must count 0 under `mean-of-present` too; `yearResult` does this from quarter statuses.
 */
export function yearScore(
  quarterTotals: ReadonlyArray<number | null | undefined>,
  method: YearScoreMethod = '/4',
): number | null {
  let sum = 0;
  let n = 0;
  for (const t of quarterTotals) {
    if (typeof t !== 'number' || !Number.isFinite(t)) continue;
    sum += t;
    n += 1;
  }
  if (n === 0) return null;
  return round2(sum / (method === '/4' ? 4 : n));
}

/** One quarter of a person's year, as `yearResult` needs it. */
export interface QuarterEntry {
  quarter: 1 | 2 | 3 | 4;
  /** The quarter's total, or null when the person did not submit (or it was not approved). */
  total: number | null;
  /** Whether the total counts for classification (gate and conditions met). */
  classified: boolean;
  /**
   * Whether the person belonged to the unit that quarter (default true). Only used by `mean-of-present`: a
   * quarter before someone joined is left out; a quarter they belonged to but skipped counts 0.
   */
  member?: boolean;
}

/** A person's year under the unit's setting, with how each quarter counted (shown under the year score). */
export interface YearResult {
  /** Null when no quarter counts at all. */
  score: number | null;
  divisor: number;
  method: YearScoreMethod;
  /** Quarters whose total counted. */
  counted: number[];
  /** Quarters counted as 0, and why. */
  zero: { quarter: number; why: 'missing' | 'not-classified' }[];
  /** Quarters left out (`mean-of-present`, not a member). */
  absent: number[];
  band: Band | null;
}

/**
 * The year score of one person from their quarters. A quarter whose total does not count for classification
 * (a Công dân số criterion failed, a condition unmet) counts 0 under both settings: "Chỉ tính điểm làm căn cứ xếp
 * loại khi …" (III.2.c). `/4` divides by 4 whatever is missing; `mean-of-present` divides by the quarters the
 * person belonged to, so skipping a quarter one belonged to never raises the year score.
 */
export function yearResult(
  rubric: Rubric | null,
  quarters: readonly QuarterEntry[],
  settings?: UnitSettingsInput | UnitSettings | null,
): YearResult {
  const method = resolveSettings(settings).yearScore;
  const counted: number[] = [];
  const zero: YearResult['zero'] = [];
  const absent: number[] = [];
  let sum = 0;
  let present = 0;
  const seen = new Set<number>();
  for (const q of [...quarters].sort((a, b) => a.quarter - b.quarter)) {
    if (seen.has(q.quarter)) throw new RangeError(`Quý ${q.quarter} xuất hiện hai lần`);
    seen.add(q.quarter);
    if (method === 'mean-of-present' && q.member === false) {
      absent.push(q.quarter);
      continue;
    }
    present += 1;
    if (q.total === null || !Number.isFinite(q.total)) zero.push({ quarter: q.quarter, why: 'missing' });
    else if (!q.classified) zero.push({ quarter: q.quarter, why: 'not-classified' });
    else {
      counted.push(q.quarter);
      sum += q.total;
    }
  }
  if (method === '/4') {
    for (const quarter of [1, 2, 3, 4]) if (!seen.has(quarter)) zero.push({ quarter, why: 'missing' });
    zero.sort((a, b) => a.quarter - b.quarter);
  }
  const divisor = method === '/4' ? 4 : present;
  // Null only when there is nothing to score: no quarter at all (/4) or none the person belonged to.
  const score = quarters.length === 0 || divisor === 0 ? null : round2(sum / divisor);
  const band = score !== null && rubric ? bandFor(rubric, score, { settings }) : null;
  return { score, divisor, method, counted, zero, absent, band };
}

/** A member's score as a department mean takes it. */
export interface DepartmentMember {
  total: number;
  classified: boolean;
  /** false for participants not ranked by points (laborers): they never enter a department's mean. */
  ranked?: boolean;
}

/** How to compute a department mean (defaults: the seed). */
export interface DepartmentMeanOptions {
  method?: DepartmentScoreMethod;
  /**
   * Members the rubric ranks, including those who submitted nothing (they count 0 under `all-members`). When
   * omitted, the entries given are the members.
   */
  memberCount?: number;
}

/**
 * A department's score. `all-members` (default): the sum of the classified members' totals over every ranked
 * member, so a member who did not submit or is not classified counts 0. `classified-only`: the mean of the
 * classified members (the earlier behaviour). Null when there is nobody to divide by.
 */
export function departmentMean(
  members: ReadonlyArray<DepartmentMember>,
  options: DepartmentMeanOptions = {},
): number | null {
  const method = options.method ?? 'all-members';
  let sum = 0;
  let classified = 0;
  let ranked = 0;
  for (const m of members) {
    if (m.ranked === false) continue;
    ranked += 1;
    if (!m.classified || !Number.isFinite(m.total)) continue;
    sum += m.total;
    classified += 1;
  }
  const divisor = method === 'all-members' ? Math.max(options.memberCount ?? ranked, ranked) : classified;
  return divisor === 0 ? null : round2(sum / divisor);
}

/** Options of `bandFor`. */
export interface BandOptions {
  /** The maximum the percentage is taken of (default the rubric's maxPoints); lower with "không đánh giá". */
  max?: number;
  /** A percentage exactly on a bound the seed leaves open (seed 003: exactly 95%). Default `lower-band`. */
  percentGap?: PercentGapRule;
  /** Alternatively, the unit's settings (their `percentGap`). */
  settings?: UnitSettingsInput | UnitSettings | null;
}

/**
 * The band a total falls in: on points, or on the exact percentage of the maximum (no rounding before the
 * comparison: 79.997% is below 80%, 95.0026% is above 95%). A band with `minExclusive` ("Trên 95%") is reached
 * only above its bound; exactly on it the lower band applies unless `percentGap` is `upper-band`.
 */
export function bandFor(rubric: Rubric, total: number, options: BandOptions = {}): Band | null {
  if (!Number.isFinite(total)) return null;
  const percent = rubric.bands.basis === 'percent';
  const max = options.max ?? rubric.maxPoints;
  if (percent && !(max > 0)) return null;
  const gap = options.percentGap ?? (options.settings ? resolveSettings(options.settings).percentGap : 'lower-band');
  for (const band of rubric.bands.list) {
    // total / max × 100 against min, compared as total × 100 against min × max to avoid division noise.
    const cmp = percent ? compare(total * 100, band.min * max) : compare(total, band.min);
    if (cmp > 0 || (cmp === 0 && (!band.minExclusive || gap === 'upper-band'))) return band;
  }
  return null;
}

/** The band of a percentage given directly (0–100), compared exactly; see `bandFor`. */
export function bandForPercent(rubric: Rubric, percent: number, options: Omit<BandOptions, 'max'> = {}): Band | null {
  if (rubric.bands.basis !== 'percent') throw new RangeError(`Bảng điểm ${rubric.id} xếp loại theo điểm, không theo phần trăm`);
  return bandFor({ ...rubric, maxPoints: 100 }, percent, { ...options, max: 100 });
}

/** −1, 0 or 1, treating values within floating-point noise of each other as equal. */
function compare(a: number, b: number): number {
  const diff = a - b;
  const tolerance = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return diff > tolerance ? 1 : diff < -tolerance ? -1 : 0;
}

/** A ranked row: standard competition ranking (1, 2, 2, 4); `tied` when another row has the same total. */
export type RankedRow<T> = T & { rank: number; tied: boolean };

/**
 * The top `n` by total, highest first, using standard competition ranking; everyone tied at the n-th place is
 * included (so the list may be longer than n). Ties keep the input order. Non-finite totals are ignored.
 * This is the candidate list; `honourSelection` applies the unit's tie rule to it.
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

/** The rule printed under the honour board, per tie setting (Vietnamese). */
export const TIE_RULE_TEXT: Readonly<Record<TieRule, { people: string; department: string }>> = {
  'director-chooses': {
    people:
      'Biểu dương 05 cá nhân có tổng điểm cao nhất; nếu nhiều người bằng điểm ở vị trí cuối, Giám đốc Sở xem xét chọn trong số đó (Kế hoạch, mục III.3.b).',
    department:
      'Biểu dương 01 tập thể có điểm trung bình theo nhân sự cao nhất; nếu nhiều phòng bằng điểm, Giám đốc Sở xem xét chọn (Kế hoạch, mục III.3.b).',
  },
  'dong-hang': {
    people: 'Biểu dương các cá nhân có tổng điểm cao nhất; những người bằng điểm ở vị trí thứ 5 đều được biểu dương (đồng hạng).',
    department: 'Biểu dương tập thể có điểm trung bình theo nhân sự cao nhất; các phòng bằng điểm đều được biểu dương (đồng hạng).',
  },
};

/** The honour list under a tie rule, with what the director still has to decide. */
export interface HonourSelection<T> {
  /** Honoured without a decision (under `dong-hang`: everyone tied at the last place too). */
  selected: RankedRow<T>[];
  /** Under `director-chooses`: the people tied at the last place, among whom the director picks `seats`. */
  choice: { seats: number; candidates: RankedRow<T>[] } | null;
  rule: TieRule;
  /** The rule to print under the board. */
  ruleText: string;
}

/**
 * The quarter's `n` people to commend (seed 000: "05 cá nhân có tổng điểm cao nhất"). With `director-chooses`
 * (default), a group of people tied across the n-th place is not cut arbitrarily: the places above it are
 * selected and the group is returned as candidates for the director's choice of the remaining seats.
 */
export function honourSelection<T extends { id: string | number; total: number }>(
  entries: readonly T[],
  n = 5,
  rule: TieRule = 'director-chooses',
): HonourSelection<T> {
  const candidates = rankTop(entries, n);
  const ruleText = TIE_RULE_TEXT[rule].people;
  if (rule === 'dong-hang' || candidates.length <= n) return { selected: candidates, choice: null, rule, ruleText };
  const last = candidates[candidates.length - 1]!.rank;
  const selected = candidates.filter((r) => r.rank < last);
  const tied = candidates.filter((r) => r.rank === last);
  return { selected, choice: { seats: n - selected.length, candidates: tied }, rule, ruleText };
}

/** The winner of the department award and any department it could not be separated from. */
export interface BestDepartment<T> {
  /** The first (in input order) of the departments with the highest mean. */
  best: T;
  /** Other departments with the same mean. */
  tiedWith: T[];
  /** `director-chooses` and a tie: the director picks one of `best` and `tiedWith`. */
  needsChoice: boolean;
  rule: TieRule;
  ruleText: string;
  /** Departments left out because their own condition of the period (the article) is unmet. */
  excluded: T[];
}

/** A department as `bestDepartment` takes it. */
export interface DepartmentEntry {
  id: string | number;
  mean: number | null;
  headcount: number;
  /** The department's own conditions (seed 000: its article of the quarter); false excludes it. */
  conditionsMet?: boolean | null;
}

/**
 * The department with the highest mean (seed 000: "điểm trung bình chia theo nhân sự của phòng cao nhất").
 * Departments without a mean or without members, and those whose own article of the quarter is missing
 * (`conditionsMet: false`), are skipped. Equal means are not broken (the seed does not say how): under
 * `director-chooses` (default) the director picks (`needsChoice`), under `dong-hang` all are honoured.
 */
export function bestDepartment<T extends DepartmentEntry>(
  departments: readonly T[],
  rule: TieRule = 'director-chooses',
): BestDepartment<T> | null {
  let best: T | null = null;
  let tiedWith: T[] = [];
  const excluded: T[] = [];
  for (const d of departments) {
    if (d.mean === null || !Number.isFinite(d.mean) || d.headcount <= 0) continue;
    if (d.conditionsMet === false) {
      excluded.push(d);
      continue;
    }
    if (best === null) {
      best = d;
      continue;
    }
    const cmp = round2(d.mean) - round2(best.mean ?? 0);
    if (cmp > 0) {
      best = d;
      tiedWith = [];
    } else if (cmp === 0) {
      tiedWith.push(d);
    }
  }
  if (!best) return null;
  return {
    best,
    tiedWith,
    needsChoice: rule === 'director-chooses' && tiedWith.length > 0,
    rule,
    ruleText: TIE_RULE_TEXT[rule].department,
    excluded,
  };
}

/** The seed's year outputs (seed 000 III.3.a), and the extra top-5 list only when the unit turned it on. */
export interface YearHonours<T> {
  /** "Cá nhân xuất sắc": classified people whose year score is in the top band. */
  excellent: T[];
  /** The extra yearly top 5 (not in the seed): null unless `yearTop5` is on. */
  top5: HonourSelection<T> | null;
}

/** Year honours from each person's year score and band. */
export function yearHonours<T extends { id: string | number; total: number; band: string | null }>(
  rubric: Rubric,
  people: readonly T[],
  settings?: UnitSettingsInput | UnitSettings | null,
): YearHonours<T> {
  const s = resolveSettings(settings);
  const top = rubric.bands.top;
  const excellent = top === undefined ? [] : people.filter((p) => p.band === top);
  return { excellent, top5: s.yearTop5 ? honourSelection(people, 5, s.ties.people) : null };
}
