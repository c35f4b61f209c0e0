/**
 * The honour list's timing (seed 000: commended at the flag ceremony of the next quarter's first month):
 * - `honoursJob` runs at 08:00 on the first working day of a quarter and posts the previous quarter's list if
 *   the director has finalised it (a list finalised earlier waits for this moment); in January that is Quý IV;
 * - `onPeriodFinalised` is called when the director finalises a quarter (by the composition root, after the
 *   finalising unit of work has committed): after that moment it posts at once, before it leaves the post to the
 *   job.
 * Both go through `postHonours`, which posts each list once (reading, posting and recording in separate steps).
 *
 * The YEAR is never posted here (issue 18, item 24): the seed's year outputs ("Cá nhân xuất sắc", "Đơn vị tiên
 * tiến") are decided by the year's council, not computed from Q4 at its finalisation; until the council exists the
 * office previews them with `thidua honours --year 2026 --preview`. So each person is congratulated once per board,
 * the quarter's board first, at its own ceremony.
 */
import { postHonours, type PostHonoursResult } from '../../honours/post-honours.js';
import type { Logger } from '../../logger.js';
import { parsePeriodCode, periodCode, quarterOf } from '../../scoring/period-calendar.js';
import type { Store, Tx } from '../../store/store.js';
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
  return { detail: { period: code, quarter: quarter.status, posted: quarter.posted } };
};

/** What the approval chain reports when the director finalises a period. */
export interface PeriodFinalisedEvent {
  unitId: string;
  /** `2026-Q4` */
  periodCode: string;
}

/** What `onPeriodFinalised` did: posted the quarter, or left it to its ceremony slot (never the year: see above). */
export interface PeriodFinalisedOutcome {
  quarter: PostHonoursResult | 'scheduled';
  ceremonyAt: number | null;
}

/**
 * The hook for the approval chain: call it after the director's finalisation has COMMITTED (`tx.afterCommit`),
 * never inside a unit of work (it posts to groups). Posts the quarter's list now if its ceremony slot has passed
 * (otherwise `honoursJob` posts it then); finalising Q4 posts no year board. The period is read again, so
 * an event of a rolled-back finalisation posts nothing. Never throws: failures are logged and retried by the job
 * or the CLI.
 */
export async function onPeriodFinalised(deps: SchedulerDeps, event: PeriodFinalisedEvent, now: Date): Promise<PeriodFinalisedOutcome> {
  let quarter: PostHonoursResult | 'scheduled' = 'scheduled';
  let ceremonyAt: number | null = null;
  try {
    const settings = await deps.store.read((tx) => unitSettings(tx, event.unitId, deps.logger));
    const topN = settings.honours.topN;
    ceremonyAt = await ceremonySlot(deps, event.unitId, event.periodCode, settings);
    if (ceremonyAt !== null && now.getTime() >= ceremonyAt) {
      quarter = await postHonours(deps, { unitId: event.unitId, kind: 'quarter', periodCode: event.periodCode }, now, { topN });
    } else {
      deps.logger.info({ unitId: event.unitId, period: event.periodCode, ceremonyAt }, 'honours: finalised before the ceremony; posting at the scheduled slot');
    }
  } catch (error) {
    deps.logger.error({ err: error, unitId: event.unitId, period: event.periodCode }, 'honours: posting after finalisation failed');
  }
  return { quarter, ceremonyAt };
}

/** The honours slot (first working day of the next quarter, 08:00) for a period; null if honours are disabled. */
export async function ceremonySlot(
  deps: { store: Store; logger: Logger; timeZone: string },
  unitId: string,
  code: string,
  settings?: SchedulerSettings,
): Promise<number | null> {
  const { s, period } = await deps.store.read(async (tx) => ({
    s: settings ?? (await unitSettings(tx, unitId, deps.logger)),
    period: await tx.periods.find(unitId, code),
  }));
  const def = jobDefinitions(s).find((d) => d.name === 'honours');
  if (!def) return null;
  const ref = parsePeriodCode(code);
  if (!ref) return null;
  const endsOn = period?.endsOn ?? `${ref.year}-${String(ref.quarter * 3).padStart(2, '0')}-28`;
  const [y, m, d] = endsOn.split('-').map(Number);
  const from = zonedTimeToUtc(y ?? 1970, m ?? 1, (d ?? 1) + 1, 0, 0, deps.timeZone) - 1;
  return slotsBetween(def, from, from + SEARCH_MS, deps.timeZone)[0] ?? null;
}

/** A unit's scheduler settings, read in `tx` (defaults when invalid; the error is logged with the unit id). */
export async function unitSettings(tx: Tx, unitId: string, logger: Pick<Logger, 'warn'>): Promise<SchedulerSettings> {
  const raw = (await tx.settings.getUnit(unitId))?.settings;
  const { settings, error } = parseSchedulerSettings(raw);
  if (error) logger.warn({ unitId, error }, 'scheduler: invalid unit settings, using defaults');
  return settings;
}
