/**
 * Group commit for the channel's small bookkeeping writes (update outcomes, each chat's current question): the
 * writes queued during one event-loop turn run in ONE SQLite transaction on `setImmediate`, so the hot path pays
 * one commit per turn however many rows its updates touch.
 *
 * A crash before the flush loses those records only; each user documents why that is harmless for it.
 */
import type { Db } from '../../persistence/open-db.js';

interface QueuedWrite {
  write: () => void;
  /** Runs after the transaction, committed or not (releases in-memory claims). */
  after?: () => void;
}

export class GroupCommit {
  private queue: QueuedWrite[] = [];
  private scheduled = false;
  private readonly runAll: (writes: QueuedWrite[]) => void;

  /** @param onError reports a failed scheduled flush (its records are then lost). */
  constructor(
    db: Db,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.runAll = db.$client.transaction((writes: QueuedWrite[]) => {
      for (const w of writes) w.write();
    });
  }

  /** Queues `write` for this turn's transaction; `after` runs once the transaction is over. */
  add(write: () => void, after?: () => void): void {
    this.queue.push(after ? { write, after } : { write });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      try {
        this.flush();
      } catch (error) {
        this.onError(error);
      }
    });
  }

  /** Writes everything queued now, in one transaction (also called on shutdown); throws if it fails. */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    try {
      this.runAll(batch);
    } finally {
      for (const w of batch) w.after?.();
    }
  }
}
