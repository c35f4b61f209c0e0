import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, departments, people, personRoles, units } from '../../db/schema.js';
import { runCli } from '../../src/cli/run-cli.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedUnit } from '../helpers/seed-unit.js';

describe('thidua department', () => {
  it('lists departments and sets the leader in charge (leader or director of the same unit), audited', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'thidua-dept-')), 'db.sqlite');
    const seedStore = createSqliteStore(path);
    const db = seedStore.db;
    const seeded = await seedUnit(seedStore, { periodCode: null, leaderInCharge: null });
    // A second unit with its own leader, who must not be accepted for u1.
    db.insert(units).values({ id: 'u2', name: 'UBND xã' }).run();
    const stranger = db.insert(people).values({ unitId: 'u2', fullName: 'Người Xã Khác', phone: '0912999999', updatedAt: 0 }).returning({ id: people.id }).get().id;
    db.insert(personRoles).values({ personId: stranger, role: 'leader' }).run();
    await seedStore.close();

    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) };
    const env = { DATABASE_PATH: path };
    const now = () => new Date(Date.UTC(2026, 11, 1, 1, 0));
    const run = async (...args: string[]) => {
      out.length = 0;
      err.length = 0;
      return runCli(['department', ...args], io, { env, now });
    };
    const [d0, d1] = seeded.departmentIds;
    const { leader, director, staff } = seeded.people;

    expect(await run('list', '--unit', 'u1')).toBe(0);
    expect(out).toEqual([
      'Các phòng của Sở Thông tin và Truyền thông (u1):',
      `  [${d0}] Phòng Thông tin, Báo chí – Xuất bản — 4 người — lãnh đạo phụ trách: chưa có`,
      `  [${d1}] Văn phòng Sở — 3 người — lãnh đạo phụ trách: chưa có`,
    ]);

    // By a loosely spelled name and a phone number written with spaces.
    expect(await run('set-leader', '--unit', 'u1', '--department', 'phong thong tin, bao chi – xuat ban', '--person', '0912 000 008')).toBe(0);
    expect(out).toEqual([`Đã giao Phòng Thông tin, Báo chí – Xuất bản cho Bùi Văn Phó (mã số ${leader}) phụ trách. Đã ghi nhật ký kiểm tra.`]);
    // By ids; the director may be in charge too, replacing the leader.
    expect(await run('set-leader', '--unit', 'u1', '--department', String(d0), '--person', String(director))).toBe(0);
    expect(out[0]).toContain(`(thay cho Bùi Văn Phó, mã số ${leader})`);
    expect(await run('set-leader', '--unit', 'u1', '--department', 'Văn phòng Sở', '--person', String(director))).toBe(0);
    expect(await run('set-leader', '--unit', 'u1', '--department', 'Văn phòng Sở', '--person', String(director))).toBe(0);
    expect(out[0]).toContain('không có gì thay đổi');

    // Refusals: a staff member, a person of another unit, unknown department or person; nothing written.
    expect(await run('set-leader', '--unit', 'u1', '--department', 'Văn phòng Sở', '--person', String(staff))).toBe(1);
    expect(err[0]).toContain('Trần Thị Lan');
    expect(err[0]).toContain('không có vai trò lãnh đạo phụ trách (Phó Giám đốc) hoặc Giám đốc');
    expect(await run('set-leader', '--unit', 'u1', '--department', 'Văn phòng Sở', '--person', String(stranger))).toBe(1);
    expect(err[0]).toBe(`Cán bộ mã số ${stranger} thuộc đơn vị u2, không thuộc đơn vị u1.`);
    expect(await run('set-leader', '--unit', 'u1', '--department', 'Phòng Không Có', '--person', String(leader))).toBe(1);
    expect(err[0]).toContain('Đơn vị u1 không có phòng "Phòng Không Có". Các phòng hiện có: Phòng Thông tin');
    expect(await run('set-leader', '--unit', 'u1', '--department', 'Văn phòng Sở', '--person', '0999888777')).toBe(1);
    expect(err[0]).toContain('Không tìm thấy cán bộ "0999888777"');
    // Usage errors (exit 2): a missing option, an unknown sub-command, several units without --unit.
    expect(await run('set-leader', '--unit', 'u1', '--department', 'Văn phòng Sở')).toBe(2);
    expect(await run('remove', '--unit', 'u1')).toBe(2);
    expect(await run('list')).toBe(2);

    expect(await run('list', '--unit', 'u1')).toBe(0);
    expect(out.slice(1)).toEqual([
      `  [${d0}] Phòng Thông tin, Báo chí – Xuất bản — 4 người — lãnh đạo phụ trách: Đặng Văn Giám (mã số ${director})`,
      `  [${d1}] Văn phòng Sở — 3 người — lãnh đạo phụ trách: Đặng Văn Giám (mã số ${director})`,
    ]);

    const checkStore = createSqliteStore(path);
    const check = checkStore.db;
    expect(check.select({ id: departments.id, leader: departments.leaderInChargeId }).from(departments).where(eq(departments.unitId, 'u1')).all()).toEqual([
      { id: d0, leader: director },
      { id: d1, leader: director },
    ]);
    const trail = check.select().from(auditLog).where(eq(auditLog.action, 'department.leader_set')).all();
    expect(trail.map((r) => [r.entityId, r.subjectPersonId, r.before, r.after, r.channel])).toEqual([
      [String(d0), leader, { leaderInChargeId: null }, { leaderInChargeId: leader }, 'cli'],
      [String(d0), director, { leaderInChargeId: leader }, { leaderInChargeId: director }, 'cli'],
      [String(d1), director, { leaderInChargeId: null }, { leaderInChargeId: director }, 'cli'],
    ]);
    await checkStore.close();
  });
});
