/**
 * Each Telegram chat's current question (the message with the live inline keyboard, and its text), kept in
 * `telegram_chat_state` behind an in-memory cache, so that after a restart a typed answer still edits the
 * question asked before it and a newer question still removes the older one's buttons.
 *
 * Cost: a read only on a cache miss (the first question in a chat since start-up; "no question" is cached too),
 * and at most one small upsert per chat per event-loop turn, written in the channel's group commit with the
 * update log. A crash before that commit loses only the record: the old question then keeps its buttons, which
 * still work (the engine checks every press against its own state).
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../persistence/open-db.js';
import type { GroupCommit } from './group-commit.js';

/** A question message whose inline keyboard is showing in a chat. */
export interface CurrentQuestion {
  messageId: number;
  text: string;
}

/**
 * What the sender needs to remember about a chat's current question. An interface so the sender does not care
 * whether it lives in memory or in SQLite.
 */
export interface QuestionMemory {
  get(chatId: string): CurrentQuestion | undefined;
  set(chatId: string, question: CurrentQuestion): void;
  /** Forgets the chat's question if it is still `messageId` (its keyboard was removed). */
  clear(chatId: string, messageId: number): void;
}

/** Cached chats (the least recently changed are dropped first); a dropped chat is read again when needed. */
const DEFAULT_MAX_CACHED = 20_000;

interface Row {
  question_message_id: number | null;
  question_text: string | null;
}

export class QuestionStore implements QuestionMemory {
  /** `null`: known to have no question showing. */
  private readonly cache = new Map<string, CurrentQuestion | null>();
  /** Changes not yet committed (the source of truth until then, even if evicted from the cache). */
  private readonly dirty = new Map<string, CurrentQuestion | null>();
  private flushQueued = false;
  private readonly select: Statement<[string], Row>;
  private readonly upsert: Statement<[string, number | null, string | null, number]>;

  constructor(
    db: Db,
    private readonly commit: GroupCommit,
    private readonly now: () => number,
    private readonly maxCached = DEFAULT_MAX_CACHED,
  ) {
    this.select = db.$client.prepare('SELECT question_message_id, question_text FROM telegram_chat_state WHERE chat_id = ?');
    this.upsert = db.$client.prepare(
      `INSERT INTO telegram_chat_state (chat_id, question_message_id, question_text, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (chat_id) DO UPDATE SET question_message_id = excluded.question_message_id,
         question_text = excluded.question_text, updated_at = excluded.updated_at`,
    );
  }

  get(chatId: string): CurrentQuestion | undefined {
    // Cached values are never `undefined` (`null` means none), so `undefined` is a miss.
    const cached = this.cache.get(chatId) ?? (this.cache.has(chatId) ? null : this.dirty.get(chatId));
    if (cached !== undefined) return cached ?? undefined;
    const row = this.select.get(chatId);
    const question =
      row && row.question_message_id !== null && row.question_text !== null
        ? { messageId: row.question_message_id, text: row.question_text }
        : null;
    this.remember(chatId, question);
    return question ?? undefined;
  }

  set(chatId: string, question: CurrentQuestion): void {
    this.change(chatId, { messageId: question.messageId, text: question.text });
  }

  clear(chatId: string, messageId: number): void {
    if (this.get(chatId)?.messageId !== messageId) return;
    this.change(chatId, null);
  }

  private change(chatId: string, question: CurrentQuestion | null): void {
    this.remember(chatId, question);
    this.dirty.set(chatId, question);
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.commit.add(
      () => {
        const at = this.now();
        for (const [id, q] of this.dirty) this.upsert.run(id, q?.messageId ?? null, q?.text ?? null, at);
      },
      () => {
        this.dirty.clear();
        this.flushQueued = false;
      },
    );
  }

  private remember(chatId: string, question: CurrentQuestion | null): void {
    this.cache.delete(chatId);
    this.cache.set(chatId, question);
    if (this.cache.size > this.maxCached) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}
