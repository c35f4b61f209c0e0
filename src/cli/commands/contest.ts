/**
 * `thidua contest …`: the leaders' contest (seed 001) for the organiser's office (Sở Nội vụ) and the jury: open a
 * run from a set-up file, import units' candidate lists (CSV/XLSX), close registration (numbers and rooms), print
 * the candidate list, issue room and proctor codes, enter practical marks, publish results with the per-unit sheet.
 * Every action goes through the same services (and permission checks) as chat and the exam pages.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { scoreSheetXlsx } from '../../approval/score-sheet-file.js';
import { loadContestCatalogue, type ContestCatalogue } from '../../contest-service/catalogue.js';
import { candidateListSheets, resultSheets } from '../../contest-service/contest-sheets.js';
import { decidePracticalScore, enterPracticalMark } from '../../contest-service/practical-service.js';
import {
  closeRegistration,
  contestLockKey,
  contestSetupSchema,
  issueRoomCodes,
  openContestRun,
  registerUnitList,
  type CandidateLine,
} from '../../contest-service/registration-service.js';
import { publishResults } from '../../contest-service/results-service.js';
import { openValues } from '../../contest/open-values.js';
import { normaliseTitle } from '../../contest/registration.js';
import { readStaffFile, StaffFileError } from '../../directory/staff-table.js';
import { UsageError, type CliCommand, type CliContext } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { withStore } from '../resolve-unit.js';

const USAGE = [
  'Cách dùng: thidua contest LỆNH [--contest MÃ]   (mặc định: cuộc thi duy nhất trong flows/contests/)',
  '  status                              các giá trị Ban Tổ chức chưa công bố, số đơn vị, thí sinh',
  '  open TỆP.yaml                       mở đăng ký: đơn vị dự thi (cấp, loại), thành viên các ban, phòng thi, ngân hàng câu hỏi',
  '  import TỆP.csv|xlsx                 nhập danh sách dự thi của các đơn vị (cột: Mã đơn vị, Họ và tên, Chức vụ, [Điện thoại])',
  '  close                               khoá sổ đăng ký: cấp số báo danh và xếp phòng thi',
  '  candidates --out TỆP.xlsx           in danh sách thí sinh (toàn bộ và từng phòng)',
  '  room-codes --room MÃ [--proctor MÃ_SỐ]…   cấp mã phòng thi (đọc cho thí sinh) và mã cán bộ coi thi',
  '  mark SỐ_BÁO_DANH ĐIỂM --by MÃ_SỐ    giám khảo nhập điểm thực hành',
  '  decide SỐ_BÁO_DANH ĐIỂM --by MÃ_SỐ --reason "LÝ DO"   Trưởng Ban Giám khảo quyết định bài chấm lệch',
  '  results --out TỆP.xlsx              công bố kết quả (điểm, xếp hạng, giải tập thể, dưới 50%) và in bảng theo đơn vị',
].join('\n');

function pickContest(catalogue: ContestCatalogue, wanted: string | undefined): string {
  if (wanted) {
    if (!catalogue.contests.has(wanted)) throw new UsageError(`Không có cuộc thi "${wanted}". Hiện có: ${[...catalogue.contests.keys()].join(', ')}`);
    return wanted;
  }
  const ids = [...catalogue.contests.keys()];
  if (ids.length !== 1 || !ids[0]) throw new UsageError(`Có ${ids.length} cuộc thi; chọn bằng --contest MÃ (${ids.join(', ')}).\n${USAGE}`);
  return ids[0];
}

function points(text: string | undefined): number {
  const value = Number((text ?? '').replace(',', '.'));
  if (!text || !Number.isFinite(value)) throw new UsageError(`Điểm "${text ?? ''}" không hợp lệ (ví dụ 7,5).\n${USAGE}`);
  return value;
}

function personId(text: string | undefined, what: string): number {
  if (!text || !/^\d{1,9}$/.test(text)) throw new UsageError(`${what}: cần mã số người (--by MÃ_SỐ).\n${USAGE}`);
  return Number(text);
}

const HEADERS = { unit: ['ma don vi', 'don vi'], name: ['ho va ten', 'ho ten'], position: ['chuc vu'], phone: ['dien thoai', 'so dien thoai'] };

/** The import file's lines grouped by unit id, with the spreadsheet row numbers. */
async function readLists(path: string): Promise<Map<string, Array<CandidateLine & { row: number }>>> {
  const table = await readStaffFile(path);
  const header = table.header.map((h) => normaliseTitle(h));
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const c = { unit: col(HEADERS.unit), name: col(HEADERS.name), position: col(HEADERS.position), phone: col(HEADERS.phone) };
  if (c.unit < 0 || c.name < 0 || c.position < 0) throw new StaffFileError('Tệp cần các cột: Mã đơn vị, Họ và tên, Chức vụ (và có thể thêm Điện thoại).');
  const lists = new Map<string, Array<CandidateLine & { row: number }>>();
  for (const r of table.rows) {
    const unit = r.cells[c.unit] ?? '';
    if (unit === '') throw new StaffFileError(`Dòng ${r.rowNumber}: thiếu mã đơn vị.`);
    const line = { row: r.rowNumber, fullName: r.cells[c.name] ?? '', position: r.cells[c.position] ?? '', phone: c.phone >= 0 ? r.cells[c.phone] || undefined : undefined };
    lists.set(unit, [...(lists.get(unit) ?? []), line]);
  }
  return lists;
}

async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      contest: { type: 'string' },
      out: { type: 'string' },
      room: { type: 'string' },
      proctor: { type: 'string', multiple: true },
      by: { type: 'string' },
      reason: { type: 'string' },
    },
    USAGE,
  );
  const [action, ...rest] = positionals;
  const catalogue = loadContestCatalogue();
  const contestId = pickContest(catalogue, values.contest);
  const contest = catalogue.contests.get(contestId);
  if (!contest) throw new UsageError(USAGE);
  const now = ctx.now().getTime();
  const lock = { lockKey: contestLockKey(contestId) };
  const fail = (message: string): number => {
    ctx.err(message);
    return 1;
  };

  switch (action) {
    case 'status':
      return withStore(ctx, async (store) => {
        const open = openValues(contest);
        ctx.out(`${contest.title} (${contest.id})`);
        ctx.out(open.length === 0 ? 'Ban Tổ chức đã công bố đủ thể lệ.' : `Còn ${open.length} giá trị Ban Tổ chức chưa công bố:`);
        for (const v of open) ctx.out(`  - ${v.message}`);
        const state = await store.read(async (tx) => ({ run: await tx.contest.getRun(contestId), regs: await tx.contest.registrations(contestId), cands: await tx.contest.candidates(contestId) }));
        if (!state.run) ctx.out('Chưa mở đăng ký (thidua contest open TỆP.yaml).');
        else ctx.out(`Đăng ký: ${state.run.status === 'closed' ? 'đã khoá sổ' : 'đang mở'}; ${state.run.units.length} đơn vị, ${state.regs.length} người đăng ký, ${state.cands.length} thí sinh có số báo danh.`);
        return 0;
      });
    case 'open': {
      const file = rest[0];
      if (!file) throw new UsageError(USAGE);
      const parsed = contestSetupSchema.safeParse({ contest: contestId, ...(parseYaml(await readFile(file, 'utf8')) as object) }, { error: z.locales.vi().localeError });
      if (!parsed.success) return fail(parsed.error.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`).join('\n'));
      return withStore(ctx, async (store) => {
        const opened = await store.transaction((tx) => openContestRun(tx, catalogue, parsed.data, now), lock);
        if (!opened.ok) return fail(opened.message);
        ctx.out(`Đã mở đăng ký ${contest.title}: ${opened.run.units.length} đơn vị, ${opened.run.rooms.length} phòng thi, ${opened.run.boardMembers.length} thành viên các ban.`);
        return 0;
      });
    }
    case 'import': {
      const file = rest[0];
      if (!file) throw new UsageError(USAGE);
      let lists;
      try {
        lists = await readLists(file);
      } catch (error) {
        if (error instanceof StaffFileError) return fail(error.message);
        throw error;
      }
      return withStore(ctx, async (store) => {
        let refused = 0;
        for (const [unitId, lines] of lists) {
          const outcome = await store.transaction((tx) => registerUnitList(tx, catalogue, { contestId, unitId, lines, actor: null, channel: 'cli', now }), lock);
          if (!outcome.ok) {
            refused += 1;
            ctx.err(`${unitId}: ${outcome.message}`);
            continue;
          }
          const a = outcome.answer;
          if (a.stored) ctx.out(`✔ ${a.unitName}: đã ghi nhận ${a.lines.length} người.`);
          else {
            refused += 1;
            ctx.err(`✘ ${a.unitName}: danh sách chưa được ghi nhận.`);
            for (const p of a.unitProblems) ctx.err(`   - ${p}`);
            for (const l of a.lines) for (const p of l.problems) ctx.err(`   - Dòng ${lines[l.line - 1]?.row ?? l.line} (${l.fullName}): ${p}`);
          }
        }
        return refused === 0 ? 0 : 1;
      });
    }
    case 'close':
      return withStore(ctx, async (store) => {
        const closed = await store.transaction((tx) => closeRegistration(tx, catalogue, { contestId, actor: null, channel: 'cli', now }), lock);
        if (!closed.ok) return fail(closed.message);
        ctx.out(`Đã khoá sổ đăng ký: ${closed.candidates.length} thí sinh có số báo danh (${closed.candidates[0]?.candidateNumber ?? ''}…${closed.candidates.at(-1)?.candidateNumber ?? ''}).`);
        ctx.out('In danh sách: thidua contest candidates --out danh-sach-thi-sinh.xlsx');
        return 0;
      });
    case 'candidates': {
      if (!values.out) throw new UsageError(USAGE);
      const out = values.out;
      return withStore(ctx, async (store) => {
        const data = await store.read(async (tx) => ({ run: await tx.contest.getRun(contestId), candidates: await tx.contest.candidates(contestId) }));
        if (!data.run || data.candidates.length === 0) return fail('Chưa có thí sinh nào có số báo danh (khoá sổ đăng ký trước).');
        await writeFile(out, await scoreSheetXlsx(candidateListSheets(contest, data.run, data.candidates)));
        ctx.out(`Đã ghi ${out} (${data.candidates.length} thí sinh).`);
        return 0;
      });
    }
    case 'room-codes': {
      if (!values.room) throw new UsageError(USAGE);
      const roomId = values.room;
      const proctorIds = (values.proctor ?? []).map((p) => personId(p, '--proctor'));
      return withStore(ctx, async (store) => {
        const codes = await store.transaction((tx) => issueRoomCodes(tx, { contestId, roomId, proctorIds, now }), lock);
        if (!codes.ok) return fail(codes.message);
        ctx.out(`Mã phòng thi ${roomId}: ${codes.roomCode}  (cán bộ coi thi đọc cho thí sinh khi bắt đầu giờ thi; trang thi: /thi)`);
        for (const p of codes.proctorCodes) ctx.out(`Mã cán bộ coi thi (mã số ${p.personId}): ${p.code}  (trang theo dõi phòng: /thi/giam-thi)`);
        return 0;
      });
    }
    case 'mark':
    case 'decide': {
      const [number, value] = rest;
      if (!number) throw new UsageError(USAGE);
      const by = personId(values.by, action);
      const pts = points(value);
      return withStore(ctx, async (store) => {
        const outcome = await store.transaction(
          (tx) =>
            action === 'mark'
              ? enterPracticalMark(tx, catalogue, { contestId, candidateNumber: number, examinerId: by, points: pts, channel: 'cli', now })
              : decidePracticalScore(tx, catalogue, { contestId, candidateNumber: number, headId: by, points: pts, reason: values.reason ?? '', channel: 'cli', now }),
          lock,
        );
        if (!outcome.ok) return fail(outcome.message);
        const s = outcome.score;
        ctx.out(`Đã ghi điểm thực hành của ${outcome.candidateNumber}.`);
        ctx.out(s.status === 'scored' ? 'Bài đã có điểm chính thức.' : s.message);
        return 0;
      });
    }
    case 'results': {
      if (!values.out) throw new UsageError(USAGE);
      const out = values.out;
      return withStore(ctx, async (store) => {
        const published = await store.transaction((tx) => publishResults(tx, catalogue, { contestId, actor: null, channel: 'cli', now }), lock);
        if (!published.ok) return fail(published.message);
        const runRecord = await store.read((tx) => tx.contest.getRun(contestId));
        if (!runRecord) return fail('Cuộc thi chưa mở đăng ký.');
        await writeFile(out, await scoreSheetXlsx(resultSheets(contest, runRecord, published.candidates, published.results, published.prizes)));
        ctx.out(`Đã công bố kết quả ${published.results.length} thí sinh; ${published.blockers.length} người dưới ${contest.awardRule.thresholdPercent}% hoặc vắng thi: ${contest.awardRule.reason} năm ${contest.awardRule.year}.`);
        for (const level of published.prizes) {
          for (const s of level.standings.filter((x) => x.prize !== null)) ctx.out(`  ${level.levelLabel}: ${s.prize ?? ''} — ${s.unitName} (${s.shown} điểm)`);
        }
        ctx.out(`Bảng kết quả theo đơn vị: ${out}`);
        return 0;
      });
    }
    default:
      throw new UsageError(USAGE);
  }
}

export const contestCommand: CliCommand = {
  name: 'contest',
  summary: 'Cuộc thi năng lực CNTT, chuyển đổi số của lãnh đạo: đăng ký, số báo danh, mã phòng thi, chấm thực hành, kết quả',
  usage: USAGE,
  run,
};
