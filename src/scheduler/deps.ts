/**
 * What every scheduled job receives. Jobs are plain async `(deps, now, run)` functions so tests call them with any
 * date. The composition root builds this from the store, the dispatcher and the running channels' group posting,
 * passed in as plain functions: the scheduler imports nothing from `src/app/` and no channel.
 */
import type { Clock } from '../conversation/engine-logger.js';
import type { HonoursDeps } from '../honours/honours-deps.js';
import type { Store, Tx } from '../store/store.js';

export type { GroupPoster, HonoursDeps, ReminderDispatcher, DispatchResult } from '../honours/honours-deps.js';

/** One reminder planned within the next week, and the people it will go to. */
export interface UpcomingReminder {
  /** When it is due (ms, UTC). */
  reminderAt: number;
  personIds: readonly number[];
}

/**
 * Queues Zalo-window nudges for people of `unitId` whose 7-day window would close before one of `upcoming`
 * (one nudge per window), inside the caller's unit of work; returns how many were queued. Why a function: only
 * Zalo has a window, and the rule lives in the Zalo channel (`src/channels/zalo/window-policy.ts`), which the
 * scheduler must not import; the composition root passes it when Zalo runs.
 */
export type ZaloNudger = (tx: Tx, input: { unitId: string; now: number; upcoming: readonly UpcomingReminder[] }) => Promise<number>;

/**
 * One daily clean-up (issue 18 item 8: the inbound-event log and the login-attempt counters grew forever). Why a
 * function handed in: the rules (how long a Zalo event must stay, the login windows) live in the channels, which the
 * scheduler must not import; the composition root passes them. `run` deletes inside the given unit of work and
 * returns how many rows it removed (logged as a count, never the rows).
 */
export type HousekeepingTask =
  | {
      /** A short name for `job_runs.detail` and the log (`inbound-events`, `login-attempts`…). */
      name: string;
      run(tx: Tx, now: number): Promise<number>;
    }
  | {
      name: string;
      /** A task that opens its own units of work (removing files: I/O must not hold one open); returns a count. */
      sweep(now: number): Promise<number>;
    };

export interface SchedulerDeps extends HonoursDeps {
  /** The one store: every job opens its own units of work on it (never across network I/O). */
  store: Store;
  /** Injected time: cron fires and the catch-up read it. */
  clock: Clock;
  /** The unit's time zone for slots and local dates (Asia/Ho_Chi_Minh). */
  timeZone: string;
  /** This instance (`INSTANCE_ID`): owner of the slots it runs (default `local`: tests and one-shot commands). */
  instanceId?: string;
  /** A running slot whose heartbeat is older than this belongs to a dead runner (default 60 s; tests shorten it). */
  slotStaleAfterMs?: number;
  /** Zalo-window nudges (absent when Zalo is not configured: the hourly check then queues nothing). */
  nudgeZalo?: ZaloNudger;
  /** Daily clean-ups (the `housekeeping` job, 03:30 local, once across instances); none: the job is not scheduled. */
  housekeeping?: readonly HousekeepingTask[];
}
