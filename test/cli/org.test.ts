/** `thidua org official|open|initiatives`: officials and duties, opening an index year with its calendar, refusals. */
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { cliWorld } from '../helpers/cli-world.js';
import { seedUnit } from '../helpers/seed-unit.js';

/** A seeded unit (no quarter open) and `thidua org …` on it, with its output captured. */
async function orgWorld() {
  const world = cliWorld('thidua-org-');
  const store = createSqliteStore(world.env.DATABASE_PATH);
  const seeded = await seedUnit(store, { periodCode: null });
  await store.close();
  return { seeded, out: world.out, err: world.err, run: (...args: string[]) => world.run('org', ...args) };
}

describe('thidua org', () => {
  it('gives official roles, opens a year with the seed 003 calendar, refuses a template frame and a non-lead', async () => {
    const { seeded, out, err, run } = await orgWorld();
    const dti = ['--rubric', 'huong-huu-dti-2024'];

    expect(await run('official', '--person', '0912000002', '--code', 'van-hoa-thong-tin', ...dti)).toBe(0);
    expect(out).toEqual([`Đã giao chức danh van-hoa-thong-tin cho người #${seeded.people.staff}.`]);
    expect(await run('official', '--person', '0912000002', '--code', 'van-hoa', ...dti)).toBe(1);
    expect(err[0]).toBe('Không có chức danh “van-hoa”. Chọn một trong: van-hoa-thong-tin, ke-toan-ngan-sach, van-phong-thong-ke, can-bo-cong-chuc, steering, chair.');

    expect(await run('open', '--year', '2025', '--rubric', 'an-giang-dti-so-ban-nganh-2023')).toBe(1);
    expect(err[0]).toContain('khung mẫu chưa điền đủ');
    expect(await run('open', '--year', '2025', ...dti)).toBe(0);
    expect(out.slice(1, 5)).toEqual([
      '  Niên hạn số liệu: 2024-11-01 – 2025-11-01',
      '  Nhập số liệu, ký số: hạn cuối 2025-11-11',
      '  Thẩm định (Ban Chỉ đạo chuyển đổi số xã): 2025-11-12 – 2025-12-31',
      '  Phê duyệt (Ủy ban nhân dân huyện): 2025-12-01 – 2025-12-31',
    ]);
    // Only Văn hóa – Thông tin holds a role: every other official's indicators are listed as unassigned.
    expect(out[5]).toMatch(/^ {2}Chưa giao cho ai \(chưa có người giữ chức danh\): dti\.6, dti\.7, /);
    expect(out[5]).not.toMatch(/dti\.2\b/);
    expect(await run('open', '--year', '2025', ...dti)).toBe(1);
    expect(err[0]).toBe('Đơn vị đã có kỳ đánh giá chỉ số năm 2025.');

    expect(await run('initiatives', '--year', '2025', '--count', '1', '--as', '0912000003')).toBe(1);
    expect(err[0]).toBe('Chỉ đơn vị chủ trì Bộ chỉ số (văn phòng) mới làm được việc này.');
    expect(await run('initiatives', '--year', '2025', '--count', '1', '--as', '0912000002')).toBe(0);
    expect(await run('bogus')).toBe(2);
  });

  it('refuses a badly written --entry-deadline for a rubric with a yearly calendar, and stores nothing', async () => {
    const { out, err, run } = await orgWorld();
    const dti = ['--rubric', 'huong-huu-dti-2024'];

    for (const bad of ['31/12/2026', '2026-02-30', '2026-12-1']) {
      expect(await run('open', '--year', '2026', ...dti, '--entry-deadline', bad)).toBe(1);
      expect(out).toEqual([]);
      expect(err).toEqual([`Hạn nhập số liệu "${bad}" không hợp lệ: ghi theo dạng năm-tháng-ngày, ví dụ 2026-12-20`]);
    }
    // Nothing was stored: the year still opens, and a well written deadline is kept.
    expect(await run('open', '--year', '2026', ...dti, '--entry-deadline', '2026-11-20')).toBe(0);
    expect(out[2]).toBe('  Nhập số liệu, ký số: hạn cuối 2026-11-20');
  });
});
