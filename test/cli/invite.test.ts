import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashInviteCode, normaliseInviteCode } from '../../src/conversation/invite-code.js';
import { runCli } from '../../src/cli/run-cli.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedUnit } from '../helpers/seed-unit.js';

describe('thidua invite', () => {
  it('prints a one-time code for a person found by phone, id or name, storing only its hash', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'thidua-invite-')), 'db.sqlite');
    const seedStore = createSqliteStore(path);
    const seeded = await seedUnit(seedStore, { periodCode: null });
    await seedStore.close();
    const out: string[] = [];
    const io = { out: (l: string) => void out.push(l), err: (l: string) => void out.push(`ERR ${l}`) };
    const env = { DATABASE_PATH: path };
    const now = () => new Date(Date.UTC(2026, 11, 1, 1, 0));
    expect(await runCli(['invite', '0912 000 002'], io, { env, now })).toBe(0);
    expect(await runCli(['invite', String(seeded.people.head), '--days', '2'], io, { env, now })).toBe(0);
    expect(await runCli(['invite', 'Vũ', 'Văn', 'Chánh'], io, { env, now })).toBe(0);
    expect(await runCli(['invite', 'Không Có Ai'], io, { env, now })).toBe(2);
    expect(out[0]).toMatch(/^Mã kích hoạt cho Trần Thị Lan \(mã số \d+\): [A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(out[1]).toBe('Hết hạn: 08:00 ngày 08/12/2026 (giờ Việt Nam). Mã chỉ dùng được một lần.');
    expect(out[4]).toBe('Hết hạn: 08:00 ngày 03/12/2026 (giờ Việt Nam). Mã chỉ dùng được một lần.');
    expect(out.at(-1)).toContain('Không tìm thấy cán bộ');
    const code = normaliseInviteCode(out[0]?.split(': ').at(-1) ?? '');
    const checkStore = createSqliteStore(path);
    const check = checkStore.db;
    const rows = check.$client.prepare('SELECT code_hash, person_id FROM invite_codes ORDER BY rowid').all();
    expect(rows[0]).toEqual({ code_hash: hashInviteCode(code ?? ''), person_id: seeded.people.staff });
    expect(rows).toHaveLength(3);
    await checkStore.close();
  });

  it('issues a code for every active person of a department at once, audited without the codes (issue 18 item 15)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'thidua-invite-')), 'db.sqlite');
    const seedStore = createSqliteStore(path);
    const seeded = await seedUnit(seedStore, { periodCode: null });
    await seedStore.close();
    const out: string[] = [];
    const errors: string[] = [];
    const io = { out: (l: string) => void out.push(l), err: (l: string) => void errors.push(l) };
    const env = { DATABASE_PATH: path };
    const now = () => new Date(Date.UTC(2026, 11, 1, 1, 0));
    // Typed without diacritics: the department is still found.
    expect(await runCli(['invite', '--department', 'van phong so', '--days', '3'], io, { env, now })).toBe(0);
    expect(out[0]).toBe('Mã kích hoạt cho 3 cán bộ của Văn phòng Sở:');
    const lines = out.slice(1, 4);
    expect(lines.map((l) => l.replace(/: .*$/, ''))).toEqual([
      `  Hoàng Thị Mai (mã số ${seeded.people.head2})`,
      `  Vũ Văn Chánh (mã số ${seeded.people.office})`,
      `  Đỗ Thị Hoa (mã số ${seeded.people.staff3})`,
    ]);
    const codes = lines.map((l) => normaliseInviteCode(l.split(': ').at(-1) ?? ''));
    expect(new Set(codes).size).toBe(3);
    expect(out[4]).toContain('Hết hạn: 08:00 ngày 04/12/2026');

    expect(await runCli(['invite', '--department', 'Phòng Không Có'], io, { env, now })).toBe(1);
    expect(errors.at(-1)).toContain('không có phòng "Phòng Không Có"');
    expect(await runCli(['invite', 'Trần Thị Lan', '--department', 'Văn phòng Sở'], io, { env, now })).toBe(2);

    const checkStore = createSqliteStore(path);
    const rows = checkStore.db.$client.prepare('SELECT code_hash, person_id FROM invite_codes ORDER BY rowid').all() as { code_hash: string; person_id: number }[];
    expect(rows.map((r) => r.person_id)).toEqual([seeded.people.head2, seeded.people.office, seeded.people.staff3]);
    expect(rows.map((r) => r.code_hash)).toEqual(codes.map((c) => hashInviteCode(c ?? '')));
    const audit = checkStore.db.$client.prepare("SELECT entity_id, after AS after_json FROM audit_log WHERE action = 'invite.department_issued'").all() as { entity_id: string; after_json: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]?.entity_id).toBe(String(seeded.departmentIds[1]));
    for (const c of codes) expect(audit[0]?.after_json).not.toContain(c);
    await checkStore.close();
  });
});
