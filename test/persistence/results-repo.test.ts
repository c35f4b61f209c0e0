import { afterEach, describe, expect, it } from 'vitest';
import { openPeriod, type OpenPeriodInput } from '../../src/periods/open-period.js';
import { quarterResults, unitLeaderboard, yearResults } from '../../src/results/index.js';
import { loadRubricsFromDir } from '../../src/scoring/load-rubrics.js';
import type { Rubric } from '../../src/scoring/rubric-schema.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { testStore } from '../helpers/test-store.js';
import { seedPerson, seedSubmission, seedUnit } from './results-fixture.js';

const rubric: Rubric = (() => {
  const r = loadRubricsFromDir('flows').get('dak-nong-chien-binh-so-2024');
  if (!r) throw new Error('rubric dak-nong-chien-binh-so-2024 missing from flows/');
  return r;
})();

let store: SqliteStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

function open(s: SqliteStore, input: Omit<OpenPeriodInput, 'by'>) {
  return s.transaction((tx) => openPeriod(tx, { ...input, by: null }));
}

describe('quarter results and leaderboard', () => {
  async function setup(): Promise<SqliteStore> {
    const s = testStore();
    const d = s.db;
    const dept = seedUnit(d, 'u1', ['Phòng A', 'Phòng B', 'Phòng C']);
    const a = dept.get('Phòng A') ?? 0;
    const b = dept.get('Phòng B') ?? 0;
    const c = dept.get('Phòng C') ?? 0;
    const period = await open(s, { unitId: 'u1', rubric, code: '2026-Q4' });
    const add = (name: string, deptId: number | null, total: number, extra: Parameters<typeof seedSubmission>[3] | null = null, roles?: Parameters<typeof seedPerson>[4]) => {
      const id = seedPerson(d, 'u1', name, deptId, roles);
      seedSubmission(d, period.id, id, extra ?? { selfTotal: total });
      return id;
    };
    add('An', a, 90);
    add('Bình', a, 0, { selfTotal: 70, reviewedTotal: 85 }); // the reviewed total wins
    add('Cường', b, 85);
    add('Dũng', b, 80);
    add('Em', c, 75);
    add('Giang', c, 75);
    add('Hà', c, 70);
    add('Khoa', a, 0, { selfTotal: 95, status: 'submitted' }); // not yet approved
    add('Lan', b, 0, { selfTotal: 99, classified: false }); // failed a Công dân số criterion
    add('Minh', b, 0, { selfTotal: 0, classified: false }, ['laborer']);
    seedPerson(d, 'u1', 'Nam', c); // never started
    return s;
  }

  it('lists everyone with the agreed total and the band from the rubric', async () => {
    const s = (store = await setup());
    const r = await s.read((tx) => quarterResults(tx, { unitId: 'u1', periodCode: '2026-Q4' }));
    expect(r?.period).toMatchObject({ code: '2026-Q4', year: 2026, quarter: 4, status: 'open' });
    expect(r?.people).toHaveLength(11);
    const by = new Map(r?.people.map((p) => [p.fullName, p]));
    expect(by.get('Bình')).toMatchObject({ total: 85, band: 'xuat-sac', classified: true, counted: true, role: 'staff', departmentName: 'Phòng A' });
    expect(by.get('Hà')).toMatchObject({ total: 70, band: 'tieu-bieu' });
    expect(by.get('Khoa')).toMatchObject({ status: 'submitted', counted: false, total: null, band: null });
    expect(by.get('Lan')).toMatchObject({ total: 99, classified: false, band: null });
    expect(by.get('Minh')).toMatchObject({ role: 'laborer', ranked: false });
    expect(by.get('Nam')).toMatchObject({ status: 'none', counted: false, total: null });
    expect(await s.read((tx) => quarterResults(tx, { unitId: 'u1', periodCode: '2026-Q3' }))).toBeNull();
    // The code is normalised like the old query did (trimmed, upper case).
    expect((await s.read((tx) => quarterResults(tx, { unitId: 'u1', periodCode: ' 2026-q4' })))?.people).toHaveLength(11);
  });

  it('ranks the top 5 with ties (so six people) and picks the best department', async () => {
    const s = (store = await setup());
    const board = await s.read((tx) => unitLeaderboard(tx, { unitId: 'u1', periodCode: '2026-Q4' }));
    expect(board?.top.map((e) => [e.rank, e.fullName, e.total, e.tied])).toEqual([
      [1, 'An', 90, false],
      [2, 'Bình', 85, true],
      [2, 'Cường', 85, true],
      [4, 'Dũng', 80, false],
      [5, 'Em', 75, true],
      [5, 'Giang', 75, true],
    ]);
    // Seed 000 III.2.b: the mean of the department's members; a member without an approved, classified score
    // counts 0 and laborers count in no mean. A: (90 + 85 + Khoa 0) / 3 = 58.33; B: (85 + 80 + Lan 0) / 3 = 55
    // (Minh is a laborer); C: (75 + 75 + 70 + Nam 0) / 4 = 55. headcount = classified members in the mean.
    expect(board?.departments.map((d) => [d.name, d.mean, d.headcount, d.members])).toEqual([
      ['Phòng A', 58.33, 2, 3],
      ['Phòng B', 55, 2, 4],
      ['Phòng C', 55, 3, 4],
    ]);
    expect(board?.best?.best.name).toBe('Phòng A');
    expect(board?.rankedCount).toBe(7);
  });

  it('counts submitted self-assessments only when provisional', async () => {
    const s = (store = await setup());
    const board = await s.read((tx) => unitLeaderboard(tx, { unitId: 'u1', periodCode: '2026-Q4', provisional: true }));
    expect(board?.top[0]).toMatchObject({ rank: 1, fullName: 'Khoa', total: 95 });
    expect(board?.provisional).toBe(true);
  });
});

describe('year results', () => {
  it('averages the quarters that exist: (70 + 80 + 60 + 82) / 4 = 73', async () => {
    const s = (store = testStore());
    const db = s.db;
    const dept = seedUnit(db, 'u1', ['Phòng A']);
    const a = dept.get('Phòng A') ?? 0;
    const an = seedPerson(db, 'u1', 'An', a);
    const binh = seedPerson(db, 'u1', 'Bình', a);
    const totals = [70, 80, 60, 82];
    for (let q = 1; q <= 4; q++) {
      const period = await open(s, { unitId: 'u1', rubric, code: `2026-Q${q}` });
      seedSubmission(db, period.id, an, { selfTotal: totals[q - 1] ?? 0 });
      // Bình has only Q1 and Q2 approved: seed 000 III.2.a divides by 4 whatever is missing.
      if (q <= 2) seedSubmission(db, period.id, binh, { selfTotal: 90 });
      if (q === 3) seedSubmission(db, period.id, binh, { selfTotal: 10, status: 'draft' });
    }
    const year = await s.read((tx) => yearResults(tx, { unitId: 'u1', year: 2026 }));
    expect(year.periods.map((p) => p.code)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    const byName = new Map(year.people.map((p) => [p.fullName, p]));
    expect(byName.get('An')).toMatchObject({ score: 73, band: 'tieu-bieu', classified: true });
    expect(byName.get('An')?.quarters.map((x) => x.total)).toEqual([70, 80, 60, 82]);
    // (90 + 90 + 0 + 0) / 4 = 45: skipping two quarters never keeps a 90 (it was 90 as a mean of the quarters present).
    expect(byName.get('Bình')).toMatchObject({ score: 45, band: 'chien-binh-so' });
    expect(byName.get('Bình')?.quarters.map((x) => x.total)).toEqual([90, 90, null, null]);
    expect(year.departments).toEqual([{ id: a, name: 'Phòng A', mean: 59, headcount: 2, members: 2 }]);
    expect(year.top.map((e) => [e.rank, e.fullName, e.total])).toEqual([
      [1, 'An', 73],
      [2, 'Bình', 45],
    ]);
    expect((await s.read((tx) => yearResults(tx, { unitId: 'u1', year: 2025 }))).periods).toEqual([]);
  });
});
