/**
 * Issue 17 item 11 in chat: under the unit rule `laborerChienBinhSo: accept-and-rank` a laborer is asked the
 * Chiến binh số part after their 8 Công dân số criteria, marked as optional; they may submit without it (pass/fail),
 * but once they answer one of its questions, all are required (they are then scored and ranked). Under the default
 * (`refuse`) they are asked the 8 only.
 */
import { describe, expect, it } from 'vitest';
import { Chat, seededEngine } from './harness.js';

async function laborerChat(rule: 'refuse' | 'accept-and-rank') {
  const { db, h } = await seededEngine();
  db.$client.prepare('UPDATE units SET settings = ?').run(JSON.stringify({ rules: { laborerChienBinhSo: rule } }));
  const chat = new Chat(h, 'laborer');
  await chat.contact('0912000004');
  await chat.command('tudanhgia');
  for (let i = 0; i < 8; i += 1) await chat.text('đạt');
  return chat;
}

describe('a laborer volunteering the Chiến binh số part', () => {
  it('default: only the 8 Công dân số questions', async () => {
    const chat = await laborerChat('refuse');
    expect(chat.said).toContain('Kết quả tạm tính — Công dân số: Đạt (8/8 tiêu chí)');
    expect(chat.said).not.toContain('Câu tự nguyện');
  });

  it('accept-and-rank: optional questions after the 8; submit without them, or all of them once one is answered', async () => {
    const chat = await laborerChat('accept-and-rank');
    expect(chat.said).toMatch(/Câu 9\/\d+ /);
    expect(chat.said).toContain('🔸 Câu tự nguyện: người lao động chỉ bắt buộc nhóm Công dân số.');
    // Not volunteering: the review marks the optional questions as such, and the 8 can be submitted (pass/fail).
    await chat.command('xem');
    expect(chat.said).toContain('tự nguyện, chưa trả lời');
    await chat.command('nop');
    expect(chat.said).toContain('Kết quả tạm tính — Công dân số: Đạt (8/8 tiêu chí).');
    expect(chat.said).not.toContain('Chưa nộp được');
    await chat.press('Nộp');
    expect(chat.said).toContain('Đã nộp bản tự đánh giá (Công dân số: Đạt (8/8 tiêu chí))');

    // Another laborer answers question 9: now every Chiến binh số question is required before submitting.
    const other = await laborerChat('accept-and-rank');
    await other.text('c');
    await other.command('nop');
    expect(other.said).toContain('Chưa nộp được: còn câu chưa trả lời hoặc thiếu minh chứng bắt buộc.');
    expect(other.said).toMatch(/chưa trả lời câu 10/);
  });
});
