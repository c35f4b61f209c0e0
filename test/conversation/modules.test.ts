import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConversationEngine } from '../../src/conversation/engine.js';
import { defineDialog, type ConversationModule } from '../../src/conversation/module.js';
import { createEnginePorts } from '../../src/persistence/engine-ports.js';
import { testDb } from '../helpers/test-db.js';
import { answerAll } from './answer-all.js';
import { FakeClock, linkedChat, seededEngine, silent } from './harness.js';

/** A small review module like helper-7's: /duyet, `ap:` buttons, a "type the reason" dialog, submit prompts. */
const calls: string[] = [];
const reviewModule: ConversationModule = {
  name: 'approval',
  commands: [
    {
      names: ['duyet', 'approve'],
      roles: ['head', 'leader'],
      description: 'Duyệt bản tự đánh giá',
      handle: () => ({
        replies: [{ kind: 'choices', text: 'Chờ duyệt: 1', choices: [{ label: 'Trả lại', payload: 'ap:ret:7' }] }],
      }),
    },
    { names: ['lichsu'], description: 'Lịch sử duyệt', handle: () => ({ replies: [{ kind: 'text', text: 'Lịch sử' }] }) },
  ],
  buttons: [
    {
      prefix: 'ap:',
      roles: ['head'],
      handle: (ctx) => ({
        replies: [{ kind: 'text', text: 'Nhập lý do trả lại:' }],
        dialog: { enter: { step: 'reason', submissionId: Number(ctx.payload.split(':')[2]) } },
      }),
    },
  ],
  dialog: defineDialog({
    schema: z.object({ step: z.literal('reason'), submissionId: z.number() }),
    handle: (ctx) => {
      calls.push(`reason for ${ctx.data.submissionId}: ${ctx.event.kind === 'text' ? ctx.event.text : ''}`);
      return { replies: [{ kind: 'text', text: 'Đã trả lại.' }], dialog: 'exit' };
    },
  }),
  onSubmissionEvent: (ctx) => [
    {
      personId: ctx.reviewerIds[0] ?? 0,
      dedupeKey: `approval:${ctx.submission.id}:${ctx.submission.revision}`,
      purpose: 'approval',
      messages: [{ kind: 'choices', text: `Duyệt? ${ctx.kind} ${ctx.score.total}`, choices: [{ label: 'Duyệt', payload: 'ap:ok:1' }] }],
    },
  ],
};

describe('modules and commands', () => {
  it('routes module commands, buttons and dialogs with role checks, and lets the module write approval prompts', async () => {
    const { db, seeded, h } = seededEngine({ modules: [reviewModule] });
    const head = await linkedChat(h, 'head', '0912000001');
    await head.command('help');
    expect(head.said).toContain('/duyet — Duyệt bản tự đánh giá');
    expect(head.said).toContain('/lichsu — Lịch sử duyệt');
    expect(head.said).not.toContain('/tiendo');
    await head.command('approve');
    expect(head.said).toContain('Chờ duyệt: 1');
    await head.press('Trả lại');
    expect(head.said).toContain('Nhập lý do');
    await head.text('Thiếu minh chứng');
    expect(head.said).toBe('Đã trả lại.');
    expect(calls).toEqual(['reason for 7: Thiếu minh chứng']);
    const conv = db.$client.prepare(`SELECT state FROM conversations WHERE chat_key = 'telegram:head'`).get();
    expect(conv).toEqual({ state: JSON.stringify({ schemaVersion: 1, dialog: { type: 'idle' }, touchedAt: h.clock.ms }) });

    const staff = await linkedChat(h, 'staff', '0912000002');
    await staff.command('duyet');
    expect(staff.said).toContain('không dành cho vai trò');
    await staff.button('ap:ok:1');
    expect(staff.said).toContain('không có quyền');
    await answerAll(staff);
    await staff.link('https://example.gov.vn/a');
    await staff.text('xong');
    await staff.command('nop');
    await staff.text('có');
    expect(staff.last.notifications).toEqual([
      expect.objectContaining({ personId: seeded.people.head, dedupeKey: expect.stringMatching(/^approval:/) }),
    ]);
  });

  it('leaves a module dialog on another command and resets a module dialog whose data no longer validates', async () => {
    const { db, h } = seededEngine({ modules: [reviewModule] });
    const head = await linkedChat(h, 'head', '0912000001');
    await head.button('ap:ret:3');
    await head.command('diem');
    await head.text('lý do');
    expect(head.said).toContain('Anh/chị muốn làm gì');
    // A head reviews others: the idle reply offers their queue too; staff do not get it.
    expect(head.said).toContain('Gõ /duyet để xem các bản đang chờ anh/chị duyệt.');
    expect(head.payload('📝 Duyệt')).toBe('c:duyet');
    const staff = await linkedChat(h, 'staff', '0912000002');
    await staff.text('xin chào');
    expect(staff.said).toContain('Anh/chị muốn làm gì');
    expect(staff.said).not.toContain('/duyet');
    expect(() => staff.payload('Duyệt')).toThrow();
    await head.button('ap:ret:3');
    db.$client.prepare(`UPDATE conversations SET state = json_set(state, '$.dialog.data.step', 'other')`).run();
    await head.text('lý do');
    expect(head.said).toContain('hết hiệu lực');
  });

  it('provides /tiendo for the office and refuses it to staff; ignores group chatter; explains unknown commands', async () => {
    const { h } = seededEngine();
    const office = await linkedChat(h, 'office', '0912000006');
    await office.command('tiendo');
    expect(office.said).toContain('Tiến độ tự đánh giá Quý IV/2026');
    expect(office.said).toContain('Phòng Thông tin, Báo chí – Xuất bản: đã nộp 0/4');
    expect(office.said).toContain('Toàn đơn vị: 0/9 đã nộp');
    await office.text('/status');
    expect(office.said).toContain('Tiến độ');
    await office.command('duyet');
    expect(office.said).toContain('không dành cho vai trò');
    await office.command('xyz');
    expect(office.said).toContain('Không có lệnh /xyz');
    const group = await h.engine.handle({ ...office.event({ kind: 'text', text: 'chào cả nhà' }), inGroup: true });
    expect(group.replies).toEqual([]);
    const head = await linkedChat(h, 'head', '0912000001');
    await head.command('duyet');
    expect(head.said).toContain('chưa được bật');
  });

  it('refuses modules that collide with each other or with the engine', () => {
    const db = testDb();
    const ports = createEnginePorts(db, { dataDir: '/tmp' });
    const make = (modules: ConversationModule[]) =>
      new ConversationEngine({ ports, clock: new FakeClock(), logger: silent, modules });
    expect(() => make([{ name: 'a', commands: [{ names: ['nop'], description: 'x', handle: () => ({ replies: [] }) }] }])).toThrow(
      /built-in/,
    );
    expect(() => make([{ name: 'a', buttons: [{ prefix: 'q:', handle: () => ({ replies: [] }) }] }])).toThrow(/reserved/);
    expect(() => make([{ name: 'a' }, { name: 'a' }])).toThrow(/twice/);
    expect(() =>
      make([
        { name: 'a', buttons: [{ prefix: 'ap:', handle: () => ({ replies: [] }) }] },
        { name: 'b', buttons: [{ prefix: 'ap:', handle: () => ({ replies: [] }) }] },
      ]),
    ).toThrow(/clashes/);
  });
});
