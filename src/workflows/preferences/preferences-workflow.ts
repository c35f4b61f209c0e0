/**
 * `/nhacten bat|tat` (`/mention on|off`): whether the bot may mention the person by handle (@) in the unit's
 * group chats — e.g. the Zalo group fallback when a private message cannot reach them. Seed 000: the honour list
 * still names everyone in plain text, so opting out never hides anyone from it. Changes are audited.
 */
import { fold } from '../../conversation/parse-answer.js';
import type { Workflow, WorkflowContext } from '../../conversation/workflow.js';

const ON = new Set(['bat', 'on', 'co', 'mo', 'yes']);
const OFF = new Set(['tat', 'off', 'khong', 'tat di', 'no']);

const USAGE = 'Gõ /nhacten bật để cho phép, hoặc /nhacten tắt để không nhắc tên anh/chị trong nhóm chat.';
const HONOUR_NOTE = 'Bảng vinh danh vẫn ghi tên anh/chị, nhưng không gắn thẻ nhắc tên.';

/** Shows or changes the sender's group-mention preference. */
async function mentionCommand(ctx: WorkflowContext, args: string): Promise<void> {
  const word = fold(args);
  const directory = ctx.tx.directory;
  const reply = (text: string) => void ctx.replies.push({ kind: 'text', text });
  if (word === '') {
    const off = await directory.noGroupMention(ctx.person.id);
    return reply(`Nhắc tên anh/chị (@) trong nhóm chat: đang ${off ? 'TẮT' : 'BẬT'}.\n${USAGE}`);
  }
  const wantOff = OFF.has(word) ? true : ON.has(word) ? false : null;
  if (wantOff === null) return reply(`Tôi chưa hiểu "${args.trim()}". ${USAGE}`);
  const before = await directory.setNoGroupMention(ctx.person.id, wantOff, ctx.nowMs);
  if (before !== wantOff) {
    await ctx.tx.audit.record({
      at: ctx.nowMs,
      unitId: ctx.person.unitId,
      actorPersonId: ctx.person.id,
      channel: ctx.event.channel,
      action: 'person.preference',
      entityType: 'person',
      entityId: String(ctx.person.id),
      subjectPersonId: ctx.person.id,
      before: { noGroupMention: before },
      after: { noGroupMention: wantOff },
    });
  }
  const same = before === wantOff ? ' (không thay đổi)' : '';
  reply(
    wantOff
      ? `🔕 Đã tắt${same}: trợ lý sẽ không nhắc tên anh/chị (@) trong nhóm chat. ${HONOUR_NOTE}`
      : `🔔 Đã bật${same}: khi không nhắn riêng được cho anh/chị, trợ lý có thể nhắc tên anh/chị (@) trong nhóm chat của cơ quan.`,
  );
}

/** Personal preferences as a workflow: `/nhacten bật|tắt` (`/mention on|off`). */
export const preferencesWorkflow: Workflow = {
  name: 'preferences',
  commands: [
    {
      names: ['nhacten', 'mention'],
      description: 'Cho phép nhắc tên tôi (@) trong nhóm chat: /nhacten bật hoặc /nhacten tắt',
      handle: mentionCommand,
    },
  ],
};
