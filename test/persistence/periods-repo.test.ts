import { afterEach, describe, expect, it } from 'vitest';
import { periods, rubricVersions, units } from '../../db/schema.js';
import { findPeriod, openPeriod, type OpenPeriodInput } from '../../src/periods/open-period.js';
import { PeriodError } from '../../src/periods/period-error.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { testStore } from '../helpers/test-store.js';
import { tinyRubric } from './tiny-rubric.js';

let store: SqliteStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

function setup(): SqliteStore {
  const s = testStore();
  s.db.insert(units).values([{ id: 'u1', name: 'Đơn vị 1' }, { id: 'u2', name: 'Đơn vị 2' }]).run();
  return s;
}

function open(s: SqliteStore, input: Omit<OpenPeriodInput, 'by'>) {
  return s.transaction((tx) => openPeriod(tx, { ...input, by: null }));
}

describe('periods repository', () => {
  it('opens a period with the seed deadlines and stores the rubric version once', async () => {
    const s = (store = setup());
    const q4 = await open(s, { unitId: 'u1', rubric: tinyRubric(), code: '2026-q4' });
    expect(q4).toMatchObject({
      code: '2026-Q4',
      year: 2026,
      quarter: 4,
      status: 'open',
      startsOn: '2026-10-01',
      endsOn: '2026-12-31',
      selfDeadline: '2026-12-10',
      departmentDeadline: '2026-12-10',
      officeDeadline: '2026-12-25',
      finalisedAt: null,
    });
    const q3 = await open(s, { unitId: 'u1', rubric: tinyRubric(), code: '2026-Q3' });
    const other = await open(s, { unitId: 'u2', rubric: tinyRubric(), code: '2026-Q4' });
    expect(q3.rubricVersionId).toBe(q4.rubricVersionId);
    expect(other.rubricVersionId).toBe(q4.rubricVersionId);
    expect(s.db.select().from(rubricVersions).all()).toHaveLength(1);
    await s.read(async (tx) => {
      expect(await tx.assessment.getRubric(q4.rubricVersionId)).toEqual(tinyRubric());
      expect((await findPeriod(tx, 'u1', '2026-Q4'))?.id).toBe(q4.id);
      expect((await findPeriod(tx, 'u1', ' 2026-q4'))?.id).toBe(q4.id);
      expect(await findPeriod(tx, 'u1', 'Q4')).toBeNull();
      expect((await tx.periods.get(q4.id))?.code).toBe('2026-Q4');
      expect((await tx.periods.list('u1', 2026)).map((p) => p.code)).toEqual(['2026-Q3', '2026-Q4']);
      expect((await tx.periods.list('u1')).map((p) => p.code)).toEqual(['2026-Q3', '2026-Q4']);
      expect((await tx.periods.newest('u1', ['open']))?.code).toBe('2026-Q4');
      expect(await tx.periods.newest('u1', ['finalised'])).toBeNull();
    });
  });

  it('moves a period through its statuses and records when it was finalised', async () => {
    const s = (store = setup());
    const q4 = await open(s, { unitId: 'u1', rubric: tinyRubric(), code: '2026-Q4' });
    await s.transaction((tx) => tx.periods.setStatus(q4.id, 'finalised', 1234));
    await s.read(async (tx) => {
      expect(await tx.periods.get(q4.id)).toMatchObject({ status: 'finalised', finalisedAt: 1234 });
      expect((await tx.periods.listByStatus(['finalised'])).map((p) => p.id)).toEqual([q4.id]);
    });
    await s.transaction((tx) => tx.periods.setStatus(q4.id, 'open', 5678));
    const moved = await s.transaction((tx) => tx.periods.setDates(q4.id, { officeDeadline: '2026-12-28' }));
    expect(moved).toMatchObject({ status: 'open', finalisedAt: null, officeDeadline: '2026-12-28', selfDeadline: '2026-12-10' });
  });

  it('refuses to open the same period twice for a unit', async () => {
    const s = (store = setup());
    await open(s, { unitId: 'u1', rubric: tinyRubric(), code: '2026-Q4' });
    await expect(open(s, { unitId: 'u1', rubric: tinyRubric(), code: '2026-Q4' })).rejects.toThrow(
      /Kỳ 2026-Q4 của đơn vị u1 đã được mở/,
    );
    await expect(open(s, { unitId: 'u1', rubric: tinyRubric(), code: '2026-Q4' })).rejects.toMatchObject({
      refusal: { code: 'duplicate', unitId: 'u1', periodCode: '2026-Q4' },
    });
    expect(s.db.select().from(periods).all()).toHaveLength(1);
  });

  it('applies overrides and checks the dates are in order', async () => {
    const s = (store = setup());
    const p = await open(s, {
      unitId: 'u1',
      rubric: tinyRubric(),
      code: '2026-Q1',
      overrides: { selfDeadline: '2026-03-12', departmentDeadline: undefined },
    });
    expect(p).toMatchObject({ selfDeadline: '2026-03-12', departmentDeadline: '2026-03-20' });
    await expect(
      open(s, { unitId: 'u1', rubric: tinyRubric(), code: '2026-Q2', overrides: { officeDeadline: '2026-06-01' } }),
    ).rejects.toThrow(PeriodError);
    await expect(
      open(s, { unitId: 'u1', rubric: tinyRubric(), code: '2026-Q2', overrides: { officeDeadline: '2026-06-01' } }),
    ).rejects.toThrow('Hạn Văn phòng tổng hợp (2026-06-01) không được trước hạn gửi danh sách phòng (2026-06-20)');
    await expect(
      open(s, { unitId: 'u1', rubric: tinyRubric(), code: '2026-Q2', overrides: { selfDeadline: '2026-06-31' } }),
    ).rejects.toThrow(/không hợp lệ/);
    await expect(open(s, { unitId: 'u1', rubric: tinyRubric(), code: 'Q2' })).rejects.toThrow(/Mã kỳ/);
    expect(s.db.select().from(periods).all()).toHaveLength(1);
  });

  it('stores a new version as a new row, and refuses a changed definition under the same version', async () => {
    const s = (store = setup());
    const a = await open(s, { unitId: 'u1', rubric: tinyRubric('1'), code: '2026-Q1' });
    const b = await open(s, { unitId: 'u1', rubric: tinyRubric('2'), code: '2026-Q2' });
    expect(b.rubricVersionId).not.toBe(a.rubricVersionId);
    const changed = { ...tinyRubric('1'), title: 'Đã sửa' };
    await expect(open(s, { unitId: 'u1', rubric: changed, code: '2026-Q3' })).rejects.toThrow(/đổi "version"/);
    expect(s.db.select().from(periods).all()).toHaveLength(2);
  });
});
