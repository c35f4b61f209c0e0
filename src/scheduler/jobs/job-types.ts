/**
 * The shape of a scheduled job: a plain async function of its dependencies, the current time and the slot it runs
 * for, so tests call it with any date and the runner records it exactly once. A job opens its own units of work
 * on `deps.store` and never holds one across network I/O.
 */
import { periodCode, quarterOf } from '../../scoring/period-calendar.js';
import type { PeriodRecord } from '../../store/periods.js';
import type { Tx } from '../../store/store.js';
import type { SchedulerDeps } from '../deps.js';
import type { JobName } from '../schedule.js';
import type { SchedulerSettings } from '../settings.js';

/** One run of a job for one unit. */
export interface JobRun {
  job: JobName;
  unitId: string;
  /** The slot's scheduled instant (ms, UTC); `now` may be later (catch-up). */
  slot: number;
  settings: SchedulerSettings;
}

/** What a run reports: counts for `job_runs.detail` and the log (never names or scores). */
export interface JobResult {
  detail: Record<string, unknown>;
}

export type JobFn = (deps: SchedulerDeps, now: Date, run: JobRun) => Promise<JobResult>;

/** The unit's period of the quarter the slot falls in (local time), or null when it has not been opened. */
export async function periodOfSlot(tx: Tx, timeZone: string, unitId: string, slot: number): Promise<PeriodRecord | null> {
  const q = quarterOf(new Date(slot), timeZone);
  return tx.periods.find(unitId, periodCode(q.year, q.quarter));
}
