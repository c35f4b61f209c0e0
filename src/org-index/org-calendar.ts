/**
 * The calendar of one index year as stored with the period: the rubric's defaults (seed 003 III.1, computed by
 * `indexYearCalendar`) with the unit's overrides (`units.settings.orgIndex.calendar`) and the dates given when the
 * year is opened. Why stored: a later change of the unit's settings or of the rubric must not move the deadlines
 * of a year already running. Dates are local `YYYY-MM-DD` (Asia/Ho_Chi_Minh).
 */
import { z } from 'zod';
import { addDays, isLocalDate, LOCAL_DATE_FORMAT } from '../scoring/period-calendar.js';
import type { Rubric } from '../scoring/rubric-schema.js';
import { indexYearCalendar, type IndexYearCalendar } from '../scoring/year-calendar.js';

const localDate = z.string().refine(isLocalDate, `ngày ghi theo dạng ${LOCAL_DATE_FORMAT}`);
const dayMonth = z.string().regex(/^\d{1,2}\.\d{1,2}$/, 'ngày có dạng DD.MM');

/** The stored calendar (checked on every read). */
export const orgCalendarSchema = z.object({
  year: z.number().int(),
  dataFrom: localDate,
  dataTo: localDate,
  entryDeadline: localDate,
  completion: z.array(z.object({ criterionId: z.string(), date: localDate })),
  verification: z.object({ by: z.string(), from: localDate, to: localDate }),
  approval: z.object({ by: z.string(), from: localDate, to: localDate }),
  leadRole: z.string().nullable(),
});
export type OrgCalendar = z.infer<typeof orgCalendarSchema> & IndexYearCalendar;

/**
 * A unit's standing changes to its rubric's calendar (`units.settings.orgIndex.calendar`): the entry deadline and
 * completion dates as `DD.MM` of the index year, who verifies and approves, the approval month, the lead role.
 */
export const orgCalendarSettingsSchema = z
  .object({
    entryDeadline: dayMonth.optional(),
    completion: z.record(z.string(), dayMonth).optional(),
    verificationBy: z.string().trim().min(1).optional(),
    approvalBy: z.string().trim().min(1).optional(),
    approvalMonth: z.number().int().min(1).max(12).optional(),
    leadRole: z.string().trim().min(1).optional(),
  })
  .strict();
export type OrgCalendarSettings = z.infer<typeof orgCalendarSettingsSchema>;

/** The unit's organisation-index settings inside `units.settings` (other keys belong to other readers). */
export const orgIndexSettingsSchema = z.object({ calendar: orgCalendarSettingsSchema.optional() }).passthrough();

/** Exact dates for one year, given when it is opened (CLI `--entry-deadline`); `openOrgYear` refuses one that is not a real `YYYY-MM-DD` day. */
export interface OrgCalendarDates {
  entryDeadline?: string;
}

/** Reads the unit's `orgIndex` settings; null when absent, an error message when invalid. */
export function readOrgSettings(unitSettings: unknown): { ok: true; settings: OrgCalendarSettings } | { ok: false; message: string } {
  const raw = (unitSettings as { orgIndex?: unknown } | null)?.orgIndex;
  if (raw === undefined) return { ok: true, settings: {} };
  const parsed = orgIndexSettingsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: `Thiết lập orgIndex của đơn vị không hợp lệ: ${parsed.error.issues[0]?.message ?? ''}` };
  return { ok: true, settings: parsed.data.calendar ?? {} };
}

/** The year's calendar: rubric defaults, the unit's settings, then the dates given for this year. Null without a rubric calendar. */
export function resolveOrgCalendar(
  rubric: Rubric,
  year: number,
  settings: OrgCalendarSettings = {},
  dates: OrgCalendarDates = {},
): IndexYearCalendar | null {
  const base = indexYearCalendar(rubric, year) ?? plainYear(rubric, year, dates.entryDeadline);
  if (!base) return null;
  const at = (dm: string) => {
    const [d, m] = dm.split('.').map(Number);
    return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  };
  const entryDeadline = dates.entryDeadline ?? (settings.entryDeadline ? at(settings.entryDeadline) : base.entryDeadline);
  const month = settings.approvalMonth;
  const approval =
    month === undefined
      ? { ...base.approval }
      : { by: base.approval.by, from: `${year}-${String(month).padStart(2, '0')}-01`, to: lastDayOfMonth(year, month) };
  if (settings.approvalBy) approval.by = settings.approvalBy;
  const completion = base.completion.map((c) => {
    const own = settings.completion?.[c.criterionId];
    if (own) return { criterionId: c.criterionId, date: at(own) };
    // Indicators due "with the data entry" follow a moved entry deadline.
    return c.date === base.entryDeadline ? { criterionId: c.criterionId, date: entryDeadline } : c;
  });
  const verification = {
    by: settings.verificationBy ?? base.verification.by,
    from: addDays(entryDeadline, 1),
    to: approval.to,
  };
  return { ...base, entryDeadline, completion, verification, approval, leadRole: settings.leadRole ?? base.leadRole };
}

/**
 * A rubric without a yearly calendar (seed 004 gives none for its frame) runs on the calendar year with the entry
 * deadline given when the year is opened; the results are verified and approved in December. Null without one.
 */
function plainYear(rubric: Rubric, year: number, entryDeadline: string | undefined): IndexYearCalendar | null {
  if (entryDeadline === undefined || !isLocalDate(entryDeadline)) return null;
  return {
    year,
    dataFrom: `${year}-01-01`,
    dataTo: `${year}-12-31`,
    entryDeadline,
    completion: rubric.criteria.map((c) => ({ criterionId: c.id, date: entryDeadline })),
    verification: { by: 'Ban Chỉ đạo chuyển đổi số', from: addDays(entryDeadline, 1), to: `${year}-12-31` },
    approval: { by: 'Hội đồng Thi đua – Khen thưởng', from: `${year}-12-01`, to: `${year}-12-31` },
    leadRole: null,
  };
}

/** The stored calendar, checked. */
export function parseOrgCalendar(raw: unknown): IndexYearCalendar {
  return orgCalendarSchema.parse(raw);
}

/** The completion date of one indicator in a calendar (the entry deadline when it has none). */
export function completionDate(calendar: IndexYearCalendar, criterionId: string): string {
  return calendar.completion.find((c) => c.criterionId === criterionId)?.date ?? calendar.entryDeadline;
}

/** The twelve months of the data window, oldest first, as `{ year, month }` (seed 003: November to October). */
export function windowMonths(calendar: Pick<IndexYearCalendar, 'dataFrom'>): { year: number; month: number }[] {
  const [y, m] = calendar.dataFrom.split('-').map(Number);
  const out: { year: number; month: number }[] = [];
  for (let i = 0; i < 12; i += 1) {
    const index = (m ?? 1) - 1 + i;
    out.push({ year: (y ?? 0) + Math.floor(index / 12), month: (index % 12) + 1 });
  }
  return out;
}

function lastDayOfMonth(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0));
  return d.toISOString().slice(0, 10);
}

