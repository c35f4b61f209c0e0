/**
 * Issue 15, item 2, through the services on SQLite and PostgreSQL: a list over the quota and a list naming a board
 * member are refused with Vietnamese messages and nothing is stored; a focal person may send only their own unit's
 * list; closing gives unique candidate numbers and seats; under concurrent lists and closings (two app instances on
 * PostgreSQL) every stored registration ends with exactly one number and no number is given twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ContestCatalogue } from '../../src/contest-service/catalogue.js';
import { closeRegistration, contestLockKey, openContestRun, registerUnitList, type CandidateLine } from '../../src/contest-service/registration-service.js';
import { createPostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { BANK_ID, contestCatalogue } from '../helpers/contest-world.js';
import { createTestDatabase } from '../helpers/pg-test-db.js';
import { testStore } from '../helpers/test-store.js';

const NOW = Date.UTC(2024, 5, 1, 2);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Dialect = 'sqlite' | 'postgres';

/** One store, or two stores on the same database (two app instances) for PostgreSQL. */
async function stores(dialect: Dialect): Promise<[Store, Store]> {
  if (dialect === 'sqlite') {
    const s = testStore();
    cleanups.push(() => s.close());
    return [s, s];
  }
  const db = await createTestDatabase();
  const a = createPostgresStore(db.config, { skipMigrations: true });
  const b = createPostgresStore(db.config, { skipMigrations: true });
  cleanups.push(async () => {
    await a.close();
    await b.close();
    await db.drop();
  });
  return [a, b];
}

interface Setup {
  catalogue: ContestCatalogue;
  contestId: string;
  organiser: number;
  juror: number;
  focal: Map<string, number>;
  /** Leaders (name, title) per unit: three per unit, the third one over the quota of 2. */
  leaders: Map<string, CandidateLine[]>;
}

async function setUp(store: Store, unitCount: number): Promise<Setup> {
  const { catalogue, contest } = contestCatalogue();
  return store.transaction(async (tx) => {
    const person = (unitId: string, fullName: string, roles: ('office' | 'staff' | 'director')[]) =>
      tx.staff.createPerson(unitId, { departmentId: null, fullName, phone: null, email: null, position: null, noGroupMention: false }, roles, NOW);
    await tx.staff.createUnit({ id: 'snv', name: 'Sở Nội vụ' });
    const organiser = await person('snv', 'Trần Tổ Chức', ['office']);
    const focal = new Map<string, number>();
    const leaders = new Map<string, CandidateLine[]>();
    const units = [];
    let juror = 0;
    for (let i = 1; i <= unitCount; i += 1) {
      const city = i % 2 === 1;
      const id = city ? `so-${i}` : `huyen-${i}`;
      const name = city ? `Sở Số ${String(i).padStart(3, '0')}` : `UBND huyện Số ${String(i).padStart(3, '0')}`;
      await tx.staff.createUnit({ id, name });
      focal.set(id, await person(id, `Văn Phòng ${i}`, ['office']));
      const titles = city ? ['Giám đốc sở', 'Phó Giám đốc sở', 'PGĐ Sở'] : ['Chủ tịch UBND', 'Phó Chủ tịch UBND', 'Phó Chủ tịch UBND huyện'];
      const lines = titles.map((position, k) => ({ fullName: `Lê Lãnh Đạo ${i}-${k + 1}`, position }));
      for (const l of lines) {
        const pid = await person(id, l.fullName, ['director']);
        if (i === 1 && juror === 0) juror = pid;
      }
      leaders.set(id, lines);
      units.push({ id, name, level: city ? ('city' as const) : ('district' as const), kind: city ? 'so' : 'quan-huyen' });
    }
    const opened = await openContestRun(
      tx,
      catalogue,
      {
        contest: contest.id,
        bank: BANK_ID,
        units,
        boardMembers: [
          { personId: organiser, board: 'organising-committee', head: false },
          { personId: juror, board: 'jury', head: false },
        ],
        rooms: [
          { id: 'P1', name: 'Phòng 1', capacity: 25 },
          { id: 'P2', name: 'Phòng 2', capacity: 200 },
        ],
      },
      NOW,
    );
    if (!opened.ok) throw new Error(opened.message);
    return { catalogue, contestId: contest.id, organiser, juror, focal, leaders };
  });
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`contest registration (${dialect})`, () => {
    it('refuses a list over the quota and a list naming a jury member, storing nothing, with messages on the lines', async () => {
      const [store] = await stores(dialect);
      const s = await setUp(store, 3);
      const send = (lines: CandidateLine[], unitId = 'so-1') =>
        store.transaction(
          (tx) =>
            registerUnitList(tx, s.catalogue, {
              contestId: s.contestId,
              unitId,
              lines,
              actor: { personId: s.focal.get(unitId) ?? 0, unitId, roles: ['office'] },
              channel: 'test',
              now: NOW,
            }),
          { lockKey: contestLockKey(s.contestId) },
        );
      const unitId = 'so-1';

      const over = await send(s.leaders.get('so-3') ?? [], 'so-3');
      if (!over.ok) throw new Error(over.message);
      expect(over.answer.stored).toBe(false);
      expect(over.answer.unitProblems).toEqual(['Danh sách có 3 người là Giám đốc sở hoặc Phó Giám đốc sở, vượt số lượng tối đa 2 người.']);
      expect(over.answer.lines.map((l) => l.accepted)).toEqual([true, true, false]);
      expect(over.answer.lines[2]?.problems[0]).toMatch(/^Vượt số lượng: .* chỉ được cử tối đa 2 người là Giám đốc sở hoặc Phó Giám đốc sở; đây là người thứ 3\.$/);
      expect(await store.read((tx) => tx.contest.registrations(s.contestId))).toEqual([]);

      // The juror is the unit's first leader: excluded from taking part.
      const withJuror = await send((s.leaders.get(unitId) ?? []).slice(0, 2));
      if (!withJuror.ok) throw new Error(withJuror.message);
      expect(withJuror.answer.stored).toBe(false);
      expect(withJuror.answer.lines[0]?.problems).toEqual(['Là thành viên Ban Giám khảo của cuộc thi nên không được dự thi.']);
      expect(withJuror.answer.lines[1]?.accepted).toBe(true);
      expect(await store.read((tx) => tx.contest.registrations(s.contestId))).toEqual([]);

      // An unknown name is refused on its line; a title that is not an eligible position too.
      const unknown = await send([{ fullName: 'Người Lạ', position: 'Giám đốc sở' }, { fullName: 'Lê Lãnh Đạo 1-2', position: 'Chánh Văn phòng' }]);
      if (!unknown.ok) throw new Error(unknown.message);
      expect(unknown.answer.lines[0]?.problems[0]).toContain('Không tìm thấy “Người Lạ” trong danh bạ của đơn vị');
      expect(unknown.answer.lines[1]?.problems[0]).toContain('Chức vụ “Chánh Văn phòng” không thuộc đối tượng dự thi');

      // The right list is stored.
      const ok = await send((s.leaders.get(unitId) ?? []).slice(1, 3));
      if (!ok.ok) throw new Error(ok.message);
      expect(ok.answer.stored).toBe(true);
      expect((await store.read((tx) => tx.contest.registrations(s.contestId))).map((r) => r.fullName)).toEqual(['Lê Lãnh Đạo 1-2', 'Lê Lãnh Đạo 1-3']);
    });

    it('lets a focal person send only their own unit’s list, and only the organiser close', async () => {
      const [store] = await stores(dialect);
      const s = await setUp(store, 2);
      const foreign = await store.transaction((tx) =>
        registerUnitList(tx, s.catalogue, {
          contestId: s.contestId,
          unitId: 'huyen-2',
          lines: (s.leaders.get('huyen-2') ?? []).slice(0, 2),
          actor: { personId: s.focal.get('so-1') ?? 0, unitId: 'so-1', roles: ['office'] },
          channel: 'test',
          now: NOW,
        }),
      );
      expect(foreign).toEqual({ ok: false, message: 'Anh/chị chỉ gửi được danh sách dự thi của đơn vị mình.' });
      const close = await store.transaction((tx) =>
        closeRegistration(tx, s.catalogue, { contestId: s.contestId, actor: { personId: s.focal.get('so-1') ?? 0, unitId: 'so-1', roles: ['office'] }, channel: 'test', now: NOW }),
      );
      expect(close).toEqual({ ok: false, message: 'Chỉ thành viên Ban Tổ chức được thực hiện việc này.' });
    });

    it('gives unique candidate numbers under concurrent lists and closings; every stored registration gets one number', async () => {
      const [a, b] = await stores(dialect);
      const unitCount = 40;
      const s = await setUp(a, unitCount);
      const organiser = { personId: s.organiser, unitId: 'snv', roles: ['office' as const] };
      const units = [...s.leaders.keys()];
      const sendList = (store: Store, unitId: string) =>
        store.transaction(
          (tx) =>
            registerUnitList(tx, s.catalogue, {
              contestId: s.contestId,
              unitId,
              lines: (s.leaders.get(unitId) ?? []).slice(1, 3),
              actor: { personId: s.focal.get(unitId) ?? 0, unitId, roles: ['office'] },
              channel: 'test',
              now: NOW,
            }),
          { lockKey: contestLockKey(s.contestId) },
        );
      const close = (store: Store) =>
        store.transaction((tx) => closeRegistration(tx, s.catalogue, { contestId: s.contestId, actor: organiser, channel: 'test', now: NOW }), { lockKey: contestLockKey(s.contestId) });
      // The first half registers concurrently from both instances; then the second half races two closings.
      const firstHalf = await Promise.all(units.slice(0, 20).map((u, i) => sendList(i % 2 ? b : a, u)));
      expect(firstHalf.every((r) => r.ok && r.answer.stored)).toBe(true);
      const raced = await Promise.all([...units.slice(20).map((u, i) => sendList(i % 2 ? a : b, u)), close(a), close(b)]);
      const closings = raced.slice(-2);
      expect(closings.filter((r) => r.ok)).toHaveLength(1);
      expect(closings.find((r) => !r.ok)).toMatchObject({ message: expect.stringContaining('khoá sổ') });
      const lateLists = raced.slice(0, -2).filter((r) => !r.ok);
      for (const r of lateLists) expect(r).toMatchObject({ message: expect.stringContaining('khoá sổ đăng ký') });

      const registrations = await a.read((tx) => tx.contest.registrations(s.contestId));
      const candidates = await b.read((tx) => tx.contest.candidates(s.contestId));
      expect(registrations.length).toBeGreaterThanOrEqual(40);
      expect(candidates.map((c) => c.personId).sort()).toEqual(registrations.map((r) => r.personId).sort());
      const numbers = candidates.map((c) => c.candidateNumber);
      expect(new Set(numbers).size).toBe(numbers.length);
      for (const prefix of ['TP', 'QH']) {
        const seq = numbers.filter((n) => n.startsWith(prefix)).map((n) => Number(n.slice(2))).sort((x, y) => x - y);
        expect(seq).toEqual(seq.map((_, i) => i + 1));
      }
      // Seats: room 1 is filled first (25 seats), then room 2; no seat twice.
      const seats = candidates.map((c) => `${c.roomId}:${c.seat}`);
      expect(new Set(seats).size).toBe(seats.length);
      expect(candidates.filter((c) => c.roomId === 'P1')).toHaveLength(Math.min(25, candidates.length));
      // A list after closing is refused.
      const late = await sendList(a, units[0] ?? '');
      expect(late).toMatchObject({ ok: false, message: 'Ban Tổ chức đã khoá sổ đăng ký dự thi; không nhận thêm hoặc sửa danh sách.' });
    }, 60_000);
  });
}
