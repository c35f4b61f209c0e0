/** Received-but-unprocessed events ({@link InboundQueueRepository}): `pending` rows of `inbound_events`. */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { InboundQueueRepository } from '../inbound-queue.js';

const pendingRow = z.object({ event_id: z.string(), payload: z.string().nullable(), received_at: z.number(), attempts: z.number().int() });

export function createInboundQueueRepository(c: Database.Database): InboundQueueRepository {
  const insert = c.prepare(
    `INSERT INTO inbound_events (channel, event_id, payload, status, attempts, received_at)
     VALUES (?, ?, ?, 'pending', 0, ?) ON CONFLICT DO NOTHING`,
  );
  const pending = c.prepare(
    `SELECT event_id, payload, received_at, attempts FROM inbound_events WHERE channel = ? AND status = 'pending'
     ORDER BY received_at, rowid LIMIT ?`,
  );
  const failure = c
    .prepare(
      `UPDATE inbound_events SET attempts = attempts + 1, last_error = ?
       WHERE channel = ? AND event_id = ? AND status = 'pending' RETURNING attempts`,
    )
    .pluck();
  const failed = c.prepare(
    `UPDATE inbound_events SET status = 'failed', last_error = ?, processed_at = ? WHERE channel = ? AND event_id = ? AND status = 'pending'`,
  );
  return {
    async enqueue(channel, eventId, payload, receivedAt) {
      return insert.run(channel, eventId, payload, receivedAt).changes > 0;
    },
    async pending(channel, limit) {
      return pending.all(channel, limit).map((raw) => {
        const r = pendingRow.parse(raw);
        return { eventId: r.event_id, payload: r.payload ?? 'null', receivedAt: r.received_at, attempts: r.attempts };
      });
    },
    async recordFailure(channel, eventId, error) {
      const attempts: unknown = failure.get(error.slice(0, 500), channel, eventId);
      return typeof attempts === 'number' ? attempts : Number.MAX_SAFE_INTEGER;
    },
    async markFailed(channel, eventId, error, at) {
      failed.run(error.slice(0, 500), at, channel, eventId);
    },
  };
}
