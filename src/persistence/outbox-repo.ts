/**
 * The durable outbox: messages that must not be lost are written here first (idempotent by `dedupeKey`), then a
 * per-channel worker delivers them. A crash between "sent" and "recorded" resends that one message on restart
 * (at-least-once); everything else is delivered exactly once.
 */
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { outbox } from '../../db/schema.js';
import type { ChannelName, OutboundMessage } from '../conversation/types.js';
import { inTransaction, type Db } from './open-db.js';

export interface OutboxItem {
  id: number;
  dedupeKey: string;
  channel: ChannelName;
  chatId: string;
  personId: number | null;
  purpose: string;
  messages: OutboundMessage[];
  attempts: number;
}

export interface EnqueueInput {
  dedupeKey: string;
  channel: ChannelName;
  chatId: string;
  personId?: number | null;
  purpose: string;
  messages: OutboundMessage[];
  now: number;
}

export class OutboxRepo {
  constructor(private readonly db: Db) {}

  /** Adds a message unless the same `dedupeKey` was enqueued before. Returns the row id and whether it is new. */
  enqueue(input: EnqueueInput): { id: number; created: boolean } {
    const inserted = this.db
      .insert(outbox)
      .values({
        dedupeKey: input.dedupeKey,
        channel: input.channel,
        chatId: input.chatId,
        personId: input.personId ?? null,
        purpose: input.purpose,
        payload: input.messages,
        nextAttemptAt: input.now,
      })
      .onConflictDoNothing({ target: outbox.dedupeKey })
      .returning({ id: outbox.id })
      .get();
    if (inserted) return { id: inserted.id, created: true };
    const existing = this.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, input.dedupeKey)).get();
    if (!existing) throw new Error('outbox row vanished');
    return { id: existing.id, created: false };
  }

  /**
   * Claims up to `limit` due items of a channel, oldest first, marking them `sending` in the same transaction.
   * On start-up call `recoverInFlight` first so items left `sending` by a crash are retried.
   */
  claimDue(channel: ChannelName, now: number, limit: number): OutboxItem[] {
    return inTransaction(this.db, () => {
      const rows = this.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.channel, channel), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
        .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
        .limit(limit)
        .all();
      if (rows.length === 0) return [];
      this.db
        .update(outbox)
        .set({ status: 'sending', attempts: sql`${outbox.attempts} + 1` })
        .where(inArray(outbox.id, rows.map((r) => r.id)))
        .run();
      return rows.map((r) => toItem(r, r.attempts + 1));
    });
  }

  markSent(id: number, now: number): void {
    this.db.update(outbox).set({ status: 'sent', sentAt: now, lastError: null }).where(eq(outbox.id, id)).run();
  }

  markRetry(id: number, error: string, nextAttemptAt: number): void {
    this.db.update(outbox).set({ status: 'pending', lastError: error, nextAttemptAt }).where(eq(outbox.id, id)).run();
  }

  markFailed(id: number, error: string): void {
    this.db.update(outbox).set({ status: 'failed', lastError: error }).where(eq(outbox.id, id)).run();
  }

  markUnreachable(id: number, reason: string): void {
    this.db.update(outbox).set({ status: 'unreachable', lastError: reason }).where(eq(outbox.id, id)).run();
  }

  /** Items left `sending` by a crash go back to `pending`. Returns how many. */
  recoverInFlight(channel: ChannelName): number {
    return this.db
      .update(outbox)
      .set({ status: 'pending' })
      .where(and(eq(outbox.channel, channel), eq(outbox.status, 'sending')))
      .run().changes;
  }

  /** Pending items for a chat (the web chat pulls its messages instead of being pushed to). */
  takeForChat(channel: ChannelName, chatId: string, now: number): OutboxItem[] {
    return inTransaction(this.db, () => {
      const rows = this.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.channel, channel), eq(outbox.chatId, chatId), eq(outbox.status, 'pending')))
        .orderBy(asc(outbox.id))
        .all();
      for (const r of rows) this.markSent(r.id, now);
      return rows.map((r) => toItem(r, r.attempts));
    });
  }
}

/** Our own rows: the payload was written by `enqueue` from `OutboundMessage[]`. */
function toItem(row: typeof outbox.$inferSelect, attempts: number): OutboxItem {
  return {
    id: row.id,
    dedupeKey: row.dedupeKey,
    channel: row.channel,
    chatId: row.chatId,
    personId: row.personId,
    purpose: row.purpose,
    messages: row.payload as OutboundMessage[],
    attempts,
  };
}
