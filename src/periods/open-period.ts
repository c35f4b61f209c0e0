/**
 * Opening a period: the code is checked and normalised (`2026-q4` → `2026-Q4`), the seed 000 deadlines are applied
 * (or overrides), the dates must be real and in order, a unit opens a quarter once, and the rubric is stored as a
 * version so a rubric edited next year never changes last year's scores.
 *
 * The opening is audited here (`period.opened`, in the same unit of work), so the dashboard, the chat and
 * `thidua period open` each record it once without writing the entry themselves.
 *
 * Call inside a unit of work: `await store.transaction((tx) => openPeriod(tx, input))`. Refusals throw
 * {@link PeriodError} (its `refusal` is the data; the transaction rolls back, so nothing is stored).
 */
import { createHash } from 'node:crypto';
import { defaultDeadlines, isLocalDate, parsePeriodCode, type PeriodDates } from '../scoring/period-calendar.js';
import { isRunnable } from '../scoring/frame.js';
import type { Rubric } from '../scoring/rubric-schema.js';
import type { PeriodRecord } from '../store/periods.js';
import type { Tx } from '../store/store.js';
import { PeriodError } from './period-error.js';

export interface OpenPeriodInput {
  unitId: string;
  rubric: Rubric;
  /** `2026-Q4` (case and surrounding spaces do not matter). */
  code: string;
  /** Dates that differ from the seed 000 defaults (undefined entries are ignored). */
  overrides?: Partial<PeriodDates>;
  /**
   * Who opened it, for the audit log. Required so no caller forgets it; `null` only where no person acts (test
   * fixtures, the demo unit built at start-up), and then nothing is audited.
   */
  by: OpenedBy | null;
}

/** Who opened a period and through which channel (`web`, `telegram`, `zalo`, `cli`), and when (epoch ms). */
export interface OpenedBy {
  at: number;
  /** The person acting; null for the command line, which has no signed-in person. */
  actorPersonId: number | null;
  channel: string;
}

/** Opens a period with the seed deadlines (or overrides) and the rubric stored as a version. */
export async function openPeriod(tx: Pick<Tx, 'periods' | 'audit'>, input: OpenPeriodInput): Promise<PeriodRecord> {
  const ref = parsePeriodCode(input.code);
  if (!ref) throw new PeriodError({ code: 'bad-code', input: input.code });
  // A frame template (seed 004) loads but cannot score a period until it is filled in and marked complete.
  const runnable = isRunnable(input.rubric);
  if (!runnable.runnable) throw new PeriodError({ code: 'rubric-not-runnable', rubricId: input.rubric.id, problems: runnable.problems });
  const code = `${ref.year}-Q${ref.quarter}`;
  const dates: PeriodDates = { ...defaultDeadlines(ref.year, ref.quarter), ...definedOnly(input.overrides ?? {}) };
  checkDates(dates);
  if (await tx.periods.find(input.unitId, code)) {
    throw new PeriodError({ code: 'duplicate', unitId: input.unitId, periodCode: code });
  }
  const rubricVersionId = await storeRubricVersion(tx, input.rubric);
  const period = await tx.periods.insert({ unitId: input.unitId, rubricVersionId, code, year: ref.year, quarter: ref.quarter, ...dates });
  if (input.by) {
    await tx.audit.record({
      at: input.by.at,
      unitId: input.unitId,
      actorPersonId: input.by.actorPersonId,
      channel: input.by.channel,
      action: 'period.opened',
      entityType: 'period',
      entityId: String(period.id),
      periodId: period.id,
      after: { code: period.code, rubricId: input.rubric.id, rubricVersion: input.rubric.version },
    });
  }
  return period;
}

/**
 * Stores the rubric as a version, reusing the row when the same id + version has the same definition; refuses a
 * changed definition under an unchanged version (old periods must keep scoring the same).
 */
export async function storeRubricVersion(tx: Pick<Tx, 'periods'>, rubric: Rubric): Promise<number> {
  const definition = JSON.stringify(rubric);
  const sha256 = createHash('sha256').update(definition).digest('hex');
  const existing = await tx.periods.findRubricVersion(rubric.id, rubric.version);
  if (existing) {
    if (existing.sha256 !== sha256) throw new PeriodError({ code: 'rubric-conflict', rubricId: rubric.id, version: rubric.version });
    return existing.id;
  }
  return tx.periods.insertRubricVersion({ rubricId: rubric.id, version: rubric.version, sha256, definition });
}

/** `2026-q4 ` → `2026-Q4`; null when it is not a period code. */
export function normalisePeriodCode(code: string): string | null {
  const ref = parsePeriodCode(code);
  return ref ? `${ref.year}-Q${ref.quarter}` : null;
}

/** The unit's period with this code (any spelling), or null. */
export async function findPeriod(tx: Pick<Tx, 'periods'>, unitId: string, code: string): Promise<PeriodRecord | null> {
  const normal = normalisePeriodCode(code);
  return normal ? tx.periods.find(unitId, normal) : null;
}

/** Refuses (throws {@link PeriodError}) dates that are not real `YYYY-MM-DD` days or not in the seed's order. */
export function checkDates(dates: PeriodDates): void {
  for (const [field, value] of Object.entries(dates)) {
    if (!isLocalDate(value)) throw new PeriodError({ code: 'bad-date', field, value });
  }
  const steps: [keyof PeriodDates, keyof PeriodDates][] = [
    ['selfDeadline', 'startsOn'],
    ['departmentDeadline', 'selfDeadline'],
    ['officeDeadline', 'departmentDeadline'],
  ];
  for (const [field, before] of steps) {
    if (dates[field] < dates[before]) {
      throw new PeriodError({ code: 'date-order', field, value: dates[field], before, beforeValue: dates[before] });
    }
  }
  if (dates.endsOn < dates.startsOn) throw new PeriodError({ code: 'ends-before-start' });
}

function definedOnly(overrides: Partial<PeriodDates>): Partial<PeriodDates> {
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
}
