/**
 * Each Telegram chat's current question (the message with the live inline keyboard, and its text), kept in the
 * store (`tx.telegramChats`) behind an in-memory cache, so that after a restart a typed answer still edits the
 * question asked before it and a newer question still removes the older one's buttons.
 *
 * Cost: a read only on a cache miss (the first question in a chat since start-up; "no question" is cached too),
 * and ONE unit of work per event-loop turn however many chats changed (the store's unit of work then shares its
 * transaction with the engine's steps of that turn). A crash before that commit loses only the record: the old
 * question then keeps its buttons, which still work (the engine checks every press against its own state).
 * Several instances (PostgreSQL) write overlapping batches at once: the repository writes a batch in chat-id order,
 * so two batches always lock their rows in the same order and never deadlock.
 */
import type { Store } from '../../store/store.js';
import type { CurrentQuestion } from '../../store/telegram-chats.js';

export type { CurrentQuestion } from '../../store/telegram-chats.js';

/**
 * What the sender needs to remember about a chat's current question. An interface so the sender does not care
 * whether it lives in memory or in the store.
 */
export interface QuestionMemory {
  get(chatId: string): Promise<CurrentQuestion | undefined>;
  set(chatId: string, question: CurrentQuestion): void;
  /** Forgets the chat's question if it is still `messageId` (its keyboard was removed). */
  clear(chatId: string, messageId: number): Promise<void>;
}

/** Cached chats (the least recently changed are dropped first); a dropped chat is read again when needed. */
const DEFAULT_MAX_CACHED = 20_000;

export interface QuestionStoreOptions {
  /** Told when a turn's records could not be written (they are then lost; see the file comment). */
  onError?: (error: unknown) => void;
  maxCached?: number;
}

export class QuestionStore implements QuestionMemory {
  /** `null`: known to have no question showing. */
  private readonly cache = new Map<string, CurrentQuestion | null>();
  /** Changes not yet committed (the source of truth until then, even if evicted from the cache). */
  private readonly dirty = new Map<string, CurrentQuestion | null>();
  /** A unit of work is queued and has not taken the dirty changes yet. */
  private queued = false;
  private readonly writes = new Set<Promise<void>>();
  private readonly maxCached: number;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly options: QuestionStoreOptions = {},
  ) {
    this.maxCached = options.maxCached ?? DEFAULT_MAX_CACHED;
  }

  async get(chatId: string): Promise<CurrentQuestion | undefined> {
    const known = this.known(chatId);
    if (known !== undefined) return known ?? undefined;
    const question = await this.store.read((tx) => tx.telegramChats.currentQuestion(chatId));
    // A change made while the row was being read is newer than the row.
    const changed = this.known(chatId);
    if (changed !== undefined) return changed ?? undefined;
    this.remember(chatId, question);
    return question ?? undefined;
  }

  set(chatId: string, question: CurrentQuestion): void {
    this.change(chatId, { messageId: question.messageId, text: question.text });
  }

  async clear(chatId: string, messageId: number): Promise<void> {
    if ((await this.get(chatId))?.messageId !== messageId) return;
    this.change(chatId, null);
  }

  /** Resolves once every change made so far is written (shutdown, tests). */
  async flush(): Promise<void> {
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  /** Cached or uncommitted value; `undefined` when unknown (`null` means none). */
  private known(chatId: string): CurrentQuestion | null | undefined {
    return this.cache.get(chatId) ?? (this.cache.has(chatId) ? null : this.dirty.get(chatId));
  }

  private change(chatId: string, question: CurrentQuestion | null): void {
    this.remember(chatId, question);
    this.dirty.set(chatId, question);
    if (this.queued) return;
    this.queued = true;
    let batch: [string, CurrentQuestion | null][] | null = null;
    const write = this.store
      .transaction(async (tx) => {
        // Runs when the store takes this turn's units: every change of the turn is in `dirty` by then.
        this.queued = false;
        batch = [...this.dirty];
        await tx.telegramChats.saveQuestions(
          batch.map(([id, q]) => ({ chatId: id, question: q })),
          this.now(),
        );
      })
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        // The unit never ran (the store refused it): the next change queues another one with these changes.
        if (batch === null) this.queued = false;
        // Committed (or lost): the cache holds them now, unless the chat changed again meanwhile.
        for (const [id, q] of batch ?? []) if (this.dirty.get(id) === q) this.dirty.delete(id);
        this.writes.delete(write);
      });
    this.writes.add(write);
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
