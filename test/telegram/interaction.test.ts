import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { announcementTargets, auditLog, chatAccounts, inboundEvents, outbox, people, personRoles, units } from '../../db/schema.js';
import { GROUP_TEXTS } from '../../src/channels/telegram/render-group.js';
import { UPDATE_TEXTS } from '../../src/channels/telegram/handle-update.js';
import type { InboundEvent } from '../../src/conversation/types.js';
import type { Db } from '../../src/store/sqlite/open-sqlite.js';
import {
  contactUpdate,
  documentUpdate,
  fixture,
  groupCommandUpdate,
  linkUpdate,
  photoUpdate,
  pressUpdate,
  textUpdate,
} from '../helpers/telegram-updates.js';
import { postUpdate, reply, startChannel, type ChannelHarness } from './telegram-harness.js';

let h: ChannelHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const lan = { id: 5123456789 };
const question = {
  kind: 'choices' as const,
  text: 'Câu 1/8 — Có điện thoại thông minh?',
  choices: [
    { label: 'Đạt', payload: 'q:1:ab12:1' },
    { label: 'Không đạt', payload: 'q:1:ab12:0' },
  ],
};

function seedPerson(db: Db, telegramUserId: number, roles: ('staff' | 'office')[]): number {
  if (!db.select().from(units).get()) db.insert(units).values({ id: 'u1', name: 'Sở Thông tin và Truyền thông' }).run();
  const person = db.insert(people).values({ unitId: 'u1', fullName: 'Vũ Văn Chánh' }).returning().get();
  for (const role of roles) db.insert(personRoles).values({ personId: person.id, role }).run();
  const id = String(telegramUserId);
  db.insert(chatAccounts).values({ personId: person.id, channel: 'telegram', externalUserId: id, chatId: id, linkedAt: 1, linkedVia: 'phone' }).run();
  return person.id;
}

describe('buttons', () => {
  it('signs buttons, passes a press to the engine, answers it, and edits the question to show the answer', async () => {
    h = await startChannel({ mode: 'webhook' });
    h.script.current = (e) =>
      e.kind === 'button'
        ? reply({ kind: 'answered', text: '✔ Câu 1: Đạt' }, { kind: 'text', text: 'Đã lưu.' })
        : reply(question);
    await postUpdate(h.url, textUpdate(1, lan, '/tudanhgia'));
    const [sent] = h.fake.sent();
    const keyboard = (sent?.body.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard;
    const data = keyboard[0]?.[0]?.callback_data ?? '';
    expect(data.endsWith('q:1:ab12:1')).toBe(true);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    const messageId = 1000;

    await postUpdate(h.url, pressUpdate(2, lan, data, messageId, question.text));
    expect(h.events.at(-1)).toMatchObject({ kind: 'button', payload: 'q:1:ab12:1', eventId: '2' });
    expect(h.fake.ok('answerCallbackQuery').map((c) => c.body)).toEqual([{ callback_query_id: 'cb2' }]);
    expect(h.fake.ok('editMessageText').map((c) => c.body)).toEqual([
      {
        chat_id: '5123456789',
        message_id: messageId,
        text: `${question.text}\n\n✔ Câu 1: Đạt`,
        reply_markup: { inline_keyboard: [] },
      },
    ]);
    expect(h.fake.sent().at(-1)?.body.text).toBe('Đã lưu.');
  });

  it('rejects forged data and buttons replayed from another chat before the engine, still answering the press', async () => {
    h = await startChannel({ mode: 'webhook' });
    h.script.current = () => reply(question);
    await postUpdate(h.url, textUpdate(1, lan, '/tudanhgia'));
    const data = (h.fake.sent()[0]?.body.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]?.[0]?.callback_data ?? '';
    const before = h.events.length;
    await postUpdate(h.url, pressUpdate(2, lan, 'AAAAAAAAAAq:1:ab12:1', 1000));
    await postUpdate(h.url, pressUpdate(3, { id: 5123456001 }, data, 1000));
    expect(h.events).toHaveLength(before);
    expect(h.fake.ok('answerCallbackQuery').map((c) => c.body.text)).toEqual([UPDATE_TEXTS.badButton, UPDATE_TEXTS.badButton]);
  });

  it('edits the last question after a typed answer, and clears an unanswered question’s buttons when a new one comes', async () => {
    h = await startChannel({ mode: 'webhook' });
    h.script.current = (e) =>
      e.kind === 'text' && e.text === 'b' ? reply({ kind: 'answered', text: '✔ Câu 1: Không đạt' }, question) : reply(question);
    await postUpdate(h.url, textUpdate(1, lan, '/tudanhgia'));
    await postUpdate(h.url, textUpdate(2, lan, 'b'));
    expect(h.fake.ok('editMessageText').map((c) => [c.body.message_id, c.body.text])).toEqual([[1000, `${question.text}\n\n✔ Câu 1: Không đạt`]]);
    await postUpdate(h.url, textUpdate(3, lan, '/tudanhgia'));
    expect(h.fake.ok('editMessageReplyMarkup').map((c) => c.body)).toEqual([
      { chat_id: '5123456789', message_id: 1001, reply_markup: { inline_keyboard: [] } },
    ]);
  });

  it('an approval prompt from the outbox does not strip the buttons of the question the person is answering', async () => {
    h = await startChannel({ mode: 'webhook' });
    h.script.current = () => reply(question);
    await postUpdate(h.url, textUpdate(1, lan, '/tudanhgia'));
    await h.enqueue({
      dedupeKey: 'approval-1@telegram',
      channel: 'telegram',
      chatId: String(lan.id),
      purpose: 'approval',
      messages: [{ kind: 'choices', text: 'Trần Thị Lan đã nộp bản tự đánh giá.', choices: [{ label: '✅ Duyệt', payload: 'ap:1:ok' }] }],
      now: Date.now(),
    });
    h.channel.notify();
    await h.fake.waitFor(() => h!.fake.sent().length === 2);
    expect(h.fake.calls.filter((c) => c.method.startsWith('editMessage'))).toEqual([]);
  });
});

describe('contacts, links and files', () => {
  it('asks for the phone with a request_contact button and reports whose contact was shared', async () => {
    h = await startChannel({ mode: 'webhook' });
    h.script.current = () => reply({ kind: 'request-phone', text: 'Bạn hãy chia sẻ số điện thoại.' });
    await postUpdate(h.url, fixture('message-start'));
    expect(h.fake.sent()[0]?.body.reply_markup).toMatchObject({ keyboard: [[{ request_contact: true }]], one_time_keyboard: true });
    await postUpdate(h.url, contactUpdate(2, lan, '84912000002'));
    await postUpdate(h.url, contactUpdate(3, lan, '84912000003', false));
    expect(h.events.slice(1).map((e) => (e.kind === 'contact' ? [e.phone, e.verified] : null))).toEqual([
      ['84912000002', true],
      ['84912000003', false],
    ]);
  });

  it('downloads photos and documents with getFile; a file over 20 MB is not downloaded', async () => {
    h = await startChannel({ mode: 'webhook' });
    const bytes = Buffer.from('fake-jpeg-bytes-0123456789');
    h.fake.addFile('photo-1', bytes);
    h.fake.addFile('doc-1', Buffer.from('%PDF-1.7 minh chung'));
    await postUpdate(h.url, photoUpdate(1, lan, 'photo-1', bytes.length));
    await postUpdate(h.url, documentUpdate(2, lan, 'doc-1', 19));
    await postUpdate(h.url, documentUpdate(3, lan, 'huge', 25 * 1024 * 1024));
    await postUpdate(h.url, linkUpdate(4, lan, 'https://dichvucong.gov.vn/ho-so/123'));
    const files = h.events.filter((e): e is Extract<InboundEvent, { kind: 'file' }> => e.kind === 'file');
    expect(Buffer.from(files[0]?.file.data ?? []).toString()).toBe('fake-jpeg-bytes-0123456789');
    expect(files[0]).toMatchObject({ caption: 'Ảnh chứng nhận hoàn thành khóa học', file: { mime: 'image/jpeg', size: bytes.length } });
    expect(files[1]?.file).toMatchObject({ name: 'Giấy chứng nhận ATTT.pdf', mime: 'application/pdf', size: 19 });
    expect(files[2]?.file).toMatchObject({ size: 25 * 1024 * 1024, data: null });
    expect(h.fake.ok('getFile').map((c) => c.body.file_id)).toEqual(['photo-1', 'doc-1']);
    expect(h.events.at(-1)).toMatchObject({ kind: 'link', url: 'https://dichvucong.gov.vn/ho-so/123' });
  });

  it('tells the person what the bot accepts when they send a sticker, and asks to resend a file that failed', async () => {
    h = await startChannel({ mode: 'webhook' });
    await postUpdate(h.url, fixture('message-sticker'));
    await postUpdate(h.url, documentUpdate(2, lan, 'missing-file', 100));
    expect(h.events).toEqual([]);
    expect(h.fake.sent().map((c) => c.body.text)).toEqual([UPDATE_TEXTS.unsupported, UPDATE_TEXTS.fileFailed]);
  });
});

describe('groups', () => {
  const group = -1001234567890;

  it('lets an office member register the group (audited); others are refused; group chatter is ignored', async () => {
    h = await startChannel({ mode: 'webhook' });
    const officeId = seedPerson(h.db, 5123456790, ['office']);
    seedPerson(h.db, 5123456791, ['staff']);
    await postUpdate(h.url, groupCommandUpdate(1, { id: 5123456791 }, group));
    await postUpdate(h.url, groupCommandUpdate(2, { id: 5123456799 }, group, '/dangkynhom'));
    await postUpdate(h.url, groupCommandUpdate(3, { id: 5123456790 }, group, '/tudanhgia'));
    await postUpdate(h.url, groupCommandUpdate(4, { id: 5123456790 }, group));
    await postUpdate(h.url, groupCommandUpdate(5, { id: 5123456790 }, group));
    expect(h.events).toEqual([]);
    expect(h.fake.sent(String(group)).map((c) => c.body.text)).toEqual([
      GROUP_TEXTS.notAllowed,
      GROUP_TEXTS.notLinked,
      UPDATE_TEXTS.groupOnly,
      GROUP_TEXTS.registered('Sở Thông tin và Truyền thông'),
      GROUP_TEXTS.already('Sở Thông tin và Truyền thông'),
    ]);
    const target = h.db.select().from(announcementTargets).get();
    expect(target).toMatchObject({ unitId: 'u1', channel: 'telegram', chatId: String(group), registeredById: officeId, active: true });
    const audit = h.db.select().from(auditLog).where(eq(auditLog.action, 'announcement_target.register')).all();
    expect(audit).toMatchObject([{ actorPersonId: officeId, entityId: String(target?.id), channel: 'telegram' }]);

    await h.channel.postToGroup(String(group), [{ kind: 'text', text: 'Bảng vinh danh Quý IV' }]);
    expect(h.fake.sent(String(group)).at(-1)?.body.text).toBe('Bảng vinh danh Quý IV');
  });

  it('answers a personal command typed in a group (e.g. /duyet) once, pointing to the private chat; chatter gets nothing', async () => {
    h = await startChannel({ mode: 'webhook' });
    seedPerson(h.db, 5123456790, ['office']);
    await postUpdate(h.url, groupCommandUpdate(1, { id: 5123456790 }, group, '/duyet'));
    const chatter = groupCommandUpdate(2, { id: 5123456790 }, group, 'Chào cả nhà');
    delete (chatter.message as Record<string, unknown>).entities;
    await postUpdate(h.url, chatter);
    expect(h.events).toEqual([]);
    expect(h.fake.sent(String(group)).map((c) => c.body.text)).toEqual([
      'Trong nhóm chung, Thi Đua Số chỉ đăng thông báo. Để tự đánh giá, duyệt hoặc xem điểm, anh/chị vui lòng mở cuộc trò chuyện riêng với Thi Đua Số rồi gõ lệnh ở đó.',
    ]);
  });

  it('applies and answers a redelivered group update once (the one inbound-event log), also after a restart', async () => {
    h = await startChannel({ mode: 'webhook' });
    seedPerson(h.db, 5123456790, ['office']);
    const update = groupCommandUpdate(7, { id: 5123456790 }, group);
    await postUpdate(h.url, update);
    await postUpdate(h.url, update);
    const restarted = await h.restart();
    await restarted.handleUpdate(update);
    const sticker = fixture('message-sticker');
    await postUpdate(h.url, sticker);
    await postUpdate(h.url, sticker);
    expect(h.fake.sent(String(group)).map((c) => c.body.text)).toEqual([GROUP_TEXTS.registered('Sở Thông tin và Truyền thông')]);
    expect(h.fake.sent().filter((c) => c.body.text === UPDATE_TEXTS.unsupported)).toHaveLength(1);
    expect(h.db.select().from(auditLog).where(eq(auditLog.action, 'announcement_target.register')).all()).toHaveLength(1);
    expect(h.db.select().from(inboundEvents).where(eq(inboundEvents.channel, 'telegram')).all().map((r) => r.eventId).sort()).toEqual(
      ['7', String((sticker as { update_id: number }).update_id)].sort(),
    );
  });

  it('follows a group upgraded to a supergroup', async () => {
    h = await startChannel({ mode: 'webhook' });
    seedPerson(h.db, 5123456790, ['office']);
    await postUpdate(h.url, groupCommandUpdate(1, { id: 5123456790 }, -4001));
    h.fake.inject(
      { status: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', parameters: { migrate_to_chat_id: -1004001 } },
      { chatId: '-4001' },
    );
    await h.channel.postToGroup('-4001', [{ kind: 'text', text: 'Bảng vinh danh' }]);
    expect(h.fake.sent('-1004001').map((c) => c.body.text)).toEqual(['Bảng vinh danh']);
    expect(h.db.select().from(announcementTargets).get()?.chatId).toBe('-1004001');
    expect(h.db.select().from(auditLog).where(eq(auditLog.action, 'announcement_target.migrate')).all()).toHaveLength(1);
  });

  it('deactivates the target when the bot is removed from the group', async () => {
    h = await startChannel({ mode: 'webhook' });
    seedPerson(h.db, 5123456790, ['office']);
    await postUpdate(h.url, groupCommandUpdate(1, { id: 5123456790 }, group));
    h.fake.inject({ status: 403, description: 'Forbidden: bot was kicked from the supergroup chat' }, { chatId: String(group) });
    await expect(h.channel.postToGroup(String(group), [{ kind: 'text', text: 'x' }])).rejects.toMatchObject({ kind: 'unreachable' });
    expect(h.db.select().from(announcementTargets).get()?.active).toBe(false);
  });
});

describe('delivery failures', () => {
  it('marks the account blocked on 403 for a reply and for an outbox item, without failing the others', async () => {
    h = await startChannel({ mode: 'webhook' });
    const personId = seedPerson(h.db, 5123456789, ['staff']);
    seedPerson(h.db, 5123456001, ['staff']);
    h.script.current = () => reply({ kind: 'text', text: 'Xin chào' });
    h.fake.inject({ status: 403 }, { chatId: '5123456789' });
    await postUpdate(h.url, textUpdate(1, lan, 'xin chào'));
    const status = () => h!.db.select().from(chatAccounts).where(eq(chatAccounts.personId, personId)).get()?.status;
    expect(status()).toBe('blocked');

    h.db.update(chatAccounts).set({ status: 'active' }).run();
    h.fake.inject({ status: 403 }, { chatId: '5123456789' });
    for (const chatId of ['5123456789', '5123456001']) {
      await h.enqueue({ dedupeKey: `r-${chatId}@telegram`, channel: 'telegram', chatId, personId: null, purpose: 'reminder', messages: [{ kind: 'text', text: 'Nhắc' }], now: Date.now() });
    }
    h.channel.notify();
    await h.fake.waitFor(() => h!.fake.sent('5123456001').length === 1);
    await h.fake.waitFor(() => h!.db.select().from(outbox).where(eq(outbox.chatId, '5123456789')).get()?.status === 'unreachable');
    expect(status()).toBe('blocked');
  });

  it('marks the account blocked when Telegram reports the person blocked the bot', async () => {
    h = await startChannel({ mode: 'webhook' });
    seedPerson(h.db, 5123456789, ['staff']);
    await postUpdate(h.url, fixture('my-chat-member-kicked'));
    const row = h.db.select().from(chatAccounts).where(and(eq(chatAccounts.channel, 'telegram'), eq(chatAccounts.chatId, '5123456789'))).get();
    expect(row).toMatchObject({ status: 'blocked', statusReason: 'blocked' });
  });

  it('retries 5xx and 429 in place, honouring retry_after', async () => {
    h = await startChannel({ mode: 'webhook' });
    h.script.current = () => reply({ kind: 'text', text: 'Một' }, { kind: 'image', path: '/nonexistent.png' });
    h.fake.inject({ status: 502 }, { method: 'sendMessage' });
    h.fake.inject({ status: 429, retryAfter: 2 }, { method: 'sendMessage' });
    const t0 = performance.now();
    await postUpdate(h.url, textUpdate(1, lan, 'x'));
    expect(h.fake.calls.filter((c) => c.method === 'sendMessage').map((c) => c.status)).toEqual([502, 429, 200]);
    // retry_after 2 s at the test's 5 % time scale = 100 ms.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(100);
    expect(h.fake.sent()).toHaveLength(1);
  });
});
