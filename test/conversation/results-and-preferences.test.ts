/**
 * What people read about their results — laborers see their Công dân số pass/fail (never "0đ"), `/diem` tells
 * provisional, approved and official results apart — and the `/nhacten` group-mention preference.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/sqlite/open-sqlite.js';
import { openPeriod } from '../../src/periods/open-period.js';
import { fillAnswers, seed000Answers } from '../helpers/approval-walk.js';
import { Chat, seededEngine, textOf } from './harness.js';

describe('a laborer’s results', () => {
  it('shows pass/fail on the review screen, the confirmation, the head’s notice and /diem, with its official state', async () => {
    const { db, seeded, h } = await seededEngine();
    const chat = new Chat(h, 'laborer');
    await chat.contact('0912000004');
    await chat.command('tudanhgia');
    for (let i = 0; i < 8; i += 1) await chat.text(i === 3 ? 'không đạt' : 'đạt');
    expect(chat.said).toContain('Kết quả tạm tính — Công dân số: Chưa đạt (thiếu: câu 4)');
    expect(chat.said).not.toMatch(/\d+đ/);

    await chat.command('tudanhgia', '4');
    await chat.text('đạt');
    await chat.command('nop');
    expect(chat.said).toContain('Kết quả tạm tính — Công dân số: Đạt (8/8 tiêu chí).');
    expect(chat.said).not.toContain('0đ');
    await chat.press('Nộp');
    expect(chat.said).toContain('Đã nộp bản tự đánh giá (Công dân số: Đạt (8/8 tiêu chí))');
    expect(textOf(chat.last.notifications.flatMap((n) => n.messages))).toContain(
      'Phạm Văn Bảo đã nộp bản tự đánh giá Quý IV/2026 (Công dân số: Đạt (8/8 tiêu chí))',
    );
    expect(chat.last.notifications.map((n) => n.personId)).toEqual([seeded.people.head]);

    await chat.command('diem');
    expect(chat.said).toContain('• Quý IV/2026: Công dân số: Đạt (8/8 tiêu chí) (tạm tính, đã nộp)');
    expect(chat.said).toContain('không tính điểm năm');
    expect(chat.said).not.toContain('0đ');
    expect(chat.said).not.toContain('Điểm năm');

    db.$client.prepare(`UPDATE submissions SET status = 'approved', reviewed_total = 0`).run();
    await chat.command('diem');
    expect(chat.said).toContain('Công dân số: Đạt (8/8 tiêu chí) (đã duyệt, chờ Giám đốc phê duyệt)');

    // The reviewer's adjustment counts (the answers read are the effective ones), and the period becomes official.
    db.$client.prepare(`UPDATE answers SET reviewed_value = '"fail"' WHERE criterion_id = 'cds.I.1'`).run();
    db.$client.prepare(`UPDATE periods SET status = 'finalised'`).run();
    await chat.command('diem');
    expect(chat.said).toContain('• Quý IV/2026: Công dân số: Chưa đạt (thiếu: Có điện thoại thông minh, SIM chính chủ…) (chính thức)');
    expect(chat.said).not.toContain('0đ');
  });
});

describe('/diem states', () => {
  it('tells provisional, approved and official quarters apart and says whether the year is official', async () => {
    const { store, db, seeded, h } = await seededEngine();
    const staff3 = seeded.people.staff3 ?? -1;
    const rubric = seeded.rubric;
    const q2 = await store.transaction((tx) => openPeriod(tx, { unitId: seeded.unitId, rubric, code: '2026-Q2', by: null }));
    const q3 = await store.transaction((tx) => openPeriod(tx, { unitId: seeded.unitId, rubric, code: '2026-Q3', by: null }));
    const insert = db.$client.prepare(
      `INSERT INTO submissions (period_id, person_id, status, self_total, reviewed_total, band, classified, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0)`,
    );
    insert.run(q2.id, staff3, 'draft', null, null, null, null);
    insert.run(q3.id, staff3, 'approved', 82, 80, 'tieu-bieu', 1);
    db.$client.prepare(`UPDATE periods SET status = 'finalised' WHERE id IN (?, ?)`).run(q2.id, q3.id);
    const q4 = seeded.period;
    if (!q4) throw new Error('no period');
    const q4Sub = await fillAnswers(store, {
      periodId: q4.id,
      personId: staff3,
      rubric,
      ctx: { role: 'staff', departmentName: 'Văn phòng Sở' },
      answers: seed000Answers('ccccccccc'), // 68
      now: h.clock.ms,
    });
    db.$client.prepare(`UPDATE submissions SET status = 'submitted', self_total = 68 WHERE id = ?`).run(q4Sub);

    const chat = new Chat(h, 'staff3');
    await chat.contact('0912000007');
    await chat.command('diem');
    expect(chat.said).toContain('• Quý II/2026: không có điểm chính thức');
    expect(chat.said).toMatch(/• Quý III\/2026: 80đ \(chính thức\) — \S/);
    expect(chat.said).toMatch(/• Quý IV\/2026: 68đ \(tạm tính, đã nộp\)/);
    // Seed 000 III.2.a: (Q1 + Q2 + Q3 + Q4) / 4 = (0 + 0 + 80 + 68) / 4 = 37.
    expect(chat.said).toContain('Điểm năm tạm tính: 37đ (tổng điểm 4 Quý chia 4, 2 Quý chưa có điểm tính 0 điểm; 1 Quý chính thức;');

    db.$client.prepare(`UPDATE submissions SET status = 'approved', reviewed_total = 68 WHERE id = ?`).run(q4Sub);
    await chat.command('diem');
    expect(chat.said).toContain('• Quý IV/2026: 68đ (đã duyệt, chờ Giám đốc phê duyệt)');
    expect(chat.said).toContain('Điểm năm tạm tính: 37đ');

    db.$client.prepare(`UPDATE periods SET status = 'finalised' WHERE id = ?`).run(q4.id);
    await chat.command('diem');
    expect(chat.said).toContain('• Quý IV/2026: 68đ (chính thức)');
    expect(chat.said).toContain('Điểm năm chính thức: 37đ (tổng điểm 4 Quý chia 4, 2 Quý chưa có điểm tính 0 điểm; đã được Giám đốc phê duyệt)');
  });
});

describe('/nhacten', () => {
  const flag = (db: Db, id: number) =>
    db.$client.prepare('SELECT no_group_mention AS v FROM people WHERE id = ?').get(id);
  const audits = (db: Db) =>
    db.$client.prepare(`SELECT actor_person_id, subject_person_id, channel, entity_type, entity_id, before, after FROM audit_log WHERE action = 'person.preference' ORDER BY id`).all();

  it('shows and changes the sender’s group-mention preference, audited, and is listed in /help', async () => {
    const { db, seeded, h } = await seededEngine();
    const id = seeded.people.staff ?? -1;
    const chat = new Chat(h, 'staff');
    await chat.contact('0912000002');
    await chat.command('help');
    expect(chat.said).toContain('/nhacten — ');

    await chat.command('nhacten');
    expect(chat.said).toContain('Nhắc tên anh/chị (@) trong nhóm chat: đang BẬT.');
    expect(chat.said).toContain('/nhacten tắt');

    await chat.command('nhacten', 'tắt');
    expect(chat.said).toContain('🔕 Đã tắt: trợ lý sẽ không nhắc tên anh/chị (@) trong nhóm chat.');
    expect(chat.said).toContain('Bảng vinh danh vẫn ghi tên anh/chị');
    expect(flag(db, id)).toEqual({ v: 1 });
    await chat.text('/nhacten');
    expect(chat.said).toContain('đang TẮT');

    await chat.command('nhacten', 'tat');
    expect(chat.said).toContain('(không thay đổi)');
    await chat.command('mention', 'on');
    expect(chat.said).toContain('🔔 Đã bật');
    expect(flag(db, id)).toEqual({ v: 0 });
    // The words the help shows, with diacritics, work as typed ("bật" folds to "bat").
    await chat.command('nhacten', 'bật');
    expect(chat.said).toContain('🔔 Đã bật (không thay đổi)');
    expect(audits(db)).toEqual([
      { actor_person_id: id, subject_person_id: id, channel: 'telegram', entity_type: 'person', entity_id: String(id), before: '{"noGroupMention":false}', after: '{"noGroupMention":true}' },
      { actor_person_id: id, subject_person_id: id, channel: 'telegram', entity_type: 'person', entity_id: String(id), before: '{"noGroupMention":true}', after: '{"noGroupMention":false}' },
    ]);

    await chat.command('nhacten', 'có lẽ');
    expect(chat.said).toContain('Tôi chưa hiểu "có lẽ"');
    expect(flag(db, id)).toEqual({ v: 0 });
    expect(audits(db)).toHaveLength(2);
  });

  it('asks an unlinked chat to link first', async () => {
    const { db, h } = await seededEngine();
    const chat = new Chat(h, 'stranger');
    await chat.command('nhacten', 'tat');
    expect(chat.said).not.toContain('Đã tắt');
    expect(audits(db)).toEqual([]);
  });
});
