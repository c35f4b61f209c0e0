/**
 * Exactly-once bookkeeping for scheduled slots and per-recipient reminders.
 *
 * A slot is claimed by inserting its `job_runs` row first (INSERT … ON CONFLICT DO NOTHING); only the claimer
 * runs it. A slot left `running` by a crash is resumed on the next start (the per-recipient
 * `reminder_deliveries` rows, written in the same transaction as the outbox row, keep anyone from being reminded
 * twice). A slot that is no longer useful is recorded as `skipped`, so the office's status can say so.
 */
import { and, eq, sql } from 'drizzle-orm';
import { jobRuns, reminderDeliveries } from '../../db/schema.js';
import type { Db } from '../persistence/open-db.js';
import type { JobName } from './schedule.js';

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

  constructor(private readonly db: Db) {}

  /** Claims a slot for this process. */
  claim(ref: SlotRef, now: number): ClaimResult {
    const key = keyOf(ref);
    if (this.inProcess.has(key)) return 'taken';
    const inserted = this.db
      .insert(jobRuns)
      .values({ jobName: ref.job, unitId: ref.unitId, slot: ref.slot, status: 'running', startedAt: now })
      .onConflictDoNothing()
      .run().changes;
    if (inserted === 1) {
      this.inProcess.add(key);
      return 'claimed';
    }
    const existing = this.status(ref);
    if (existing === 'running') {
      this.inProcess.add(key);
      return 'resumed';
    }
    return 'taken';
  }

  /** Records the slot's end (`done` or `failed`) with a small JSON detail (counts, never names). */
  finish(ref: SlotRef, status: 'done' | 'failed', detail: unknown, now: number): void {
    this.inProcess.delete(keyOf(ref));
    this.db
      .update(jobRuns)
      .set({ status, finishedAt: now, detail })
      .where(and(eq(jobRuns.jobName, ref.job), eq(jobRuns.unitId, ref.unitId), eq(jobRuns.slot, ref.slot)))
      .run();
  }

  /** Records a slot that will never run; false when the slot already had a row. */
  skip(ref: SlotRef, detail: unknown, now: number): boolean {
    return (
      this.db
        .insert(jobRuns)
        .values({ jobName: ref.job, unitId: ref.unitId, slot: ref.slot, status: 'skipped', startedAt: now, finishedAt: now, detail })
        .onConflictDoNothing()
        .run().changes === 1
    );
  }

  /** The stored status of a slot, or null when it has no row yet. */
  status(ref: SlotRef): 'running' | 'done' | 'skipped' | 'failed' | null {
    const row = this.db
      .select({ status: jobRuns.status })
      .from(jobRuns)
      .where(and(eq(jobRuns.jobName, ref.job), eq(jobRuns.unitId, ref.unitId), eq(jobRuns.slot, ref.slot)))
      .get();
    return row?.status ?? null;
  }
}

/** Outcome of one reminder for one person, as stored in `reminder_deliveries.outcome`. */
export type ReminderOutcome = 'queued' | 'fallback' | 'not_linked' | 'blocked' | 'outside_window' | 'failed';

/** Whether this person already has a delivery record for the slot (then they are never reminded again). */
export function hasDelivery(db: Db, ref: SlotRef, personId: number): boolean {
  return (
    db
      .select({ one: sql<number>`1` })
      .from(reminderDeliveries)
      .where(
        and(
          eq(reminderDeliveries.jobName, ref.job),
          eq(reminderDeliveries.unitId, ref.unitId),
          eq(reminderDeliveries.slot, ref.slot),
          eq(reminderDeliveries.personId, personId),
        ),
      )
      .get() !== undefined
  );
}

/** Records one person's reminder outcome (first record wins). */
export function recordDelivery(
  db: Db,
  ref: SlotRef,
  row: { personId: number; outcome: ReminderOutcome; channel?: string | null; outboxId?: number | null },
  now: number,
): void {
  db.insert(reminderDeliveries)
    .values({
      jobName: ref.job,
      unitId: ref.unitId,
      slot: ref.slot,
      personId: row.personId,
      outcome: row.outcome,
      channel: row.channel ?? null,
      outboxId: row.outboxId ?? null,
      at: now,
    })
    .onConflictDoNothing()
    .run();
}

/** The stable outbox dedupe key of a reminder (the dispatcher appends `@<channel>`). */
export function reminderDedupeKey(ref: SlotRef, personId: number): string {
  return `reminder:${ref.job}:${ref.unitId}:${ref.slot}:${personId}`;
}

function keyOf(ref: SlotRef): string {
  return `${ref.job}|${ref.unitId}|${ref.slot}`;
}
