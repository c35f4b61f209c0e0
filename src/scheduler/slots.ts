/**
 * Pure slot arithmetic: which scheduled instants ("slots") of a job fall between two instants, and until when a
 * slot is still worth running. node-cron neither persists nor replays missed runs, so the catch-up on start-up
 * enumerates slots itself from the same `JobDefinition`s node-cron is given (the supported cron subset: numbers,
 * lists, ranges, steps and `*`; day-of-month AND day-of-week like node-cron).
 */
import type { PeriodDates } from '../scoring/period-calendar.js';
import type { JobDefinition, JobName, LocalDay } from './schedule.js';

const DAY_MS = 86_400_000;
/** The Zalo-window check runs hourly; a missed check is covered by the next one. */
const NUDGE_SLOT_MS = 3_600_000;
const FIELD_RANGES: [number, number][] = [
  [0, 59], // minute
  [0, 23], // hour
  [1, 31], // day of month
  [1, 12], // month
  [0, 7], // day of week (0 and 7 = Sunday)
];

/** A parsed five-field cron expression. */
export interface CronFields {
  minutes: number[];
  hours: number[];
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
}

/** Parses the cron subset used by `schedule.ts`; throws on anything else (a seconds field, names, L/W/#). */
export function parseCron(expression: string): CronFields {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron expression must have 5 fields: "${expression}"`);
  const fields = parts.map((part, i) => parseField(part, FIELD_RANGES[i] ?? [0, 0]));
  const dow = new Set((fields[4] ?? []).map((d) => (d === 7 ? 0 : d)));
  return {
    minutes: fields[0] ?? [],
    hours: fields[1] ?? [],
    daysOfMonth: new Set(fields[2]),
    months: new Set(fields[3]),
    daysOfWeek: dow,
  };
}

/** Slots of `def` in the half-open interval (`fromMs`, `toMs`], oldest first. */
export function slotsBetween(def: JobDefinition, fromMs: number, toMs: number, timeZone: string): number[] {
  const cron = parseCron(def.expression);
  const out: number[] = [];
  const first = localPartsOf(fromMs, timeZone);
  const last = localPartsOf(toMs, timeZone);
  // Walk local calendar days (noon UTC of the local date avoids any offset edge).
  for (let t = Date.UTC(first.year, first.month - 1, first.day, 12); ; t += DAY_MS) {
    const d = new Date(t);
    const day: LocalDay = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
    if (matchesDay(cron, day) && (!def.filter || def.filter(day))) {
      for (const hour of cron.hours) {
        for (const minute of cron.minutes) {
          const slot = zonedTimeToUtc(day.year, day.month, day.day, hour, minute, timeZone);
          if (slot > fromMs && slot <= toMs) out.push(slot);
        }
      }
    }
    if (day.year === last.year && day.month === last.month && day.day === last.day) break;
  }
  return out.sort((a, b) => a - b);
}

/** The latest slot of `def` at or before `atMs` (looking back at most `lookbackMs`), or null. */
export function latestSlot(def: JobDefinition, atMs: number, timeZone: string, lookbackMs = 40 * DAY_MS): number | null {
  const slots = slotsBetween(def, atMs - lookbackMs, atMs, timeZone);
  return slots.at(-1) ?? null;
}

/**
 * Until when (ms, inclusive) a slot is worth running late. A reminder reminds of a deadline (the last allowed local
 * day, inclusive); once that day is over the reminder is pointless and the slot is skipped (the office's status on
 * the 25th lists it). Defaults: the 10th's slot is useful until the end of the 10th, the 20th's until the end of
 * the 20th, the 25th's until the end of the 25th. A slot whose deadline is already behind it when it is due (Q4:
 * the 20 December reminder about lists due on 10 December; a unit that moved its reminder days) still runs on time
 * with "đã quá hạn" wording, so late it stays useful until the end of its own day, like the on-time run. An hourly
 * Zalo-window check is superseded by the next one; the honour list stays useful until the end of the ceremony month.
 */
export function slotUsefulUntil(
  job: JobName,
  slotMs: number,
  context: { timeZone: string; deadlines?: PeriodDates },
): number {
  const { timeZone, deadlines } = context;
  const slotDay = localPartsOf(slotMs, timeZone);
  const slotDate = `${slotDay.year}-${pad(slotDay.month)}-${pad(slotDay.day)}`;
  const endOfDay = (date: string) => {
    const [y, m, d] = date.split('-').map(Number);
    return zonedTimeToUtc(y ?? 1970, m ?? 1, (d ?? 1) + 1, 0, 0, timeZone) - 1;
  };
  const later = (deadline: string | undefined) => endOfDay(deadline && deadline > slotDate ? deadline : slotDate);
  switch (job) {
    case 'self-reminder':
      return later(deadlines?.selfDeadline);
    case 'review-reminder':
      return later(deadlines?.departmentDeadline);
    case 'office-status':
      return later(deadlines?.officeDeadline);
    case 'zalo-nudge':
      return slotMs + NUDGE_SLOT_MS - 1;
    case 'honours':
      return zonedTimeToUtc(slotDay.year, slotDay.month + 1, 1, 0, 0, timeZone) - 1;
    // Daily jobs: the organisation index's reminder (of the days before a completion date) and the housekeeping
    // purge are useful on their own day only.
    case 'org-reminder':
    case 'housekeeping':
      return endOfDay(slotDate);
  }
}

/** Local wall-clock parts of an instant in `timeZone`. */
export function localPartsOf(ms: number, timeZone: string): LocalDay & { hour: number; minute: number } {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const year = get('year');
  const month = get('month');
  const day = get('day');
  return {
    year,
    month,
    day,
    hour: get('hour') % 24,
    minute: get('minute'),
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

/** The instant at which the wall clock in `timeZone` shows the given local time (day overflow allowed). */
export function zonedTimeToUtc(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall - offsetAt(wall, timeZone);
  guess = wall - offsetAt(guess, timeZone);
  return guess;
}

function offsetAt(ms: number, timeZone: string): number {
  const p = localPartsOf(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(ms / 60_000) * 60_000;
}

function matchesDay(cron: CronFields, day: LocalDay): boolean {
  return cron.months.has(day.month) && cron.daysOfMonth.has(day.day) && cron.daysOfWeek.has(day.weekday);
}

function parseField(text: string, [min, max]: [number, number]): number[] {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const m = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(item);
    if (!m || !m[1]) throw new Error(`unsupported cron field "${text}"`);
    const step = m[2] ? Number(m[2]) : 1;
    let lo = min;
    let hi = max;
    if (m[1] !== '*') {
      const [a, b] = m[1].split('-').map(Number);
      lo = a ?? min;
      hi = b ?? (m[2] ? max : lo);
    }
    if (lo < min || hi > max || lo > hi || step < 1) throw new Error(`cron field out of range "${text}"`);
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, fmt);
  }
  return fmt;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
