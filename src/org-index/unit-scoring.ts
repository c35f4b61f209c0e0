/**
 * The unit's scoring readings (`units.settings.scoring`, validated with `unitSettingsSchema`): the 95% gap, dti.47,
 * the initiative bonus cap… Seed defaults when absent. Why here: the organisation index scores with them in chat,
 * CLI and ranking alike.
 */
import { parseUnitSettings, type UnitSettings } from '../scoring/unit-settings.js';
import type { Tx } from '../store/store.js';

export async function unitScoringSettings(tx: Pick<Tx, 'settings'>, unitId: string): Promise<UnitSettings> {
  const unit = await tx.settings.getUnit(unitId);
  const raw = (unit?.settings as { scoring?: unknown } | null | undefined)?.scoring;
  try {
    return parseUnitSettings(raw ?? {});
  } catch {
    return parseUnitSettings({});
  }
}
