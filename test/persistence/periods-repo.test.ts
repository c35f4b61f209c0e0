import { afterEach, describe, expect, it } from 'vitest';
import { periods, rubricVersions, units } from '../../db/schema.js';
import type { Db } from '../../src/persistence/open-db.js';
import {
  findPeriod,
  listPeriods,
  openPeriod,
  PeriodError,
  rubricOfVersion,
} from '../../src/persistence/periods-repo.js';
import { testDb } from '../helpers/test-db.js';
import { tinyRubric } from './tiny-rubric.js';

let db: Db | undefined;
afterEach(() => db?.$client.close());

function setup(): Db {
  const d = testDb();
  d.insert(units).values([{ id: 'u1', name: 'Đơn vị 1' }, { id: 'u2', name: 'Đơn vị 2' }]).run();
  return d;
}

describe('periods repository', () => {
  it('opens a period with the seed deadlines and stores the rubric version once', () => {
    db = setup();
    const q4 = openPeriod(db, { unitId: 'u1', rubric: tinyRubric(), code: '2026-q4' });
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
    });
    const q3 = openPeriod(db, { unitId: 'u1', rubric: tinyRubric(), code: '2026-Q3' });
    const other = openPeriod(db, { unitId: 'u2', rubric: tinyRubric(), code: '2026-Q4' });
    expect(q3.rubricVersionId).toBe(q4.rubricVersionId);
    expect(other.rubricVersionId).toBe(q4.rubricVersionId);
    expect(db.select().from(rubricVersions).all()).toHaveLength(1);
    expect(rubricOfVersion(db, q4.rubricVersionId)).toEqual(tinyRubric());
    expect(findPeriod(db, 'u1', '2026-Q4')?.id).toBe(q4.id);
    expect(listPeriods(db, 'u1', 2026).map((p) => p.code)).toEqual(['2026-Q3', '2026-Q4']);
  });

  it('refuses to open the same period twice for a unit', () => {
    db = setup();
    openPeriod(db, { unitId: 'u1', rubric: tinyRubric(), code: '2026-Q4' });
    expect(() => openPeriod(db!, { unitId: 'u1', rubric: tinyRubric(), code: '2026-Q4' })).toThrow(
      /Kỳ 2026-Q4 của đơn vị u1 đã được mở/,
    );
    expect(db.select().from(periods).all()).toHaveLength(1);
  });

  it('applies overrides and checks the dates are in order', () => {
    db = setup();
    const p = openPeriod(db, {
      unitId: 'u1',
      rubric: tinyRubric(),
      code: '2026-Q1',
      overrides: { selfDeadline: '2026-03-12', departmentDeadline: undefined },
    });
    expect(p).toMatchObject({ selfDeadline: '2026-03-12', departmentDeadline: '2026-03-20' });
    expect(() =>
      openPeriod(db!, { unitId: 'u1', rubric: tinyRubric(), code: '2026-Q2', overrides: { officeDeadline: '2026-06-01' } }),
    ).toThrow(PeriodError);
    expect(() =>
      openPeriod(db!, { unitId: 'u1', rubric: tinyRubric(), code: '2026-Q2', overrides: { selfDeadline: '2026-06-31' } }),
    ).toThrow(/không hợp lệ/);
    expect(() => openPeriod(db!, { unitId: 'u1', rubric: tinyRubric(), code: 'Q2' })).toThrow(/Mã kỳ/);
  });

  it('stores a new version as a new row, and refuses a changed definition under the same version', () => {
    db = setup();
    const a = openPeriod(db, { unitId: 'u1', rubric: tinyRubric('1'), code: '2026-Q1' });
    const b = openPeriod(db, { unitId: 'u1', rubric: tinyRubric('2'), code: '2026-Q2' });
    expect(b.rubricVersionId).not.toBe(a.rubricVersionId);
    const changed = { ...tinyRubric('1'), title: 'Đã sửa' };
    expect(() => openPeriod(db!, { unitId: 'u1', rubric: changed, code: '2026-Q3' })).toThrow(/đổi "version"/);
  });
});
