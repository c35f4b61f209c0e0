/**
 * The honour list's timing (seed 000: commended at the flag ceremony of the next quarter's first month):
 * - `honoursJob` runs at 08:00 on the first working day of a quarter and posts the previous quarter's list if
 *   the director has finalised it (a list finalised earlier waits for this moment);
 * - `onPeriodFinalised` is called when the director finalises a quarter: after that moment it posts at once,
 *   before it leaves the post to the job. Finalising Q4 also posts the year (December, "after Q4 is final").
 * Both go through `postHonours`, which posts each list once.
 */
import { eq } from 'drizzle-orm';
import { units } from '../../../db/schema.js';
import { postHonours, type PostHonoursResult } from '../../honours/post-honours.js';
import { findPeriod } from '../../persistence/periods-repo.js';
import { parsePeriodCode, periodCode, quarterOf } from '../../scoring/period-calendar.js';
import type { SchedulerDeps } from '../deps.js';
import { jobDefinitions } from '../schedule.js';
import { parseSchedulerSettings, type SchedulerSettings } from '../settings.js';
import { slotsBetween, zonedTimeToUtc } from '../slots.js';
import type { JobFn } from './job-types.js';

const SEARCH_MS = 45 * 86_400_000;

export const honoursJob: JobFn = async (deps, now, run) => {
  const q = quarterOf(new Date(run.slot), deps.timeZone);
  const prev = q.quarter === 1 ? { year: q.year - 1, quarter: 4 } : { year: q.year, quarter: q.quarter - 1 };
  const code = periodCode(prev.year, prev.quarter);
  const topN = run.settings.honours.topN;
  const quarter = await postHonours(deps, { unitId: run.unitId, kind: 'quarter', periodCode: code }, now, { topN });
  if (quarter.status === 'not_final') {
    deps.logger.info({ unitId: run.unitId, period: code }, 'honours: quarter not finalised yet; it will be posted when the director finalises it');
  }
  let year: PostHonoursResult | null = null;
  if (prev.quarter === 4) year = await postHonours(deps, { unitId: run.unitId, kind: 'year', periodCode: String(prev.year) }, now, { topN });
  return { detail: { period: code, quarter: quarter.status, posted: quarter.posted, year: year?.status ?? null } };
};

/** What the approval chain reports when the director finalises a period. */
export interface PeriodFinalisedEvent {
  unitId: string;
  /** `2026-Q4` */
  periodCode: string;
}

/**
 * The hook for the approval chain: call it after the director finalised a period (outside the DB transaction).
 * Posts the quarter's list now if its ceremony slot has passed (otherwise `honoursJob` posts it then), and the
 * year's list when Q4 is finalised. Never throws: failures are logged and retried by the job or the CLI.
 */
export async function onPeriodFinalised(
  deps: SchedulerDeps,
  event: PeriodFinalisedEvent,
  now: Date,
): Promise<{ quarter: PostHonoursResult | 'scheduled'; year: PostHonoursResult | null; ceremonyAt: number | null }> {
  const settings = unitSettings(deps, event.unitId);
  const topN = settings.honours.topN;
  const ceremonyAt = ceremonySlot(deps, event.unitId, event.periodCode, settings);
  let quarter: PostHonoursResult | 'scheduled' = 'scheduled';
  let year: PostHonoursResult | null = null;
  try {
    if (ceremonyAt !== null && now.getTime() >= ceremonyAt) {
      quarter = await postHonours(deps, { unitId: event.unitId, kind: 'quarter', periodCode: event.periodCode }, now, { topN });
    } else {
      deps.logger.info({ unitId: event.unitId, period: event.periodCode, ceremonyAt }, 'honours: finalised before the ceremony; posting at the scheduled slot');
    }
    const ref = parsePeriodCode(event.periodCode);
    if (ref?.quarter === 4) year = await postHonours(deps, { unitId: event.unitId, kind: 'year', periodCode: String(ref.year) }, now, { topN });
  } catch (error) {
    deps.logger.error({ err: error, unitId: event.unitId, period: event.periodCode }, 'honours: posting after finalisation failed');
  }
  return { quarter, year, ceremonyAt };
}

/** The honours slot (first working day of the next quarter, 08:00) for a period; null if honours are disabled. */
export function ceremonySlot(deps: SchedulerDeps, unitId: string, code: string, settings?: SchedulerSettings): number | null {
  const s = settings ?? unitSettings(deps, unitId);
  const def = jobDefinitions(s).find((d) => d.name === 'honours');
  if (!def) return null;
  const period = findPeriod(deps.db, unitId, code);
  const ref = parsePeriodCode(code);
  if (!ref) return null;
  const endsOn = period?.endsOn ?? `${ref.year}-${String(ref.quarter * 3).padStart(2, '0')}-28`;
  const [y, m, d] = endsOn.split('-').map(Number);
  const from = zonedTimeToUtc(y ?? 1970, m ?? 1, (d ?? 1) + 1, 0, 0, deps.timeZone) - 1;
  return slotsBetween(def, from, from + SEARCH_MS, deps.timeZone)[0] ?? null;
}

/** A unit's scheduler settings (defaults when invalid; the error is logged). */
export function unitSettings(deps: Pick<SchedulerDeps, 'db' | 'logger'>, unitId: string): SchedulerSettings {
  const raw = deps.db.select({ settings: units.settings }).from(units).where(eq(units.id, unitId)).get()?.settings;
  const { settings, error } = parseSchedulerSettings(raw);
  if (error) deps.logger.warn({ unitId, error }, 'scheduler: invalid unit settings, using defaults');
  return settings;
}
