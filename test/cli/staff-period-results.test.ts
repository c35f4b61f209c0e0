import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { people, periods, units } from '../../db/schema.js';
import { seedSubmission } from '../persistence/results-fixture.js';
import { cliWorld } from '../helpers/cli-world.js';

const STAFF =
  'Họ và tên;Số điện thoại;Email;Phòng;Chức vụ;Vai trò\n' +
  'Nguyễn Văn An;0912345678;an@example.vn;Phòng Chuyển đổi số;Chuyên viên;Công chức\n' +
  'Trần Thị Bình;0913000111;;Phòng Chuyển đổi số;Trưởng phòng;Trưởng phòng\n' +
  'Lê Văn Cường;0914000222;;Văn phòng;Chuyên viên;Viên chức\n';

const setup = () => cliWorld('thidua-cli-');

describe('thidua import / period / leaderboard / year', () => {
  it('runs the whole path: import, open a period, approve, leaderboard and year', async () => {
    const t = setup();
    const staff = t.file('staff.csv', STAFF);

    expect(await t.run('import', 'staff', staff)).toBe(2);
    expect(t.err.join('\n')).toContain('--unit');

    expect(await t.run('import', 'staff', staff, '--unit', 'stttt', '--unit-name', 'Sở TT&TT', '--dry-run')).toBe(0);
    expect(t.out[0]).toContain('Chạy thử (không ghi gì)');
    expect(t.out[0]).toContain('thêm 3, cập nhật 0, giữ nguyên 0');
    expect(t.out.join('\n')).toContain('Dòng 2: thêm mới — Nguyễn Văn An');

    expect(await t.run('import', 'staff', staff, '--unit', 'stttt', '--unit-name', 'Sở TT&TT')).toBe(0);
    expect(t.out[0]).toContain('thêm 3');
    // The only unit is used without --unit; nothing changes on a re-import.
    expect(await t.run('import', 'staff', staff)).toBe(0);
    expect(t.out[0]).toContain('thêm 0, cập nhật 0, giữ nguyên 3');

    expect(await t.run('period', 'open', '--rubric', 'dak-nong-chien-binh-so-2024', '--period', '2026-Q4')).toBe(0);
    expect(t.out.join('\n')).toContain('Phòng gửi danh sách: hạn cuối 10/12/2026');
    expect(t.out.join('\n')).toContain('Văn phòng tổng hợp: hạn cuối 25/12/2026');
    expect(await t.run('period', 'open', '--rubric', 'dak-nong-chien-binh-so-2024', '--period', '2026-Q4')).toBe(1);
    expect(t.err.join('\n')).toContain('đã được mở trước đó');
    expect(
      await t.run('period', 'open', '--rubric', 'dak-nong-chien-binh-so-2024', '--period', '2026-Q3', '--self-deadline', '2026-09-12'),
    ).toBe(0);
    expect(t.out.join('\n')).toContain('Cá nhân tự đánh giá: hạn cuối 12/09/2026');
    expect(await t.run('period', 'open', '--rubric', 'khong-co', '--period', '2026-Q2')).toBe(1);

    const store = createSqliteStore(t.env.DATABASE_PATH);
    const db = store.db;
    const ids = db.select({ id: people.id }).from(people).all().map((p) => p.id);
    const [q3, q4] = db.select({ id: periods.id }).from(periods).all().map((p) => p.id);
    const [an, binh, cuong] = ids;
    for (const [person, q3Total, q4Total] of [
      [an, 70, 80],
      [binh, 90, 80],
      [cuong, 50, 60],
    ] as const) {
      seedSubmission(db, q3 ?? 0, person ?? 0, { selfTotal: q3Total });
      seedSubmission(db, q4 ?? 0, person ?? 0, { selfTotal: q4Total });
    }
    await store.close();

    expect(await t.run('leaderboard', '--period', '2026-Q4')).toBe(0);
    const text = t.out.join('\n');
    expect(text).toContain('Bảng xếp hạng Quý IV/2026 — Sở TT&TT');
    expect(text).toContain('1. (đồng hạng) Nguyễn Văn An — Phòng Chuyển đổi số — 80 điểm');
    expect(text).toContain('1. (đồng hạng) Trần Thị Bình');
    expect(text).toContain('3. Lê Văn Cường — Văn phòng — 60 điểm');
    expect(text).toContain('Tập thể dẫn đầu: Phòng Chuyển đổi số — bình quân 80 điểm (2 người)');

    expect(await t.run('leaderboard', '--period', '2026-Q4', '--json')).toBe(0);
    const json: unknown = JSON.parse(t.out.join('\n'));
    expect(json).toMatchObject({ period: { code: '2026-Q4' }, best: { best: { name: 'Phòng Chuyển đổi số', mean: 80 } } });

    expect(await t.run('year', '--year', '2026')).toBe(0);
    // Seed 000 III.2.a: (Q1 + Q2 + Q3 + Q4) / 4, the two quarters without a result count 0: (90 + 80) / 4 = 42.5.
    expect(t.out.join('\n')).toContain('Trần Thị Bình — Phòng Chuyển đổi số: 42,5 (Q3 90 · Q4 80)');
    expect(await t.run('year', '--year', '2026', '--json')).toBe(0);
    expect(JSON.parse(t.out.join('\n'))).toMatchObject({ year: 2026, rubricId: 'dak-nong-chien-binh-so-2024' });

    expect(await t.run('leaderboard', '--period', '2026-Q1')).toBe(1);
    expect(t.err[0]).toContain('chưa mở kỳ 2026-Q1');
    expect(await t.run('leaderboard', '--period', 'Q1')).toBe(2);
  });

  it('reports every bad row and writes nothing; asks for --unit when several units exist', async () => {
    const t = setup();
    const bad = t.file(
      'bad.csv',
      'Họ và tên,Số điện thoại,Vai trò\nAn,0912345678,công chức\n,0912000000,\nBình,0912 345 678,thủ quỹ\n',
    );
    expect(await t.run('import', 'staff', bad, '--unit', 'u1')).toBe(1);
    expect(t.err).toEqual([
      'Tệp có 2 dòng lỗi, không ghi gì vào cơ sở dữ liệu:',
      '  Dòng 3: Thiếu họ và tên',
      expect.stringMatching(/^ {2}Dòng 4: Số điện thoại trùng với dòng 2; Vai trò không hợp lệ: thủ quỹ/),
    ]);
    const store = createSqliteStore(t.env.DATABASE_PATH);
    const db = store.db;
    expect(db.select().from(units).all()).toEqual([]);
    db.insert(units).values([{ id: 'u1', name: 'Một' }, { id: 'u2', name: 'Hai' }]).run();
    await store.close();
    expect(await t.run('leaderboard', '--period', '2026-Q4')).toBe(2);
    expect(t.err[0]).toContain('Có 2 đơn vị; hãy chọn một bằng --unit');
    expect(await t.run('import', 'staff', t.file('x.pdf', ''), '--unit', 'u1')).toBe(1);
    expect(t.err[0]).toContain('.csv hoặc .xlsx');
  });
});
