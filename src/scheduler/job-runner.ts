/**
 * Exactly-once bookkeeping for scheduled slots and per-recipient reminders.
 *
 * A slot is claimed by inserting its `job_runs` row first (`tx.jobs.claimRun`: insert unless a row exists), owned by
 * this instance; only the claimer runs it, and while it runs it beats a heartbeat on the row. A `running` slot is
 * resumed elsewhere only when its heartbeat is stale (its runner died: a crash, a SIGKILL, a lost machine), never
 * while its runner lives — with several instances the scheduler's leadership may move mid-slot, and the new leader
 * must not run a live slot a second time. The per-recipient `reminder_deliveries` rows, written in the same unit
 * of work as the outbox row, keep anyone from being reminded twice when a dead runner's slot is resumed. A slot
 * that is no longer useful is recorded as `skipped`, so the office's status can say so.
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

/**
 * `claimed`: new, run it; `resumed`: its runner died (stale heartbeat), run it again (idempotently); `taken`: done,
 * skipped, or running live elsewhere (or here).
 */
export type ClaimResult = 'claimed' | 'resumed' | 'taken';

export interface JobRunnerOptions {
  /** This instance (`INSTANCE_ID`): the owner written on the slots it runs. */
  instanceId: string;
  /** A `running` slot whose heartbeat is older than this is a dead runner's (default 60 s). */
  staleAfterMs?: number;
  /** Epoch ms for heartbeats (the scheduler's clock). */
  now?: () => number;
}

/** Default staleness: several missed heartbeats (every 15 s), well inside "replaced within a minute". */
export const SLOT_STALE_AFTER_MS = 60_000;

/** Claims, heartbeats and finishes slots for this instance. */
export class JobRunner {
  private readonly inProcess = new Set<string>();
  private readonly beats = new Map<string, NodeJS.Timeout>();
  private readonly instanceId: string;
  private readonly staleAfterMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    options: JobRunnerOptions,
  ) {
    this.instanceId = options.instanceId;
    this.staleAfterMs = options.staleAfterMs ?? SLOT_STALE_AFTER_MS;
    this.now = options.now ?? Date.now;
  }

  /** Claims a slot for this instance and starts its heartbeat. */
  async claim(ref: SlotRef, now: number): Promise<ClaimResult> {
    const key = keyOf(ref);
    if (this.inProcess.has(key)) return 'taken';
    // Marked before the await, so a cron fire and a catch-up of the same slot in this process never both run it.
    this.inProcess.add(key);
    try {
      const result = await this.store.transaction(async (tx): Promise<ClaimResult> => {
        if (await tx.jobs.claimRun(ref, now, this.instanceId)) return 'claimed';
        if ((await tx.jobs.runStatus(ref)) !== 'running') return 'taken';
        return (await tx.jobs.takeOverRun(ref, this.instanceId, now, now - this.staleAfterMs)) ? 'resumed' : 'taken';
      });
      if (result === 'taken') this.inProcess.delete(key);
      else this.startHeartbeat(ref, key);
      return result;
    } catch (error) {
      this.inProcess.delete(key);
      throw error;
    }
  }

  /** Records the slot's end (`done` or `failed`) with a small JSON detail (counts, never names). */
  async finish(ref: SlotRef, status: 'done' | 'failed', detail: unknown, now: number): Promise<void> {
    const key = keyOf(ref);
    this.stopHeartbeat(key);
    try {
      await this.store.transaction((tx) => tx.jobs.finishRun(ref, status, detail, now, this.instanceId));
    } finally {
      this.inProcess.delete(key);
    }
  }

  /**
   * Marks a dead runner's slot `failed` (its deadline passed while nobody ran it); a slot still running live
   * elsewhere is left alone. True when it was marked.
   */
  async abandon(ref: SlotRef, detail: unknown, now: number): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      if (!(await tx.jobs.takeOverRun(ref, this.instanceId, now, now - this.staleAfterMs))) return false;
      return tx.jobs.finishRun(ref, 'failed', detail, now, this.instanceId);
    });
  }

  /** Records a slot that will never run; false when the slot already had a row. */
  async skip(ref: SlotRef, detail: unknown, now: number): Promise<boolean> {
    return this.store.transaction((tx) => tx.jobs.skipRun(ref, detail, now));
  }

  /** The stored status of a slot, or null when it has no row yet. */
  async status(ref: SlotRef): Promise<JobRunStatus | null> {
    return this.store.read((tx) => tx.jobs.runStatus(ref));
  }

  /** Stops every heartbeat (shutdown; the slots left running are resumed once stale). */
  stopAll(): void {
    for (const key of [...this.beats.keys()]) this.stopHeartbeat(key);
  }

  private startHeartbeat(ref: SlotRef, key: string): void {
    const every = Math.max(50, Math.floor(this.staleAfterMs / 4));
    const timer = setInterval(() => {
      this.store
        .transaction((tx) => tx.jobs.heartbeat(ref, this.instanceId, this.now()))
        .then((mine) => {
          // Only after this instance stalled longer than the staleness: the slot is another's now; stop beating.
          if (!mine) this.stopHeartbeat(key);
        })
        .catch(() => undefined); // the next beat retries; a long outage makes the slot stale, resumed idempotently
    }, every);
    timer.unref();
    this.beats.set(key, timer);
  }

  private stopHeartbeat(key: string): void {
    const timer = this.beats.get(key);
    if (timer) clearInterval(timer);
    this.beats.delete(key);
  }
}

/** The stable outbox dedupe key of a reminder (the dispatcher appends `@<channel>`). */
export function reminderDedupeKey(ref: SlotRef, personId: number): string {
  return `reminder:${ref.job}:${ref.unitId}:${ref.slot}:${personId}`;
}

function keyOf(ref: SlotRef): string {
  return `${ref.job}|${ref.unitId}|${ref.slot}`;
}
