/** Telegram's per-chat memory ({@link TelegramChatRepository}), table `telegram_chat_state`. */
import type Database from 'better-sqlite3';
import { inChatOrder, type TelegramChatRepository } from '../telegram-chats.js';
import { intOrNull, rowArray, strOrNull } from '../shared/row-check.js';

export function createTelegramChatRepository(c: Database.Database): TelegramChatRepository {
  const select = c.prepare('SELECT question_message_id, question_text FROM telegram_chat_state WHERE chat_id = ?').raw(true);
  const upsert = c.prepare(
    `INSERT INTO telegram_chat_state (chat_id, question_message_id, question_text, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (chat_id) DO UPDATE SET question_message_id = excluded.question_message_id,
       question_text = excluded.question_text, updated_at = excluded.updated_at`,
  );
  return {
    async currentQuestion(chatId) {
      const row: unknown = select.get(chatId);
      if (row === undefined) return null;
      const r = rowArray(row, 'telegram_chat_state', 2);
      const messageId = intOrNull(r[0], 'telegram_chat_state.question_message_id');
      const text = strOrNull(r[1], 'telegram_chat_state.question_text');
      return messageId !== null && text !== null ? { messageId, text } : null;
    },
    async saveQuestions(changes, now) {
      for (const { chatId, question } of inChatOrder(changes)) {
        upsert.run(chatId, question?.messageId ?? null, question?.text ?? null, now);
      }
    },
  };
}
