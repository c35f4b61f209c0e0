/**
 * The chat's confirmations, greeting and role buttons on the engine model (issue 16 item 3): what each role's idle
 * menu offers, what the greeting lists for each role, a step that cannot be done now shown with its reason and no
 * Xác nhận, and a confirmation naming another period refused as stale.
 */
import { describe, expect, it } from 'vitest';
import { periods } from '../../db/schema.js';
import type { OutboundMessage } from '../../src/conversation/types.js';
import { approveVia, buttonIn, confirmIn, sendListVia, submitVia, textOf } from '../helpers/approval-walk.js';
import { DEPTS, setup } from './fixture.js';

const labels = (replies: OutboundMessage[]): string[] => replies.flatMap((r) => (r.kind === 'choices' ? r.choices.map((c) => c.label) : []));

describe('confirmations, greeting and role buttons (engine model)', () => {
  it('offers each role its quick buttons and greets each with what waits', async () => {
    const { p, d, fill } = await setup();
    const menu = (id: number) => d.send(id, { kind: 'text', text: 'xin chào' });
    expect(labels(await menu(p.head))).toEqual(expect.arrayContaining(['📝 Duyệt', '📊 Tiến độ']));
    expect(labels(await menu(p.office))).toEqual(expect.arrayContaining(['📊 Tiến độ', '📥 Danh sách']));
    expect(labels(await menu(p.director))).toEqual(expect.arrayContaining(['🏁 Phê duyệt']));
    const staffMenu = labels(await menu(p.staff));
    expect(staffMenu).toEqual(expect.arrayContaining(['📝 Tự đánh giá']));
    for (const role of ['📝 Duyệt', '📊 Tiến độ', '📥 Danh sách', '🏁 Phê duyệt']) expect(staffMenu).not.toContain(role);

    expect(textOf(await d.send(p.staff, { kind: 'start' }))).toContain('Bản tự đánh giá của anh/chị: chưa bắt đầu — còn');
    await fill(p.staff, 'cccbbcccc');
    await submitVia(d, p.staff);
    const headGreeting = textOf(await d.send(p.head, { kind: 'start' }));
    expect(headGreeting).toContain('1 bản tự đánh giá chờ anh/chị duyệt');
    expect(headGreeting).toContain('Gửi danh sách của phòng cho Văn phòng');
    await approveVia(d, p.head, 'Trần Thị Lan');
    await sendListVia(d, p.head);
    await sendListVia(d, p.head2);
    expect(textOf(await d.send(p.office, { kind: 'start' }))).toContain(`2 danh sách phòng chờ tiếp nhận (${DEPTS.join(', ')})`);
    expect(d.errors).toEqual([]);
  });

  it('shows why a step cannot be done (no Xác nhận) and refuses a confirmation of another period as stale', async () => {
    const { db, p, d, fill, period } = await setup();
    await fill(p.staff, 'cccbbcccc');
    await submitVia(d, p.staff);
    // A review still pending: the summary, the reason, and the way to the queue instead of Xác nhận.
    const blocked = await d.send(p.head, { kind: 'command', name: 'guidanhsach', args: '' });
    expect(textOf(blocked)).toContain('Đã duyệt 0/4 · chờ duyệt 1');
    expect(textOf(blocked)).toContain('⛔');
    expect(labels(blocked)).toEqual(['📝 Duyệt']);
    // The office cannot report before every list is accepted: the reason, no buttons.
    const report = await d.send(p.office, { kind: 'command', name: 'trinh', args: '' });
    expect(textOf(report)).toContain('⛔');
    expect(labels(report)).toEqual([]);

    await approveVia(d, p.head, 'Trần Thị Lan');
    const ask = await d.send(p.head, { kind: 'command', name: 'guidanhsach', args: '' });
    const confirm = buttonIn(ask, 'Xác nhận');
    expect(confirm).toMatch(new RegExp(`^ap:sl:${period.id}:0:[0-9a-f]{8}$`));
    // The same stamp for another period's id: stale, nothing sent.
    const forged = confirm.replace(`ap:sl:${period.id}:`, `ap:sl:${period.id + 1}:`);
    expect(textOf(await d.send(p.head, { kind: 'button', payload: forged }))).toContain('Tình hình đã thay đổi');
    expect(await d.send(p.head, { kind: 'button', payload: confirm }).then(textOf)).toContain('Đã gửi danh sách tới Văn phòng');
    // Pressed again after sending: the state changed (the list is sent), so it is stale, not sent twice.
    const again = await d.send(p.head, { kind: 'button', payload: confirm });
    expect(textOf(again)).toContain('Tình hình đã thay đổi');
    expect(textOf(await confirmIn(d, p.head, again))).toContain('Đã gửi danh sách');
    expect(db.select().from(periods).get()?.status).toBe('open');
    expect(d.errors).toEqual([]);
  });
});
