/**
 * Idempotency of inbound events (`inbound_events`). A webhook may have stored the event as `pending` before
 * answering 200; marking it processed turns it `done`. Only an event already `done` counts as a duplicate, and since
 * this runs inside the engine's transaction, a failed step leaves the event unmarked for a retry.
 */
import type { EventLog } from '../conversation/ports.js';
import type { Db } from './open-db.js';

export function createEventLog(db: Db): EventLog {
  const mark = db.$client.prepare(
    `INSERT INTO inbound_events (channel, event_id, status, attempts, received_at, processed_at)
     VALUES (?, ?, 'done', 1, ?, ?)
     ON CONFLICT(channel, event_id) DO UPDATE SET status = 'done', attempts = attempts + 1,
       processed_at = excluded.processed_at, last_error = NULL
     WHERE inbound_events.status <> 'done'`,
  );
  return {
    markProcessed(channel, eventId, at) {
      return mark.run(channel, eventId, at, at).changes > 0;
    },
  };
}
