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
});
