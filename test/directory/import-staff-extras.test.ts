/**
 * The staff import's "Phụ trách phòng" (leads_departments) and "Không nhắc tên trong nhóm" (no_group_mention)
 * columns: what they write, how re-imports change them, and the row errors (all-or-nothing).
 */
import { asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, departments, people } from '../../db/schema.js';
import { importStaff, type ImportStaffOptions, type ImportStaffResult } from '../../src/directory/import-staff.js';
import { parseYesNo, splitDepartmentList } from '../../src/directory/staff-import-extras.js';
import { readStaffBuffer, type StaffTable } from '../../src/directory/staff-table.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { testStore } from '../helpers/test-store.js';

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

const csv = (text: string) => readStaffBuffer(Buffer.from(text, 'utf8'), 'csv');

/** Department name → leader's full name (or null). */
function leaders(database: Db): Record<string, string | null> {
  const names = new Map(database.select({ id: people.id, name: people.fullName }).from(people).all().map((p) => [p.id, p.name]));
  return Object.fromEntries(
    database
      .select()
      .from(departments)
      .orderBy(asc(departments.id))
      .all()
      .map((d) => [d.name, d.leaderInChargeId === null ? null : (names.get(d.leaderInChargeId) ?? '?')]),
  );
}

function mentions(database: Db): Record<string, boolean> {
  return Object.fromEntries(database.select({ n: people.fullName, m: people.noGroupMention }).from(people).all().map((r) => [r.n, r.m]));
}

// The leaders' rows come first: the departments they lead are created by later rows of the same file.
// Semicolon-separated, as Excel saves CSV in a Vietnamese locale.
const FIRST =
  'Họ và tên;Số điện thoại;Phòng;Vai trò;Phụ trách phòng;Không nhắc tên trong nhóm\n' +
  'Bùi Văn Phó;0912000008;;Phó Giám đốc;"phong ke hoach ; Văn phòng Sở";x\n' + // Excel quotes a cell holding the delimiter
  'Đặng Văn Giám;0912000009;;Giám đốc;Phòng Chuyển đổi số;không\n' +
  'Nguyễn Văn An;0912000001;Phòng Kế hoạch;Công chức;;Có\n' +
  'Trần Thị Bình;0912000002;Văn phòng Sở;Chánh văn phòng, công chức;;\n' +
  'Lê Văn Cường;0912000003;Phòng Chuyển đổi số;Công chức;;1\n';

describe('staff import: leader in charge and group mentions', () => {
  it('sets the leaders in charge (departments created by the same file, loose spelling) and the mention preference', async () => {
    db = open();
    const result = await importInto(await csv(FIRST), { unit: { id: 'u1' } });
    expect(result.plan.rowErrors).toEqual([]);
    expect(result.plan.ignoredHeaders).toEqual([]);
    expect(result.applied).toBe(true);
    expect(result.leadersChanged).toBe(3);
    expect(leaders(db)).toEqual({ 'Phòng Kế hoạch': 'Bùi Văn Phó', 'Văn phòng Sở': 'Bùi Văn Phó', 'Phòng Chuyển đổi số': 'Đặng Văn Giám' });
    expect(mentions(db)).toEqual({ 'Bùi Văn Phó': true, 'Đặng Văn Giám': false, 'Nguyễn Văn An': true, 'Trần Thị Bình': false, 'Lê Văn Cường': true });
    const audits = db.select().from(auditLog).where(eq(auditLog.action, 'department.leader_set')).all();
    expect(audits).toHaveLength(3);
    expect(audits[0]).toMatchObject({ channel: 'cli', entityType: 'department', before: { leaderInChargeId: null } });
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'staff.import')).get()?.after).toMatchObject({ leadersChanged: 3 });
  });

  it('re-imports: moves a department to another leader, keeps an empty mention cell as it is, ignores absent columns', async () => {
    db = open();
    await importInto(await csv(FIRST), { unit: { id: 'u1' } });
    const second =
      'full_name,phone,role,leads_departments,no_group_mention\n' +
      'Bùi Văn Phó,0912000008,leader,Văn phòng Sở,\n' +
      'Đặng Văn Giám,0912000009,director,Phòng Chuyển đổi số; Phòng Kế hoạch,yes\n' +
      'Nguyễn Văn An,0912000001,staff,,no\n' +
      'Trần Thị Bình,0912000002,"office, staff",,\n';
    const result = await importInto(await csv(second), { unit: { id: 'u1' } });
    expect(result.plan.rowErrors).toEqual([]);
    expect(result.plan.counts).toEqual({ created: 0, updated: 3, unchanged: 1 });
    const changes = Object.fromEntries(result.plan.rows.map((r) => [r.record.fullName, r.changes]));
    expect(changes).toEqual({
      'Bùi Văn Phó': ['leadsDepartments'],
      'Đặng Văn Giám': ['leadsDepartments', 'noGroupMention'],
      'Nguyễn Văn An': ['noGroupMention'],
      'Trần Thị Bình': [],
    });
    expect(result.leadersChanged).toBe(1);
    expect(leaders(db)).toEqual({ 'Phòng Kế hoạch': 'Đặng Văn Giám', 'Văn phòng Sở': 'Bùi Văn Phó', 'Phòng Chuyển đổi số': 'Đặng Văn Giám' });
    expect(mentions(db)).toMatchObject({ 'Bùi Văn Phó': true, 'Đặng Văn Giám': true, 'Nguyễn Văn An': false, 'Lê Văn Cường': true });

    // Without the columns nothing about leadership or mentions changes; an empty cell clears a leader's departments.
    await importInto(await csv('Họ và tên,SĐT\nBùi Văn Phó,0912000008\n'), { unit: { id: 'u1' } });
    expect(leaders(db)['Văn phòng Sở']).toBe('Bùi Văn Phó');
    expect(mentions(db)['Bùi Văn Phó']).toBe(true);
    const cleared = await importInto(await csv('Họ và tên,SĐT,Phụ trách phòng\nBùi Văn Phó,0912000008,\n'), { unit: { id: 'u1' } });
    expect(cleared.plan.rows[0]?.changes).toEqual(['leadsDepartments']);
    expect(leaders(db)['Văn phòng Sở']).toBeNull();
  });

  it('reports unknown departments, non-leaders, a department claimed twice and bad yes/no cells, and writes nothing', async () => {
    db = open();
    await importInto(await csv(FIRST), { unit: { id: 'u1' } });
    const before = { leaders: leaders(db), mentions: mentions(db) };
    const bad =
      'Họ và tên,Số điện thoại,Vai trò,Phụ trách phòng,Không nhắc tên trong nhóm\n' +
      'Bùi Văn Phó,0912000008,leader,Phòng Không Có,\n' +
      'Nguyễn Văn An,0912000001,staff,Văn phòng Sở,\n' +
      'Đặng Văn Giám,0912000009,director,Văn phòng Sở,\n' +
      'Người Mới,0912000010,leader,văn phòng sở,\n' +
      'Trần Thị Bình,0912000002,staff,,có lẽ\n';
    const result = await importInto(await csv(bad), { unit: { id: 'u1' } });
    expect(result.applied).toBe(false);
    expect(result.plan.rowErrors).toEqual([
      { rowNumber: 2, reasons: ['Phòng phụ trách "Phòng Không Có" không có trong danh bạ của đơn vị (kiểm tra lại tên phòng)'], columns: [{ field: 'leadsDepartments', index: 3, header: 'Phụ trách phòng' }] },
      { rowNumber: 3, reasons: [expect.stringContaining('Chỉ người có vai trò lãnh đạo phụ trách (Phó Giám đốc) hoặc Giám đốc')], columns: [{ field: 'leadsDepartments', index: 3, header: 'Phụ trách phòng' }] },
      { rowNumber: 5, reasons: ['Phòng "Văn phòng Sở" đã được giao cho người ở dòng 4; mỗi phòng chỉ có một lãnh đạo phụ trách'], columns: [{ field: 'leadsDepartments', index: 3, header: 'Phụ trách phòng' }] },
      { rowNumber: 6, reasons: ['Cột "Không nhắc tên trong nhóm" chỉ nhận có/không (hoặc x, yes/no, 1/0), không nhận "có lẽ"'], columns: [{ field: 'noGroupMention', index: 4, header: 'Không nhắc tên trong nhóm' }] },
    ]);
    expect({ leaders: leaders(db), mentions: mentions(db) }).toEqual(before);
    expect(db.select().from(people).all()).toHaveLength(5);
  });

  it('parses yes/no cells and department lists', () => {
    expect(['có', 'CO', 'x', 'X', 'yes', '1', 'Đúng'].map(parseYesNo)).toEqual([true, true, true, true, true, true, true]);
    expect(['không', 'Khong', 'no', '0', 'sai'].map(parseYesNo)).toEqual([false, false, false, false, false]);
    expect(parseYesNo('  ')).toBeUndefined();
    expect(parseYesNo('có lẽ')).toBeNull();
    expect(splitDepartmentList(' Phòng A ;phòng a; Văn  phòng ;; ')).toEqual(['Phòng A', 'Văn phòng']);
  });
});
