/**
 * Changing a period's deadlines (self-assessment, department list, office compilation) after it was opened: the
 * office moves a Q4 self-assessment earlier than the department list (seed 000 has both on 10 December), or gives
 * a late quarter a few more days. The dates are checked like `openPeriod`'s (real days, in the seed's order), a
 * finalised quarter keeps its dates, and every change is audited with the dates before and after. The quarter's
 * own span (`startsOn`, `endsOn`) is not a deadline and does not change here.
 *
 * Call inside a unit of work; refusals throw {@link PeriodError} (nothing is stored). Who may call it is the
 * caller's check (the dashboard: `canCompile`, the office).
 */
import type { PeriodDates } from '../scoring/period-calendar.js';
import type { PeriodRecord } from '../store/periods.js';
import type { Tx } from '../store/store.js';
import { checkDates, findPeriod, normalisePeriodCode } from './open-period.js';
import { PeriodError } from './period-error.js';

/** The dates that may change after opening. */
export const DEADLINE_FIELDS = ['selfDeadline', 'departmentDeadline', 'officeDeadline'] as const;
export type DeadlineField = (typeof DEADLINE_FIELDS)[number];

export interface ChangeDeadlinesInput {
  unitId: string;
  /** `2026-Q4` (any spelling). */
  periodCode: string;
  /** The new deadlines (`YYYY-MM-DD`); fields left out keep their date. */
  deadlines: Partial<Record<DeadlineField, string>>;
  at: number;
  actorPersonId: number | null;
  channel: string;
}

/** What changed: the period after, the dates before, and which fields moved (empty when nothing did). */
export interface DeadlinesChange {
  period: PeriodRecord;
  before: Pick<PeriodDates, DeadlineField>;
  changed: DeadlineField[];
}

/** Sets the period's deadlines (checked, audited as `period.deadlines_changed`); nothing is written if none moved. */
export async function changeDeadlines(tx: Pick<Tx, 'periods' | 'audit'>, input: ChangeDeadlinesInput): Promise<DeadlinesChange> {
  const period = await findPeriod(tx, input.unitId, input.periodCode);
  if (!period) {
    throw new PeriodError({ code: 'unknown-period', unitId: input.unitId, periodCode: normalisePeriodCode(input.periodCode) ?? input.periodCode.trim() });
  }
  if (period.status === 'finalised') throw new PeriodError({ code: 'finalised', periodCode: period.code });
  const before = { selfDeadline: period.selfDeadline, departmentDeadline: period.departmentDeadline, officeDeadline: period.officeDeadline };
  const after = { ...before };
  for (const field of DEADLINE_FIELDS) {
    const value = input.deadlines[field]?.trim();
    if (value) after[field] = value;
  }
  checkDates({ startsOn: period.startsOn, endsOn: period.endsOn, ...after });
  const changed = DEADLINE_FIELDS.filter((f) => after[f] !== before[f]);
  if (changed.length === 0) return { period, before, changed };
  const updated = await tx.periods.setDates(period.id, Object.fromEntries(changed.map((f) => [f, after[f]])));
  await tx.audit.record({
    at: input.at,
    unitId: input.unitId,
    actorPersonId: input.actorPersonId,
    channel: input.channel,
    action: 'period.deadlines_changed',
    entityType: 'period',
    entityId: String(period.id),
    periodId: period.id,
    before: Object.fromEntries(changed.map((f) => [f, before[f]])),
    after: Object.fromEntries(changed.map((f) => [f, after[f]])),
  });
  return { period: updated, before, changed };
}
