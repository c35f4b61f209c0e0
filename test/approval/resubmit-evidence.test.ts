/**
 * Issue 18 item 16, the approval side: after a return for missing evidence the person adds evidence without
 * changing an answer and resubmits; the head's prompt says which questions got how much evidence (from the
 * `submission.resubmitted` audit row), not "nothing changed". A plain resubmission still says nothing changed.
 */
import { describe, expect, it } from 'vitest';
import { returnVia, submitVia, textOf } from '../helpers/approval-walk.js';
import { setup } from './fixture.js';

describe('resubmission with evidence added after a return', () => {
  it('tells the head which questions got new evidence', async () => {
    const { p, d, fill } = await setup();
    await fill(p.staff, 'cccbbcccc');
    await submitVia(d, p.staff);
    d.take(p.head);
    await returnVia(d, p.head, 'Trần Thị Lan', 'Thiếu minh chứng bài viết');
    d.take(p.staff);

    // Question 20 is the article condition (dk.bai-viet): two links in one message, one more in another.
    await d.send(p.staff, { kind: 'command', name: 'tudanhgia', args: '20' });
    await d.send(p.staff, { kind: 'text', text: 'https://stttt.daknong.gov.vn/bai-moi-1 https://stttt.daknong.gov.vn/bai-moi-2' });
    await d.send(p.staff, { kind: 'text', text: 'https://stttt.daknong.gov.vn/bai-moi-3' });
    await submitVia(d, p.staff);
    const prompt = textOf(d.take(p.head).flatMap((n) => n.messages));
    expect(prompt).toContain('đã sửa và nộp lại');
    expect(prompt).toContain('Câu trả lời không thay đổi so với lần trước; đã bổ sung minh chứng.');
    expect(prompt).toContain('Minh chứng bổ sung sau khi trả lại:');
    expect(prompt).toMatch(/• Câu 20\. [^\n]*: thêm 3 minh chứng/);
    expect(prompt).not.toContain('Không có câu trả lời');

    // /duyet shows the same prompt again with the evidence.
    const pending = textOf(await d.send(p.head, { kind: 'command', name: 'duyet', args: '' }));
    expect(pending).toMatch(/• Câu 20\. [^\n]*: thêm 3 minh chứng/);

    // Returned again and resubmitted with nothing new: the head is told nothing changed, and no stale evidence line.
    await returnVia(d, p.head, 'Trần Thị Lan', 'Cần ghi rõ ngày đăng');
    d.take(p.staff);
    await submitVia(d, p.staff);
    const again = textOf(d.take(p.head).flatMap((n) => n.messages));
    expect(again).toContain('Không có câu trả lời hay minh chứng nào thay đổi so với lần trước.');
    expect(again).not.toContain('Minh chứng bổ sung');
    expect(d.errors).toEqual([]);
  });
});
