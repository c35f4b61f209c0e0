/**
 * Chat parity on Telegram (issue 16 item 3), through the whole app, its webhook and the fake Bot API: the head's
 * greeting says what waits, review cards stay usable after other questions (their keyboards are never retired),
 * the details message carries the review actions, and the department list is sent only after its confirmation —
 * Huỷ and Xác nhận edit the confirmation they answer; a confirmation pressed after the list changed is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../src/conversation/types.js';
import { fillAnswers, seed000Answers, submitVia, textOf, type ApprovalDriver } from '../helpers/approval-walk.js';
import type { RecordedCall } from '../helpers/fake-telegram-api.js';
import { DEFAULT_DEPARTMENTS, seedUnit } from '../helpers/seed-unit.js';
import { pressUpdate, textUpdate, type TgUser } from '../helpers/telegram-updates.js';
import { createTelegramApp, type TelegramApp } from '../telegram/telegram-app.js';
import { postUpdate } from '../telegram/telegram-harness.js';

let world: TelegramApp | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

interface Card {
  messageId: number;
  text: string;
  buttons: { text: string; callback_data: string }[];
}

function cardOf(call: RecordedCall): Card | undefined {
  const markup = call.body.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined;
  if (!markup?.inline_keyboard || markup.inline_keyboard.length === 0) return undefined;
  return { messageId: (call.result as { message_id: number }).message_id, text: String(call.body.text), buttons: markup.inline_keyboard.flat() };
}

describe('chat parity on Telegram', () => {
  it('greeting, lasting review cards, actions on the details, and the list sent after its confirmation', async () => {
    const clock = { now: () => new Date(Date.UTC(2026, 11, 3, 2, 0)) };
    world = await createTelegramApp({ mode: 'webhook', clock, dirPrefix: 'thidua-parity-tg-' });
    const { app, fake } = world;
    const store = app.store;
    const unit = await seedUnit(store);
    const p = unit.people as Record<'head' | 'staff' | 'staff2' | 'laborer', number>;
    const period = unit.period;
    if (!period) throw new Error('no period');
    const tgId = (personId: number) => 720_000 + personId;
    await store.transaction(async (tx) => {
      for (const personId of Object.values(unit.people)) {
        const id = String(tgId(personId));
        await tx.directory.linkAccount({ personId, channel: 'telegram', externalUserId: id, chatId: id, via: 'demo', now: clock.now().getTime() });
      }
    });
    const { url } = await app.start();

    // Staff submit through the engine (their replies are not what this test reads).
    let eventNo = 0;
    const engine: ApprovalDriver = {
      async send(personId, event) {
        const id = String(tgId(personId));
        const inbound = { channel: 'telegram', userId: id, chatId: id, eventId: `pt${(eventNo += 1)}`, receivedAt: clock.now(), ...event } as InboundEvent;
        return (await app.engine.handle(inbound)).replies;
      },
    };
    for (const [personId, profile] of [[p.staff, 'cccbbcccc'], [p.staff2, 'ccccccccc']] as const) {
      await fillAnswers(store, { periodId: period.id, personId, rubric: unit.rubric, ctx: { role: 'staff', departmentName: DEFAULT_DEPARTMENTS[0] }, answers: seed000Answers(profile), now: clock.now().getTime() });
      expect(textOf(await submitVia(engine, personId))).toContain('Đã nộp');
    }

    const head: TgUser = { id: tgId(p.head), firstName: 'Trưởng' };
    const chat = String(head.id);
    let updateId = 700_000;
    const say = async (text: string) => expect((await postUpdate(url, textUpdate((updateId += 1), head, text))).status).toBe(200);
    const press = async (card: Card, label: string) => {
      const button = card.buttons.find((b) => b.text.includes(label));
      if (!button) throw new Error(`no "${label}" on: ${card.text.slice(0, 80)}`);
      expect((await postUpdate(url, pressUpdate((updateId += 1), head, button.callback_data, card.messageId, card.text))).status).toBe(200);
    };
    const cards = () => fake.sent(chat).map(cardOf).filter((c) => c !== undefined);
    const lastCard = (text: string) => cards().filter((c) => c.text.includes(text)).at(-1) ?? null;
    const edited = (messageId: number) => fake.calls.filter((c) => c.method.startsWith('editMessage') && String(c.body.chat_id) === chat && Number(c.body.message_id) === messageId);
    const textsSince = (n: number) => fake.sent(chat).slice(n).map((c) => String(c.body.text ?? ''));
    // The two prompts reach the head through the outbox.
    await fake.waitFor(() => fake.sent(chat).filter((c) => String(c.body.text).includes('đã nộp bản tự đánh giá')).length === 2);

    // The greeting after /start says what waits.
    let mark = fake.sent(chat).length;
    await say('/start');
    const greeting = textsSince(mark).join('\n');
    expect(greeting).toContain('📌 Việc đang chờ anh/chị (Quý IV/2026):');
    expect(greeting).toContain('2 bản tự đánh giá chờ anh/chị duyệt');
    // The idle menu offers the head's own quick buttons.
    expect(cards().at(-1)?.buttons.map((b) => b.text)).toEqual(expect.arrayContaining(['📝 Duyệt', '📊 Tiến độ']));

    // /duyet: two cards. An adjustment picker (a question) and the details of the other do not retire them.
    await say('/duyet');
    const lan = lastCard('📝 Trần Thị Lan');
    const hung = lastCard('📝 Lê Văn Hùng');
    if (!lan || !hung) throw new Error('no review cards');
    await press(lan, 'Điều chỉnh');
    await press(hung, 'Xem chi tiết');
    const details = lastCard('🔎 Lê Văn Hùng');
    expect(details?.buttons.map((b) => b.text)).toEqual(['✅ Duyệt', '✏️ Điều chỉnh', '↩️ Trả lại']);
    await say('/tiendo');
    expect(edited(lan.messageId)).toEqual([]);
    expect(edited(hung.messageId)).toEqual([]);
    // Approve from the details message, then from the first card: both still work.
    if (!details) throw new Error('no details card');
    await press(details, 'Duyệt');
    expect(edited(details.messageId).map((c) => String(c.body.text))).toEqual([expect.stringContaining('✅ Đã duyệt')]);
    await press(lan, 'Duyệt');
    const statuses = await store.read((tx) => tx.reviews.submissionsOfPeriod(period.id));
    expect(statuses.map((s) => s.status)).toEqual(['approved', 'approved']);

    // The list: Huỷ edits the confirmation and sends nothing.
    await say('/guidanhsach');
    const first = lastCard('Gửi danh sách này?');
    if (!first) throw new Error('no confirmation');
    expect(first.text).toContain('Đã duyệt 2/4');
    expect(first.text).toContain('⚠️ Danh sách chưa đủ: 2 người');
    await press(first, 'Huỷ');
    expect(edited(first.messageId).map((c) => String(c.body.text))).toEqual([expect.stringContaining('✖️ Đã huỷ')]);
    expect(await store.read((tx) => tx.reviews.listsOfPeriod(period.id))).toEqual([]);
    // Stale: the laborer starts a draft after the summary was shown; the old Xác nhận is refused with the new summary.
    await say('/guidanhsach');
    const before = lastCard('Gửi danh sách này?');
    if (!before) throw new Error('no confirmation');
    await store.transaction((tx) => tx.assessment.ensureSubmission(period.id, p.laborer, clock.now().getTime()));
    mark = fake.sent(chat).length;
    await press(before, 'Xác nhận');
    expect(textsSince(mark).join('\n')).toContain('Tình hình đã thay đổi');
    expect(await store.read((tx) => tx.reviews.listsOfPeriod(period.id))).toEqual([]);
    const fresh = lastCard('Gửi danh sách này?');
    expect(fresh?.messageId).not.toBe(before.messageId);
    if (!fresh) throw new Error('no fresh confirmation');
    mark = fake.sent(chat).length;
    await press(fresh, 'Xác nhận');
    expect(edited(fresh.messageId).map((c) => String(c.body.text))).toEqual([expect.stringContaining('✅ Đã xác nhận')]);
    expect(textsSince(mark).join('\n')).toContain('Đã gửi danh sách tới Văn phòng');
    expect((await store.read((tx) => tx.reviews.listsOfPeriod(period.id))).map((l) => l.status)).toEqual(['sent']);
  });
});
