/** The one idempotency log of platform events ({@link InboundEventRepository}), table `inbound_events`. */
import type Database from 'better-sqlite3';
import type { InboundEventRepository } from '../inbound-events.js';

export function createInboundEventRepository(c: Database.Database): InboundEventRepository {
  const mark = c.prepare(
    `INSERT INTO inbound_events (channel, event_id, status, attempts, received_at, processed_at)
     VALUES (?, ?, 'done', 1, ?, ?)
     ON CONFLICT(channel, event_id) DO UPDATE SET status = 'done', attempts = attempts + 1,
       processed_at = excluded.processed_at, last_error = NULL
     WHERE inbound_events.status <> 'done'`,
  );
  const purge = c.prepare(`DELETE FROM inbound_events WHERE status = 'done' AND processed_at < ?`);
  return {
    async markProcessed(channel, eventId, at) {
      return mark.run(channel, eventId, at, at).changes > 0;
    },
    async purgeProcessed(before) {
      return purge.run(before).changes;
    },
  };
}
