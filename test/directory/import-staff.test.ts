import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import writeXlsxFile from 'write-excel-file/node';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, departments, people, personRoles, units } from '../../db/schema.js';
import { importStaff, type ImportStaffOptions, type ImportStaffResult } from '../../src/directory/import-staff.js';
import { readStaffBuffer, readStaffFile, type StaffTable } from '../../src/directory/staff-table.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { testStore } from '../helpers/test-store.js';

const dir = mkdtempSync(join(tmpdir(), 'thidua-import-'));
type Db = SqliteStore['db'];
let store: SqliteStore | undefined;
let db: Db;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** A fresh store; `db` (drizzle) is for the assertions' reads. */
function open(): Db {
  store = testStore();
  return store.db;
}

/** Runs the import as the CLI does: one unit of work. */
function importInto(table: StaffTable, options: ImportStaffOptions): Promise<ImportStaffResult> {
  if (!store) throw new Error('no store');
  return store.transaction((tx) => importStaff(tx, table, options));
}

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content, 'utf8');
  return path;
}

function snapshot(database: Db) {
  const rows = database
    .select({ id: people.id, name: people.fullName, phone: people.phone, email: people.email, dept: departments.name })
    .from(people)
    .leftJoin(departments, eq(departments.id, people.departmentId))
    .orderBy(asc(people.id))
    .all();
  const roles = database.select().from(personRoles).all();
  return rows.map((r) => ({
    ...r,
    roles: roles.filter((x) => x.personId === r.id).map((x) => x.role).sort(),
  }));
}

const VI_CSV =
  '\uFEFFHọ và tên;Số điện thoại;Email;Phòng;Chức vụ;Vai trò\n' +
  'Nguyễn Văn An;0912 345 678;an@example.vn;Phòng Chuyển đổi số;Chuyên viên;Công chức\n' +
  'Trần Thị Bình;+84 913 000 111;;Phòng Chuyển đổi số;Trưởng phòng;Trưởng phòng, công chức\n' +
  'Lê Văn Cường;0914000222;cuong@example.vn;Văn phòng;Lái xe;Người lao động\n';

describe('importStaff', () => {
  it('imports a Vietnamese semicolon CSV with BOM, creating the unit and departments', async () => {
    db = open();
    const table = await readStaffFile(write('vi.csv', VI_CSV));
    const result = await importInto(table, { unit: { id: 'stttt-dn', name: 'Sở TT&TT Đắk Nông' } });
    expect(result.applied).toBe(true);
    expect(result.newUnit).toBe(true);
    expect(result.plan.counts).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(db.select().from(units).all()).toMatchObject([{ id: 'stttt-dn', name: 'Sở TT&TT Đắk Nông' }]);
    expect(snapshot(db)).toEqual([
      { id: 1, name: 'Nguyễn Văn An', phone: '0912345678', email: 'an@example.vn', dept: 'Phòng Chuyển đổi số', roles: ['staff'] },
      { id: 2, name: 'Trần Thị Bình', phone: '0913000111', email: null, dept: 'Phòng Chuyển đổi số', roles: ['head', 'staff'] },
      { id: 3, name: 'Lê Văn Cường', phone: '0914000222', email: 'cuong@example.vn', dept: 'Văn phòng', roles: ['laborer'] },
    ]);
    expect(db.select().from(departments).all()).toHaveLength(2);
    expect(db.select().from(auditLog).all()).toMatchObject([{ action: 'staff.import', entityId: 'stttt-dn' }]);
  });

  it('re-importing updates people (phone in another form, English headers) without duplicates', async () => {
    db = open();
    await importInto(await readStaffFile(write('first.csv', VI_CSV)), { unit: { id: 'u1' } });
    const en =
      'full_name,phone,email,department,position,role\n' +
      'Nguyễn Văn An,+84912345678,an@example.vn,phòng chuyển đổi số,Chuyên viên chính,"staff, office"\n' +
      'Trần Thị Bình,0913000111,,Phòng Chuyển đổi số,Trưởng phòng,"head, staff"\n' +
      'Phạm Dũng,,dung@example.vn,Phòng Kế hoạch,,\n' +
      'Lê Văn C.,0914 000 999,cuong@example.vn,Văn phòng,Lái xe,laborer\n';
    const result = await importInto(await readStaffFile(write('second.csv', en)), { unit: { id: 'u1' } });
    expect(result.plan.rowErrors).toEqual([]);
    expect(result.plan.counts).toEqual({ created: 1, updated: 2, unchanged: 1 });
    expect(result.plan.rows.find((r) => r.rowNumber === 2)?.changes).toEqual(['position', 'roles']);
    // Matched by email, phone changed.
    expect(result.plan.rows.find((r) => r.rowNumber === 5)?.changes).toEqual(['fullName', 'phone']);
    const after = snapshot(db);
    expect(after).toHaveLength(4);
    expect(after[0]).toMatchObject({ id: 1, dept: 'Phòng Chuyển đổi số', roles: ['office', 'staff'] });
    expect(after[2]).toMatchObject({ id: 3, name: 'Lê Văn C.', phone: '0914000999' });
    expect(after[3]).toMatchObject({ name: 'Phạm Dũng', phone: null, dept: 'Phòng Kế hoạch', roles: ['staff'] });
    expect(db.select().from(departments).all()).toHaveLength(3);
  });

  it('imports an XLSX file (numbers as phones) with Vietnamese headers', async () => {
    db = open();
    const path = join(dir, 'staff.xlsx');
    await writeXlsxFile([
      ['HỌ VÀ TÊN', 'SĐT', 'Phòng', 'Vai trò'],
      ['Nguyễn Văn An', 912345678, 'Phòng A', 'Viên chức'],
      ['Hoàng Thị Em', '0915 111 222', 'Phòng A', 'Giám đốc trung tâm'],
    ]).toFile(path);
    const result = await importInto(await readStaffFile(path), { unit: { id: 'u1' } });
    expect(result.plan.rowErrors).toEqual([]);
    expect(result.applied).toBe(true);
    expect(snapshot(db)).toMatchObject([
      { name: 'Nguyễn Văn An', phone: '0912345678', roles: ['staff'] },
      { name: 'Hoàng Thị Em', phone: '0915111222', roles: ['head'] },
    ]);
    expect(result.plan.ignoredHeaders).toEqual([]);
  });

  it('reports every bad row with its spreadsheet row number and writes nothing', async () => {
    db = open();
    await importInto(await readStaffFile(write('ok.csv', VI_CSV)), { unit: { id: 'u1' } });
    const before = snapshot(db);
    const bad =
      'Họ và tên,Số điện thoại,Email,Phòng,Vai trò\n' +
      'Người Mới,0916000333,moi@example.vn,Phòng B,công chức\n' +
      ',0916000444,,Phòng B,\n' +
      'Sai Số,12345,,Phòng B,\n' +
      'Trùng Số,+84 916 000 333,,Phòng B,\n' +
      'Sai Vai,0916000555,sai@,Phòng B,thủ quỹ\n' +
      ',,,,\n' +
      'Không Liên Lạc,,,Phòng B,\n';
    const result = await importInto(await readStaffFile(write('bad.csv', bad)), { unit: { id: 'u1' } });
    expect(result.applied).toBe(false);
    expect(result.plan.rowErrors.map((e) => e.rowNumber)).toEqual([3, 4, 5, 6, 8]);
    expect(result.plan.rowErrors[0]?.reasons).toEqual(['Thiếu họ và tên']);
    expect(result.plan.rowErrors[1]?.reasons).toEqual(['Số điện thoại "12345" không hợp lệ']);
    expect(result.plan.rowErrors[2]?.reasons).toEqual(['Số điện thoại trùng với dòng 2']);
    expect(result.plan.rowErrors[3]?.reasons).toHaveLength(2);
    expect(result.plan.rowErrors[3]?.reasons[1]).toContain('Vai trò không hợp lệ: thủ quỹ');
    expect(result.plan.rowErrors[4]?.reasons).toEqual(['Cần số điện thoại hoặc email']);
    expect(snapshot(db)).toEqual(before);
    expect(db.select().from(departments).all()).toHaveLength(2);
  });

  it('refuses a file without a name column', async () => {
    db = open();
    const table = await readStaffBuffer(Buffer.from('Tên đầy đủ,phone\nA,0912345678\n'), 'csv');
    const result = await importInto(table, { unit: { id: 'u1' } });
    expect(result.plan.fileErrors[0]).toContain('Họ và tên');
    expect(result.applied).toBe(false);
    expect(db.select().from(units).all()).toEqual([]);
  });

  it('dry run plans but writes nothing', async () => {
    db = open();
    const result = await importInto(await readStaffFile(write('dry.csv', VI_CSV)), { unit: { id: 'u1' }, dryRun: true });
    expect(result.applied).toBe(false);
    expect(result.plan.counts.created).toBe(3);
    expect(result.plan.newDepartments).toEqual(['Phòng Chuyển đổi số', 'Văn phòng']);
    expect(db.select().from(people).all()).toEqual([]);
    expect(db.select().from(units).all()).toEqual([]);
  });
});
