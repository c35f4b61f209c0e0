/**
 * Reminders of the organisation index (issue 13, item 2): a daily job that, 7 days and 1 day before each
 * indicator's completion date (seed 003: 31/3, 30/6, 30/9, 31/10) and before the entry and signing deadline (before
 * 11/11), reminds whoever still owes an answer (the indicator's assignees while it is unanswered or returned).
 * Each person gets one message per day listing their indicators; `send-reminders.ts` records it with its outbox
 * row exactly once (dedupe key `reminder:org-reminder:<unit>:<slot>:<person>`).
 */
import { addDays, localDateOf } from '../../scoring/period-calendar.js';
import { completionDate } from '../../org-index/org-calendar.js';
import { loadOrgYear, type OrgYear } from '../../org-index/org-year.js';
import type { JobFn, JobResult } from './job-types.js';
import { sendReminders } from './send-reminders.js';
import type { ReminderTarget } from './targets.js';

/** Days before a date on which the reminder goes out. */
export const ORG_REMINDER_DAYS_BEFORE = [7, 1] as const;

/** Who is reminded on `today` (local date) for one year, with their lines. Pure. */
export function orgReminderTargets(year: OrgYear, today: string, names: ReadonlyMap<number, string>): ReminderTarget[] {
  if (year.period.status !== 'open') return [];
  const soon = (date: string) => ORG_REMINDER_DAYS_BEFORE.some((d) => addDays(date, -d) === today);
  const entrySoon = soon(year.calendar.entryDeadline);
  const owed = new Map<number, Map<string, string[]>>();
  for (const c of year.rubric.criteria) {
    const status = year.answers.get(c.id)?.status;
    if (status !== undefined && status !== 'returned') continue;
    const due = completionDate(year.calendar, c.id);
    if (!entrySoon && !soon(due)) continue;
    for (const a of year.assignments) {
      if (a.criterionId !== c.id) continue;
      const byDate = owed.get(a.personId) ?? new Map<string, string[]>();
      byDate.set(due, [...(byDate.get(due) ?? []), c.id]);
      owed.set(a.personId, byDate);
    }
  }
  const targets: ReminderTarget[] = [];
  for (const [personId, byDate] of owed) {
    const lines = [`⏰ Nhắc Bộ chỉ số chuyển đổi số năm ${year.period.year}: anh/chị còn chỉ số chưa trả lời.`];
    for (const [date, ids] of [...byDate].sort(([x], [y]) => x.localeCompare(y))) lines.push(`• Hạn hoàn thành ${vn(date)}: ${ids.join(', ')}`);
    if (entrySoon) lines.push(`Hạn nhập số liệu và ký số: ${vn(year.calendar.entryDeadline)}.`);
    lines.push('Gõ /chiso để trả lời và gửi tài liệu kiểm chứng.');
    targets.push({ personId, fullName: names.get(personId) ?? `#${personId}`, lines });
  }
  return targets.sort((a, b) => a.personId - b.personId);
}

export const orgReminderJob: JobFn = async (deps, now, run): Promise<JobResult> => {
  const today = localDateOf(now, deps.timeZone);
  const targets = await deps.store.read(async (tx) => {
    const periods = (await tx.orgIndex.listPeriodsOfUnit(run.unitId)).filter((p) => p.status === 'open');
    if (periods.length === 0) return [];
    const names = new Map((await tx.staff.listPeople(run.unitId)).filter((p) => p.active).map((p) => [p.id, p.fullName]));
    const all: ReminderTarget[] = [];
    for (const p of periods) {
      const year = await loadOrgYear(tx, p.id);
      if (year) all.push(...orgReminderTargets(year, today, names));
    }
    // One message per person a day: several open years of one unit are merged.
    const merged = new Map<number, ReminderTarget>();
    for (const t of all) {
      const seen = merged.get(t.personId);
      merged.set(t.personId, seen ? { ...seen, lines: [...seen.lines, '', ...t.lines] } : t);
    }
    return [...merged.values()].filter((t) => names.has(t.personId));
  });
  if (targets.length === 0) return { detail: { targets: 0 } };
  const summary = await sendReminders(deps, { job: run.job, unitId: run.unitId, slot: run.slot }, targets, now);
  return { detail: { targets: targets.length, alreadyDone: summary.alreadyDone, ...summary.counts } };
};

function vn(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}
