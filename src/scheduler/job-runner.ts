/**
 * Exactly-once bookkeeping for scheduled slots and per-recipient reminders.
 *
 * A slot is claimed by inserting its `job_runs` row first (`tx.jobs.claimRun`: insert unless a row exists); only
 * the claimer runs it. A slot left `running` by a crash is resumed on the next start (the per-recipient
 * `reminder_deliveries` rows, written in the same unit of work as the outbox row, keep anyone from being reminded
 * twice). A slot that is no longer useful is recorded as `skipped`, so the office's status can say so.
 */
import type { JobRunStatus } from '../store/jobs.js';
import type { Store } from '../store/store.js';
import type { JobName } from './schedule.js';

export type { ReminderOutcome } from '../store/jobs.js';

/** One slot of one job for one unit. */
export interface SlotRef {
  job: JobName;
  unitId: string;
  /** The slot's scheduled instant (ms, UTC). */
  slot: number;
}

/** `claimed`: new, run it; `resumed`: interrupted by a crash, run it again (idempotently); `taken`: done or skipped. */
export type ClaimResult = 'claimed' | 'resumed' | 'taken';

/** Tracks slots running in this process, so a `running` row is only resumed when its runner is gone. */
export class JobRunner {
  private readonly inProcess = new Set<string>();

  constructor(private readonly store: Store) {}

  /** Claims a slot for this process. */
  async claim(ref: SlotRef, now: number): Promise<ClaimResult> {
    const key = keyOf(ref);
    if (this.inProcess.has(key)) return 'taken';
    // Marked before the await, so a cron fire and a catch-up of the same slot in this process never both run it.
    this.inProcess.add(key);
    try {
      const result = await this.store.transaction(async (tx): Promise<ClaimResult> => {
        if (await tx.jobs.claimRun(ref, now)) return 'claimed';
        return (await tx.jobs.runStatus(ref)) === 'running' ? 'resumed' : 'taken';
      });
      if (result === 'taken') this.inProcess.delete(key);
      return result;
    } catch (error) {
      this.inProcess.delete(key);
      throw error;
    }
  }

  /** Records the slot's end (`done` or `failed`) with a small JSON detail (counts, never names). */
  async finish(ref: SlotRef, status: 'done' | 'failed', detail: unknown, now: number): Promise<void> {
    try {
      await this.store.transaction((tx) => tx.jobs.finishRun(ref, status, detail, now));
    } finally {
      this.inProcess.delete(keyOf(ref));
    }
  }

  /** Records a slot that will never run; false when the slot already had a row. */
  async skip(ref: SlotRef, detail: unknown, now: number): Promise<boolean> {
    return this.store.transaction((tx) => tx.jobs.skipRun(ref, detail, now));
  }

  /** The stored status of a slot, or null when it has no row yet. */
  async status(ref: SlotRef): Promise<JobRunStatus | null> {
    return this.store.read((tx) => tx.jobs.runStatus(ref));
  }
}

/** The stable outbox dedupe key of a reminder (the dispatcher appends `@<channel>`). */
export function reminderDedupeKey(ref: SlotRef, personId: number): string {
  return `reminder:${ref.job}:${ref.unitId}:${ref.slot}:${personId}`;
}

function keyOf(ref: SlotRef): string {
  return `${ref.job}|${ref.unitId}|${ref.slot}`;
}
