/**
 * What the Telegram channel remembers per chat: the current question (the message whose inline keyboard is
 * showing, and its text). Why stored: after a restart a typed answer must still edit the question asked before
 * it, and a newer question must still remove the older one's buttons.
 */

/** A question message whose inline keyboard is showing in a chat. */
export interface CurrentQuestion {
  messageId: number;
  text: string;
}

/** One chat's new current question; `null` when no question is showing any more. */
export interface QuestionChange {
  chatId: string;
  question: CurrentQuestion | null;
}

export interface TelegramChatRepository {
  /** The chat's current question, or null (none recorded, or cleared). */
  currentQuestion(chatId: string): Promise<CurrentQuestion | null>;
  /**
   * Records several chats' current questions at once (the channel writes one batch per event-loop turn). Rows are
   * locked and written in chat-id order ({@link inChatOrder}), whatever the order of `changes`: several instances
   * write overlapping batches at once, and two transactions locking the same rows in different orders deadlock.
   */
  saveQuestions(changes: readonly QuestionChange[], now: number): Promise<void>;
}

/** `changes` sorted by chat id (plain code-unit order, the same on every instance), the last change of a chat kept. */
export function inChatOrder(changes: readonly QuestionChange[]): QuestionChange[] {
  const byChat = new Map<string, QuestionChange>();
  for (const change of changes) byChat.set(change.chatId, change);
  return [...byChat.values()].sort((a, b) => (a.chatId < b.chatId ? -1 : a.chatId > b.chatId ? 1 : 0));
}
