/**
 * The one place that says WHEN each job runs: a cron expression per job (node-cron syntax) plus, where a cron
 * expression cannot say it, a pure filter on the local date.
 *
 * node-cron combines day-of-month and day-of-week with AND (unlike Vixie cron's OR), so every expression here
 * restricts only ONE day field (day-of-month) and leaves day-of-week `*`. "The first working day of a quarter"
 * cannot be written that way, so the honours job fires on days 1–4 of the quarter's first month and the filter
 * keeps the first working day only. The same definitions drive node-cron (start-scheduler.ts) and the catch-up
 * (slots.ts), so both agree on which slots exist.
 */
import type { SchedulerSettings } from './settings.js';

export const JOB_NAMES = ['self-reminder', 'review-reminder', 'office-status', 'zalo-nudge', 'honours', 'org-reminder', 'housekeeping'] as const;
/** A scheduled job's name (also the `job_runs.job_name` and part of every reminder's dedupe key). */
export type JobName = (typeof JOB_NAMES)[number];

/** Months in which each quarter ends (the reminders run in the quarter's last month). */
export const QUARTER_LAST_MONTHS = '3,6,9,12';
/** Months in which each quarter starts (the honour list of the previous quarter is posted then). */
export const QUARTER_FIRST_MONTHS = '1,4,7,10';

/** A local calendar date (Asia/Ho_Chi_Minh). `weekday`: 0 = Sunday … 6 = Saturday. */
export interface LocalDay {
  year: number;
  month: number;
  day: number;
  weekday: number;
}

/** When a job runs, for one unit. */
export interface JobDefinition {
  name: JobName;
  /** node-cron expression with five fields; only day-of-month is restricted (AND semantics, see above). */
  expression: string;
  /** Extra condition on the local date, for what cron cannot express. */
  filter?: (day: LocalDay) => boolean;
}

/** Hours at which the Zalo-window nudge job looks for people to nudge (Zalo nudges only go out in daytime). */
const NUDGE_HOURS = '8-19';
/** Zalo's consultation window, in days. */
const NUDGE_WINDOW_DAYS = 7;

/** Dates that are never working days whatever the weekday (fixed-date public holidays near a quarter's start). */
const FIXED_HOLIDAYS = new Set(['01-01']);

/**
 * The daily clean-up of the whole instance (not of a unit: its slots are recorded under {@link HOUSEKEEPING_UNIT}).
 * 03:30 local, when nobody answers.
 */
export const HOUSEKEEPING_JOB: JobDefinition = { name: 'housekeeping', expression: '30 3 * * *' };
/** The `job_runs.unit_id` of instance-wide jobs. */
export const HOUSEKEEPING_UNIT = '*';

/** The job definitions of a unit, from its settings (disabled jobs are left out). */
export function jobDefinitions(settings: SchedulerSettings): JobDefinition[] {
  const defs: JobDefinition[] = [];
  const r = settings.reminders;
  if (r.enabled) {
    const [hour, minute] = hm(r.time);
    const at = (days: string) => `${minute} ${hour} ${days} ${QUARTER_LAST_MONTHS} *`;
    defs.push({ name: 'self-reminder', expression: at(String(r.selfDay)) });
    defs.push({ name: 'review-reminder', expression: at(String(r.reviewDay)) });
    defs.push({ name: 'office-status', expression: at(String(r.officeDay)) });
    // The organisation index (issue 13): every day; the job itself picks the days before each completion date.
    defs.push({ name: 'org-reminder', expression: `${minute} ${hour} * * *` });
    if (r.zaloNudge) {
      defs.push({ name: 'zalo-nudge', expression: `${minute} ${NUDGE_HOURS} * ${nudgeMonths(settings).join(',')} *` });
    }
  }
  if (settings.honours.enabled) {
    const [hour, minute] = hm(settings.honours.time);
    defs.push({
      name: 'honours',
      expression: `${minute} ${hour} 1-4 ${QUARTER_FIRST_MONTHS} *`,
      filter: isFirstWorkingDayOfMonth,
    });
  }
  return defs;
}

/** True on the first Monday–Friday of the month that is not a fixed public holiday (1 January). */
export function isFirstWorkingDayOfMonth(day: LocalDay): boolean {
  if (!isWorkingDay(day)) return false;
  for (let d = 1; d < day.day; d++) {
    const weekday = (day.weekday - (day.day - d) + 7 * 5) % 7;
    if (isWorkingDay({ year: day.year, month: day.month, day: d, weekday })) return false;
  }
  return true;
}

function isWorkingDay(day: LocalDay): boolean {
  if (day.weekday === 0 || day.weekday === 6) return false;
  return !FIXED_HOLIDAYS.has(`${pad(day.month)}-${pad(day.day)}`);
}

/**
 * Months in which a nudge may be needed: the quarter's last month, and the month before when a reminder falls in
 * the first week (the 7-day window then starts in the previous month).
 */
function nudgeMonths(settings: SchedulerSettings): number[] {
  const r = settings.reminders;
  const early = Math.min(r.selfDay, r.reviewDay, r.officeDay) <= NUDGE_WINDOW_DAYS;
  const months = [3, 6, 9, 12].flatMap((m) => (early ? [m - 1, m] : [m]));
  return months.sort((a, b) => a - b);
}

function hm(text: string): [number, number] {
  const [h, m] = text.split(':').map(Number);
  return [h ?? 8, m ?? 0];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
