/**
 * Printable sheets of the contest, as plain rows (written to XLSX by the caller with `scoreSheetXlsx`): the list of
 * candidates with their numbers and rooms (all, then one sheet per room for the door of the room), and the results
 * per unit (for the unit's file and the administrative-reform index: each candidate's theory, practical, total,
 * percent, rank in the level, the 50% rule, and the unit's collective result and prize).
 */
import type { SheetRows, SheetValue } from '../approval/score-sheet-file.js';
import type { Contest } from '../contest/contest-schema.js';
import type { LevelPrizes } from '../contest/ranking.js';
import type { CandidateRecord, ContestResultRecord, ContestRunRecord } from '../store/contest.js';
import { inContestOrder } from './registration-service.js';

function positionLabel(contest: Contest, positionId: string): string {
  for (const level of contest.levels) for (const kind of level.unitKinds) for (const p of kind.positions) if (p.id === positionId) return p.label;
  return positionId;
}

function levelLabel(contest: Contest, level: string): string {
  return contest.levels.find((l) => l.id === level)?.label ?? level;
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 28).trim() || 'Trang';
  let out = base;
  for (let i = 2; taken.has(out); i += 1) out = `${base.slice(0, 26)} ${i}`;
  taken.add(out);
  return out;
}

/** The candidate list: every candidate in number order, then one sheet per room in seat order. */
export function candidateListSheets(contest: Contest, run: ContestRunRecord, unordered: readonly CandidateRecord[]): SheetRows[] {
  const candidates = inContestOrder(contest, unordered);
  const rooms = new Map(run.rooms.map((r) => [r.id, r.name]));
  const header = ['STT', 'Số báo danh', 'Họ và tên', 'Chức vụ', 'Đơn vị', 'Cấp', 'Phòng thi', 'Máy số'];
  const row = (c: CandidateRecord, i: number): SheetValue[] => [
    i + 1,
    c.candidateNumber,
    c.fullName,
    positionLabel(contest, c.positionId),
    c.unitName,
    levelLabel(contest, c.level),
    rooms.get(c.roomId) ?? c.roomId,
    c.seat,
  ];
  const taken = new Set<string>();
  const all: SheetRows = {
    name: sheetName('Danh sách thí sinh', taken),
    rows: [[contest.title], [`Danh sách thí sinh dự thi (${candidates.length} người)`], header, ...candidates.map(row)],
    bold: [0, 1, 2],
  };
  const perRoom = run.rooms.map((room): SheetRows => {
    const seated = candidates.filter((c) => c.roomId === room.id).sort((a, b) => a.seat - b.seat);
    return { name: sheetName(room.name, taken), rows: [[contest.title], [`${room.name} — ${seated.length} thí sinh`], header, ...seated.map(row)], bold: [0, 1, 2] };
  });
  return [all, ...perRoom];
}

/** One sheet per unit with its candidates' results and its collective result; a first sheet with the prizes. */
export function resultSheets(
  contest: Contest,
  run: ContestRunRecord,
  candidates: readonly CandidateRecord[],
  results: readonly ContestResultRecord[],
  prizes: readonly LevelPrizes[],
): SheetRows[] {
  const taken = new Set<string>();
  const byNumber = new Map(results.map((r) => [r.candidateNumber, r]));
  const prizeRows: SheetValue[][] = [[contest.title], ['Kết quả và giải tập thể theo cấp']];
  const bold = [0, 1];
  for (const level of prizes) {
    bold.push(prizeRows.length);
    prizeRows.push([level.levelLabel]);
    if (level.standings.length === 0 && level.unranked.length === 0) {
      prizeRows.push(['(không có đơn vị dự thi)']);
      continue;
    }
    prizeRows.push(['Hạng', 'Đơn vị', 'Điểm tập thể', 'Số thí sinh tính điểm', 'Giải']);
    for (const s of level.standings) prizeRows.push([s.rank, s.unitName, s.shown, s.counted, s.prize ?? '']);
    for (const u of level.unranked) prizeRows.push(['', u.unitName, '', 0, u.message]);
    for (const t of level.undecided) prizeRows.push(['', t.message]);
  }
  const sheets: SheetRows[] = [{ name: sheetName('Giải tập thể', taken), rows: prizeRows, bold }];
  const threshold = contest.awardRule.thresholdPercent;
  for (const unit of run.units) {
    const own = inContestOrder(contest, candidates.filter((c) => c.unitId === unit.id));
    const standing = prizes.find((l) => l.level === unit.level)?.standings.find((s) => s.unitId === unit.id);
    const rows: SheetValue[][] = [
      [contest.title],
      [`${unit.name} — ${levelLabel(contest, unit.level)}`],
      ['Số báo danh', 'Họ và tên', 'Chức vụ', 'Lý thuyết', 'Thực hành', 'Tổng điểm', 'Tỷ lệ (%)', 'Hạng trong cấp', `Dưới ${threshold}%`],
    ];
    for (const c of own) {
      const r = byNumber.get(c.candidateNumber);
      const f = r?.figures ?? null;
      rows.push([
        c.candidateNumber,
        c.fullName,
        positionLabel(contest, c.positionId),
        f?.theory ?? (r?.attendance === 'absent' ? 'Vắng thi' : ''),
        f?.practical ?? '',
        f ? `${f.total}/${f.totalMax}` : '',
        f?.percent ?? '',
        r?.rank ?? '',
        r?.belowThreshold ? `Có — ${contest.awardRule.reason} năm ${contest.awardRule.year}` : '',
      ]);
    }
    rows.push([]);
    rows.push(['Kết quả tập thể', standing ? standing.shown : 'Không xếp hạng', standing ? `Hạng ${standing.rank}` : '', standing?.prize ?? '']);
    sheets.push({ name: sheetName(unit.name, taken), rows, bold: [0, 1, 2] });
  }
  return sheets;
}
