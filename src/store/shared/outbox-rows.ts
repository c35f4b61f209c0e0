/**
 * The outbox's row shapes and their mapping to {@link OutboxItem} / {@link OutboxRow}, shared by the SQLite and the
 * PostgreSQL repositories so both refuse the same malformed rows and build the same objects. `payload` arrives as
 * JSON text from both (PostgreSQL selects `payload::text`).
 */
import { z } from 'zod';
import { CHANNELS, type OutboundMessage } from '../../conversation/types.js';
import { OUTBOX_STATUSES, type OutboxItem, type OutboxRow, type OutboxStatus } from '../outbox.js';

export const outboxItemRow = z.object({
  id: z.number().int(),
  dedupe_key: z.string(),
  channel: z.enum(CHANNELS),
  chat_id: z.string(),
  person_id: z.number().int().nullable(),
  purpose: z.string(),
  payload: z.string(),
  attempts: z.number().int(),
});
export type OutboxItemRow = z.infer<typeof outboxItemRow>;

export const outboxFullRow = outboxItemRow.extend({
  status: z.enum(OUTBOX_STATUSES),
  last_error: z.string().nullable(),
  next_attempt_at: z.number(),
  created_at: z.number(),
  sent_at: z.number().nullable(),
});

export const outboxCountRow = z.object({ status: z.enum(OUTBOX_STATUSES), n: z.number().int() });

/** Our own rows: the payload was written by `enqueue` from `OutboundMessage[]`. */
export function toOutboxItem(row: OutboxItemRow): OutboxItem {
  return {
    id: row.id,
    dedupeKey: row.dedupe_key,
    channel: row.channel,
    chatId: row.chat_id,
    personId: row.person_id,
    purpose: row.purpose,
    messages: JSON.parse(row.payload) as OutboundMessage[],
    attempts: row.attempts,
  };
}

export function toOutboxRow(raw: unknown): OutboxRow {
  const r = outboxFullRow.parse(raw);
  return { ...toOutboxItem(r), status: r.status, lastError: r.last_error, nextAttemptAt: r.next_attempt_at, createdAt: r.created_at, sentAt: r.sent_at };
}

/** Counts by status from `(status, n)` rows. */
export function toStatusCounts(raw: readonly unknown[]): Partial<Record<OutboxStatus, number>> {
  const out: Partial<Record<OutboxStatus, number>> = {};
  for (const row of raw) {
    const r = outboxCountRow.parse(row);
    out[r.status] = r.n;
  }
  return out;
}

/** Stored errors are bounded (a platform's error body can be long). */
export const MAX_OUTBOX_ERROR = 500;
