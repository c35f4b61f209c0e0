import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { inboundEvents } from '../../db/schema.js';
import { startUpdate, textUpdate } from '../helpers/telegram-updates.js';
import { postUpdate, reply, SECRET, startChannel, type ChannelHarness } from './telegram-harness.js';

let h: ChannelHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const lan = { id: 5123456789 };

describe('Telegram webhook mode', () => {
  it('registers the webhook with a secret token and sets the Vietnamese command menu', async () => {
    h = await startChannel({ mode: 'webhook' });
    const [setWebhook] = h.fake.ok('setWebhook');
    expect(setWebhook?.body).toMatchObject({
      url: 'https://thidua.example.gov.vn/telegram/webhook',
      secret_token: SECRET,
      allowed_updates: ['message', 'callback_query', 'my_chat_member'],
    });
    const menus = h.fake.ok('setMyCommands');
    expect(menus.map((c) => (c.body.scope as { type: string }).type)).toEqual(['all_private_chats', 'all_group_chats']);
    const privateMenu = menus[0]?.body.commands as { command: string; description: string }[];
    expect(privateMenu.map((c) => c.command)).toEqual(expect.arrayContaining(['tudanhgia', 'nop', 'diem', 'huy']));
    expect(privateMenu.find((c) => c.command === 'nop')?.description).toBe('Nộp bản tự đánh giá');
    expect(menus[1]?.body.commands).toEqual([{ command: 'dangkynhom', description: expect.stringContaining('Đăng ký nhóm') }]);
  });

  it('rejects missing or wrong secret tokens with 401 and processes nothing', async () => {
    h = await startChannel({ mode: 'webhook' });
    expect((await postUpdate(h.url, startUpdate(1, lan), null)).status).toBe(401);
    expect((await postUpdate(h.url, startUpdate(2, lan), 'wrong-secret_0123456789abcdef')).status).toBe(401);
    expect((await postUpdate(h.url, startUpdate(3, lan), `${SECRET}x`)).status).toBe(401);
    expect(h.events).toEqual([]);
    expect(h.fake.sent()).toEqual([]);
    expect(h.db.select().from(inboundEvents).all()).toEqual([]);
  });

  it('processes an update once, answers 200 after replying, and ignores redeliveries, also after a restart', async () => {
    h = await startChannel({ mode: 'webhook' });
    h.script.current = () => reply({ kind: 'text', text: 'Xin chào!' });
    const first = await postUpdate(h.url, startUpdate(10, lan));
    expect(first.status).toBe(200);
    expect(h.events).toMatchObject([{ kind: 'start', channel: 'telegram', chatId: '5123456789', userId: '5123456789', eventId: '10' }]);
    expect(h.fake.sent('5123456789').map((c) => c.body.text)).toEqual(['Xin chào!']);

    expect((await postUpdate(h.url, startUpdate(10, lan))).status).toBe(200);
    const restarted = await h.restart();
    await restarted.handleUpdate(startUpdate(10, lan));
    expect(h.events).toHaveLength(1);
    expect(h.fake.sent()).toHaveLength(1);
    // The one inbound-event log (channel `telegram`, the update id) holds it.
    const row = h.db.select().from(inboundEvents).where(eq(inboundEvents.channel, 'telegram')).get();
    expect(row).toMatchObject({ eventId: '10', status: 'done' });
  });

  it('reprocesses an update a crash left pending when Telegram redelivers it', async () => {
    h = await startChannel({ mode: 'webhook' });
    h.db.insert(inboundEvents).values({ channel: 'telegram', eventId: '20', status: 'pending', attempts: 1, receivedAt: 1 }).run();
    expect((await postUpdate(h.url, textUpdate(20, lan, 'b'))).status).toBe(200);
    expect(h.events).toMatchObject([{ kind: 'text', text: 'b' }]);
    const row = h.db.select().from(inboundEvents).where(eq(inboundEvents.eventId, '20')).get();
    expect(row).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('answers 400 to a body that is not an update, and 200 even when processing fails', async () => {
    h = await startChannel({ mode: 'webhook' });
    expect((await postUpdate(h.url, { hello: 'world' })).status).toBe(400);
    h.script.current = () => {
      throw new Error('engine exploded');
    };
    expect((await postUpdate(h.url, textUpdate(30, lan, 'x'))).status).toBe(200);
    // A failed step is rolled back with its mark in the inbound-event log (the engine's contract), so the update
    // is not recorded as processed and a redelivery is applied.
    expect(h.db.select().from(inboundEvents).where(eq(inboundEvents.eventId, '30')).get()).toBeUndefined();
    h.script.current = () => reply({ kind: 'text', text: 'Đã nhận.' });
    expect((await postUpdate(h.url, textUpdate(30, lan, 'x'))).status).toBe(200);
    expect(h.events.map((e) => e.eventId)).toEqual(['30', '30']);
    expect(h.db.select().from(inboundEvents).where(eq(inboundEvents.eventId, '30')).get()).toMatchObject({ status: 'done' });
  });
});

describe('Telegram polling mode', () => {
  it('takes updates from getUpdates, replies, and stops cleanly', async () => {
    h = await startChannel({ mode: 'polling' });
    expect(h.fake.ok('deleteWebhook')).toHaveLength(1);
    h.script.current = (e) => reply({ kind: 'text', text: `Đã nhận: ${e.kind === 'text' ? e.text : e.kind}` });
    h.fake.pushUpdate(startUpdate(100, lan));
    h.fake.pushUpdate(textUpdate(101, { id: 5123456001 }, 'xin chào'));
    await h.fake.waitFor(() => h!.fake.sent().length === 2);
    expect(h.events.map((e) => e.eventId).sort()).toEqual(['100', '101']);
    expect(h.fake.sent('5123456001').map((c) => c.body.text)).toEqual(['Đã nhận: xin chào']);
    // A re-served update (offset not confirmed before a crash) is not processed twice.
    await h.channel.handleUpdate(startUpdate(100, lan));
    expect(h.events).toHaveLength(2);
  });
});
