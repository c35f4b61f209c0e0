/**
 * How many initiatives or models the council recognised for a unit's index year (seed 004 bonus: 1 → +10,
 * 2+ → +30). The initiatives register (issue 14) is the source: initiatives of the unit whose recognition decision
 * falls in the year. A number the office entered for the year (`org_periods.initiative_count`, `thidua org
 * initiatives`) takes precedence: it is how a unit counts recognitions recorded outside this register (a decision
 * of another body), and it is an explicit, audited entry.
 */
import { recognisedCount } from '../initiatives/recognised-initiatives.js';
import type { OrgPeriodRecord } from '../store/org-index.js';
import type { Tx } from '../store/store.js';

export async function initiativeBonusCount(
  tx: Pick<Tx, 'initiatives'>,
  period: Pick<OrgPeriodRecord, 'initiativeCount' | 'unitId' | 'year'>,
): Promise<number> {
  if (period.initiativeCount !== null && period.initiativeCount !== undefined) return period.initiativeCount;
  return recognisedCount(tx, { unitId: period.unitId, year: period.year });
}
