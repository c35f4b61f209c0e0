/**
 * The reminder jobs of the 10th and the 20th, and the hourly Zalo-window nudge before them. Each is a plain
 * `(deps, now, run)` function: it reads the period in one unit of work, then `send-reminders.ts` records each
 * person's reminder with its outbox row in a unit of work of its own. Recipients come from `targets.ts`.
 */
import { localDateOf } from '../../scoring/period-calendar.js';
import type { SchedulerDeps, UpcomingReminder } from '../deps.js';
import { jobDefinitions } from '../schedule.js';
import { slotsBetween } from '../slots.js';
import { periodOfSlot, type JobFn, type JobResult, type JobRun } from './job-types.js';
import { loadPeriodState, type PeriodState } from './period-state.js';
import { sendDeliveryReport, sendReminders } from './send-reminders.js';
import { officeRecipients, reviewReminderTargets, selfReminderTargets, type ReminderTarget } from './targets.js';

const WEEK_MS = 7 * 86_400_000;

/** 10th: everyone who has not submitted; heads too when their list is due by then (December). */
export const selfReminderJob: JobFn = async (deps, now, run) => remind(deps, now, { ...run, job: 'self-reminder' });

/** 20th: heads with pending reviews or an unsent list; leaders in charge with pending comments. */
export const reviewReminderJob: JobFn = async (deps, now, run) => remind(deps, now, { ...run, job: 'review-reminder' });

/**
 * Hourly in the weeks before the reminders: people who will be reminded in the next 7 days and whose Zalo window
 * would close before then are nudged while it is still open (one nudge per window; the rule is the Zalo channel's,
 * passed in as `deps.nudgeZalo`). Reads and queues in one unit of work (no network I/O: the outbox delivers).
 */
export const zaloNudgeJob: JobFn = async (deps, now, run) => {
  const at = now.getTime();
  const upcomingDefs = jobDefinitions(run.settings).filter(
    (d) => d.name === 'self-reminder' || d.name === 'review-reminder' || d.name === 'office-status',
  );
  const nudgeZalo = deps.nudgeZalo;
  return deps.store.transaction(async (tx): Promise<JobResult> => {
    const upcoming: UpcomingReminder[] = [];
    let reminders = 0;
    // The slots of one week nearly always fall in the same period: load its snapshot once per run.
    const states = new Map<number, PeriodState>();
    for (const def of upcomingDefs) {
      for (const reminderAt of slotsBetween(def, at, at + WEEK_MS, deps.timeZone)) {
        const period = await periodOfSlot(tx, deps.timeZone, run.unitId, reminderAt);
        if (!period) continue;
        reminders += 1;
        let state = states.get(period.id);
        if (!state) {
          state = await loadPeriodState(tx, period);
          states.set(period.id, state);
        }
        const today = localDateOf(new Date(reminderAt), deps.timeZone);
        const personIds =
          def.name === 'self-reminder'
            ? selfReminderTargets(state, today, headsListDueBy(state, reminderAt, deps.timeZone)).map((t) => t.personId)
            : def.name === 'review-reminder'
              ? reviewReminderTargets(state, today).map((t) => t.personId)
              : officeRecipients(state, true).map((p) => p.id);
        if (personIds.length > 0) upcoming.push({ reminderAt, personIds });
      }
    }
    const nudged = nudgeZalo && upcoming.length > 0 ? await nudgeZalo(tx, { unitId: run.unitId, now: at, upcoming }) : 0;
    return { detail: { upcomingReminders: reminders, nudged } };
  });
};

/** Who a reminder slot of the 10th or the 20th goes to, with each message's lines (read in one unit of work). */
export interface ReminderPlan {
  state: PeriodState;
  targets: ReminderTarget[];
}

/**
 * The recipients of a self- or review-reminder slot as the job computes them (texts dated `now`); null when the
 * slot's quarter has no period. Shared by the job and by `thidua reminders preview`.
 */
export async function reminderPlan(deps: Pick<SchedulerDeps, 'store' | 'timeZone'>, now: Date, run: Pick<JobRun, 'job' | 'unitId' | 'slot'>): Promise<ReminderPlan | null> {
  const state = await deps.store.read(async (tx) => {
    const period = await periodOfSlot(tx, deps.timeZone, run.unitId, run.slot);
    return period ? loadPeriodState(tx, period) : null;
  });
  if (!state) return null;
  const today = localDateOf(now, deps.timeZone);
  const targets =
    run.job === 'self-reminder'
      ? selfReminderTargets(state, today, headsListDueBy(state, run.slot, deps.timeZone))
      : reviewReminderTargets(state, today);
  return { state, targets };
}

async function remind(deps: SchedulerDeps, now: Date, run: JobRun): Promise<JobResult> {
  const plan = await reminderPlan(deps, now, run);
  if (!plan) {
    deps.logger.warn({ job: run.job, unitId: run.unitId }, 'reminder: no period opened for this quarter; nothing to remind');
    return { detail: { noPeriod: true } };
  }
  const { state, targets } = plan;
  const ref = { job: run.job, unitId: run.unitId, slot: run.slot };
  const summary = await sendReminders(deps, ref, targets, now);
  await sendDeliveryReport(deps, ref, officeRecipients(state, false), summary, now);
  return { detail: { period: state.period.code, targets: targets.length, alreadyDone: summary.alreadyDone, ...summary.counts } };
}

/** True when the department list is due on or before the self-reminder's day (seed 000: Q4, on 10 December). */
function headsListDueBy(state: PeriodState, slot: number, timeZone: string): boolean {
  const slotDate = localDateOf(new Date(slot), timeZone);
  return state.period.departmentDeadline <= slotDate;
}
