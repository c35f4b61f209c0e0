/** `thidua department article` (issue 17 item 3): the office's view of every department's article and its record. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedUnit } from '../helpers/seed-unit.js';

describe('thidua department article', () => {
  it('lists "chưa khai báo", records an answer (office for any department, a head for their own), refuses others', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'thidua-article-')), 'db.sqlite');
    const seedStore = createSqliteStore(path);
    const seeded = await seedUnit(seedStore, { periodCode: '2026-Q4' });
    await seedStore.close();
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) };
    const run = async (...args: string[]) => {
      out.length = 0;
      err.length = 0;
      return runCli(['department', 'article', '--unit', 'u1', ...args], io, { env: { DATABASE_PATH: path }, now: () => new Date(Date.UTC(2026, 11, 5, 2)) });
    };
    const [d0, d1] = seeded.departmentIds;

    expect(await run('--period', '2026-Q4')).toBe(0);
    expect(out).toEqual([
      'Bài viết của các phòng, kỳ 2026-Q4:',
      `  [${d0}] Phòng Thông tin, Báo chí – Xuất bản — Tin, bài của phòng trong Quý: chưa khai báo`,
      `  [${d1}] Văn phòng Sở — Tin, bài của phòng trong Quý: chưa khai báo`,
      'Phòng không có tin, bài đăng trong Quý (ít nhất 1 bài/Quý) không được xét tập thể dẫn đầu.',
    ]);

    expect(await run('--period', '2026-Q4', '--department', 'Văn phòng Sở', '--count', '0', '--as', '0912000006')).toBe(0);
    expect(out).toEqual([
      'Đã ghi bài viết của Văn phòng Sở, kỳ 2026-Q4. Đã ghi nhật ký kiểm tra.',
      '  Tin, bài của phòng trong Quý: không có bài — phòng không được xét tập thể dẫn đầu',
    ]);
    // A head answers for their own department without --department.
    expect(await run('--period', '2026-Q4', '--count', '2', '--evidence', 'https://stttt.daknong.gov.vn/tin-1', '--as', '0912000001')).toBe(0);
    // A member who is not a head is refused; a head for another department too.
    expect(await run('--period', '2026-Q4', '--count', '1', '--as', '0912000002')).toBe(1);
    expect(err).toEqual(['Chỉ Trưởng phòng của phòng này (hoặc Văn phòng) mới khai báo được bài viết của phòng.']);
    expect(await run('--period', '2026-Q4', '--department', String(d1), '--count', '1', '--as', '0912000001')).toBe(1);
    expect(await run('--period', '2026-Q4', '--count', 'hai', '--as', '0912000001')).toBe(2);
    expect(err.join('\n')).toContain('--count là số bài');

    // members-too prints the stricter consequence.
    expect(await runCli(['settings', 'set', 'departmentArticle=members-too', '--as', '0912000006', '--unit', 'u1'], io, { env: { DATABASE_PATH: path } })).toBe(0);
    expect(await run('--period', '2026-Q4')).toBe(0);
    expect(out).toEqual([
      'Bài viết của các phòng, kỳ 2026-Q4:',
      `  [${d0}] Phòng Thông tin, Báo chí – Xuất bản — Tin, bài của phòng trong Quý: 2 bài (https://stttt.daknong.gov.vn/tin-1)`,
      `  [${d1}] Văn phòng Sở — Tin, bài của phòng trong Quý: không có bài — phòng không được xét tập thể dẫn đầu, thành viên không được xếp loại`,
      'Phòng không có tin, bài đăng trong Quý (ít nhất 1 bài/Quý) không được xét tập thể dẫn đầu và thành viên của phòng không được xếp loại.',
    ]);
  });
});
