import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConversationEngine } from '../../src/conversation/engine.js';
import { defineWorkflow, type Workflow } from '../../src/conversation/workflow.js';
import { createLocalFileStore } from '../../src/store/files/local-file-store.js';
import { testStore } from '../helpers/test-store.js';
import { answerAll } from './answer-all.js';
import { BASE_WORKFLOWS, FakeClock, linkedChat, seededEngine, silent } from './harness.js';

/** A small review workflow like the approval chain: /duyet, `ap:` buttons, a "type the reason" dialog, submit prompts. */
const calls: string[] = [];
const reviewWorkflow = defineWorkflow<{ step: 'reason'; submissionId: number }>({
  name: 'approval',
  commands: [
    {
      names: ['duyet', 'approve'],
      roles: ['head', 'leader'],
      description: 'Duyệt bản tự đánh giá',
      handle: async (ctx) => {
        ctx.replies.push({ kind: 'choices', text: 'Chờ duyệt: 1', choices: [{ label: 'Trả lại', payload: 'ap:ret:7' }] });
      },
    },
    {
      names: ['lichsu'],
      description: 'Lịch sử duyệt',
      handle: async (ctx) => void ctx.replies.push({ kind: 'text', text: 'Lịch sử' }),
    },
  ],
  buttons: [
    {
      prefix: 'ap:',
      roles: ['head'],
      handle: async (ctx, payload) => {
        ctx.replies.push({ kind: 'text', text: 'Nhập lý do trả lại:' });
        ctx.enter({ step: 'reason', submissionId: Number(payload.split(':')[2]) });
      },
    },
  ],
  dialog: {
    schema: z.object({ step: z.literal('reason'), submissionId: z.number() }),
    version: 1,
    handle: async (ctx) => {
      calls.push(`reason for ${ctx.dialog?.submissionId}: ${ctx.event.kind === 'text' ? ctx.event.text : ''}`);
      ctx.replies.push({ kind: 'text', text: 'Đã trả lại.' });
      ctx.exit();
    },
  },
  idle: (ctx) =>
    ctx.person.roles.includes('head')
      ? { lines: ['Gõ /duyet để xem các bản đang chờ anh/chị duyệt.'], choices: [{ label: '📝 Duyệt', payload: 'c:duyet' }], typeCommands: ['/duyet'] }
      : null,
  on: async (ctx, event) => {
    const reviewer = (await ctx.tx.directory.headsOf(event.person.departmentId ?? 0))[0] ?? 0;
    ctx.notifications.push({
      personId: reviewer,
      dedupeKey: `approval:${event.submission.id}:${event.submission.revision}:${reviewer}`,
      purpose: 'approval',
      messages: [{ kind: 'choices', text: `Duyệt? ${event.kind} ${event.score.total}`, choices: [{ label: 'Duyệt', payload: 'ap:ok:1' }] }],
    });
    return true;
  },
});
const WITH_REVIEW = [...BASE_WORKFLOWS, reviewWorkflow];

describe('workflows and commands', () => {
  it('routes workflow commands, buttons and dialogs with role checks, and lets a workflow answer the event of another with approval prompts', async () => {
    const { db, seeded, h } = await seededEngine({ workflows: WITH_REVIEW });
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
    expect(conv).toEqual({ state: JSON.stringify({ schemaVersion: 2, dialog: { type: 'idle' }, touchedAt: h.clock.ms }) });

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

  it('leaves a workflow dialog on another command and resets a workflow dialog whose data no longer validates', async () => {
    const { db, h } = await seededEngine({ workflows: WITH_REVIEW });
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

  it('refuses commands to other roles, ignores group chatter and explains unknown commands', async () => {
    const { h } = await seededEngine({ workflows: WITH_REVIEW });
    const office = await linkedChat(h, 'office', '0912000006');
    await office.command('duyet');
    expect(office.said).toContain('không dành cho vai trò');
    await office.text('/approve');
    expect(office.said).toContain('không dành cho vai trò');
    await office.command('xyz');
    expect(office.said).toContain('Không có lệnh /xyz');
    const group = await h.engine.handle({ ...office.event({ kind: 'text', text: 'chào cả nhà' }), inGroup: true });
    expect(group.replies).toEqual([]);
    const head = await linkedChat(h, 'head', '0912000001');
    await head.command('tiendo');
    expect(head.said).toContain('Không có lệnh /tiendo');
  });

  it('refuses workflows that collide with each other or with the engine', () => {
    const store = testStore();
    const make = (workflows: Workflow[]) =>
      new ConversationEngine({
        store,
        files: createLocalFileStore({ dataDir: '/tmp' }),
        notifier: { dispatch: async () => undefined },
        clock: new FakeClock(),
        logger: silent,
        workflows,
      });
    const noop = async (): Promise<void> => {};
    expect(() => make([{ name: 'a', commands: [{ names: ['huongdan'], description: 'x', handle: noop }] }])).toThrow(/built-in/);
    expect(() => make([{ name: 'a', buttons: [{ prefix: 'c:', handle: noop }] }])).toThrow(/reserved/);
    expect(() => make([{ name: 'a' }, { name: 'a' }])).toThrow(/twice/);
    expect(() => make([{ name: 'a', commands: [{ names: ['nop'], description: 'x', handle: noop }] }, { name: 'b', commands: [{ names: ['nop'], description: 'y', handle: noop }] }])).toThrow(/twice/);
    expect(() =>
      make([
        { name: 'a', buttons: [{ prefix: 'ap:', handle: noop }] },
        { name: 'b', buttons: [{ prefix: 'ap:', handle: noop }] },
      ]),
    ).toThrow(/clashes/);
  });
});
