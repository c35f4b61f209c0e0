/**
 * `thidua audit`: one unit's entries about a person (id or phone) or a period, oldest first, each action in Vietnamese
 * with its code, before → after with secrets masked; only the office or the director (--as, canReadAudit) reads it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { units } from '../../db/schema.js';
import { runCli } from '../../src/cli/run-cli.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedUnit } from '../helpers/seed-unit.js';

describe('thidua audit', () => {
  it('prints the entries of a person or a period of the unit', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'thidua-audit-')), 'db.sqlite');
    const seedStore = createSqliteStore(path);
    const seeded = await seedUnit(seedStore);
    const periodId = seeded.period?.id ?? 0;
    const { staff, head, office, director } = seeded.people;
    seedStore.db.insert(units).values({ id: 'u2', name: 'UBND xã' }).run();
    const at = Date.UTC(2026, 11, 1, 1, 0);
    await seedStore.transaction(async (tx) => {
      await tx.audit.record({ at, unitId: 'u1', actorPersonId: staff, channel: 'telegram', action: 'submission.submitted', entityType: 'submission', entityId: '7', subjectPersonId: staff, periodId, after: { selfTotal: 80, inviteCode: 'ABCD-EFGH' } });
      await tx.audit.record({ at: at + 60_000, unitId: 'u1', actorPersonId: head, channel: 'zalo', action: 'submission.adjusted', entityType: 'submission', entityId: '7', subjectPersonId: staff, periodId, before: { selfTotal: 80 }, after: { reviewedTotal: 75 }, reason: 'Thiếu minh chứng' });
      await tx.audit.record({ at, unitId: 'u1', action: 'period.opened', entityType: 'period', entityId: String(periodId), periodId });
      await tx.audit.record({ at, unitId: 'u2', action: 'submission.submitted', entityType: 'submission', entityId: '9', subjectPersonId: staff, periodId });
    });
    await seedStore.close();

    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) };
    const env = { DATABASE_PATH: path };
    const run = async (...args: string[]) => {
      out.length = 0;
      err.length = 0;
      return runCli(['audit', ...args, ...(args.includes('--as') ? [] : ['--as', String(office)])], io, { env });
    };

    // Only the office and the director read the log.
    expect(await run('--person', String(staff), '--unit', 'u1', '--as', String(head))).toBe(1);
    expect(err).toEqual(['Chỉ Văn phòng và Giám đốc xem được nhật ký thay đổi.']);
    expect(out).toEqual([]);
    expect(await run('--person', String(staff), '--unit', 'u1', '--as', '0912000009')).toBe(0);
    expect(director).toBeGreaterThan(0);

    expect(await run('--person', String(staff), '--unit', 'u1')).toBe(0);
    expect(out).toEqual([
      'Nhật ký: 2 mục',
      `2026-12-01 08:00:00 [telegram] Trần Thị Lan (#${staff}): Nộp bản tự đánh giá (submission.submitted) submission#7 về Trần Thị Lan (#${staff})`,
      '    trước: null → sau: {"selfTotal":80,"inviteCode":"••••••"}',
      `2026-12-01 08:01:00 [zalo] Nguyễn Văn Trưởng (#${head}): Điều chỉnh điểm (submission.adjusted) submission#7 về Trần Thị Lan (#${staff})`,
      '    trước: {"selfTotal":80} → sau: {"reviewedTotal":75}',
      '    lý do: Thiếu minh chứng',
    ]);
    // By phone (any spelling), the same entries.
    expect(await run('--person', '0912 000 002', '--unit', 'u1')).toBe(0);
    expect(out[0]).toBe('Nhật ký: 2 mục');
    // By period: every entry of the period in the unit, the system as actor when there is none.
    expect(await run('--period', '2026-q4', '--unit', 'u1')).toBe(0);
    expect(out[0]).toBe('Nhật ký: 3 mục');
    expect(out.at(-1)).toBe(`2026-12-01 08:00:00 [-] hệ thống: Mở Quý đánh giá (period.opened) period#${periodId}`);
    // Both filters narrow together.
    expect(await run('--period', '2026-Q4', '--person', String(head), '--unit', 'u1')).toBe(0);
    expect(out).toEqual(['Nhật ký: 0 mục']);

    // Usage errors (exit 2).
    expect(await run('--unit', 'u1')).toBe(2);
    expect(err[0]).toContain('Cần --person hoặc --period.');
    expect(await run('--person', '0999888777', '--unit', 'u1')).toBe(2);
    expect(err[0]).toBe('Không tìm thấy người "0999888777".');
    expect(await run('--period', '2025-Q1', '--unit', 'u1')).toBe(2);
    expect(err[0]).toBe('Không có kỳ 2025-Q1 của đơn vị u1.');
    expect(await run('--period', '2026-Q4')).toBe(2);
    expect(err[0]).toContain('Có 2 đơn vị');
    out.length = 0;
    err.length = 0;
    expect(await runCli(['audit', '--period', '2026-Q4', '--unit', 'u1'], io, { env })).toBe(2);
    expect(err[0]).toContain('Cần --as NGƯỜI (Văn phòng hoặc Giám đốc)');
  });
});
