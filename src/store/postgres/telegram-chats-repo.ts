/** PostgreSQL: Telegram's per-chat memory (see repositories.ts for what differs from SQLite). */
import { intOrNull, strOrNull } from '../shared/row-check.js';
import { inChatOrder, type TelegramChatRepository } from '../telegram-chats.js';
import { type Client, rows } from './pg-query.js';

export function telegramChatRepository(c: Client): TelegramChatRepository {
  return {
    async currentQuestion(chatId) {
      const [row] = await rows(c, 'telegram_chat_question', 'SELECT question_message_id, question_text FROM telegram_chat_state WHERE chat_id = $1', [
        chatId,
      ]);
      if (!row) return null;
      const messageId = intOrNull(row.question_message_id, 'telegram_chat_state.question_message_id');
      const text = strOrNull(row.question_text, 'telegram_chat_state.question_text');
      return messageId !== null && text !== null ? { messageId, text } : null;
    },
    async saveQuestions(changes, now) {
      // In chat-id order: two instances writing overlapping batches lock the rows in the same order (no deadlock).
      for (const { chatId, question } of inChatOrder(changes)) {
        await rows(
          c,
          'telegram_chat_save',
          `INSERT INTO telegram_chat_state (chat_id, question_message_id, question_text, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (chat_id) DO UPDATE SET question_message_id = excluded.question_message_id,
             question_text = excluded.question_text, updated_at = excluded.updated_at`,
          [chatId, question?.messageId ?? null, question?.text ?? null, now],
        );
      }
    },
  };
}
