/**
 * Issue 17 item 1 for someone who joined mid-year: the join date (`thidua department joined`) leaves the quarters
 * that ended before it out of the year under `yearScore: mean-of-present`; under `/4` (the seed's words,
 * "(Q1 + Q2 + Q3 + Q4)/4") they still count 0. Hand-computed: joined 15/07/2026, Q3 80, Q4 90.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { submissions, units } from '../../db/schema.js';
import { runCli } from '../../src/cli/run-cli.js';
import { openPeriod } from '../../src/periods/open-period.js';
import { yearResults } from '../../src/results/index.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedUnit } from '../helpers/seed-unit.js';

describe('a person who joined mid-year', () => {
  it('/4: (0 + 0 + 80 + 90) / 4 = 42.5; mean-of-present: (80 + 90) / 2 = 85 with the join date, 42.5 without', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'thidua-joined-')), 'db.sqlite');
    const store = createSqliteStore(path);
    const unit = await seedUnit(store, { periodCode: null });
    const staff = unit.people.staff ?? 0;
    for (const [code, total] of [['2026-Q1', null], ['2026-Q2', null], ['2026-Q3', 80], ['2026-Q4', 90]] as const) {
      const period = await store.transaction((tx) => openPeriod(tx, { unitId: unit.unitId, rubric: unit.rubric, code, by: null }));
      if (total !== null) {
        store.db.insert(submissions).values({ periodId: period.id, personId: staff, status: 'approved', selfTotal: total, reviewedTotal: total, classified: true, updatedAt: 0 }).run();
      }
    }
    const year = async () => (await store.read((tx) => yearResults(tx, { unitId: unit.unitId, year: 2026 }))).people.find((p) => p.personId === staff)?.score;
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) };
    const cli = (...args: string[]) => runCli(['department', 'joined', '--unit', 'u1', ...args], io, { env: { DATABASE_PATH: path }, now: () => new Date(Date.UTC(2026, 11, 1)) });

    expect(await year()).toBe(42.5);
    store.db.update(units).set({ settings: { rules: { yearScore: 'mean-of-present' } } }).where(eq(units.id, unit.unitId)).run();
    // Without a join date the person belonged to the unit all year: Q1 and Q2 count 0.
    expect(await year()).toBe(42.5);

    // Only the office or the director records it; a bad date is refused.
    expect(await cli('--person', '0912000002', '--date', '2026-07-15', '--as', '0912000001')).toBe(1);
    expect(err).toEqual(['Chỉ Văn phòng hoặc Giám đốc mới ghi được ngày vào đơn vị.']);
    expect(await cli('--person', '0912000002', '--date', '2026-02-30', '--as', '0912000006')).toBe(2);
    expect(err.at(-1)).toBe('Ngày vào đơn vị "2026-02-30" không hợp lệ: ghi theo dạng năm-tháng-ngày, ví dụ 2026-12-20, hoặc none để bỏ ngày đã ghi.');
    expect(await cli('--person', '0912000002', '--date', '2026-07-15', '--as', '0912000006')).toBe(0);
    expect(out.at(-1)).toBe(`Đã ghi ngày vào đơn vị của Trần Thị Lan (mã số ${staff}): 15/07/2026. Đã ghi nhật ký kiểm tra.`);
    expect(await year()).toBe(85);

    // The seed's /4 is not changed by the join date.
    store.db.update(units).set({ settings: { rules: { yearScore: '/4' } } }).where(eq(units.id, unit.unitId)).run();
    expect(await year()).toBe(42.5);
    expect(await cli('--person', '0912000002', '--date', 'none', '--as', '0912000009')).toBe(0);
    await store.close();
  });
});
