/**
 * `thidua contest` with the shipped seed-001 contest (its open values still open): open a run from a set-up file,
 * import lists from CSV (a quota breach and a board member refused with the spreadsheet's row numbers, nothing
 * stored), import a corrected XLSX… CSV, close, print the candidate list as XLSX (read back), issue room codes, and
 * a practical mark refused while the organiser has not announced the marking scale.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const NOW = Date.UTC(2024, 4, 20, 2);

describe('thidua contest', () => {
  it('opens, imports lists with Vietnamese refusals, closes with numbers and rooms, prints the list, issues codes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thidua-contest-cli-'));
    const path = join(dir, 'db.sqlite');
    const store = createSqliteStore(path);
    const ids = await store.transaction(async (tx) => {
      const person = (unitId: string, fullName: string) =>
        tx.staff.createPerson(unitId, { departmentId: null, fullName, phone: null, email: null, position: null, noGroupMention: false }, ['staff'], NOW);
      await tx.staff.createUnit({ id: 'snv', name: 'Sở Nội vụ' });
      await tx.staff.createUnit({ id: 'stttt', name: 'Sở Thông tin và Truyền thông' });
      await tx.staff.createUnit({ id: 'ninhkieu', name: 'UBND quận Ninh Kiều' });
      const organiser = await person('snv', 'Trần Tổ Chức');
      const proctor = await person('snv', 'Ngô Coi Thi');
      await person('stttt', 'Nguyễn Văn An');
      await person('stttt', 'Lê Thị Bình');
      await person('stttt', 'Phạm Văn Cường');
      const juror = await person('ninhkieu', 'Võ Văn Dũng');
      await person('ninhkieu', 'Đỗ Thị Em');
      return { organiser, proctor, juror };
    });
    await store.close();
    const setup = join(dir, 'setup.yaml');
    writeFileSync(
      setup,
      [
        'bank: mau-nang-luc-cntt-cds',
        'units:',
        '  - { id: stttt, name: Sở Thông tin và Truyền thông, level: city, kind: so }',
        '  - { id: ninhkieu, name: UBND quận Ninh Kiều, level: district, kind: quan-huyen }',
        'boardMembers:',
        `  - { personId: ${ids.organiser}, board: organising-committee }`,
        `  - { personId: ${ids.juror}, board: jury }`,
        `  - { personId: ${ids.proctor}, board: proctoring }`,
        'rooms:',
        '  - { id: P1, name: Phòng thi số 1, capacity: 2 }',
        '  - { id: P2, name: Phòng thi số 2, capacity: 30 }',
      ].join('\n'),
    );
    const out: string[] = [];
    const io = { out: (l: string) => void out.push(l), err: (l: string) => void out.push(`ERR ${l}`) };
    const cli = (...args: string[]) => runCli(['contest', ...args], io, { env: { DATABASE_PATH: path }, now: () => new Date(NOW) });

    expect(await cli('open', setup)).toBe(0);
    expect(out.pop()).toMatch(/^Đã mở đăng ký .+: 2 đơn vị, 2 phòng thi, 3 thành viên các ban\.$/);

    const bad = join(dir, 'lists.csv');
    writeFileSync(
      bad,
      '\uFEFFMã đơn vị;Họ và tên;Chức vụ\nstttt;Nguyễn Văn An;Giám đốc Sở\nstttt;Lê Thị Bình;Phó Giám đốc Sở Thông tin và Truyền thông\nstttt;Phạm Văn Cường;PGĐ Sở\nninhkieu;Võ Văn Dũng;Chủ tịch UBND quận\nninhkieu;Đỗ Thị Em;Phó Chủ tịch UBND\n',
    );
    out.length = 0;
    expect(await cli('import', bad)).toBe(1);
    expect(out).toEqual([
      'ERR ✘ Sở Thông tin và Truyền thông: danh sách chưa được ghi nhận.',
      'ERR    - Danh sách có 3 người là Giám đốc sở hoặc Phó Giám đốc sở, vượt số lượng tối đa 2 người.',
      'ERR    - Dòng 4 (Phạm Văn Cường): Vượt số lượng: Sở, ban, ngành thành phố chỉ được cử tối đa 2 người là Giám đốc sở hoặc Phó Giám đốc sở; đây là người thứ 3.',
      'ERR ✘ UBND quận Ninh Kiều: danh sách chưa được ghi nhận.',
      'ERR    - Dòng 5 (Võ Văn Dũng): Là thành viên Ban Giám khảo của cuộc thi nên không được dự thi.',
    ]);
    expect(await cli('close')).toBe(1);
    expect(out.pop()).toBe('ERR Chưa có đơn vị nào gửi danh sách dự thi.');

    // The corrected lists come as an XLSX workbook (as the office keeps them).
    const good = join(dir, 'lists-2.xlsx');
    const cells = [
      ['Mã đơn vị', 'Họ và tên', 'Chức vụ', 'Điện thoại'],
      ['stttt', 'Nguyễn Văn An', 'Giám đốc Sở', ''],
      ['stttt', 'Lê Thị Bình', 'Phó Giám đốc', ''],
      ['ninhkieu', 'Đỗ Thị Em', 'Phó Chủ tịch UBND', ''],
    ];
    writeFileSync(good, await writeXlsxFile(cells.map((r) => r.map((value) => (value === '' ? null : { value })))).toBuffer());
    out.length = 0;
    expect(await cli('import', good)).toBe(0);
    expect(out).toEqual(['✔ Sở Thông tin và Truyền thông: đã ghi nhận 2 người.', '✔ UBND quận Ninh Kiều: đã ghi nhận 1 người.']);
    expect(await cli('close')).toBe(0);
    expect(out.at(-2)).toBe('Đã khoá sổ đăng ký: 3 thí sinh có số báo danh (TP001…QH001).');
    expect(await cli('import', good)).toBe(1);
    expect(out.pop()).toContain('đã khoá sổ đăng ký');

    const xlsx = join(dir, 'thi-sinh.xlsx');
    expect(await cli('candidates', '--out', xlsx)).toBe(0);
    const sheet = await readXlsxFile(xlsx);
    const rows = sheet.slice(3).map((r) => r.map((c) => (c === null ? '' : String(c))));
    expect(rows).toEqual([
      ['1', 'TP001', 'Nguyễn Văn An', 'Giám đốc sở', 'Sở Thông tin và Truyền thông', 'Cấp thành phố', 'Phòng thi số 1', '1'],
      ['2', 'TP002', 'Lê Thị Bình', 'Phó Giám đốc sở', 'Sở Thông tin và Truyền thông', 'Cấp thành phố', 'Phòng thi số 1', '2'],
      ['3', 'QH001', 'Đỗ Thị Em', expect.stringContaining('Phó Chủ tịch'), 'UBND quận Ninh Kiều', 'Cấp huyện', 'Phòng thi số 2', '1'],
    ]);

    out.length = 0;
    expect(await cli('room-codes', '--room', 'P1', '--proctor', String(ids.proctor))).toBe(0);
    expect(out[0]).toMatch(/^Mã phòng thi P1: [A-Z2-9]{6} /);
    expect(out[1]).toMatch(new RegExp(`^Mã cán bộ coi thi \\(mã số ${ids.proctor}\\): [A-Z2-9]{8} `));
    expect(await cli('room-codes', '--room', 'P1', '--proctor', String(ids.organiser))).toBe(1);
    expect(out.pop()).toBe(`ERR Người có mã số ${ids.organiser} không thuộc Ban Coi thi.`);

    expect(await cli('mark', 'TP001', '7,5', '--by', String(ids.juror))).toBe(1);
    expect(out.pop()).toContain('Ban Tổ chức chưa công bố');
  });
});
