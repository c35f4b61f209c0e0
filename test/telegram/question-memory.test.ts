/**
 * Each chat's current question survives a restart (`tx.telegramChats` behind a cache): a typed answer after a
 * restart edits the question asked before it, a newer question removes an older question's buttons, and outbox
 * sends (approval prompts) leave the current question alone. The restarted process is a second channel over the
 * same database FILE (its own store and connections, empty caches).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { telegramChatState } from '../../db/schema.js';
import { QuestionStore } from '../../src/channels/telegram/question-store.js';
import type { InboundEvent } from '../../src/conversation/types.js';
import type { Db } from '../../src/store/sqlite/open-sqlite.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { testStore } from '../helpers/test-store.js';
import { textUpdate } from '../helpers/telegram-updates.js';
import { postUpdate, reply, startChannel, type ChannelHarness, type Script } from './telegram-harness.js';

let harnesses: ChannelHarness[] = [];
afterEach(async () => {
  // The restarted instance first: it borrows the first one's fake API and folder.
  for (const h of harnesses.reverse()) await h.close();
  harnesses = [];
});

const lan = { id: 5123456789 };
const chat = String(lan.id);
const q1 = {
  kind: 'choices' as const,
  text: 'Câu 1/8 — Có điện thoại thông minh?',
  choices: [
    { label: 'Đạt', payload: 'q:1:ab12:1' },
    { label: 'Không đạt', payload: 'q:1:ab12:0' },
  ],
};
const q2 = { ...q1, text: 'Câu 2/8 — Có dùng chữ ký số?', choices: [{ label: 'Đạt', payload: 'q:2:ab12:1' }] };

/** `/tudanhgia` asks question 1; typing `b` answers the current question and asks question 2; `/help` is text. */
const assessment: Script = (e: InboundEvent) => {
  if (e.kind === 'text' && e.text === 'b') return reply({ kind: 'answered', text: '✔ Câu 1: Không đạt' }, q2);
  if (e.kind === 'text' && e.text === '/help') return reply({ kind: 'text', text: 'Gõ /tudanhgia để tự đánh giá.' });
  return reply(q1);
};

/** Asks question 1, then "restarts": a second channel over the same database file. */
async function askThenRestart(): Promise<{ before: ChannelHarness; after: ChannelHarness; questionId: number }> {
  const before = await startChannel({ mode: 'webhook' });
  harnesses.push(before);
  before.script.current = assessment;
  await postUpdate(before.url, textUpdate(1, lan, '/tudanhgia'));
  const questionId = (before.fake.sent(chat)[0]?.result as { message_id: number }).message_id;
  await before.channel.stop();
  const after = await startChannel({ mode: 'webhook', fake: before.fake, dir: before.dir });
  harnesses.push(after);
  after.script.current = assessment;
  return { before, after, questionId };
}

const edits = (h: ChannelHarness, method: string) => h.fake.ok(method).map((c) => c.body);
const stateRow = (db: Db) => db.select().from(telegramChatState).all();

describe('question memory across a restart', () => {
  it('a typed answer after a restart edits the question asked before it, showing the answer without buttons', async () => {
    const { after, questionId } = await askThenRestart();
    expect(stateRow(after.db)).toMatchObject([{ chatId: chat, questionMessageId: questionId, questionText: q1.text }]);

    await postUpdate(after.url, textUpdate(2, lan, 'b'));
    expect(edits(after, 'editMessageText')).toEqual([
      { chat_id: chat, message_id: questionId, text: `${q1.text}\n\n✔ Câu 1: Không đạt`, reply_markup: { inline_keyboard: [] } },
    ]);
    expect(edits(after, 'editMessageReplyMarkup')).toEqual([]);
    const next = after.fake.sent(chat).at(-1);
    expect(next?.body.text).toBe(q2.text);
    await new Promise((r) => setImmediate(r));
    expect(stateRow(after.db)).toMatchObject([{ questionMessageId: (next?.result as { message_id: number }).message_id, questionText: q2.text }]);
  });

  it('a new question after a restart removes the buttons of the unanswered one asked before it', async () => {
    const { after, questionId } = await askThenRestart();
    // The person typed a command instead of answering: plain text leaves the question usable.
    await postUpdate(after.url, textUpdate(2, lan, '/help'));
    expect(after.fake.calls.filter((c) => c.method.startsWith('editMessage'))).toEqual([]);
    await postUpdate(after.url, textUpdate(3, lan, '/tudanhgia'));
    expect(edits(after, 'editMessageReplyMarkup')).toEqual([{ chat_id: chat, message_id: questionId, reply_markup: { inline_keyboard: [] } }]);
    // Only the newest question still has buttons: a typed answer now edits it, not the retired one.
    const newest = (after.fake.sent(chat).at(-1)?.result as { message_id: number }).message_id;
    await postUpdate(after.url, textUpdate(4, lan, 'b'));
    expect(edits(after, 'editMessageText').map((b) => b.message_id)).toEqual([newest]);
  });

  it('an approval prompt from the outbox after a restart leaves the pre-restart question alone', async () => {
    const { after, questionId } = await askThenRestart();
    await after.enqueue({
      dedupeKey: 'approval-7@telegram',
      channel: 'telegram',
      chatId: chat,
      purpose: 'approval',
      messages: [{ kind: 'choices', text: 'Trần Thị Lan đã nộp bản tự đánh giá.', choices: [{ label: '✅ Duyệt', payload: 'ap:7:ok' }] }],
      now: Date.now(),
    });
    const sentBefore = after.fake.sent(chat).length;
    after.channel.notify();
    await after.fake.waitFor(() => after.fake.sent(chat).length === sentBefore + 1);
    expect(after.fake.calls.filter((c) => c.method.startsWith('editMessage'))).toEqual([]);
    await postUpdate(after.url, textUpdate(2, lan, 'b'));
    expect(edits(after, 'editMessageText').map((b) => b.message_id)).toEqual([questionId]);
  });
});

describe('QuestionStore', () => {
  /** The store, counting the units of work the question store opens. */
  function counted(store: SqliteStore): { store: Store; units: () => number } {
    let units = 0;
    const counting: Store = {
      ...store,
      transaction: (fn, options) => {
        units++;
        return store.transaction(fn, options);
      },
    };
    return { store: counting, units: () => units };
  }

  it('writes one upsert batch per turn however often a chat changes, and reads the database only on a miss', async () => {
    const base = testStore();
    const db = base.db;
    const { store, units } = counted(base);
    const questions = new QuestionStore(store, () => 42);
    expect(await questions.get('1')).toBeUndefined();
    questions.set('1', { messageId: 10, text: 'Câu 1' });
    await questions.clear('1', 10);
    questions.set('1', { messageId: 11, text: 'Câu 2' });
    questions.set('2', { messageId: 20, text: 'Câu 1' });
    await questions.clear('2', 19); // not its current question: ignored
    expect(units()).toBe(1);
    expect(stateRow(db)).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(stateRow(db)).toEqual([
      { chatId: '1', questionMessageId: 11, questionText: 'Câu 2', updatedAt: 42 },
      { chatId: '2', questionMessageId: 20, questionText: 'Câu 1', updatedAt: 42 },
    ]);
    await questions.clear('1', 11);
    await questions.flush();
    expect(units()).toBe(2);
    expect(stateRow(db)[0]).toMatchObject({ chatId: '1', questionMessageId: null, questionText: null });

    const fresh = new QuestionStore(base, () => 43);
    expect(await fresh.get('1')).toBeUndefined();
    expect(await fresh.get('2')).toEqual({ messageId: 20, text: 'Câu 1' });
    db.$client.exec('DELETE FROM telegram_chat_state');
    expect(await fresh.get('2')).toEqual({ messageId: 20, text: 'Câu 1' }); // cached
    await base.close();
  });

  it('a chat dropped from a full cache keeps its uncommitted question', async () => {
    const store = testStore();
    const questions = new QuestionStore(store, () => 1, { maxCached: 1 });
    questions.set('1', { messageId: 10, text: 'Câu 1' });
    questions.set('2', { messageId: 20, text: 'Câu 1' });
    expect(await questions.get('1')).toEqual({ messageId: 10, text: 'Câu 1' });
    await questions.flush();
    expect(await questions.get('2')).toEqual({ messageId: 20, text: 'Câu 1' });
    await store.close();
  });
});
