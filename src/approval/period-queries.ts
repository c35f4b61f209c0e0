/** Which period an action or a view is about. */
import { normalisePeriodCode } from '../periods/open-period.js';
import type { PeriodStatus } from '../store/assessment.js';
import type { PeriodRecord } from '../store/periods.js';
import type { Tx } from '../store/store.js';

/** The newest period of a unit that is not finalised (the one being reviewed), or null. */
export function activePeriod(tx: Pick<Tx, 'periods'>, unitId: string): Promise<PeriodRecord | null> {
  return tx.periods.newest(unitId, ['open', 'submitted_to_director']);
}

/** The period actions without an explicit period apply to: the active one, else the newest finalised one. */
export async function currentPeriod(tx: Pick<Tx, 'periods'>, unitId: string): Promise<PeriodRecord | null> {
  return (await activePeriod(tx, unitId)) ?? tx.periods.newest(unitId, ['finalised']);
}

/** The unit's period by code, or (without a code) the newest period in `statuses`. */
export async function findPeriodFor(
  tx: Pick<Tx, 'periods'>,
  unitId: string,
  code: string | null,
  statuses: readonly PeriodStatus[],
): Promise<PeriodRecord | null> {
  if (code) {
    const normal = normalisePeriodCode(code);
    return normal ? tx.periods.find(unitId, normal) : null;
  }
  return tx.periods.newest(unitId, statuses);
}
