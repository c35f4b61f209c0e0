/**
 * Every unit's index for a year, ranked (issue 13, item 4; seed 003 II.2 "từ cao đến thấp", seed 004 a province's
 * departments): one row per unit that has the year, with its total, maximum, exact-percentage band, bonus and
 * ties (`rankUnits`). Data for the CLI, the XLSX and a later dashboard.
 */
import { rankUnits, type RankedUnit } from '../scoring/rank-units.js';
import type { OrgPeriodStatus } from '../store/org-index.js';
import type { Tx } from '../store/store.js';
import { initiativeBonusCount } from './initiatives.js';
import { orgResult } from './org-result.js';
import { loadOrgYear } from './org-year.js';
import { loadScoringRules } from '../settings/unit-rules.js';

export interface UnitYearRow {
  id: string;
  unitName: string;
  status: OrgPeriodStatus;
  rubricId: string;
  /** The score on the scale (bonus apart). */
  base: number;
  bonus: number;
  /** What the ranking compares: base + bonus (capped per the unit's setting). */
  total: number;
  max: number;
  band: string | null;
  bandLabel: string | null;
  /** Indicators still unanswered or returned. */
  missing: number;
  notApplicable: string[];
}

export type RankedUnitYear = RankedUnit<UnitYearRow>;

/** Ranks every unit's year; `onlyApproved` leaves out years not approved yet. */
export async function rankYear(tx: Tx, year: number, options: { onlyApproved?: boolean } = {}): Promise<RankedUnitYear[]> {
  const periods = await tx.orgIndex.listPeriodsOfYear(year);
  const rows: UnitYearRow[] = [];
  for (const p of periods) {
    if (options.onlyApproved && p.status !== 'approved') continue;
    const loaded = await loadOrgYear(tx, p.id);
    if (!loaded) continue;
    const unit = await tx.settings.getUnit(p.unitId);
    const settings = await loadScoringRules(tx, p.unitId);
    const { score, withBonus } = orgResult(loaded, settings, await initiativeBonusCount(tx, p));
    rows.push({
      id: p.unitId,
      unitName: unit?.name ?? p.unitId,
      status: p.status,
      rubricId: loaded.rubric.id,
      base: score.total,
      bonus: withBonus?.bonus ?? 0,
      total: withBonus?.total ?? score.total,
      max: score.max,
      band: score.band,
      bandLabel: score.bandLabel,
      missing: score.missing.length,
      notApplicable: score.notApplicable,
    });
  }
  return rankUnits(rows);
}
