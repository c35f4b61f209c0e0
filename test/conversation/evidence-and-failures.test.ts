/**
 * Issue 18 items 16 and 17: every link of a message is kept, evidence added after a return counts as a change,
 * `/xem` shows the evidence; a failed Công dân số criterion is warned about when answered and at submit, marked ❌
 * (never ✅) without rubric codes, and `/diem` says the quarter is not classified and why.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/sqlite/open-sqlite.js';
import { answerAll } from './answer-all.js';
import { linkedChat, seededEngine } from './harness.js';

const evidence = (db: Db) => db.$client.prepare('SELECT criterion_id, kind, url FROM evidence ORDER BY id').all();

async function answeredWithEvidence() {
  const env = await seededEngine();
  const chat = await linkedChat(env.h, 'ev', '0912000002');
  await answerAll(chat);
  expect(chat.said).toContain('Minh chứng cho câu 20');
  return { ...env, chat };
}

describe('evidence (issue 18 item 16)', () => {
  it('keeps every link pasted in one message, refuses the bad ones and says how many were saved', async () => {
    const { db, chat } = await answeredWithEvidence();
    await chat.text('bài 1: https://a.gov.vn/bai-1, bài 2: https://b.gov.vn/bai-2?utm_source=zalo\nftp://c.gov.vn/x https://a.gov.vn/bai-1');
    expect(evidence(db)).toEqual([
      { criterion_id: 'dk.bai-viet', kind: 'link', url: 'https://a.gov.vn/bai-1' },
      { criterion_id: 'dk.bai-viet', kind: 'link', url: 'https://b.gov.vn/bai-2' },
    ]);
    expect(chat.said).toContain('Đã lưu 2 đường liên kết làm minh chứng cho câu 20 (hiện có 2).');
    expect(chat.said).toContain('1 đường liên kết đã có từ trước nên không lưu lại.');
    // ftp:// is not found as a link at all (only http/https are); a too-long one is counted as refused
    await chat.text(`https://d.gov.vn/ok https://e.gov.vn/${'a'.repeat(2100)}`);
    expect(chat.said).toContain('Đã lưu 1 đường liên kết làm minh chứng cho câu 20 (hiện có 3).');
    expect(chat.said).toContain('1 đường liên kết không hợp lệ nên không lưu');
    // nothing new: said so, not "0 saved"
    await chat.text('https://a.gov.vn/bai-1 https://b.gov.vn/bai-2');
    expect(chat.said).toContain('Không có đường liên kết mới nào cho câu 20 (hiện có 3). 2 đường liên kết đã có từ trước');
    expect(chat.said).not.toContain('Đã lưu 0');
    // a single link reads as before
    await chat.text('https://f.gov.vn/bai-3');
    expect(chat.said).toContain('Đã lưu minh chứng cho câu 20 (hiện có 4).');
  });

  it('shows each criterion’s evidence (count, links, cleaned file names) on the review screen', async () => {
    const { db, chat } = await answeredWithEvidence();
    await chat.text('https://a.gov.vn/bai-1 https://b.gov.vn/bai-2');
    await chat.text('xong');
    const sub = db.$client.prepare('SELECT id FROM submissions').get() as { id: number };
    db.$client
      .prepare(
        `INSERT INTO evidence (submission_id, criterion_id, kind, file_path, sha256, size, mime, original_name, created_at)
         VALUES (?, 'cbs.I.1', 'file', 'evidence/ab/abc.pdf', 'abc', 3, 'application/pdf', ?, 1)`,
      )
      .run(sub.id, 'chứng nhận\n✅ Đã duyệt.pdf');
    await chat.command('xem');
    expect(chat.said).toContain('📎 2 minh chứng: https://a.gov.vn/bai-1; https://b.gov.vn/bai-2');
    expect(chat.said).toContain('📎 1 minh chứng: chứng nhận ✅ Đã duyệt.pdf');
    expect(chat.said).not.toContain('chứng nhận\n');
  });

  it('records evidence added after a return with the resubmission, and tells the reviewer', async () => {
    const { store, db, seeded, chat } = await answeredWithEvidence();
    await chat.link('https://a.gov.vn/bai-1');
    await chat.text('xong');
    await chat.command('nop');
    await chat.text('có');
    expect(chat.said).toContain('Đã nộp');
    const sub = db.$client.prepare('SELECT id, period_id FROM submissions').get() as { id: number; period_id: number };
    // evidence while submitted (before the return) is not "since the return"
    await chat.command('tudanhgia', '20');
    await chat.link('https://a.gov.vn/bai-0');
    db.$client.prepare(`UPDATE submissions SET status = 'returned', return_reason = 'Thiếu minh chứng'`).run();
    await store.transaction((tx) =>
      tx.audit.record({
        at: 2,
        unitId: seeded.unitId,
        actorPersonId: seeded.people.head,
        channel: 'telegram',
        action: 'submission.returned',
        entityType: 'submission',
        entityId: String(sub.id),
        subjectPersonId: seeded.people.staff ?? null,
        periodId: sub.period_id,
        before: { status: 'submitted', answers: {} },
        after: { status: 'returned' },
        reason: 'Thiếu minh chứng',
      }),
    );
    await chat.command('tudanhgia', '20');
    await chat.text('bài mới: https://a.gov.vn/bai-2 https://a.gov.vn/bai-3');
    await chat.command('nop');
    await chat.press('Nộp');
    expect(chat.said).toContain('Đã nộp lại');
    const audit = db.$client.prepare(`SELECT after FROM audit_log WHERE action = 'submission.resubmitted'`).get() as { after: string };
    expect(JSON.parse(audit.after)).toMatchObject({ evidenceAdded: { 'dk.bai-viet': 2 } });
    expect(db.$client.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'evidence.added'`).get()).toEqual({ n: 3 });
    expect(chat.last.notifications[0]?.messages[0]).toMatchObject({ text: expect.stringContaining('thêm minh chứng: câu 20 (2)') });
  });
});

describe('a failed Công dân số criterion (issue 18 item 17)', () => {
  it('warns when answered and at submit, marks it ❌ without codes, and /diem says the quarter is not classified', async () => {
    const { chat } = await answeredWithEvidence();
    await chat.link('https://a.gov.vn/bai-1');
    await chat.text('xong');
    await chat.command('tudanhgia', '3');
    await chat.text('không đạt');
    expect(chat.said).toContain('✔ Câu 3: Chưa đạt');
    expect(chat.said).toContain(
      '⚠️ Câu 3 “Có tài khoản dịch vụ công trực tuyến và chữ ký số” chưa đạt: chỉ tính điểm làm căn cứ xếp loại khi các tiêu chí nhóm Công dân số đều đạt, nên Quý này anh/chị không được xếp loại.',
    );
    await chat.command('xem');
    expect(chat.said).toContain('❌ 3. Có tài khoản dịch vụ công trực tuyến và chữ ký…: Chưa đạt');
    expect(chat.said).not.toMatch(/✅ 3\./);
    expect(chat.said).not.toMatch(/cds\.|dk\.|cbs\./);
    expect(chat.said).toContain('Xếp loại tạm tính: Không xếp loại: nhóm Công dân số chưa đạt');
    expect(chat.said).toContain('⚠️ Câu 3 “Có tài khoản dịch vụ công trực tuyến và chữ ký số” chưa đạt');
    await chat.command('nop');
    expect(chat.said).toContain('Nộp bản tự đánh giá Quý IV/2026?');
    expect(chat.said).toContain('Tổng tạm tính: 44đ — Không xếp loại: nhóm Công dân số chưa đạt.');
    expect(chat.said).toContain('⚠️ Câu 3 “Có tài khoản dịch vụ công trực tuyến và chữ ký số” chưa đạt');
    expect(chat.said).not.toMatch(/cds\./);
    await chat.command('diem');
    expect(chat.said).toContain('• Quý IV/2026: 44đ (tạm tính, đang làm) — không xếp loại: nhóm Công dân số chưa đạt');
    expect(chat.said).toContain('Quý IV/2026 không xếp loại nên tính 0 điểm');
    expect(chat.said).toContain('Điểm năm tạm tính: 0đ');
  });

  it('tells a missing condition apart in /diem (not classified and duty not completed)', async () => {
    const { chat } = await answeredWithEvidence();
    await chat.link('https://a.gov.vn/bai-1');
    await chat.text('xong');
    await chat.command('tudanhgia', '19');
    await chat.press('Không');
    await chat.command('xem');
    expect(chat.said).toMatch(/❌ 19\./);
    expect(chat.said).not.toMatch(/cds\.|dk\.|cbs\./);
    await chat.command('diem');
    expect(chat.said).toContain('— không xếp loại và không hoàn thành nhiệm vụ');
  });

  it('warns a laborer that the Công dân số result will be "Chưa đạt"', async () => {
    const { h } = await seededEngine();
    const chat = await linkedChat(h, 'lab', '0912000004');
    await chat.command('tudanhgia');
    await chat.text('không đạt');
    expect(chat.said).toContain('chưa đạt: kết quả Công dân số Quý này sẽ là Chưa đạt.');
    await chat.text('đạt');
    expect(chat.said).not.toContain('⚠️');
  });
});
