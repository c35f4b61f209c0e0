/**
 * The issue 14 commands end to end on a database file: the office records a recognition, a disciplinary note, a
 * nomination with its explained eligibility, the registration deadline and list, and a council decision; the same
 * role checks as the chat refuse staff, and `--as` is required.
 */
import { strFromU8, unzipSync } from 'fflate';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { registerInitiative } from '../../src/initiatives/register-initiative.js';
import { loadActor } from '../../src/awards/load-actor.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { linkAll } from '../helpers/approval-walk.js';
import { seedUnit } from '../helpers/seed-unit.js';

describe('thidua initiative | blocker | registration | nomination | council', () => {
  it('records, explains and decides, refusing staff and a missing --as', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thidua-awards-'));
    const path = join(dir, 'db.sqlite');
    const seedStore = createSqliteStore(path);
    const seeded = await seedUnit(seedStore);
    const p = seeded.people;
    const initiativeId = await seedStore.transaction(async (tx) => {
      const r = await registerInitiative(tx, (await loadActor(tx, p.staff!))!, { title: 'Trợ lý ảo trả lời thủ tục', kind: 'giai-phap', topic: 'chinh-quyen-so', coAuthorIds: [], collective: null, summary: null, evidence: [] }, { now: 0, channel: 'telegram' });
      if (!r.ok) throw new Error('register');
      return r.id;
    });
    await linkAll(seedStore, [p.staff!], 'web'); // Lan chats on the web; the office's CLI queues her message there
    await seedStore.close();

    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) };
    const run = async (...args: string[]) => {
      out.length = 0;
      err.length = 0;
      return runCli(args, io, { env: { DATABASE_PATH: path } });
    };
    const OFFICE = '0912000006';

    const recognise = ['initiative', 'recognise', '--id', String(initiativeId), '--level', 'tinh', '--body', 'Hội đồng sáng kiến tỉnh', '--decision', '125/QĐ-UBND', '--date', '2026-05-20'];
    expect(await run(...recognise)).toBe(1);
    expect(err.join('\n')).toContain('Cần --as');
    expect(await run(...recognise, '--as', '0912000002')).toBe(1);
    expect(err.join('\n')).toContain('Chỉ Văn phòng');
    expect(await run(...recognise.slice(0, -1), '20/05/2026', '--as', OFFICE)).toBe(1);
    expect(err.join('\n')).toContain('Ngày quyết định "20/05/2026" không hợp lệ: ghi theo dạng năm-tháng-ngày, ví dụ 2026-12-20');
    expect(await run(...recognise, '--as', OFFICE)).toBe(0);
    expect(out.join('\n')).toContain(`Đã ghi nhận sáng kiến số ${initiativeId}: công nhận cấp tỉnh (QĐ 125/QĐ-UBND ngày 20/05/2026).`);
    expect(out.join('\n')).toContain('Đã gửi thông báo tới 1/1 tác giả qua chat.');
    expect(await run('initiative', 'list', '--year', '2026')).toBe(0);
    expect(out.join('\n')).toContain('Trợ lý ảo trả lời thủ tục — Giải pháp, Chính quyền số — tác giả: Trần Thị Lan — công nhận cấp tỉnh');

    expect(await run('blocker', 'add', '--person', '0912000003', '--year', '2026', '--reason', 'Bị khiển trách', '--ref', '12/QĐ', '--as', OFFICE)).toBe(0);
    expect(await run('blocker', 'list', '--year', '2026')).toBe(0);
    expect(out.join('\n')).toContain('Lê Văn Hùng — Ghi chú kỷ luật của Văn phòng: Bị khiển trách');

    const award = ['--year', '2026', '--scheme', 'tt-002', '--award', 'Gương điển hình tiên tiến', '--as', OFFICE];
    expect(await run('nomination', 'propose', '--person', '0912000002', ...award)).toBe(0);
    expect(out.join('\n')).toContain('✔ Đạt tiêu chí sáng kiến: có 1 sáng kiến cấp tỉnh/toàn quốc');
    expect(await run('nomination', 'propose', '--person', '0912000003', ...award)).toBe(0);
    const hung = out.join('\n');
    expect(hung).toContain('CHƯA ĐỦ ĐIỀU KIỆN');
    expect(hung).toContain('✘ Chưa xem xét khen thưởng năm 2026: Ghi chú kỷ luật của Văn phòng: Bị khiển trách.');
    expect(hung).toContain('✘ Chưa đạt tiêu chí sáng kiến');
    expect(await run('nomination', 'propose', '--person', '0912000003', ...award.slice(0, -1), '0912000002')).toBe(1);

    const pdf = join(dir, 'ho-so.pdf');
    writeFileSync(pdf, '%PDF-1.7\n<< /Type /Sig /ByteRange [0 10 20 30] >>\n%%EOF');
    expect(await run('nomination', 'file', '--id', '1', '--pdf', pdf, '--as', OFFICE)).toBe(1);
    expect(err.join('\n')).toContain('Cần --pdf TỆP.pdf và --sent NGÀY (ngày gửi, dạng năm-tháng-ngày, ví dụ 2026-12-20).');
    expect(await run('nomination', 'file', '--id', '1', '--pdf', pdf, '--sent', '15/11/2026', '--as', OFFICE)).toBe(1);
    expect(err.join('\n')).toContain('Ngày gửi "15/11/2026" không hợp lệ: ghi theo dạng năm-tháng-ngày, ví dụ 2026-12-20');
    expect(await run('nomination', 'file', '--id', '1', '--pdf', pdf, '--sent', '2026-11-15', '--as', OFFICE)).toBe(0);
    expect(await run('nomination', 'list', '--year', '2026')).toBe(0);
    expect(out[0]).toBe('Đề nghị khen thưởng năm 2026: 2');

    expect(await run('registration', 'deadline', '--year', '2027', '--date', '31/01/2027', '--as', OFFICE)).toBe(1);
    expect(err.join('\n')).toContain('Hạn đăng ký "31/01/2027" không hợp lệ: ghi theo dạng năm-tháng-ngày, ví dụ 2026-12-20');
    expect(await run('registration', 'deadline', '--year', '2027', '--date', '2027-01-31', '--as', OFFICE)).toBe(0);
    expect(out.join('\n')).toBe('Hạn đăng ký thi đua năm 2027: hết ngày 31/01/2027.');
    expect(await run('registration', 'list', '--year', '2027', '--as', OFFICE)).toBe(0);
    expect(out.join('\n')).toContain('Chưa đăng ký: 2 phòng, 9 người');

    const members = ['--member', '0912000009:Chủ tịch Hội đồng', '--member', `${OFFICE}:Thư ký`, '--member', 'Nguyễn Văn Khách:Ủy viên'];
    expect(await run('council', 'open', '--year', '2026', '--date', '18/12/2026', ...members, '--as', '0912000009')).toBe(1);
    expect(err.join('\n')).toContain('Ngày họp "18/12/2026" không hợp lệ: ghi theo dạng năm-tháng-ngày, ví dụ 2026-12-20');
    expect(await run('council', 'open', '--year', '2026', '--date', '2026-12-18', ...members, '--as', '0912000009')).toBe(0);
    expect(await run('council', 'decide', '--council', '1', '--nomination', '2', '--approve', '--as', OFFICE)).toBe(1);
    expect(err.join('\n')).toContain('Không thể thông qua Lê Văn Hùng: Chưa xem xét khen thưởng năm 2026');
    expect(await run('council', 'decide', '--council', '1', '--nomination', '1', '--approve', '--for', '3', '--against', '0', '--as', OFFICE)).toBe(0);
    expect(await run('council', 'close', '--council', '1', '--as', OFFICE)).toBe(0);
    expect(out.join('\n')).toContain('1. Trần Thị Lan — Gương điển hình tiên tiến: Thống nhất đề nghị (3/3 phiếu đồng ý, 0 không đồng ý).');
    expect(await run('council', 'awards', '--year', '2026')).toBe(0);
    expect(out.join('\n')).toContain('Gương điển hình tiên tiến: Trần Thị Lan');
    const zipPath = join(dir, 'ho-so.zip');
    const fileArgs = ['council', 'file', '--council', '1', '--number', '15/TTr-STTTT', '--place', 'Đắk Nông', '--recipient', 'UBND tỉnh Đắk Nông', '--signer', '0912000009', '--date', '2026-12-20', '--out', zipPath];
    expect(await run(...fileArgs, '--as', '0912000002')).toBe(1);
    expect(await run(...fileArgs, '--frame', 'flows/an-giang-dti-so-ban-nganh-2023.yaml', '--points', join(dir, 'missing.json'), '--as', OFFICE)).toBe(1);
    expect(err.join('\n')).toContain('Không đọc được');
    expect(await run(...fileArgs, '--as', OFFICE)).toBe(0);
    expect(out).toContain('  03-bao-cao-thanh-tich-1-tran-thi-lan.docx');
    const docx = unzipSync(unzipSync(readFileSync(zipPath))['01-to-trinh-de-nghi-khen-thuong-2026.docx']!);
    const xml = strFromU8(docx['word/document.xml']!);
    expect(xml).toContain('Số: 15/TTr-STTTT');
    expect(xml).toContain('Đắk Nông, ngày 20 tháng 12 năm 2026');
    expect(xml).toContain('Đặng Văn Giám');
    expect(await run('nomination', 'progress')).toBe(0);
    expect(out[0]).toBe('Chỉ tiêu gương điển hình tiên tiến: Tập thể: 0/10 · Cá nhân: 0/10 (giai đoạn 2021–2025).');
  });
});
