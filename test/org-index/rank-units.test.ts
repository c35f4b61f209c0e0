/**
 * Issue 13 item 4 and 6: three communes' index years ranked from highest to lowest share of their own maximum
 * (dti.1 "không đánh giá" lowers one unit's maximum), ties shown; the ranking and the self-scored sheet as XLSX,
 * the evidence ZIP per indicator number, through `thidua org`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { addIndicatorEvidence } from '../../src/org-index/answer-indicator.js';
import { loadOrgYear, orgActor } from '../../src/org-index/org-year.js';
import { rankYear } from '../../src/org-index/rank-year.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { commune, fill } from './fixture.js';

describe('organisation index: ranking three units', () => {
  it('ranks by the exact share of each unit’s own maximum, ties shown, and exports the ranking, the sheet and the evidence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thidua-org-rank-'));
    const path = join(dir, 'db.sqlite');
    const store = createSqliteStore(path);
    const a = await commune({ store, unitId: 'xa-a', unitName: 'UBND xã A', phonePrefix: '0914' });
    const b = await commune({ store, unitId: 'xa-b', unitName: 'UBND xã B', phonePrefix: '0915', h: a.h });
    const c = await commune({ store, unitId: 'xa-c', unitName: 'UBND xã C', phonePrefix: '0916', h: a.h });
    // A: every point, dti.1 not assessed → 379/379 = 100%. B: dti.24 (30 points) not met → 351/381 = 92,13%.
    // C: every point → 381/381 = 100%, tied with A although the totals differ.
    await fill(store, a.period.id, a.people.vhtt!, {}, ['dti.1']);
    await fill(store, b.period.id, b.people.vhtt!, { 'dti.24': 'fail' });
    await fill(store, c.period.id, c.people.vhtt!, {});
    const evidenceFile = join(dir, 'evidence-a.pdf');
    // One evidence file for A (a real file under the data folder, as the engine keeps it).
    await store.transaction(async (tx) => {
      const year = await loadOrgYear(tx, a.period.id);
      const actor = orgActor((await tx.staff.getPerson(a.people.vhtt!))!, year!.officials);
      // Answers are accepted: evidence is still added while the year is open.
      const out = await addIndicatorEvidence(tx, year!, actor, 'dti.12', { kind: 'file', filePath: 'evidence-a.pdf', sha256: 'a', size: 4, mime: 'application/pdf', originalName: 'quyet-dinh.pdf', signed: true }, 1);
      if (!out.ok) throw new Error('evidence');
      await addIndicatorEvidence(tx, year!, actor, 'dti.7', { kind: 'link', url: 'https://dx.example.vn/a' }, 2);
    });
    writeFileSync(evidenceFile, '%PDF-1.4 test');

    const ranked = await store.read((tx) => rankYear(tx, 2024));
    expect(ranked.map((r) => [r.id, r.rank, r.tied, r.total, r.max, r.percent, r.band])).toEqual([
      ['xa-a', 1, true, 379, 379, 100, 'xuat-sac'],
      ['xa-c', 1, true, 381, 381, 100, 'xuat-sac'],
      ['xa-b', 3, false, 351, 381, 92.13, 'tot'],
    ]);
    await store.close();

    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) };
    const env = { DATABASE_PATH: path, DATA_DIR: dir };
    const xlsx = join(dir, 'xep-hang.xlsx');
    expect(await runCli(['org', 'rank', '--year', '2024', '--xlsx', xlsx], io, { env })).toBe(0);
    expect(out.slice(0, 4)).toEqual([
      'Xếp hạng chỉ số chuyển đổi số năm 2024: 3 đơn vị',
      '  1= UBND xã A: 379/379 (100%) Xuất sắc — đang nhập số liệu (đồng hạng)',
      '  1= UBND xã C: 381/381 (100%) Xuất sắc — đang nhập số liệu (đồng hạng)',
      '  3  UBND xã B: 351/381 (92,13%) Tốt — đang nhập số liệu',
    ]);
    const rows = await readXlsxFile(readFileSync(xlsx));
    expect(rows[1]).toEqual(['Hạng', 'Đơn vị', 'Điểm', 'Điểm thưởng', 'Tổng', 'Điểm tối đa', 'Tỉ lệ (%)', 'Xếp loại', 'Trạng thái', 'Ghi chú']);
    expect(rows.slice(2).map((r) => [r[0], r[1], r[6], r[7]])).toEqual([
      [1, 'UBND xã A', 100, 'Xuất sắc'],
      [1, 'UBND xã C', 100, 'Xuất sắc'],
      [3, 'UBND xã B', 92.13, 'Tốt'],
    ]);

    const sheet = join(dir, 'tu-cham.xlsx');
    expect(await runCli(['org', 'sheet', '--year', '2024', '--unit', 'xa-b', '--xlsx', sheet], io, { env })).toBe(0);
    const sheetRows = await readXlsxFile(readFileSync(sheet));
    expect(sheetRows[2]).toEqual(['STT', 'Chỉ số/ Chỉ số thành phần', 'Điểm tối đa', 'Điểm tự chấm', 'Điểm sau rà soát', 'Thời gian hoàn thành', 'Tài liệu kiểm chứng', 'Minh chứng đã nộp', 'Đơn vị giám sát, thực hiện', 'Ghi chú']);
    const dti24 = sheetRows.find((r) => String(r[1]).startsWith('dti.24.'));
    expect(dti24?.slice(2, 5)).toEqual([30, 0, 0]);
    expect(sheetRows.at(-1)?.slice(1, 5)).toEqual(['TỔNG ĐIỂM', 381, null, 351]);

    const zip = join(dir, 'minh-chung.zip');
    expect(await runCli(['org', 'evidence', '--year', '2024', '--unit', 'xa-a', '--zip', zip], io, { env })).toBe(0);
    const files = unzipSync(readFileSync(zip));
    expect(Object.keys(files).sort()).toEqual(['dti.12/dti.12 - quyet-dinh.pdf', 'dti.7/lien-ket.txt']);
    expect(strFromU8(files['dti.7/lien-ket.txt']!)).toBe('https://dx.example.vn/a\r\n');
    expect(err).toEqual([]);
  });
});
