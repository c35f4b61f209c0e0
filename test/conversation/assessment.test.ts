import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/sqlite/open-sqlite.js';
import { answerAll } from './answer-all.js';
import { choicesOf, linkedChat, seededEngine } from './harness.js';

const answers = (db: Db) =>
  db.$client
    .prepare('SELECT criterion_id, value, self_points FROM answers ORDER BY id')
    .all() as { criterion_id: string; value: string; self_points: number }[];

describe('self-assessment conversation', () => {
  it('asks every criterion with progress, section, levels and sub-levels, stores points, requires evidence, submits', async () => {
    const { db, seeded, h } = await seededEngine();
    const chat = await linkedChat(h, '1', '0912000002');
    await chat.command('tudanhgia');
    expect(chat.said).toContain('Câu 1/20 · Công dân số — I. Tiêu chí về thiết bị và nền tảng số');
    const typeHint = chat.last.replies.find((r) => r.kind === 'choices');
    expect(typeHint && 'typeHint' in typeHint ? typeHint.typeHint : '').toContain('đạt');
    await answerAll(chat);
    // sub-levels were offered for I.2 in this department
    const rows = answers(db);
    expect(rows).toHaveLength(20);
    expect(rows.find((r) => r.criterion_id === 'cbs.I.2')).toMatchObject({ value: '"c.2"', self_points: 7 });
    expect(rows.find((r) => r.criterion_id === 'cbs.I.1.e')).toMatchObject({ value: 'true', self_points: 5 });
    expect(rows.find((r) => r.criterion_id === 'cds.I.1')).toMatchObject({ value: '"pass"' });
    expect(rows.find((r) => r.criterion_id === 'dk.bai-viet')).toMatchObject({ value: '2' });
    // evidence is required for a claimed article count
    expect(chat.said).toContain('Minh chứng cho câu 20');
    await chat.press('Xong');
    expect(chat.said).toContain('bắt buộc có minh chứng');
    await chat.command('nop');
    expect(chat.said).toContain('thiếu minh chứng câu 20');
    await chat.command('tudanhgia', '20');
    await chat.link('ftp://example.com/x');
    expect(chat.said).toContain('chỉ nhận đường liên kết http:// hoặc https://');
    await chat.link(`https://example.com/${'a'.repeat(2050)}`);
    expect(chat.said).toContain('tối đa 2048 ký tự');
    await chat.text('bài đây: HTTPS://Sotttt.DakNong.gov.vn/tin-tuc/bai-1?utm_source=zalo&id=3#phan-2.');
    expect(chat.said).toContain('Đã lưu minh chứng cho câu 20 (hiện có 1)');
    expect(db.$client.prepare('SELECT kind, url FROM evidence').all()).toEqual([
      { kind: 'link', url: 'https://sotttt.daknong.gov.vn/tin-tuc/bai-1?id=3' },
    ]);
    await chat.command('xem');
    expect(chat.said).toContain('Tổng tạm tính: 44đ/100đ');
    expect(chat.said).toContain('Xếp loại tạm tính: Chiến binh số, có ảnh hưởng đáng kể');
    expect(chat.said).toContain('11. Kỹ năng sử dụng công nghệ số: c.2) 7đ');
    await chat.press('Nộp');
    expect(chat.said).toContain('Nộp bản tự đánh giá Quý IV/2026?');
    expect(db.$client.prepare('SELECT status FROM submissions').get()).toEqual({ status: 'draft' });
    await chat.press('Nộp');
    expect(chat.said).toContain('Đã nộp bản tự đánh giá (tổng tạm tính 44đ)');
    expect(db.$client.prepare('SELECT status, self_total, band, classified, submitted_late FROM submissions').get()).toEqual({
      status: 'submitted',
      self_total: 44,
      band: 'chien-binh-so',
      classified: 1,
      submitted_late: 0,
    });
    expect(chat.last.notifications).toEqual([
      expect.objectContaining({ personId: seeded.people.head, purpose: 'approval' }),
    ]);
    expect(db.$client.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'submission.submitted'`).get()).toEqual({ n: 1 });
  });

  it('asks laborers only the Công dân số criteria', async () => {
    const { h } = await seededEngine();
    const chat = await linkedChat(h, '4', '0912000004');
    await chat.command('assess');
    expect(chat.said).toContain('Câu 1/8');
    for (let i = 0; i < 8; i += 1) await chat.text(i === 3 ? 'khong dat' : 'dat');
    expect(chat.said).toContain('Bản tự đánh giá');
    expect(chat.said).not.toContain('Chiến binh số — I.');
  });

  it('uses plain levels (no sub-levels) in a department without refinements', async () => {
    const { h } = await seededEngine();
    const chat = await linkedChat(h, '7', '0912000007');
    await chat.command('tudanhgia', '11');
    expect(chat.said).toContain('Câu 11/20');
    expect(choicesOf(chat.last.replies).map((c) => c.label).slice(0, 4)).toEqual(['a) 0đ', 'b) 5đ', 'c) 10đ', 'd) 20đ']);
  });

  it('supports back, skip, jump and review, and explains unexpected input without losing anything', async () => {
    const { db, h } = await seededEngine();
    const chat = await linkedChat(h, '1', '0912000002');
    await chat.command('tudanhgia');
    await chat.text('đạt');
    await chat.text('chắc là vậy');
    expect(chat.said).toContain('Tôi chưa hiểu câu trả lời');
    expect(chat.said).toContain('Câu 2/20');
    await chat.text('quay lại');
    expect(chat.said).toContain('Câu 1/20');
    expect(chat.said).toContain('✔ Đang chọn: Đạt');
    await chat.press('Chưa đạt');
    expect(chat.said).toContain('Câu 2/20');
    await chat.press('Bỏ qua');
    expect(chat.said).toContain('Câu 3/20');
    await chat.text('câu 9');
    expect(chat.said).toContain('Câu 9/20');
    await chat.text('7');
    expect(chat.said).toContain('Lựa chọn không có trong danh sách');
    await chat.text('d');
    expect(chat.said).toContain('Câu 10/20');
    await chat.file('big.pdf', 'application/pdf', null, 25 * 1024 * 1024);
    expect(chat.said).toContain('Tệp quá lớn: tối đa 20 MB');
    expect(chat.said).toContain('Câu 10/20');
    await chat.text('xem lại');
    expect(chat.said).toContain('chưa trả lời câu 2, 3, 4');
    expect(chat.said).toContain('Tổng tạm tính: 15đ');
    await chat.press('Câu 2');
    expect(chat.said).toContain('Câu 2/20');
    await chat.command('nop');
    expect(chat.said).toContain('Chưa nộp được');
    expect(answers(db).map((r) => [r.criterion_id, r.value])).toEqual([
      ['cds.I.1', '"fail"'],
      ['cbs.I.1', '"d"'],
    ]);
  });

  it('picks up the question again after /start (a page reload of the web chat sends one)', async () => {
    const { h } = await seededEngine();
    const chat = await linkedChat(h, '1', '0912000002');
    await chat.command('tudanhgia');
    await chat.text('dat');
    expect(chat.said).toContain('Câu 2/20');
    const onScreen = chat.payload('✅ Đạt');
    await chat.send({ kind: 'start' });
    expect(chat.said).toContain('Xin chào');
    expect(chat.said).toContain('Câu 2/20');
    // A short greeting before the resumed question, not the whole command list.
    expect(chat.said).toContain('Anh/chị đang trả lời dở, mời tiếp tục:');
    expect(chat.said).not.toContain('Các lệnh:');
    await chat.button(onScreen); // the buttons shown before the reload still answer question 2
    expect(chat.said).toContain('✔ Câu 2: Đạt');
    expect(chat.said).toContain('Câu 3/20');
  });

  it('stores a photo as evidence by sha256 under the data folder', async () => {
    const { db, h } = await seededEngine();
    const chat = await linkedChat(h, '1', '0912000002');
    await chat.command('tudanhgia', '9');
    await chat.press('Minh chứng');
    const bytes = new TextEncoder().encode('giấy chứng nhận');
    await chat.file('chung-nhan.JPG', 'image/jpeg', bytes);
    expect(chat.said).toContain('Đã lưu minh chứng cho câu 9 (hiện có 1)');
    await chat.file('copy.jpg', 'image/jpeg', bytes);
    const rows = db.$client.prepare('SELECT kind, file_path, sha256, size, mime, original_name FROM evidence').all();
    expect(rows).toHaveLength(1);
    const { existsSync } = await import('node:fs');
    const row = rows[0] as { file_path: string; sha256: string; size: number };
    expect(row.file_path).toBe(`evidence/${row.sha256.slice(0, 2)}/${row.sha256}.jpg`);
    expect(row.size).toBe(bytes.byteLength);
    expect(existsSync(`${h.dataDir}/${row.file_path}`)).toBe(true);
    await chat.press('Về câu hỏi');
    expect(chat.said).toContain('Câu 9/20');
    expect(chat.said).toContain('đã có 1');
  });
});

describe('typed answers while a question is open (issue 18 item 14)', () => {
  it('reads a level code as the level, asks which when a number is both a position and points, accepts level words', async () => {
    const { db, h } = await seededEngine();
    const chat = await linkedChat(h, 'typed', '0912000002');
    // Question 11 is I.2, refined into sub-levels for this department (Phụ lục 02): `c2` is the level c.2.
    await chat.command('tudanhgia', '11');
    expect(chat.said).toContain('Câu 11/20');
    await chat.text('c2');
    expect(chat.said).toContain('✔ Câu 11');
    expect(chat.said).not.toContain('Câu 2/20');
    const i2 = db.$client.prepare(`SELECT value, self_points FROM answers WHERE criterion_id = 'cbs.I.2'`).get();
    expect(i2).toEqual({ value: '"c.2"', self_points: 7 });
    // Question 15 is II.3 (0/3/7/10): `3` is the 3rd level (7 points) and the 3-point level: nothing is recorded.
    await chat.command('tudanhgia', '15');
    await chat.text('3');
    expect(chat.said).toContain('"3" có thể hiểu theo 2 cách');
    expect(chat.said).toContain('Câu 15/20');
    expect(db.$client.prepare(`SELECT count(*) AS n FROM answers WHERE criterion_id = 'cbs.II.3'`).get()).toEqual({ n: 0 });
    await chat.text('3 điểm');
    expect(chat.said).toContain('✔ Câu 15');
    expect(db.$client.prepare(`SELECT self_points FROM answers WHERE criterion_id = 'cbs.II.3'`).get()).toEqual({ self_points: 3 });
  });
});
