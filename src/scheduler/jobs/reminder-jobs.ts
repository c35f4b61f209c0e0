/**
 * The reminder jobs of the 10th and the 20th, and the hourly Zalo-window nudge before them. Each is a plain
 * `(deps, now, run)` function; recipients come from `targets.ts`, delivery from `send-reminders.ts`.
 */
import { queueZaloNudges, peopleNeedingNudge } from '../../channels/zalo/window-policy.js';
import { localDateOf } from '../../scoring/period-calendar.js';
import type { SchedulerDeps } from '../deps.js';
import { jobDefinitions } from '../schedule.js';
import { slotsBetween } from '../slots.js';
import { periodOfSlot, type JobFn, type JobResult, type JobRun } from './job-types.js';
import { loadPeriodState, type PeriodState } from './period-state.js';
import { sendDeliveryReport, sendReminders } from './send-reminders.js';
import { officeRecipients, reviewReminderTargets, selfReminderTargets, type ReminderTarget } from './targets.js';

const WEEK_MS = 7 * 86_400_000;

/** 10th: everyone who has not submitted; heads too when their list is due by then (December). */
export const selfReminderJob: JobFn = async (deps, now, run) =>
  remind(deps, now, run, (state, today) => selfReminderTargets(state, today, headsListDueBy(state, run, deps)));

/** 20th: heads with pending reviews or an unsent list; leaders in charge with pending comments. */
export const reviewReminderJob: JobFn = async (deps, now, run) =>
  remind(deps, now, run, (state, today) => reviewReminderTargets(state, today));

/**
 * Hourly in the weeks before the reminders: people who will be reminded in the next 7 days and whose Zalo window
 * would close before then are nudged while it is still open (one nudge per window; see window-policy.ts).
 */
export const zaloNudgeJob: JobFn = async (deps, now, run) => {
  const at = now.getTime();
  const upcoming = jobDefinitions(run.settings).filter(
    (d) => d.name === 'self-reminder' || d.name === 'review-reminder' || d.name === 'office-status',
  );
  const candidates = new Map<number, ReturnType<typeof peopleNeedingNudge>[number]>();
  let reminders = 0;
  // The slots of one week nearly always fall in the same period: load its snapshot once per run.
  const states = new Map<number, PeriodState>();
  for (const def of upcoming) {
    for (const reminderAt of slotsBetween(def, at, at + WEEK_MS, deps.timeZone)) {
      const period = periodOfSlot(deps, run.unitId, reminderAt);
      if (!period) continue;
      reminders += 1;
      let state = states.get(period.id);
      if (!state) {
        state = loadPeriodState(deps.db, period);
        states.set(period.id, state);
      }
      const today = localDateOf(new Date(reminderAt), deps.timeZone);
      const targets =
        def.name === 'self-reminder'
          ? selfReminderTargets(state, today, headsListDueBy(state, { ...run, slot: reminderAt }, deps))
          : def.name === 'review-reminder'
            ? reviewReminderTargets(state, today)
            : officeRecipients(state, true).map((p) => ({ personId: p.id }));
      if (targets.length === 0) continue;
      for (const c of peopleNeedingNudge(deps.db, run.unitId, at, { reminderAt, personIds: targets.map((t) => t.personId) })) {
        candidates.set(c.accountId, c);
      }
    }
  }
  const queued = queueZaloNudges(deps.outbox, [...candidates.values()], at);
  return { detail: { upcomingReminders: reminders, nudged: queued } };
};

async function remind(
  deps: SchedulerDeps,
  now: Date,
  run: JobRun,
  targetsOf: (state: PeriodState, today: string) => ReminderTarget[],
): Promise<JobResult> {
  const period = periodOfSlot(deps, run.unitId, run.slot);
  if (!period) {
    deps.logger.warn({ job: run.job, unitId: run.unitId }, 'reminder: no period opened for this quarter; nothing to remind');
    return { detail: { noPeriod: true } };
  }
  const state = loadPeriodState(deps.db, period);
  const today = localDateOf(now, deps.timeZone);
  const targets = targetsOf(state, today);
  const ref = { job: run.job, unitId: run.unitId, slot: run.slot };
  const summary = sendReminders(deps, ref, targets, now);
  sendDeliveryReport(deps, ref, officeRecipients(state, false), summary, now);
  return { detail: { period: period.code, targets: targets.length, alreadyDone: summary.alreadyDone, ...summary.counts } };
}

/** True when the department list is due on or before the self-reminder's day (seed 000: Q4, on 10 December). */
function headsListDueBy(state: PeriodState, run: JobRun, deps: SchedulerDeps): boolean {
  const slotDate = localDateOf(new Date(run.slot), deps.timeZone);
  return state.period.departmentDeadline <= slotDate;
}
