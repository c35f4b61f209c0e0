/**
 * Wires the jobs to node-cron, in one place, and runs the catch-up.
 *
 * node-cron neither persists nor replays missed runs, so exactly-once comes from the database: every slot is
 * claimed in `job_runs` before it runs (see job-runner.ts). On start (and whenever node-cron reports a missed
 * execution) the catch-up enumerates each unit's slots since the process could last have run them (at most
 * 40 days back, never before the unit existed): a slot with no row is run once if it is still useful (its deadline
 * has not passed, see `slotUsefulUntil`), otherwise recorded as `skipped` with a log line; a slot left `running`
 * by a crash is resumed (its recipients already reminded are not reminded again). Rules in docs/reminders.md.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { SchedulerDeps } from './deps.js';
import { JobRunner, type SlotRef } from './job-runner.js';
import { honoursJob, onPeriodFinalised, unitSettings, type PeriodFinalisedEvent, type PeriodFinalisedOutcome } from './jobs/honours-job.js';
import { housekeepingJob } from './jobs/housekeeping.js';
import { periodOfSlot, type JobFn } from './jobs/job-types.js';
import { officeStatusJob } from './jobs/office-status.js';
import { orgReminderJob } from './jobs/org-reminders.js';
import { reviewReminderJob, selfReminderJob, zaloNudgeJob } from './jobs/reminder-jobs.js';
import { HOUSEKEEPING_JOB, HOUSEKEEPING_UNIT, jobDefinitions, type JobDefinition, type JobName } from './schedule.js';
import { defaultSchedulerSettings, parseSchedulerSettings, type SchedulerSettings } from './settings.js';
import { latestSlot, slotsBetween, slotUsefulUntil } from './slots.js';

/** How far back the catch-up looks (longer than any slot stays useful). */
const CATCH_UP_LOOKBACK_MS = 40 * 86_400_000;
/** A cron fire runs the slot scheduled within this window before now (node-cron may wake slightly late). */
const FIRE_WINDOW_MS = 5 * 60_000;

export const JOBS: Record<JobName, JobFn> = {
  'self-reminder': selfReminderJob,
  'review-reminder': reviewReminderJob,
  'office-status': officeStatusJob,
  'zalo-nudge': zaloNudgeJob,
  honours: honoursJob,
  'org-reminder': orgReminderJob,
  housekeeping: housekeepingJob,
};

/** What one slot did: ran (or resumed), was already taken, or was skipped as no longer useful. */
export type SlotOutcome = 'ran' | 'resumed' | 'taken' | 'skipped' | 'failed';

export interface CatchUpEntry extends SlotRef {
  outcome: SlotOutcome;
}

/** The running scheduler. */
export interface Scheduler {
  /** Registers the node-cron tasks and runs the catch-up. */
  start(): Promise<CatchUpEntry[]>;
  /**
   * Stops every cron task and waits for slots already running (so the store can be closed after it); a slot cut
   * short anyway (a crash) is resumed on the next start without reminding anyone twice.
   */
  stop(): Promise<void>;
  /** Runs every missed slot that is still useful, records the rest as skipped. */
  catchUp(now?: Date): Promise<CatchUpEntry[]>;
  /** Runs one slot exactly once (claim → job → finish). */
  runSlot(job: JobName, unitId: string, slot: number, now?: Date): Promise<SlotOutcome>;
  /**
   * The approval chain's hook (see `onPeriodFinalised` in jobs/honours-job.ts): call it after the finalising unit
   * of work has committed, outside any unit of work. Never rejects.
   */
  onPeriodFinalised(event: PeriodFinalisedEvent, now?: Date): Promise<PeriodFinalisedOutcome>;
  /** The registered node-cron tasks (tests read `getNextRuns`). */
  readonly tasks: readonly ScheduledTask[];
}

/**
 * Creates the scheduler. The composition root calls `createScheduler(deps).start()` when `config.scheduler` is on,
 * `stop()` on shutdown, and `onPeriodFinalised(event)` after a finalisation has committed.
 */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const clock = deps.clock;
  const runner = new JobRunner(deps.store);
  const tasks: ScheduledTask[] = [];
  let catchingUp: Promise<CatchUpEntry[]> | null = null;

  const unitsWithSettings = async (): Promise<{ id: string; createdAt: number; settings: SchedulerSettings }[]> => {
    const units = await deps.store.read((tx) => tx.settings.listUnits());
    return units.map((u) => {
      const parsed = parseSchedulerSettings(u.settings);
      if (parsed.error) deps.logger.warn({ unitId: u.id, error: parsed.error }, 'scheduler: invalid unit settings, using defaults');
      return { id: u.id, createdAt: u.createdAt, settings: parsed.settings };
    });
  };

  const running = new Set<Promise<SlotOutcome>>();

  const runSlot = (job: JobName, unitId: string, slot: number, now = clock.now(), settings?: SchedulerSettings): Promise<SlotOutcome> => {
    const run = runSlotOnce(job, unitId, slot, now, settings);
    running.add(run);
    const forget = () => running.delete(run);
    run.then(forget, forget);
    return run;
  };

  const runSlotOnce = async (job: JobName, unitId: string, slot: number, now: Date, settings?: SchedulerSettings): Promise<SlotOutcome> => {
    const ref: SlotRef = { job, unitId, slot };
    const claim = await runner.claim(ref, now.getTime());
    if (claim === 'taken') return 'taken';
    const log = deps.logger.child({ job, unitId, slot: new Date(slot).toISOString() });
    try {
      const slotSettings = settings ?? (await deps.store.read((tx) => unitSettings(tx, unitId, log)));
      const result = await JOBS[job]({ ...deps, logger: log }, now, { job, unitId, slot, settings: slotSettings });
      await runner.finish(ref, 'done', { ...result.detail, resumed: claim === 'resumed' }, clock.now().getTime());
      log.info({ ...result.detail, resumed: claim === 'resumed' }, 'job: slot done');
      return claim === 'resumed' ? 'resumed' : 'ran';
    } catch (error) {
      log.error({ err: error }, 'job: slot failed');
      await runner.finish(ref, 'failed', { error: error instanceof Error ? error.message : String(error) }, clock.now().getTime());
      return 'failed';
    }
  };

  const catchUpOnce = async (now: Date): Promise<CatchUpEntry[]> => {
    const entries: CatchUpEntry[] = [];
    const at = now.getTime();
    for (const unit of await unitsWithSettings()) {
      for (const def of jobDefinitions(unit.settings)) {
        const from = Math.max(at - CATCH_UP_LOOKBACK_MS, unit.createdAt);
        const all = slotsBetween(def, from, at, deps.timeZone);
        // The hourly Zalo-window check and the daily org-index reminder: only the latest slot can matter, the next
        // check covers the rest (an org-index reminder goes out 7 days and again 1 day before each date).
        const latestOnly = def.name === 'zalo-nudge' || def.name === 'org-reminder';
        const slots = latestOnly ? all.slice(-1) : all;
        const silentlyMissed = all.length - slots.length;
        for (const slot of slots) {
          const ref: SlotRef = { job: def.name, unitId: unit.id, slot };
          const status = await runner.status(ref);
          if (status === 'done' || status === 'skipped' || status === 'failed') continue;
          const deadlines = await deps.store.read((tx) => periodOfSlot(tx, deps.timeZone, unit.id, slot));
          const usefulUntil = slotUsefulUntil(def.name, slot, { timeZone: deps.timeZone, deadlines: deadlines ?? undefined });
          if (at <= usefulUntil) {
            deps.logger.info(
              { job: def.name, unitId: unit.id, slot: iso(slot), usefulUntil: iso(usefulUntil), interrupted: status === 'running' },
              'catch-up: slot missed while the process was down; deadline not passed, running it now',
            );
            entries.push({ ...ref, outcome: await runSlot(def.name, unit.id, slot, now, unit.settings) });
          } else if (latestOnly) {
            continue; // superseded by the next check
          } else if (status === 'running') {
            await runner.finish(ref, 'failed', { interrupted: true, reason: 'deadline_passed' }, at);
            entries.push({ ...ref, outcome: 'failed' });
          } else {
            await runner.skip(ref, { reason: 'deadline_passed', usefulUntil }, at);
            deps.logger.warn(
              { job: def.name, unitId: unit.id, slot: iso(slot), usefulUntil: iso(usefulUntil) },
              'catch-up: slot missed while the process was down; its deadline has passed, skipped (reported to the office)',
            );
            entries.push({ ...ref, outcome: 'skipped' });
          }
        }
        if (silentlyMissed > 0) deps.logger.info({ job: def.name, unitId: unit.id, missed: silentlyMissed }, 'catch-up: hourly or daily checks missed, superseded');
      }
    }
    // The daily clean-up: only the latest slot matters (an earlier missed one is superseded).
    const housekeepingSlot = deps.housekeeping?.length ? latestSlot(HOUSEKEEPING_JOB, at, deps.timeZone, 2 * 86_400_000) : null;
    if (housekeepingSlot !== null) {
      const ref: SlotRef = { job: 'housekeeping', unitId: HOUSEKEEPING_UNIT, slot: housekeepingSlot };
      const status = await runner.status(ref);
      if (status !== 'done' && status !== 'skipped' && status !== 'failed') {
        entries.push({ ...ref, outcome: await runSlot('housekeeping', HOUSEKEEPING_UNIT, housekeepingSlot, now, defaultSchedulerSettings()) });
      }
    }
    return entries;
  };

  const catchUp = async (now = clock.now()): Promise<CatchUpEntry[]> => {
    while (catchingUp) await catchingUp;
    catchingUp = catchUpOnce(now);
    try {
      return await catchingUp;
    } finally {
      catchingUp = null;
    }
  };

  const fire = async (unitId: string, def: JobDefinition, settings: SchedulerSettings): Promise<void> => {
    const now = clock.now();
    const slot = slotsBetween(def, now.getTime() - FIRE_WINDOW_MS, now.getTime() + 1000, deps.timeZone).at(-1);
    if (slot === undefined) return; // a filtered day (e.g. not the first working day)
    await runSlot(def.name, unitId, slot, now, settings);
  };

  /** node-cron's callback: never rejects (a failing fire is logged; the slot itself records `failed`). */
  const fireLogged = async (unitId: string, def: JobDefinition, settings: SchedulerSettings): Promise<void> => {
    try {
      await fire(unitId, def, settings);
    } catch (error) {
      deps.logger.error({ err: error, job: def.name, unitId }, 'scheduler: cron fire failed');
    }
  };

  return {
    tasks,
    runSlot: (job, unitId, slot, now) => runSlot(job, unitId, slot, now),
    catchUp,
    onPeriodFinalised: (event, now = clock.now()) => onPeriodFinalised(deps, event, now),
    async start() {
      const schedule = (unitId: string, def: JobDefinition, settings: SchedulerSettings) => {
        const task = cron.schedule(def.expression, () => fireLogged(unitId, def, settings), {
          name: `${def.name}:${unitId}`,
          timezone: deps.timeZone,
          noOverlap: true,
        });
        task.on('execution:missed', () => {
          void catchUp().catch((error: unknown) => deps.logger.error({ err: error }, 'catch-up failed'));
        });
        tasks.push(task);
      };
      for (const unit of await unitsWithSettings()) {
        for (const def of jobDefinitions(unit.settings)) schedule(unit.id, def, unit.settings);
      }
      if (deps.housekeeping?.length) schedule(HOUSEKEEPING_UNIT, HOUSEKEEPING_JOB, defaultSchedulerSettings());
      deps.logger.info({ tasks: tasks.length }, 'scheduler: started');
      return catchUp();
    },
    async stop() {
      for (const task of tasks.splice(0)) await task.destroy();
      await Promise.allSettled([...running]);
    },
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
