/**
 * End to end through the whole app (createApp: real engine, approval module, dispatcher, outbox) and the real
 * telegraf client against the fake Bot API: a staff member links by sharing their contact, answers every
 * criterion by button presses (one typed), adds a link and a photo, reviews and submits; the head gets the
 * approval prompt on Telegram. Webhook mode goes through the real express server; polling through getUpdates.
 * Both run on each store dialect (SQLite and PostgreSQL).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, type Dialect } from '../helpers/dialects.js';
import type { RecordedCall } from '../helpers/fake-telegram-api.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { contactUpdate, linkUpdate, photoUpdate, pressUpdate, startUpdate, textUpdate, type TgUser } from '../helpers/telegram-updates.js';
import { createTelegramApp, type TelegramApp } from './telegram-app.js';
import { postUpdate } from './telegram-harness.js';

interface World extends TelegramApp {
  url: string;
  mode: 'webhook' | 'polling';
  periodId: number;
}

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function startWorld(mode: 'webhook' | 'polling', dialect: Dialect): Promise<World> {
  // 3 December 2026, inside Quarter IV's self-assessment window. The clock moves forward with real time: the outbox
  // claims items whose due time has come, so a clock that jumps back (as `Date.now() % 1000` did) can keep a queued
  // reply "not yet due" for many poll rounds.
  const started = Date.now();
  const clock = { now: () => new Date(Date.UTC(2026, 11, 3, 2, 0) + (Date.now() - started)) };
  const base = await createTelegramApp({ mode, clock, dirPrefix: 'thidua-tg-e2e-', dialect });
  world = { ...base, url: '', mode, periodId: -1 };
  const seeded = await seedUnit(base.app.store);
  world.periodId = seeded.period?.id ?? -1;
  world.url = (await base.app.start()).url;
  return world;
}

let nextUpdateId = 900_000;

/** Sends an update the way the mode delivers it and waits until it was processed. */
async function send(w: World, build: (updateId: number) => Record<string, unknown>): Promise<void> {
  const updateId = nextUpdateId++;
  const update = build(updateId);
  if (w.mode === 'webhook') {
    expect((await postUpdate(w.url, update)).status).toBe(200);
  } else {
    w.fake.pushUpdate(update);
    // The poller confirms a batch (the next getUpdates' offset) only once every update in it was handled, replies
    // included.
    await w.fake.waitFor(() => w.fake.calls.some((c) => c.method === 'getUpdates' && Number(c.body.offset) > updateId));
  }
  await repliesSent(w);
}

/**
 * On PostgreSQL (several instances) Telegram replies go through the outbox and its one sender (the lease holder),
 * after the update is acknowledged: wait until nothing is left to send.
 */
async function repliesSent(w: World): Promise<void> {
  if (w.app.store.dialect !== 'postgres') return;
  for (const deadline = Date.now() + 10_000; ; ) {
    const counts = await w.app.store.read((tx) => tx.outbox.countByStatus('telegram'));
    if (!counts.pending && !counts.sending) return;
    if (Date.now() > deadline) throw new Error(`telegram outbox not drained: ${JSON.stringify(counts)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface Question {
  messageId: number;
  text: string;
  buttons: { text: string; callback_data: string }[];
}

function questionOf(call: RecordedCall | undefined): Question | undefined {
  const markup = call?.body.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined;
  if (!call || !markup?.inline_keyboard) return undefined;
  return { messageId: (call.result as { message_id: number }).message_id, text: String(call.body.text), buttons: markup.inline_keyboard.flat() };
}

const lastQuestion = (w: World, user: TgUser) => questionOf(w.fake.sent(String(user.id)).filter((c) => c.body.reply_markup).at(-1));
const textsTo = (w: World, user: TgUser) => w.fake.sent(String(user.id)).map((c) => String(c.body.text ?? c.body.caption ?? ''));

async function press(w: World, user: TgUser, label: RegExp): Promise<void> {
  const q = lastQuestion(w, user);
  const button = q?.buttons.find((b) => label.test(b.text));
  if (!q || !button) throw new Error(`no button ${label} in the last question`);
  await send(w, (id) => pressUpdate(id, user, button.callback_data, q.messageId, q.text));
}

async function link(w: World, user: TgUser, phone: string): Promise<void> {
  await send(w, (id) => startUpdate(id, user));
  const ask = w.fake.sent(String(user.id)).at(-1);
  expect(ask?.body.reply_markup).toMatchObject({ keyboard: [[{ request_contact: true }]] });
  await send(w, (id) => contactUpdate(id, user, phone));
}

const lan: TgUser = { id: 5123456789, firstName: 'Lan' };
const head: TgUser = { id: 5123456700, firstName: 'Trưởng' };

describe.each(DIALECTS)('Telegram journey (whole app, %s)', (dialect) => {
  it('webhook: link, answer everything by buttons (one typed), evidence, review, submit; the head gets the approval prompt', async () => {
    const w = await startWorld('webhook', dialect);
    // The app's own server refuses updates without the right secret token.
    expect((await postUpdate(w.url, startUpdate(1, lan), null)).status).toBe(401);
    expect((await postUpdate(w.url, startUpdate(2, lan), 'not-the-secret_0123456789')).status).toBe(401);
    expect(w.fake.sent()).toEqual([]);
    await link(w, head, '+84912000001');
    await link(w, lan, '+84912000002');
    expect(textsTo(w, lan).some((t) => t.includes('Xin chào Trần Thị Lan'))).toBe(true);

    await send(w, (id) => textUpdate(id, lan, '/tudanhgia'));
    w.fake.addFile('photo-evidence', Buffer.from('\xff\xd8\xff\xe0 fake jpeg'));
    let typed = 0;
    for (let step = 0; step < 40; step++) {
      const q = lastQuestion(w, lan);
      if (!q) throw new Error('no question');
      if (q.text.includes('Minh chứng cho câu 20')) break;
      if (q.text.startsWith('Câu 9/20')) {
        await send(w, (id) => textUpdate(id, lan, 'b'));
        typed++;
      } else if (q.text.startsWith('Câu 20/20')) {
        await send(w, (id) => textUpdate(id, lan, '2'));
        typed++;
      } else {
        await press(w, lan, /^✅|^b[.)]|^b\.1\)/);
      }
    }
    expect(typed).toBe(2);
    await send(w, (id) => linkUpdate(id, lan, 'https://stttt.daknong.gov.vn/tin-tuc/bai-viet-1'));
    await press(w, lan, /Xong/);
    // A certificate photo for criterion 9 (training results).
    await send(w, (id) => textUpdate(id, lan, '/tudanhgia 9'));
    await press(w, lan, /Minh chứng/);
    await send(w, (id) => photoUpdate(id, lan, 'photo-evidence', 16));
    expect(textsTo(w, lan).at(-1)).toContain('Đã lưu minh chứng cho câu 9 (hiện có 1)');
    await press(w, lan, /Xong/);
    await send(w, (id) => textUpdate(id, lan, '/xem'));
    expect(lastQuestion(w, lan)?.text).toContain('Bản tự đánh giá Quý IV/2026');
    await press(w, lan, /Nộp/);
    if (!textsTo(w, lan).some((t) => t.includes('Đã nộp'))) await press(w, lan, /Nộp/);
    expect(textsTo(w, lan).some((t) => t.includes('📤 Đã nộp bản tự đánh giá'))).toBe(true);

    // The head's approval prompt comes through the outbox to the head's own chat, with buttons.
    await w.fake.waitFor(() => w.fake.sent(String(head.id)).some((c) => String(c.body.text).includes('Trần Thị Lan')));
    const prompt = w.fake.sent(String(head.id)).find((c) => String(c.body.text).includes('Trần Thị Lan'));
    expect(questionOf(prompt)?.buttons.length).toBeGreaterThan(0);

    const submissions = await w.app.store.read((tx) => tx.reviews.submissionsOfPeriod(w.periodId));
    expect(submissions.map((s) => s.status)).toEqual(['submitted']);
    const evidence = await w.app.store.read((tx) => tx.reviews.evidence(submissions[0]?.id ?? -1));
    expect(evidence.map((e) => e.kind)).toEqual(['link', 'file']);
    const presses = w.fake.calls.filter((c) => c.method === 'answerCallbackQuery');
    expect(presses.length).toBeGreaterThanOrEqual(18);
    expect(presses.every((c) => c.status === 200)).toBe(true);
    // No stale keyboards: every question sent to Lan but the last was edited (answer shown or buttons removed).
    const questions = w.fake.sent(String(lan.id)).map(questionOf).filter((q) => q !== undefined);
    const edited = new Set(
      w.fake.calls.filter((c) => c.method.startsWith('editMessage') && String(c.body.chat_id) === String(lan.id)).map((c) => Number(c.body.message_id)),
    );
    expect(questions.slice(0, -1).filter((q) => !edited.has(q.messageId))).toEqual([]);
    expect(w.fake.ok('editMessageText').some((c) => String(c.body.text).includes('✔ Câu 1: Đạt'))).toBe(true);
    expect(w.fake.violations).toEqual([]);
  }, 60_000);

  it('polling: the same bot takes updates through getUpdates', async () => {
    const w = await startWorld('polling', dialect);
    expect(w.fake.ok('deleteWebhook')).toHaveLength(1);
    await link(w, lan, '+84912000002');
    await send(w, (id) => textUpdate(id, lan, '/tudanhgia'));
    expect(lastQuestion(w, lan)?.text).toContain('Câu 1/20');
    await press(w, lan, /^✅/);
    expect(lastQuestion(w, lan)?.text).toContain('Câu 2/20');
    expect(w.fake.ok('editMessageText').map((c) => c.body.text)).toEqual([expect.stringContaining('✔ Câu 1: Đạt')]);
    expect(w.fake.calls.filter((c) => c.method === 'getUpdates').length).toBeGreaterThan(2);
  }, 20_000);
});
