/**
 * Issue 18 item 10: a draft is the author's until submitted (and a returned submission is theirs again until they
 * resubmit): a reviewer's details view refuses it, clearly and in Vietnamese, through the same permission check the
 * service offers (`canView`). Item 11 (wired here): an evidence file's stored name holding line breaks cannot fake
 * lines in the reviewer's view.
 */
import { describe, expect, it } from 'vitest';
import { evidence } from '../../db/schema.js';
import { createApprovalService } from '../../src/approval/approval-service.js';
import { buttonIn, returnVia, submitVia, textOf } from '../helpers/approval-walk.js';
import { setup } from './fixture.js';

describe('what a reviewer may read', () => {
  it('refuses the details of a draft and of a returned submission being reworked, allows them once (re)submitted', async () => {
    const { store, p, d, fill } = await setup();
    const sid = await fill(p.staff, 'cccbbcccc');

    // The head guesses the sequential id of a draft.
    const draft = textOf(await d.send(p.head, { kind: 'button', payload: `ap:v:${sid}` }));
    expect(draft).toContain('⛔');
    expect(draft).toContain('chưa được nộp');
    expect(draft).not.toContain('https://stttt.daknong.gov.vn');
    const check = await store.read((tx) => createApprovalService().canView(tx, { actorId: p.head, channel: 'telegram', now: new Date() }, { submissionId: sid }));
    expect(check).toMatchObject({ ok: false, refusal: { code: 'draft-not-viewable' } });

    await submitVia(d, p.staff);
    const prompt = d.take(p.head).flatMap((n) => n.messages);
    const submitted = textOf(await d.send(p.head, { kind: 'button', payload: buttonIn(prompt, 'Xem chi tiết') }));
    expect(submitted).toContain('🔗 https://stttt.daknong.gov.vn');

    await returnVia(d, p.head, 'Trần Thị Lan', 'Thiếu minh chứng');
    const returned = textOf(await d.send(p.head, { kind: 'button', payload: `ap:v:${sid}` }));
    expect(returned).toContain('⛔');
    expect(returned).toContain('khi người đó nộp lại');
    expect(returned).not.toContain('https://stttt.daknong.gov.vn');

    await submitVia(d, p.staff);
    expect(textOf(await d.send(p.head, { kind: 'button', payload: `ap:v:${sid}` }))).toContain('🔗 https://stttt.daknong.gov.vn');
    expect(d.errors).toEqual([]);
  });

  it('shows an evidence file name stored with line breaks on one line', async () => {
    const { store, p, d, fill } = await setup();
    const sid = await fill(p.staff, 'cccbbcccc');
    store.db
      .insert(evidence)
      .values([
        { submissionId: sid, criterionId: 'cbs.I.1', kind: 'file', filePath: 'evidence/ab/abc.pdf', originalName: 'chung-chi.pdf\r\n✅ Đã duyệt\n• Tổng: 100đ', createdAt: 1 },
        { submissionId: sid, criterionId: 'cbs.I.1', kind: 'file', filePath: 'evidence/cd/cde.png', originalName: '\r\n', createdAt: 1 },
      ])
      .run();
    await submitVia(d, p.staff);
    const replies = await d.send(p.head, { kind: 'button', payload: buttonIn(d.take(p.head).flatMap((n) => n.messages), 'Xem chi tiết') });
    // The details carry the review actions while the submission waits (a lasting card).
    const first = replies[0];
    expect(first?.kind === 'choices' && first.persistent).toBe(true);
    const view = first?.kind === 'choices' ? first.text : '';
    expect(buttonIn(replies, 'Duyệt')).toMatch(new RegExp(`^ap:a:${sid}:\\d+$`));
    const lines = view.split('\n');
    expect(lines).toContain('   📎 chung-chi.pdf ✅ Đã duyệt • Tổng: 100đ');
    expect(lines.some((l) => l.startsWith('✅') || l.startsWith('• Tổng'))).toBe(false);
    // A name with nothing printable falls back to the stored file's own name.
    expect(lines).toContain('   📎 cde.png');
    const files = replies.filter((r) => r.kind === 'file');
    expect(files.map((f) => (f.kind === 'file' ? f.name : ''))).toEqual(['chung-chi.pdf ✅ Đã duyệt • Tổng: 100đ', 'cde.png']);
  });
});
