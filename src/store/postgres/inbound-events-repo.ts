/** PostgreSQL: inbound events and the inbound queue, one table (see repositories.ts for what differs from SQLite). */
import { z } from 'zod';
import type { InboundEventRepository } from '../inbound-events.js';
import type { InboundQueueRepository } from '../inbound-queue.js';
import { rows, type Client } from './pg-query.js';

export function inboundEventRepository(c: Client): InboundEventRepository {
  return {
    async markProcessed(channel, eventId, at) {
      const result = await c.query({
        name: 'thidua_inbound_mark',
        text: `INSERT INTO inbound_events (channel, event_id, status, attempts, received_at, processed_at)
               VALUES ($1, $2, 'done', 1, $3, $3)
               ON CONFLICT (channel, event_id) DO UPDATE SET status = 'done', attempts = inbound_events.attempts + 1,
                 processed_at = excluded.processed_at, last_error = NULL
               WHERE inbound_events.status <> 'done'`,
        values: [channel, eventId, at],
      });
      return (result.rowCount ?? 0) > 0;
    },
    async purgeProcessed(before) {
      const result = await c.query({
        name: 'thidua_inbound_purge',
        text: `DELETE FROM inbound_events WHERE status = 'done' AND processed_at < $1`,
        values: [before],
      });
      return result.rowCount ?? 0;
    },
  };
}

const pendingRow = z.object({ event_id: z.string(), payload: z.string().nullable(), received_at: z.number(), attempts: z.number().int() });

export function inboundQueueRepository(c: Client): InboundQueueRepository {
  return {
    async enqueue(channel, eventId, payload, receivedAt) {
      const result = await c.query({
        name: 'thidua_queue_enqueue',
        text: `INSERT INTO inbound_events (channel, event_id, payload, status, attempts, received_at)
               VALUES ($1, $2, $3, 'pending', 0, $4) ON CONFLICT DO NOTHING`,
        values: [channel, eventId, payload, receivedAt],
      });
      return (result.rowCount ?? 0) > 0;
    },
    async pending(channel, limit) {
      // Oldest first; ties by event id (SQLite breaks them by insertion order, which PostgreSQL does not keep).
      const found = await rows(
        c,
        'queue_pending',
        `SELECT event_id, payload, received_at, attempts FROM inbound_events WHERE channel = $1 AND status = 'pending'
         ORDER BY received_at, event_id LIMIT $2`,
        [channel, limit],
      );
      return found.map((raw) => {
        const r = pendingRow.parse(raw);
        return { eventId: r.event_id, payload: r.payload ?? 'null', receivedAt: r.received_at, attempts: r.attempts };
      });
    },
    async recordFailure(channel, eventId, error) {
      const [row] = await rows(
        c,
        'queue_failure',
        `UPDATE inbound_events SET attempts = attempts + 1, last_error = $1
         WHERE channel = $2 AND event_id = $3 AND status = 'pending' RETURNING attempts`,
        [error.slice(0, 500), channel, eventId],
      );
      return typeof row?.attempts === 'number' ? row.attempts : Number.MAX_SAFE_INTEGER;
    },
    async markFailed(channel, eventId, error, at) {
      await rows(
        c,
        'queue_failed',
        `UPDATE inbound_events SET status = 'failed', last_error = $1, processed_at = $2
         WHERE channel = $3 AND event_id = $4 AND status = 'pending'`,
        [error.slice(0, 500), at, channel, eventId],
      );
    },
  };
}
