/**
 * The quarterly calendar of seed 000 ("Chiến binh số", Đắk Nông): period codes (`2026-Q4`), the quarter a moment
 * falls in (in the unit's time zone), and the default deadlines of a quarter.
 *
 * Deadlines in the seed read "trước ngày 10/20/25" of the quarter's last month, and the unit works to them as due
 * ON that day (the reminders go out at 08:00 on the 10th, 20th and 25th and must still be actionable). So the stored
 * deadline is the last allowed local calendar day, inclusive: self-assessment → the 10th; department list → the
 * 20th (Q4: 10 December); office compilation → the 25th. Late means after that day has ended in the unit's time
 * zone (`today > deadline` on local dates). Pure: no I/O, dates are local `YYYY-MM-DD` strings.
 */

/** The default time zone of every unit (Vietnam has no daylight saving). */
export const DEFAULT_TIMEZONE = 'Asia/Ho_Chi_Minh';

export type Quarter = 1 | 2 | 3 | 4;

/** A quarter of a year. */
export interface QuarterRef {
  year: number;
  quarter: Quarter;
}

/** The dates of a period, all local `YYYY-MM-DD`, inclusive. */
export interface PeriodDates {
  startsOn: string;
  endsOn: string;
  /** Last day (inclusive) to self-assess and send to the head (seed: the 10th of the last month). */
  selfDeadline: string;
  /** Last day (inclusive) for the head to send the department list (the 20th; Q4: 10 December). */
  departmentDeadline: string;
  /** Last day (inclusive) for the office to report the whole unit to the director (the 25th). */
  officeDeadline: string;
}

const PERIOD_CODE = /^(\d{4})-Q([1-4])$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The quarter a moment falls in, in the given time zone (default Asia/Ho_Chi_Minh). */
export function quarterOf(date: Date, timeZone: string = DEFAULT_TIMEZONE): QuarterRef {
  const { year, month } = localParts(date, timeZone);
  return { year, quarter: toQuarter(Math.floor((month - 1) / 3) + 1) };
}

/** The local calendar date (`YYYY-MM-DD`) of a moment in the given time zone. */
export function localDateOf(date: Date, timeZone: string = DEFAULT_TIMEZONE): string {
  const { year, month, day } = localParts(date, timeZone);
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** `periodCode(2026, 4)` → `2026-Q4`. */
export function periodCode(year: number, quarter: number): string {
  return `${year}-Q${toQuarter(quarter)}`;
}

/** `2026-Q4` → `{ year: 2026, quarter: 4 }`, or null when the text is not a period code. */
export function parsePeriodCode(code: string): QuarterRef | null {
  const m = PERIOD_CODE.exec(code.trim().toUpperCase());
  if (!m) return null;
  return { year: Number(m[1]), quarter: toQuarter(Number(m[2])) };
}

/** The seed 000 dates of a quarter: its first and last day and the three deadlines. */
export function defaultDeadlines(year: number, quarter: number): PeriodDates {
  const q = toQuarter(quarter);
  const firstMonth = (q - 1) * 3 + 1;
  const lastMonth = q * 3;
  const day = (month: number, d: number) => `${year}-${pad(month)}-${pad(d)}`;
  return {
    startsOn: day(firstMonth, 1),
    endsOn: day(lastMonth, daysInMonth(year, lastMonth)),
    selfDeadline: day(lastMonth, 10),
    departmentDeadline: q === 4 ? day(12, 10) : day(lastMonth, 20),
    officeDeadline: day(lastMonth, 25),
  };
}

/** True when `text` is a real calendar date written `YYYY-MM-DD`. */
export function isLocalDate(text: string): boolean {
  const m = LOCAL_DATE.exec(text);
  if (!m) return false;
  const month = Number(m[2]);
  const d = Number(m[3]);
  return month >= 1 && month <= 12 && d >= 1 && d <= daysInMonth(Number(m[1]), month);
}

function toQuarter(n: number): Quarter {
  if (n === 1 || n === 2 || n === 3 || n === 4) return n;
  throw new RangeError(`Quý phải từ 1 đến 4 (nhận ${n})`);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(date: Date, timeZone: string): { year: number; month: number; day: number } {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}
