/**
 * The yearly calendar of an organisation index (seed 003 III.1) from the rubric's `calendar` data: the data window
 * (1/11 of the previous year to 1/11), the entry and digital-signing deadline, each indicator's completion date,
 * the steering committee's verification and the approval month. Why pure and from data: each unit may change
 * these dates later; the seed's values are its rubric's defaults (issue 13). Dates are local `YYYY-MM-DD`.
 */
import { addDays } from './period-calendar.js';
import type { DayOfYear, Rubric } from './rubric-schema.js';

/** The dates of one index year. */
export interface IndexYearCalendar {
  year: number;
  dataFrom: string;
  dataTo: string;
  /** Last day (inclusive) to enter the data and sign the evidence digitally. */
  entryDeadline: string;
  /** Each indicator's completion date; indicators without one are due with the data entry. */
  completion: { criterionId: string; date: string }[];
  /**
   * The verification runs after the entry deadline; the seed gives it no end of its own, only that the results
   * are approved within the approval month, so `to` is the last day of that month.
   */
  verification: { by: string; from: string; to: string };
  approval: { by: string; from: string; to: string };
  leadRole: string | null;
}

/** The calendar of `year`, or null when the rubric has no yearly calendar. */
export function indexYearCalendar(rubric: Rubric, year: number): IndexYearCalendar | null {
  const cal = rubric.calendar;
  if (!cal) return null;
  const entryDeadline = dayOf(cal.entryDeadline, year);
  const approvalFrom = `${year}-${pad(cal.approval.month)}-01`;
  const approvalTo = addDays(cal.approval.month === 12 ? `${year + 1}-01-01` : `${year}-${pad(cal.approval.month + 1)}-01`, -1);
  return {
    year,
    dataFrom: dayOf(cal.dataWindow.from, year),
    dataTo: dayOf(cal.dataWindow.to, year),
    entryDeadline,
    completion: rubric.criteria.map((c) => ({
      criterionId: c.id,
      date: c.due === undefined ? entryDeadline : dayOf({ date: c.due, yearOffset: 0 }, year),
    })),
    verification: { by: cal.verification.by, from: addDays(entryDeadline, 1), to: approvalTo },
    approval: { by: cal.approval.by, from: approvalFrom, to: approvalTo },
    leadRole: cal.leadRole ?? null,
  };
}

function dayOf(day: DayOfYear, year: number): string {
  const [d, m] = day.date.split('.').map(Number);
  return `${year + day.yearOffset}-${pad(m ?? 1)}-${pad(d ?? 1)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
