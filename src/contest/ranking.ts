/**
 * Rankings per level and the collective prizes (giải tập thể). Why exact: two units' means may differ only in the
 * fifth decimal; ranks and prizes compare exact fractions, and equal fractions are ties. Ranking is standard
 * competition ranking (1, 2, 2, 4); a prize place goes to the collective(s) at that rank.
 */
import type { CollectiveRule, Contest, LevelId } from './contest-schema.js';
import type { CandidateResult, ContestResults, PresentResult } from './candidate-results.js';
import { prizeSettings } from './open-values.js';
import { Ratio, sumRatios, viDecimal } from './ratio.js';

/** A present candidate with their place in the level. */
export interface RankedCandidate {
  result: PresentResult;
  rank: number;
  tied: boolean;
}

/** Assigns competition ranks to rows already sorted best first; `same` says whether two rows are equal. */
function competitionRanks<T>(rows: readonly T[], same: (a: T, b: T) => boolean): Array<{ row: T; rank: number; tied: boolean }> {
  const out: Array<{ row: T; rank: number; tied: boolean }> = [];
  rows.forEach((row, i) => {
    const prev = out[i - 1];
    const rank = prev !== undefined && same(prev.row, row) ? prev.rank : i + 1;
    out.push({ row, rank, tied: false });
  });
  for (let i = 0; i < out.length; i += 1) {
    const cur = out[i];
    const next = out[i + 1];
    if (cur !== undefined && next !== undefined && cur.rank === next.rank) {
      cur.tied = true;
      next.tied = true;
    }
  }
  return out;
}

/** The level's present candidates, highest total first; equal totals share a rank (listed by candidate number). */
export function rankLevel(results: readonly CandidateResult[], level: LevelId): RankedCandidate[] {
  const present = results
    .filter((r): r is PresentResult => r.attendance === 'present' && r.level === level)
    .sort((a, b) => b.total.compare(a.total) || a.candidateNumber.localeCompare(b.candidateNumber));
  return competitionRanks(present, (a, b) => a.total.equals(b.total)).map(({ row, rank, tied }) => ({ result: row, rank, tied }));
}

/** A unit taking part (đơn vị dự thi). */
export interface ContestUnit {
  id: string;
  name: string;
  level: LevelId;
}

/** A collective's place in its level. */
export interface CollectiveStanding {
  unitId: string;
  unitName: string;
  /** The collective's result by the contest's rule (mean, best or sum of its candidates' totals). */
  value: Ratio;
  /** The same rule over the theory points (the tie-break of `theory-then-share`). */
  theoryValue: Ratio;
  shown: string;
  /** Candidates counted (present, plus absent ones counted as 0 when the rule says so). */
  counted: number;
  rank: number;
  tied: boolean;
  /** The prize's label ("Giải Nhất"), or null. */
  prize: string | null;
}

/** A tie the jury must settle (tie rule `jury`): the places are left unawarded. */
export interface UndecidedTie {
  rank: number;
  unitIds: string[];
  prizes: string[];
  message: string;
}

/** A level's collective standings and prizes. */
export interface LevelPrizes {
  level: LevelId;
  levelLabel: string;
  standings: CollectiveStanding[];
  undecided: UndecidedTie[];
  /** Units with no counted candidate (none registered, or all absent and left out). */
  unranked: Array<{ unitId: string; unitName: string; message: string }>;
}

function aggregate(rule: CollectiveRule, values: readonly Ratio[]): Ratio {
  if (rule === 'sum') return sumRatios(values);
  if (rule === 'mean') return sumRatios(values).div(Ratio.of(values.length));
  return values.reduce((best, v) => (v.compare(best) > 0 ? v : best));
}

/**
 * Collective prizes per level, by the contest file's rules. Refuses (ContestNotSettledError, Vietnamese) while the
 * collective rule, the tie rule, the weights or — when someone was absent — the absent rule are open, and
 * refuses while any candidate's result is pending.
 */
export function collectivePrizes(contest: Contest, computed: ContestResults, units: readonly ContestUnit[]): LevelPrizes[] {
  const anyoneAbsent = computed.results.some((r) => r.attendance === 'absent');
  const rules = prizeSettings(contest, anyoneAbsent);
  if (computed.pending.length > 0) {
    throw new Error(
      `Chưa thể xét giải: còn ${computed.pending.length} thí sinh chưa có điểm thực hành chính thức (${computed.pending.map((p) => p.candidateNumber).join(', ')}).`,
    );
  }
  return contest.levels.map((level) => {
    const unitsOfLevel = units.filter((u) => u.level === level.id);
    const rows: Array<Omit<CollectiveStanding, 'rank' | 'tied' | 'prize'>> = [];
    const unranked: LevelPrizes['unranked'] = [];
    for (const unit of unitsOfLevel) {
      const own = computed.results.filter((r) => r.unitId === unit.id);
      const totals: Ratio[] = [];
      const theory: Ratio[] = [];
      for (const r of own) {
        if (r.attendance === 'present') {
          totals.push(r.total);
          theory.push(r.theoryPoints);
        } else if (rules.absent?.collective === 'zero') {
          totals.push(Ratio.ZERO);
          theory.push(Ratio.ZERO);
        }
      }
      if (totals.length === 0) {
        unranked.push({
          unitId: unit.id,
          unitName: unit.name,
          message: own.length === 0 ? 'Đơn vị không có thí sinh dự thi.' : 'Tất cả thí sinh của đơn vị vắng thi; không xếp hạng.',
        });
        continue;
      }
      const value = aggregate(rules.collective, totals);
      rows.push({
        unitId: unit.id,
        unitName: unit.name,
        value,
        theoryValue: aggregate(rules.collective, theory),
        shown: viDecimal(value),
        counted: totals.length,
      });
    }
    const byTheory = rules.ties === 'theory-then-share';
    rows.sort(
      (a, b) =>
        b.value.compare(a.value) ||
        (byTheory ? b.theoryValue.compare(a.theoryValue) : 0) ||
        a.unitName.localeCompare(b.unitName, 'vi') ||
        a.unitId.localeCompare(b.unitId),
    );
    const ranked = competitionRanks(rows, (a, b) => a.value.equals(b.value) && (!byTheory || a.theoryValue.equals(b.theoryValue)));
    const slots = level.prizes.flatMap((p) => Array.from({ length: p.count }, () => p.label));
    const undecided: UndecidedTie[] = [];
    const standings = ranked.map(({ row, rank, tied }): CollectiveStanding => {
      const slot = slots[rank - 1] ?? null;
      return { ...row, rank, tied, prize: slot !== null && tied && rules.ties === 'jury' ? null : slot };
    });
    if (rules.ties === 'jury') {
      for (const rank of new Set(standings.filter((s) => s.tied).map((s) => s.rank))) {
        const group = standings.filter((s) => s.rank === rank);
        const prizes = slots.slice(rank - 1, rank - 1 + group.length);
        if (prizes.length === 0) continue;
        undecided.push({
          rank,
          unitIds: group.map((s) => s.unitId),
          prizes,
          message: `${group.map((s) => s.unitName).join(', ')} bằng điểm (${group[0]?.shown ?? ''}) ở hạng ${rank}; Ban Giám khảo quyết định ${[...new Set(prizes)].join(', ')}.`,
        });
      }
    }
    return { level: level.id, levelLabel: level.label, standings, undecided, unranked };
  });
}
