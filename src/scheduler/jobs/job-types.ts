/**
 * The shape of a scheduled job: a plain async function of its dependencies, the current time and the slot it runs
 * for, so tests call it with any date and the runner records it exactly once.
 */
import { findPeriod, type PeriodRecord } from '../../persistence/periods-repo.js';
import { periodCode, quarterOf } from '../../scoring/period-calendar.js';
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
export function periodOfSlot(deps: SchedulerDeps, unitId: string, slot: number): PeriodRecord | null {
  const q = quarterOf(new Date(slot), deps.timeZone);
  return findPeriod(deps.db, unitId, periodCode(q.year, q.quarter));
}
