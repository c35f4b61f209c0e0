/**
 * The staff import's optional "Ngày vào" (joined_on) column: the day a person joined the unit, used by the year
 * score under `yearScore: mean-of-present`. dd/mm/yyyy or yyyy-mm-dd (an Excel date cell too); a bad date is a row
 * error in Vietnamese and nothing is written; an empty cell keeps the recorded date; a re-import changing it
 * updates the existing person, audited like `thidua department joined`.
 */
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { auditLog, people } from '../../db/schema.js';
import { importStaff } from '../../src/directory/import-staff.js';
import { parseJoinDate } from '../../src/directory/staff-import-extras.js';
import { readStaffBuffer } from '../../src/directory/staff-table.js';
import { createSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { cliWorld } from '../helpers/cli-world.js';
import { testStore } from '../helpers/test-store.js';

const HEADER = 'Họ và tên;Số điện thoại;Phòng;Vai trò;Ngày vào\n';

function setup() {
  const t = cliWorld('thidua-joined-import-', () => new Date(Date.UTC(2026, 11, 1)));
  /** Reads the CLI's database after a run (the CLI closed it). */
  const reading = async <T>(read: (db: SqliteStore['db']) => T): Promise<T> => {
    const store = createSqliteStore(t.env.DATABASE_PATH);
    try {
      return read(store.db);
    } finally {
      await store.close();
    }
  };
  const joined = () =>
    reading((db) => Object.fromEntries(db.select({ n: people.fullName, j: people.joinedOn }).from(people).orderBy(asc(people.id)).all().map((r) => [r.n, r.j])));
  const audits = () =>
    reading((db) => db.select().from(auditLog).where(eq(auditLog.action, 'person.joined_on_set')).orderBy(asc(auditLog.id)).all().map((a) => [a.channel, a.before, a.after]));
  return { ...t, joined, audits };
}

describe('the "Ngày vào" column of the staff import', () => {
  it('reads dd/mm/yyyy and yyyy-mm-dd as real calendar days', () => {
    expect(parseJoinDate('15/07/2026')).toBe('2026-07-15');
    expect(parseJoinDate('1/3/2026')).toBe('2026-03-01');
    expect(parseJoinDate(' 2026-07-15 ')).toBe('2026-07-15');
    expect(parseJoinDate('')).toBeUndefined();
    for (const bad of ['31/02/2026', '2026-13-01', '15-07-2026', '07/2026', 'tháng 7', '2026-7-15']) expect(parseJoinDate(bad)).toBeNull();
  });

  it('dry run lists bad dates as row errors and writes nothing; the real run records the dates; a re-import updates them', async () => {
    const t = setup();
    const bad = t.file(
      'bad.csv',
      HEADER +
        'Nguyễn Văn An;0912345678;Phòng Chuyển đổi số;Công chức;31/02/2026\n' +
        'Trần Thị Bình;0913000111;Phòng Chuyển đổi số;Trưởng phòng;tháng 7\n' +
        'Lê Văn Cường;0914000222;Văn phòng;Viên chức;2026-03-01\n',
    );
    expect(await t.run('import', 'staff', bad, '--unit', 'stttt', '--unit-name', 'Sở TT&TT', '--dry-run')).toBe(1);
    expect(t.err).toEqual([
      'Tệp có 2 dòng lỗi, không ghi gì vào cơ sở dữ liệu:',
      '  Dòng 2: Ngày vào đơn vị "31/02/2026" không hợp lệ: ghi theo dạng ngày/tháng/năm (ví dụ 15/07/2026) hoặc năm-tháng-ngày (2026-07-15)',
      '  Dòng 3: Ngày vào đơn vị "tháng 7" không hợp lệ: ghi theo dạng ngày/tháng/năm (ví dụ 15/07/2026) hoặc năm-tháng-ngày (2026-07-15)',
    ]);
    expect(await t.run('import', 'staff', bad, '--unit', 'stttt', '--unit-name', 'Sở TT&TT')).toBe(1);
    expect(await t.joined()).toEqual({});

    const good = t.file(
      'good.csv',
      HEADER +
        'Nguyễn Văn An;0912345678;Phòng Chuyển đổi số;Công chức;15/07/2026\n' +
        'Trần Thị Bình;0913000111;Phòng Chuyển đổi số;Trưởng phòng;\n' +
        'Lê Văn Cường;0914000222;Văn phòng;Viên chức;2026-03-01\n',
    );
    expect(await t.run('import', 'staff', good, '--unit', 'stttt', '--unit-name', 'Sở TT&TT', '--dry-run')).toBe(0);
    expect(t.out[0]).toContain('thêm 3, cập nhật 0, giữ nguyên 0');
    expect(await t.joined()).toEqual({});
    expect(await t.run('import', 'staff', good, '--unit', 'stttt', '--unit-name', 'Sở TT&TT')).toBe(0);
    expect(await t.joined()).toEqual({ 'Nguyễn Văn An': '2026-07-15', 'Trần Thị Bình': null, 'Lê Văn Cường': '2026-03-01' });
    expect(await t.audits()).toEqual([
      ['cli', { joinedOn: null }, { joinedOn: '2026-07-15', via: 'staff.import' }],
      ['cli', { joinedOn: null }, { joinedOn: '2026-03-01', via: 'staff.import' }],
    ]);

    // Re-import: An's date corrected, Bình's recorded, Cường's cell empty (kept).
    const again = t.file(
      'again.csv',
      HEADER +
        'Nguyễn Văn An;0912345678;Phòng Chuyển đổi số;Công chức;2026-07-01\n' +
        'Trần Thị Bình;0913000111;Phòng Chuyển đổi số;Trưởng phòng;01/10/2026\n' +
        'Lê Văn Cường;0914000222;Văn phòng;Viên chức;\n',
    );
    expect(await t.run('import', 'staff', again, '--dry-run')).toBe(0);
    expect(t.out).toEqual([
      'Chạy thử (không ghi gì) vào đơn vị stttt: thêm 0, cập nhật 2, giữ nguyên 1 người.',
      '  Dòng 2: cập nhật (ngày vào đơn vị) — Nguyễn Văn An',
      '  Dòng 3: cập nhật (ngày vào đơn vị) — Trần Thị Bình',
      '  Dòng 4: giữ nguyên — Lê Văn Cường',
    ]);
    expect(await t.joined()).toEqual({ 'Nguyễn Văn An': '2026-07-15', 'Trần Thị Bình': null, 'Lê Văn Cường': '2026-03-01' });
    expect(await t.run('import', 'staff', again)).toBe(0);
    expect(t.out[0]).toContain('thêm 0, cập nhật 2, giữ nguyên 1');
    expect(await t.joined()).toEqual({ 'Nguyễn Văn An': '2026-07-01', 'Trần Thị Bình': '2026-10-01', 'Lê Văn Cường': '2026-03-01' });
    expect((await t.audits()).slice(2)).toEqual([
      ['cli', { joinedOn: '2026-07-15' }, { joinedOn: '2026-07-01', via: 'staff.import' }],
      ['cli', { joinedOn: null }, { joinedOn: '2026-10-01', via: 'staff.import' }],
    ]);
  });

  it('reads an Excel date cell of an XLSX file ("joined_on" header)', async () => {
    const store = testStore();
    const bytes = await writeXlsxFile([
      [{ value: 'full_name' }, { value: 'phone' }, { value: 'joined_on' }],
      [{ value: 'Nguyễn Văn An' }, { value: '0912345678' }, { value: new Date(Date.UTC(2026, 6, 15)), type: Date, format: 'dd/mm/yyyy' }],
      [{ value: 'Trần Thị Bình' }, { value: '0913000111' }, { value: '32/01/2026' }],
    ]).toBuffer();
    const table = await readStaffBuffer(bytes, 'xlsx');
    const dry = await store.read((tx) => importStaff(tx, table, { unit: { id: 'u9' }, dryRun: true }));
    expect(dry.plan.rowErrors).toEqual([
      {
        rowNumber: 3,
        reasons: ['Ngày vào đơn vị "32/01/2026" không hợp lệ: ghi theo dạng ngày/tháng/năm (ví dụ 15/07/2026) hoặc năm-tháng-ngày (2026-07-15)'],
        columns: [{ field: 'joinedOn', index: 2, header: 'joined_on' }],
      },
    ]);
    expect(dry.plan.rows.map((r) => [r.record.fullName, r.record.joinedOn])).toEqual([['Nguyễn Văn An', '2026-07-15']]);
    await store.close();
  });
});
