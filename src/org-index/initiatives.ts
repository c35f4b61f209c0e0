/**
 * How many initiatives or models the council recognised for a unit's year (seed 004 bonus: 1 → +10, 2+ → +30).
 * Why a function of its own: today the office enters the number (`org_periods.initiative_count`); when the
 * initiatives register of the nominations work exists, only this function changes to count its recognised rows.
 */
import type { OrgPeriodRecord } from '../store/org-index.js';
import type { Tx } from '../store/store.js';

export async function recognisedInitiatives(_tx: Tx, period: Pick<OrgPeriodRecord, 'initiativeCount'>): Promise<number> {
  return period.initiativeCount ?? 0;
}
