/**
 * Update-level idempotency in `inbound_events`: an `update_id` processed once is never processed again, across
 * restarts. Telegram redelivers a webhook it got no 2xx for, and long polling re-serves updates whose offset was
 * not confirmed before a crash.
 *
 * Rows use the channel key `telegram-update`, apart from the engine's own `(telegram, eventId)` event log: this
 * log also covers what happens before or without the engine (button answers, file downloads, group commands).
 *
 * Cost on the hot path: one indexed read to claim, and the outcome rows of one event-loop turn written in ONE
 * transaction (group-commit.ts, shared with the chats' current questions). Until its row is written an update
 * stays "in flight" in memory, so a concurrent redelivery is still refused. A crash before the write loses only the record: the redelivered update is then
 * processed again, and the engine's own event log (committed with its state) turns it into a no-op.
 * A `pending` row (written by an older version or by hand) is processed again, like a crash leftover.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../persistence/open-db.js';
import type { GroupCommit } from './group-commit.js';

export const UPDATE_LOG_CHANNEL = 'telegram-update';
const MAX_ERROR_CHARS = 500;

export type UpdateClaim = 'new' | 'retry' | 'duplicate';

export class UpdateLog {
  /** Updates being processed (or waiting for their row) in THIS process, with their arrival time. */
  private readonly inFlight = new Map<number, number>();
  private readonly statusOf: Statement<[string], { status: string }>;
  private readonly upsert: Statement<[string, string, number, number, string | null]>;

  /** @param commit the channel's group commit (outcome rows share its per-turn transaction). */
  constructor(
    db: Db,
    private readonly commit: GroupCommit,
  ) {
    this.statusOf = db.$client.prepare(`SELECT status FROM inbound_events WHERE channel = '${UPDATE_LOG_CHANNEL}' AND event_id = ?`);
    this.upsert = db.$client.prepare(
      `INSERT INTO inbound_events (channel, event_id, status, attempts, received_at, processed_at, last_error)
       VALUES ('${UPDATE_LOG_CHANNEL}', ?, ?, 1, ?, ?, ?)
       ON CONFLICT (channel, event_id) DO UPDATE SET status = excluded.status, attempts = attempts + 1,
         processed_at = excluded.processed_at, last_error = excluded.last_error`,
    );
  }

  /** Claims an update for processing: `duplicate` means it was (or is being) processed already. */
  begin(updateId: number, now: number): UpdateClaim {
    if (this.inFlight.has(updateId)) return 'duplicate';
    const row = this.statusOf.get(String(updateId));
    if (row && row.status !== 'pending') return 'duplicate';
    this.inFlight.set(updateId, now);
    return row ? 'retry' : 'new';
  }

  /** Records the outcome (written with the others of this turn); a failed update is not retried. */
  finish(updateId: number, outcome: 'done' | 'failed', now: number, error?: string): void {
    const id = String(updateId);
    const receivedAt = this.inFlight.get(updateId) ?? now;
    const message = error ? error.slice(0, MAX_ERROR_CHARS) : null;
    this.commit.add(
      () => this.upsert.run(id, outcome, receivedAt, now, message),
      () => this.inFlight.delete(updateId),
    );
  }

  /** Writes the queued outcomes (and the rest of the turn's group commit) now; called on shutdown. */
  flush(): void {
    this.commit.flush();
  }
}
