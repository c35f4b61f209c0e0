/**
 * The honour list (pure, over the official results computed by `src/results/` from rows read through the store;
 * `load-board.ts` reads them): seed 000 commends the 5 individuals with
 * the highest totals among the classified and the 1 department with the highest mean; a tie at the 5th place
 * includes everyone tied ("đồng hạng"), and the post states that rule. The year's outputs are "Cá nhân xuất sắc"
 * (top band) and "Đơn vị tiên tiến" (see `yearHonours`). Only the honoured appear — nobody else's score.
 */
import { fmtPeriod, fmtPoints } from '../conversation/render/format.js';
import { departmentArticleRuleText, type Leaderboard, type LeaderboardEntry, type YearResults } from '../results/index.js';
import { honourSelection, yearHonours as scoringYearHonours } from '../scoring/aggregate.js';
import type { TieRule } from '../scoring/unit-settings.js';

/** One honoured person on the board. */
export interface HonourEntry {
  rank: number;
  personId: number;
  fullName: string;
  departmentName: string | null;
  points: number;
  bandLabel: string | null;
  /** Shares the rank with someone else ("đồng hạng"). */
  tied: boolean;
}

/** Everything the board picture, the text post and the congratulations need. */
export interface HonourBoard {
  kind: 'quarter' | 'year';
  unitId: string;
  unitName: string;
  /** `2026-Q4` or `2026`. */
  periodCode: string;
  /** `Quý IV/2026` or `Năm 2026`. */
  periodLabel: string;
  topN: number;
  entries: HonourEntry[];
  /** Year only: "Cá nhân xuất sắc", the people whose year score is in the top band (from `min` points). */
  topBand: { label: string; min?: number; entries: HonourEntry[] } | null;
  bestDepartment: { name: string; mean: number; headcount: number; tiedWith: string[] } | null;
  /** True when ties made the list longer than `topN`. */
  extendedByTie: boolean;
  /**
   * Quarter only, under the tie rule `director-chooses` (seed 000 III.3.b: the director chooses 05 people and 01
   * department): the tied people or departments the director has not chosen among yet. The board is not posted
   * while this is set (`loadHonourBoard` says `needs_choice`); the preview shows it.
   */
  pendingChoice: PendingTieChoice | null;
  /** The tie rules applied, printed under the board (people, department). */
  ties: { people: TieRule; department: TieRule };
  /**
   * People who would be on the list but have an award blocker for the year (issue 14 item 3: seed 001's contest
   * below 50%, seed 000's "không hoàn thành nhiệm vụ", a disciplinary note), each with the reasons shown.
   */
  leftOut: LeftOut[];
  /**
   * Quarter only: the rule on the department's own article (seed 000 II.3.b "Ít nhất 1 bài/Quý"), printed under the
   * tie rule, and the departments it left out of the best department; absent when the rubric has no such condition.
   */
  departmentRule?: { text: string; excluded: string[] } | null;
}

/** Someone left out of a list, and why (one line per blocker). */
export interface LeftOut {
  personId: number;
  fullName: string;
  reasons: string[];
}

/** What the director still has to choose among (issue 17 item 9). */
export interface PendingTieChoice {
  /** People tied across the last place: `seats` of `candidates` are honoured. */
  people: { seats: number; candidates: HonourEntry[] } | null;
  /** Departments tied for the best mean: one is honoured. */
  departments: { id: number; name: string; mean: number }[] | null;
}

/** The director's choice among the tied, as stored (audited `honours.tie_choice`). */
export interface TieChoice {
  personIds: number[];
  departmentId: number | null;
}

/** The rule stated under every quarter board and post: ranking, then the unit's tie rules (issue 17 item 9). */
export function tieRuleText(topN: number, ties: HonourBoard['ties'] = { people: 'director-chooses', department: 'director-chooses' }): string {
  const people =
    ties.people === 'dong-hang'
      ? `nếu nhiều người đồng hạng ở vị trí thứ ${topN} thì tất cả đều được biểu dương.`
      : `nếu nhiều người bằng điểm ở vị trí thứ ${topN}, Giám đốc Sở chọn trong số đó cho đủ ${topN} cá nhân (Kế hoạch, mục III.3.b).`;
  const department =
    ties.department === 'dong-hang'
      ? 'Tập thể: điểm trung bình cao nhất theo số người của phòng; các phòng bằng điểm đều được biểu dương.'
      : 'Tập thể: điểm trung bình cao nhất theo số người của phòng; nếu nhiều phòng bằng điểm, Giám đốc Sở chọn 01 phòng.';
  return `Cách xếp hạng: theo tổng điểm, chỉ trong số người được xếp loại; người bằng điểm cùng hạng ("đồng hạng"); ${people} ${department}`;
}

/**
 * How a proposed top-`topN` row is marked, and the warning under the list, under the unit's people tie rule:
 * `dong-hang` marks everyone sharing a rank and honours all tied at the last place; `director-chooses` marks the
 * group tied across the last place as the director's choice (seed 000 III.3.b).
 */
export function tieMark(entry: { id: number; tied: boolean }, choice: { personIds: number[] } | null): string {
  if (choice?.personIds.includes(entry.id)) return ' (bằng điểm — Giám đốc chọn)';
  return entry.tied ? ' (đồng hạng)' : '';
}

/** The warning under the proposed list when ties reach the last place; null when there is none. */
export function tieWarning(listed: number, topN: number, choice: { seats: number; personIds: number[] } | null): string | null {
  if (choice) return `Có ${choice.personIds.length} người bằng điểm ở vị trí cuối: Giám đốc Sở chọn ${choice.seats} người trong số đó cho đủ ${topN} cá nhân.`;
  return listed > topN ? `Có người đồng hạng ở vị trí thứ ${topN}: danh sách có ${listed} người, tất cả đều được biểu dương.` : null;
}

/**
 * The quarter's board from its leaderboard, under the unit's tie rules (`board.settings.ties`): `dong-hang` honours
 * everyone tied at the last place; `director-chooses` (the seed's default) honours the places above the tied group
 * and the people the director chose among it (`choice`), or leaves the choice pending. The same for the department.
 * `leftOut`: people an award blocker kept off the list (seed 000 III.3.a counts the flag-ceremony commendation among
 * its "hình thức khen thưởng"), shown with the reasons.
 */
export function quarterHonours(
  board: Leaderboard,
  unitName: string,
  topN: number,
  choice: TieChoice | null = null,
  leftOut: LeftOut[] = [],
): HonourBoard {
  const ties = board.settings.ties;
  const selection = honourSelection(board.top, topN, ties.people);
  let entries = selection.selected.map(toEntry);
  let pendingPeople: PendingTieChoice['people'] = null;
  if (selection.choice) {
    const candidates = selection.choice.candidates.map(toEntry);
    const chosen = choice ? candidates.filter((c) => choice.personIds.includes(c.personId)) : [];
    if (chosen.length === selection.choice.seats) entries = [...entries, ...chosen];
    else pendingPeople = { seats: selection.choice.seats, candidates };
  }
  let best = bestOf(board.best);
  let pendingDepartments: PendingTieChoice['departments'] = null;
  if (board.best?.needsChoice) {
    const tied = [board.best.best, ...board.best.tiedWith];
    const picked = choice?.departmentId != null ? tied.find((d) => d.id === choice.departmentId) : undefined;
    if (picked && picked.mean !== null) best = { name: picked.name, mean: picked.mean, headcount: picked.headcount, tiedWith: [] };
    else {
      best = null;
      pendingDepartments = tied.flatMap((d) => (d.mean === null ? [] : [{ id: d.id, name: d.name, mean: d.mean }]));
    }
  }
  const pendingChoice = pendingPeople || pendingDepartments ? { people: pendingPeople, departments: pendingDepartments } : null;
  return {
    kind: 'quarter',
    unitId: board.unitId,
    unitName,
    periodCode: board.period.code,
    periodLabel: fmtPeriod(board.period.year, board.period.quarter),
    topN,
    entries,
    topBand: null,
    bestDepartment: best,
    extendedByTie: entries.length > topN,
    leftOut,
    pendingChoice,
    ties,
    departmentRule: board.departmentArticle
      ? { text: departmentArticleRuleText(board.departmentArticle), excluded: (board.best?.excluded ?? []).map((d) => d.name) }
      : null,
  };
}

/** The rules printed under a board: the year's, or the quarter's tie rule and the department article rule. */
export function boardRuleText(board: HonourBoard): string {
  if (board.kind === 'year') return yearRuleText(board);
  const rule = board.departmentRule;
  const excluded = rule && rule.excluded.length > 0 ? ` Không xét tập thể dẫn đầu Quý này (chưa có bài viết của phòng): ${rule.excluded.join(', ')}.` : '';
  return `${tieRuleText(board.topN, board.ties)}${rule ? ` ${rule.text}${excluded}` : ''}`;
}

/**
 * The year's outputs (seed 000 III.3.a): "Cá nhân xuất sắc" — the classified people whose year score reaches the top
 * band (≥ 85 in seed 000), computed by `yearHonours` of src/scoring/aggregate.ts — and "Đơn vị tiên tiến", the
 * department with the highest year mean per head. The ranked top N is the extra yearly top 5 the seed does not have:
 * only with `yearTop5` (a unit setting, off by default), otherwise `entries` is empty.
 */
export function yearHonours(
  year: YearResults,
  unitName: string,
  topN: number,
  options: { yearTop5?: boolean; blocked?: ReadonlyMap<number, readonly string[]> } = {},
): HonourBoard {
  const blocked = options.blocked ?? new Map<number, readonly string[]>();
  const leftOut = new Map<number, LeftOut>();
  const keep = (p: { personId: number; fullName: string }): boolean => {
    const reasons = blocked.get(p.personId);
    if (!reasons || reasons.length === 0) return true;
    leftOut.set(p.personId, { personId: p.personId, fullName: p.fullName, reasons: [...reasons] });
    return false;
  };
  const entries = options.yearTop5 ? year.top.filter((e) => keep({ personId: e.id, fullName: e.fullName })).map(toEntry) : [];
  const topBandId = year.rubric?.bands.top ?? null;
  const topBand = year.rubric?.bands.list.find((b) => b.id === topBandId) ?? null;
  const eligible = year.people
    .filter((p) => p.ranked && p.classified && p.score !== null)
    .map((p) => ({ id: p.personId, total: p.score ?? 0, band: p.band, person: p }));
  const excellent = year.rubric ? scoringYearHonours(year.rubric, eligible, { yearTop5: false }).excellent : [];
  const inTopBand = excellent.map((e) => e.person).filter(keep).sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.personId - b.personId);
  return {
    kind: 'year',
    unitId: year.unitId,
    unitName,
    periodCode: String(year.year),
    periodLabel: `Năm ${year.year}`,
    topN,
    entries,
    topBand:
      topBand === null
        ? null
        : {
            label: EXCELLENT_LABEL,
            min: topBand.min,
            entries: inTopBand.map((p, i) => ({
              rank: i + 1,
              personId: p.personId,
              fullName: p.fullName,
              departmentName: p.departmentName,
              points: p.score ?? 0,
              bandLabel: shortBand(p.bandLabel),
              tied: false,
            })),
          },
    bestDepartment: bestOf(year.best),
    extendedByTie: entries.length > topN,
    leftOut: [...leftOut.values()],
    pendingChoice: null,
    ties: year.settings.ties,
  };
}

/** The seed's name of the year's individual award (seed 000 III.3.a). */
export const EXCELLENT_LABEL = 'Cá nhân xuất sắc';

/** The rule stated under a year board. */
export function yearRuleText(board: HonourBoard): string {
  const min = board.topBand?.min;
  return (
    `${EXCELLENT_LABEL}: người được xếp loại cả năm có điểm năm ${min !== undefined ? `từ ${fmtPoints(min)} điểm trở lên` : 'đạt mức cao nhất'} ` +
    '(điểm năm = tổng điểm 4 quý chia 4). Đơn vị tiên tiến: phòng có điểm trung bình chia theo nhân sự của phòng cao nhất.'
  );
}

/** Everyone honoured on the board (top list and top band), once each. */
export function honouredPeople(board: HonourBoard): HonourEntry[] {
  const seen = new Map<number, HonourEntry>();
  for (const e of [...board.entries, ...(board.topBand?.entries ?? [])]) if (!seen.has(e.personId)) seen.set(e.personId, e);
  return [...seen.values()];
}

/** The short text version posted under the picture. */
export function honoursText(board: HonourBoard): string {
  const lines = [`🏆 BIỂU DƯƠNG CHIẾN BINH SỐ — ${board.periodLabel}`, board.unitName, ''];
  if (board.kind === 'quarter' && board.entries.length === 0) lines.push('Chưa có cá nhân nào đủ điều kiện xếp hạng.');
  if (board.kind === 'year' && board.entries.length > 0) lines.push(`Top ${board.topN} điểm năm:`);
  for (const e of board.entries) lines.push(entryLine(e));
  if (board.topBand) {
    if (lines.at(-1) !== '') lines.push('');
    lines.push(`⭐ ${board.topBand.label} (${board.topBand.entries.length}):`);
    if (board.topBand.entries.length === 0) lines.push('Chưa có ai đạt.');
    for (const e of board.topBand.entries) lines.push(`• ${e.fullName}${e.departmentName ? ` — ${e.departmentName}` : ''} — ${fmtPoints(e.points)} điểm`);
  }
  const best = board.bestDepartment;
  if (best) {
    const tie = best.tiedWith.length > 0 ? ` (bằng điểm với ${best.tiedWith.join(', ')})` : '';
    const what = board.kind === 'year' ? 'Đơn vị tiên tiến' : 'Tập thể dẫn đầu';
    lines.push('', `🏢 ${what}: ${best.name} — điểm trung bình ${fmtPoints(best.mean)} (${best.headcount} người)${tie}`);
  }
  if (board.leftOut.length > 0) {
    lines.push('', board.kind === 'year' ? 'Không xét khen thưởng năm nay:' : 'Không xét biểu dương (chưa xem xét khen thưởng trong năm):');
    for (const l of board.leftOut) lines.push(`• ${l.fullName} — ${l.reasons.join('; ')}`);
  }
  lines.push('', boardRuleText(board));
  return lines.join('\n');
}

/** The personal congratulation for one honoured person. */
export function congratulationText(board: HonourBoard, entry: HonourEntry): string {
  const rank = board.entries.find((e) => e.personId === entry.personId);
  const what = rank
    ? `xếp hạng ${rank.rank}${rank.tied ? ' (đồng hạng)' : ''} với ${fmtPoints(rank.points)} điểm`
    : `được đề xuất "${board.topBand?.label ?? ''}" với điểm năm ${fmtPoints(entry.points)}`;
  return `🎉 Chúc mừng anh/chị ${entry.fullName}! Anh/chị được biểu dương trong phong trào Chiến binh số ${board.periodLabel}: ${what}. Cảm ơn anh/chị đã đóng góp cho chuyển đổi số của ${board.unitName}.`;
}

/** The part of a band label before its first comma ("Chiến binh số xuất sắc, tiên phong…" → "Chiến binh số xuất sắc"). */
export function shortBand(label: string | null): string | null {
  return label === null ? null : (label.split(',')[0] ?? label).trim();
}

function entryLine(e: HonourEntry): string {
  const parts = [`${e.rank}. ${e.fullName}`];
  if (e.departmentName) parts.push(e.departmentName);
  parts.push(`${fmtPoints(e.points)} điểm`);
  if (e.bandLabel) parts.push(e.bandLabel);
  return `${parts.join(' — ')}${e.tied ? ' (đồng hạng)' : ''}`;
}

function toEntry(e: LeaderboardEntry): HonourEntry {
  return {
    rank: e.rank,
    personId: e.id,
    fullName: e.fullName,
    departmentName: e.departmentName,
    points: e.total,
    bandLabel: shortBand(e.bandLabel),
    tied: e.tied,
  };
}

function bestOf(best: Leaderboard['best']): HonourBoard['bestDepartment'] {
  if (!best || best.best.mean === null) return null;
  return { name: best.best.name, mean: best.best.mean, headcount: best.best.headcount, tiedWith: best.tiedWith.map((d) => d.name) };
}
