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

/**
 * How a person is told to write a date (`YYYY-MM-DD`), in Vietnamese terms. Every usage text, refusal and form
 * message that asks for such a date says it this way (the CLI, the dashboard, the contest and index files).
 */
export const LOCAL_DATE_FORMAT = 'năm-tháng-ngày, ví dụ 2026-12-20';

/** The refusal of a date that is not a real `YYYY-MM-DD` day: `Hạn tự đánh giá "05/12/2026" không hợp lệ: ghi theo dạng năm-tháng-ngày, ví dụ 2026-12-20`. */
export function invalidDateText(label: string, value: string): string {
  return `${label} "${value}" không hợp lệ: ghi theo dạng ${LOCAL_DATE_FORMAT}`;
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

/**
 * Seed 000's pilot: "Triển khai thực hiện thí điểm … từ ngày 01/9/2024 đến ngày 30/11/2024" — not a quarter.
 * Deadlines follow the quarterly rule applied to the pilot's last month (the 10th, 20th and 25th of November);
 * December 2024 is the review ("đánh giá, rút kinh nghiệm"), official quarters start in January 2025.
 */
export const PILOT_2024: Readonly<PeriodDates & { code: string; label: string }> = Object.freeze({
  code: '2024-TD',
  label: 'Thí điểm 01/9/2024 – 30/11/2024',
  startsOn: '2024-09-01',
  endsOn: '2024-11-30',
  selfDeadline: '2024-11-10',
  departmentDeadline: '2024-11-20',
  officeDeadline: '2024-11-25',
});

/** Whether a period code is the pilot's (`2024-TD`). */
export function isPilotCode(code: string): boolean {
  return code.trim().toUpperCase() === PILOT_2024.code;
}

/** The window an article must fall in for a quarter's "Ít nhất 1 bài/6 tháng" (seed 000 II.3.b). */
export interface ArticleWindowDates {
  from: string;
  to: string;
  /**
   * false under `half-year` in the first quarter of a half (Q1, Q3): the half-year is not over, so the
   * condition is judged at its end (Q2, Q4); an article already published counts.
   */
  checked: boolean;
}

/**
 * The article window of a quarter: `last-6-months` (default) = the six calendar months ending with the quarter
 * (2026-Q4: 1/7–31/12/2026; 2026-Q1: 1/10/2025–31/3/2026); `half-year` = the calendar half the quarter is in,
 * up to the quarter's end (Q1: 1/1–31/3, Q2: 1/1–30/6, Q3: 1/7–30/9, Q4: 1/7–31/12).
 */
export function articleWindow(ref: QuarterRef, window: 'last-6-months' | 'half-year' = 'last-6-months'): ArticleWindowDates {
  const { endsOn } = defaultDeadlines(ref.year, ref.quarter);
  const lastMonth = ref.quarter * 3;
  if (window === 'half-year') {
    const firstMonth = ref.quarter <= 2 ? 1 : 7;
    return { from: `${ref.year}-${pad(firstMonth)}-01`, to: endsOn, checked: ref.quarter === 2 || ref.quarter === 4 };
  }
  const start = lastMonth - 5;
  const from = start >= 1 ? `${ref.year}-${pad(start)}-01` : `${ref.year - 1}-${pad(start + 12)}-01`;
  return { from, to: endsOn, checked: true };
}

/**
 * Whether a criterion is the seed's "Ít nhất 1 bài/6 tháng" count (seed 000 II.3.b), the one the unit's
 * `articleWindow` reads: a min-count condition whose question counts over six months. Why by its words: the window
 * is a reading of these words, and the rubric file keeps its version (a changed definition is a new rubric version).
 */
export function isSixMonthArticleCount(criterion: { kind: string; question: string; test?: { type: string } }): boolean {
  return criterion.kind === 'condition' && criterion.test?.type === 'min-count' && /6\s*tháng/u.test(criterion.question);
}

/**
 * The line under the article question: the dates the count covers under the unit's setting, e.g. "Khoảng thời gian
 * tính (6 tháng gần nhất): 01/07/2026 – 31/12/2026". Null for a period that is not a quarter (the pilot `2024-TD`).
 */
export function articleWindowLine(period: { code: string; year: number; quarter: number }, window: 'last-6-months' | 'half-year'): string | null {
  if (isPilotCode(period.code) || period.quarter < 1 || period.quarter > 4) return null;
  const dates = articleWindow({ year: period.year, quarter: toQuarter(period.quarter) }, window);
  const label = window === 'half-year' ? 'theo nửa năm' : '6 tháng gần nhất';
  const later = dates.checked ? '' : ' — nửa năm chưa kết thúc: điều kiện được xét ở Quý cuối nửa năm, bài đã đăng vẫn được tính';
  return `🗓️ Khoảng thời gian tính (${label}): ${vnDate(dates.from)} – ${vnDate(dates.to)}${later}`;
}

/** A period whose self-assessment is due no earlier than the department list (seed 000 Q4: both 10 December). */
export interface DeadlineConflict {
  selfDeadline: string;
  departmentDeadline: string;
  /** An earlier self-assessment date that leaves the heads `gapDays` days for the department meeting. */
  suggestedSelfDeadline: string;
  message: string;
}

/**
 * Flags a period whose self-assessment deadline is not before the department-list deadline (seed 000 Q4: "riêng
 * đối với Quý IV gửi trước ngày 10 tháng 12" while people self-assess "trước ngày 10 tháng cuối từng Quý"), and
 * suggests a self-assessment date `gapDays` earlier (default 5: 5 December), never before the period starts.
 * Null when the order is fine. Pure: shown when the period is opened; the unit decides.
 */
export function selfDeadlineConflict(dates: PeriodDates, gapDays = 5): DeadlineConflict | null {
  if (dates.selfDeadline < dates.departmentDeadline) return null;
  let suggested = addDays(dates.departmentDeadline, -gapDays);
  if (suggested < dates.startsOn) suggested = dates.startsOn;
  return {
    selfDeadline: dates.selfDeadline,
    departmentDeadline: dates.departmentDeadline,
    suggestedSelfDeadline: suggested,
    message:
      `Hạn tự đánh giá (${vnDate(dates.selfDeadline)}) trùng hoặc muộn hơn hạn phòng gửi danh sách (${vnDate(dates.departmentDeadline)}): ` +
      `Trưởng phòng không còn thời gian họp phòng. Đề nghị đặt hạn tự đánh giá sớm hơn, ví dụ ${vnDate(suggested)}.`,
  };
}

/** `YYYY-MM-DD` plus `days` (negative: earlier), as a local date. */
export function addDays(date: string, days: number): string {
  const m = LOCAL_DATE.exec(date);
  if (!m) throw new RangeError(`Ngày không hợp lệ: ${date}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** `2026-12-05` → `05/12/2026`. */
function vnDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}
