/**
 * Issue 17 item 13 and the seed 004 frame: `thidua period open` flags Q4, where the self-assessment and the department
 * list are both due 10 December, and suggests an earlier self-assessment date; it refuses a rubric `isRunnable` says
 * is incomplete (the seed 004 template), storing nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedUnit } from '../helpers/seed-unit.js';

describe('thidua period open', () => {
  it('flags the Q4 deadline clash with a suggestion, not Q3, and refuses an incomplete frame rubric', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'thidua-period-')), 'db.sqlite');
    const seedStore = createSqliteStore(path);
    await seedUnit(seedStore, { periodCode: null });
    await seedStore.close();
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) };
    const run = (...args: string[]) => runCli(['period', 'open', ...args], io, { env: { DATABASE_PATH: path }, now: () => new Date() });

    expect(await run('--rubric', 'dak-nong-chien-binh-so-2024', '--period', '2026-Q3')).toBe(0);
    expect(out.some((l) => l.startsWith('⚠️'))).toBe(false);
    out.length = 0;
    expect(await run('--rubric', 'dak-nong-chien-binh-so-2024', '--period', '2026-Q4')).toBe(0);
    expect(out).toContain('  Cá nhân tự đánh giá: hạn cuối 10/12/2026');
    expect(out).toContain('  Phòng gửi danh sách: hạn cuối 10/12/2026');
    expect(out).toContain(
      '⚠️ Hạn tự đánh giá (10/12/2026) trùng hoặc muộn hơn hạn phòng gửi danh sách (10/12/2026): Trưởng phòng không còn thời gian họp phòng. Đề nghị đặt hạn tự đánh giá sớm hơn, ví dụ 05/12/2026.',
    );
    expect(out.at(-1)).toContain('--self-deadline 2026-12-05');
    // With an earlier self-assessment date, no flag.
    out.length = 0;
    expect(await run('--rubric', 'dak-nong-chien-binh-so-2024', '--period', '2027-Q4', '--self-deadline', '2027-12-05')).toBe(0);
    expect(out.some((l) => l.startsWith('⚠️'))).toBe(false);

    expect(await run('--rubric', 'an-giang-dti-so-ban-nganh-2023', '--period', '2026-Q2')).toBe(1);
    expect(err.at(-1)).toMatch(/^Chưa mở được kỳ: bộ tiêu chí an-giang-dti-so-ban-nganh-2023 chưa đủ để chấm điểm\.\n {2}- Bộ tiêu chí “\[KHUNG MẪU\]/);
    // Changing the deadlines of an opened quarter (the dashboard's service): the clash is gone once moved.
    out.length = 0;
    const deadlines = (...args: string[]) => runCli(['period', 'deadlines', ...args], io, { env: { DATABASE_PATH: path }, now: () => new Date() });
    expect(await deadlines('--period', '2026-q4', '--self-deadline', '2026-12-05')).toBe(0);
    expect(out).toEqual([
      'Đã đổi hạn của kỳ 2026-Q4 (đã ghi nhật ký):',
      '  Cá nhân tự đánh giá: hạn cuối 05/12/2026',
      '  Phòng gửi danh sách: hạn cuối 10/12/2026',
      '  Văn phòng tổng hợp: hạn cuối 25/12/2026',
    ]);
    expect(await deadlines('--period', '2026-Q4', '--office-deadline', '2026-12-01')).toBe(1);
    expect(err.at(-1)).toContain('Hạn Văn phòng tổng hợp (2026-12-01) không được trước hạn gửi danh sách phòng (2026-12-10)');
    // A date not written year-month-day: the message says how to write it, in Vietnamese terms.
    expect(await deadlines('--period', '2026-Q4', '--self-deadline', '05/12/2026')).toBe(1);
    expect(err.at(-1)).toBe('Hạn tự đánh giá "05/12/2026" không hợp lệ: ghi theo dạng năm-tháng-ngày, ví dụ 2026-12-20');
    expect(await run('--rubric', 'dak-nong-chien-binh-so-2024', '--period', '2028-Q1', '--starts-on', '2028-02-30')).toBe(1);
    expect(err.at(-1)).toBe('Ngày bắt đầu "2028-02-30" không hợp lệ: ghi theo dạng năm-tháng-ngày, ví dụ 2026-12-20');
    expect(await deadlines('--period', '2030-Q1', '--self-deadline', '2030-03-05')).toBe(1);
    expect(err.at(-1)).toContain('chưa có kỳ 2030-Q1');
    const check = createSqliteStore(path);
    expect(check.db.$client.prepare('SELECT code FROM periods ORDER BY code').all()).toEqual([{ code: '2026-Q3' }, { code: '2026-Q4' }, { code: '2027-Q4' }]);
    // Each opening is audited once by the service (channel cli, no signed-in person); the refused one is not.
    const opened = await check.read((tx) => tx.audit.search({ unitId: 'u1' })).then((all) => all.filter((a) => a.action === 'period.opened'));
    expect(opened.map((a) => [a.channel, a.actorPersonId, (a.after as { code: string }).code]).sort()).toEqual([
      ['cli', null, '2026-Q3'],
      ['cli', null, '2026-Q4'],
      ['cli', null, '2027-Q4'],
    ]);
    await check.close();
  });
});
