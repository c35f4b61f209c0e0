/** Changing a period's deadlines: checked like opening, refused for a finalised or unknown quarter, audited. */
import { afterEach, describe, expect, it } from 'vitest';
import { units } from '../../db/schema.js';
import { changeDeadlines, type ChangeDeadlinesInput } from '../../src/periods/change-deadlines.js';
import { openPeriod } from '../../src/periods/open-period.js';
import { PeriodError } from '../../src/periods/period-error.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { testStore } from '../helpers/test-store.js';
import { tinyRubric } from '../persistence/tiny-rubric.js';

let store: SqliteStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function setup(): Promise<SqliteStore> {
  const s = testStore();
  s.db.insert(units).values([{ id: 'u1', name: 'Đơn vị 1' }]).run();
  await s.transaction((tx) => openPeriod(tx, { unitId: 'u1', rubric: tinyRubric(), code: '2026-Q4', by: null }));
  return s;
}

const change = (s: SqliteStore, deadlines: ChangeDeadlinesInput['deadlines'], periodCode = '2026-q4') =>
  s.transaction((tx) => changeDeadlines(tx, { unitId: 'u1', periodCode, deadlines, at: 1_000, actorPersonId: null, channel: 'web' }));

describe('changeDeadlines', () => {
  it('moves the Q4 self-assessment before the department list and audits before and after', async () => {
    const s = (store = await setup());
    const done = await change(s, { selfDeadline: '2026-12-05', departmentDeadline: '' });
    expect(done.changed).toEqual(['selfDeadline']);
    expect(done.before.selfDeadline).toBe('2026-12-10');
    expect(done.period).toMatchObject({ selfDeadline: '2026-12-05', departmentDeadline: '2026-12-10', officeDeadline: '2026-12-25' });
    const audit = await s.read((tx) => tx.audit.search({ unitId: 'u1' }));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ channel: 'web', before: { selfDeadline: '2026-12-10' }, after: { selfDeadline: '2026-12-05' } });
    // The same dates again: nothing changes, nothing is audited.
    expect((await change(s, { selfDeadline: '2026-12-05' })).changed).toEqual([]);
    expect(await s.read((tx) => tx.audit.search({ unitId: 'u1' }))).toHaveLength(1);
  });

  it('refuses a date out of order, a date that is not a day, an unknown and a finalised quarter, writing nothing', async () => {
    const s = (store = await setup());
    await expect(change(s, { selfDeadline: '2026-12-15' })).rejects.toThrow('Hạn gửi danh sách phòng (2026-12-10) không được trước hạn tự đánh giá (2026-12-15)');
    await expect(change(s, { officeDeadline: '2026-02-30' })).rejects.toThrow(PeriodError);
    await expect(change(s, { selfDeadline: '2026-12-01' }, '2027-Q1')).rejects.toThrow('chưa có kỳ 2027-Q1');
    const period = await s.read((tx) => tx.periods.find('u1', '2026-Q4'));
    await s.transaction((tx) => tx.periods.setStatus(period?.id ?? 0, 'finalised', 2_000));
    await expect(change(s, { selfDeadline: '2026-12-01' })).rejects.toThrow('đã được Giám đốc phê duyệt chính thức');
    expect((await s.read((tx) => tx.periods.find('u1', '2026-Q4')))?.selfDeadline).toBe('2026-12-10');
    expect(await s.read((tx) => tx.audit.search({ unitId: 'u1' }))).toHaveLength(0);
  });
});
