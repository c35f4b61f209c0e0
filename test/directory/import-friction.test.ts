/**
 * Issue 18, item 20: what a new office hit importing its staff list. "Chuyên viên" (the product's own label) as a
 * role; an unquoted comma; a department typed differently that would have become a second department; an existing
 * person with a new phone that would have become a duplicate.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { departments, people } from '../../db/schema.js';
import { runCli } from '../../src/cli/run-cli.js';
import { closeDepartment, departmentKey } from '../../src/directory/department-match.js';
import { importStaff } from '../../src/directory/import-staff.js';
import { planStaffImport } from '../../src/directory/plan-staff-import.js';
import type { ExistingPerson } from '../../src/directory/staff-import-plan-types.js';
import { parseRoles } from '../../src/directory/staff-roles.js';
import { readStaffBuffer } from '../../src/directory/staff-table.js';
import { createSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { StaffTable } from '../../src/directory/staff-table.js';
import { testStore } from '../helpers/test-store.js';

let store: SqliteStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** Runs the import in one unit of work, as the CLI does. */
function importInto(s: SqliteStore, table: StaffTable, options: Parameters<typeof importStaff>[2]) {
  return s.transaction((tx) => importStaff(tx, table, options));
}
const csv = (text: string) => readStaffBuffer(Buffer.from(text, 'utf8'), 'csv');

const TTBC = 'Phòng Thông tin, Báo chí – Xuất bản';
const FIRST =
  'Họ và tên;Số điện thoại;Email;Phòng;Vai trò\n' +
  `Đặng Thị Mai Anh;0947321654;maianh@example.vn;${TTBC};Chuyên viên\n` +
  'Nguyễn Văn An;0912345678;;Phòng Kế hoạch;Công chức\n';

function person(over: Partial<ExistingPerson> & { id: number; fullName: string }): ExistingPerson {
  return { phone: null, email: null, position: null, departmentName: null, roles: ['staff'], leadsDepartments: [], noGroupMention: false, joinedOn: null, ...over };
}

describe('"Chuyên viên" is a role', () => {
  it('is read as staff, as the demo prints it, with its ranks', () => {
    expect(parseRoles('Chuyên viên')).toEqual({ roles: ['staff'], unknown: [] });
    expect(parseRoles('chuyen vien chinh; Trưởng phòng').roles).toEqual(['staff', 'head']);
    expect(parseRoles('Chuyên viên cao cấp').roles).toEqual(['staff']);
  });
});

describe('an unquoted comma', () => {
  it('gives one message about the column count, not an e-mail error from shifted cells', async () => {
    const table = await csv(
      'Họ và tên,Số điện thoại,Phòng,Email\n' +
        'Lê Văn Cường,0914000222,Phòng Văn hóa, Thông tin,cuong@example.vn\n' +
        'Trần Thị Bình,0913000111,"Phòng Văn hóa, Thông tin",binh@example.vn\n' +
        'Phạm Dũng,0915000333,Phòng A,,,\n',
    );
    const plan = planStaffImport(table, [], []);
    expect(plan.rowErrors).toEqual([
      {
        rowNumber: 2,
        reasons: [expect.stringMatching(/^Dòng có 5 ô nhưng dòng tiêu đề chỉ có 4 cột: có lẽ một ô chứa dấu phẩy .*ngoặc kép/)],
        columns: [null],
      },
    ]);
    expect(plan.rowErrors[0]?.reasons[0]).not.toContain('Email');
    expect(plan.rows.map((r) => r.record.departmentName)).toEqual(['Phòng Văn hóa, Thông tin', 'Phòng A']);
  });
});

describe('a department typed differently', () => {
  it('matches loosely when only case, diacritics or punctuation differ', () => {
    expect(departmentKey('Phong Thong tin, Bao chi - Xuat ban')).toBe(departmentKey(TTBC));
    expect(closeDepartment('Phong Thong tin Bao chi Xuat bn', [TTBC, 'Phòng Kế hoạch'])).toBe(TTBC);
    expect(closeDepartment('Phong Ke hoach', [TTBC, 'Phòng Kế hoạch'])).toBeNull(); // the same key: not "close", equal
    expect(closeDepartment('Phòng Ke hoach Tai chinh', ['Phòng Kế hoạch'])).toBe('Phòng Kế hoạch');
    expect(closeDepartment('Phòng 2', ['Phòng 1'])).toBeNull();
    expect(closeDepartment('Phòng Y tế', ['Phòng Nội vụ'])).toBeNull();
  });

  it('uses the existing department for a spelling that differs only by a dash, and asks about a close one', async () => {
    const s = (store = testStore());
    const db = s.db;
    await importInto(s, await csv(FIRST), { unit: { id: 'u1' } });
    const second =
      'Họ và tên;Số điện thoại;Phòng;Vai trò\n' +
      'Lý Hoàng Phúc;0387654210;Phong Thong tin, Bao chi - Xuat ban;Chuyên viên\n' +
      'Võ Đức Thắng;0916554433;Phong Ke hoch;Chuyên viên\n';
    const asked = await importInto(s, await csv(second), { unit: { id: 'u1' } });
    expect(asked.applied).toBe(false);
    expect(asked.plan.rowErrors).toEqual([
      {
        rowNumber: 3,
        reasons: [
          'Phòng "Phong Ke hoch" chưa có trong đơn vị nhưng gần giống phòng "Phòng Kế hoạch": nếu là phòng đó, hãy sửa tên cho đúng; nếu là một phòng mới, hãy cho phép tạo phòng mới',
        ],
        columns: [{ field: 'department', index: 2, header: 'Phòng' }],
      },
    ]);
    expect(asked.plan.questions).toEqual([{ kind: 'department', rowNumber: 3, typed: 'Phong Ke hoch', existing: 'Phòng Kế hoạch' }]);
    expect(db.select().from(departments).all()).toHaveLength(2);

    const created = await importInto(s, await csv(second), { unit: { id: 'u1' }, createDepartments: true });
    expect(created.applied).toBe(true);
    expect(created.plan.newDepartments).toEqual(['Phong Ke hoch']);
    expect(created.plan.rows.map((r) => r.record.departmentName)).toEqual([TTBC, 'Phong Ke hoch']);
    expect(db.select().from(departments).all()).toHaveLength(3);
  });
});

describe('an existing person with a new phone', () => {
  const existing = [
    person({ id: 1, fullName: 'Nguyễn Văn An', phone: '0912345678', departmentName: 'Phòng Kế hoạch' }),
    person({ id: 2, fullName: 'Nguyễn Văn An', phone: '0919999999', departmentName: 'Văn phòng Sở' }),
  ];
  const table = () => csv('Họ và tên;Số điện thoại;Phòng\nNguyễn Văn An;0987 000 111;Phòng Kế hoạch\n');

  it('is a question in the plan (matched by name within the department), not a duplicate', async () => {
    const plan = planStaffImport(await table(), existing, ['Phòng Kế hoạch', 'Văn phòng Sở']);
    expect(plan.rows).toEqual([]);
    expect(plan.questions).toEqual([{ kind: 'same-name', rowNumber: 2, fullName: 'Nguyễn Văn An', personIds: [1] }]);
    expect(plan.rowErrors[0]?.reasons).toEqual([
      '"Nguyễn Văn An" trùng tên với một người đã có ở Phòng Kế hoạch (mã số 1, số 0912345678) nhưng dòng này ghi số 0987000111: là cùng một người đổi số điện thoại, hay một người khác trùng tên?',
    ]);
  });

  it('updates that person with sameName "update", adds a new one with "new"', async () => {
    const update = planStaffImport(await table(), existing, ['Phòng Kế hoạch', 'Văn phòng Sở'], { sameName: 'update' });
    expect(update.rowErrors).toEqual([]);
    expect(update.rows).toMatchObject([{ action: 'update', personId: 1, changes: ['phone'], record: { phone: '0987000111' } }]);
    const added = planStaffImport(await table(), existing, ['Phòng Kế hoạch', 'Văn phòng Sở'], { sameName: 'new' });
    expect(added.rows).toMatchObject([{ action: 'create', personId: null }]);
  });

  it('is not asked about when the person is matched by phone or e-mail, or is in another department', async () => {
    const moved = await csv('Họ và tên;Số điện thoại;Phòng\nNguyễn Văn An;0912345678;Phòng Kế hoạch\nNguyễn Văn An;0987000111;Phòng Y tế\n');
    const plan = planStaffImport(moved, existing, ['Phòng Kế hoạch', 'Văn phòng Sở']);
    expect(plan.questions).toEqual([]);
    expect(plan.rows.map((r) => r.action)).toEqual(['unchanged', 'create']);
  });
});

describe('thidua import staff', () => {
  it('refuses with the question and the option that answers it, then applies with the option', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thidua-import-friction-'));
    const path = join(dir, 'db.sqlite');
    const setup = createSqliteStore(path);
    await importInto(setup, await csv(FIRST), { unit: { id: 'u1' } });
    await setup.close();
    const file = join(dir, 'moi.csv');
    writeFileSync(file, 'Họ và tên;Số điện thoại;Phòng;Vai trò\nNguyễn Văn An;0987000111;Phòng Kế hoạch;Chuyên viên\n', 'utf8');
    const lines: string[] = [];
    const io = { out: (l: string) => void lines.push(l), err: (l: string) => void lines.push(`ERR ${l}`) };
    const env = { DATABASE_PATH: path };
    expect(await runCli(['import', 'staff', file, '--unit', 'u1'], io, { env })).toBe(1);
    expect(lines.join('\n')).toContain('trùng tên với một người đã có ở Phòng Kế hoạch');
    expect(lines.join('\n')).toContain('--same-name update');
    expect(await runCli(['import', 'staff', file, '--unit', 'u1', '--same-name', 'sai'], io, { env })).toBe(2);
    expect(await runCli(['import', 'staff', file, '--unit', 'u1', '--same-name', 'update'], io, { env })).toBe(0);
    const check = createSqliteStore(path);
    expect(check.db.select({ name: people.fullName, phone: people.phone }).from(people).orderBy(asc(people.id)).all()).toEqual([
      { name: 'Đặng Thị Mai Anh', phone: '0947321654' },
      { name: 'Nguyễn Văn An', phone: '0987000111' },
    ]);
    await check.close();
  });
});
