/**
 * Units and their per-unit settings (`units.settings`, JSON validated by each reader with zod: the scheduler's
 * part in src/scheduler/settings.ts). Why a repository: jobs are scheduled per unit and read their settings
 * through the store like everything else.
 *
 * Plain TypeScript types only.
 */

export interface UnitView {
  id: string;
  name: string;
  timezone: string;
  /** The raw settings JSON (unknown until a reader validates its part). */
  settings: unknown;
  createdAt: number;
}

export interface SettingsRepository {
  /** Every unit, by id. */
  listUnits(): Promise<UnitView[]>;
  getUnit(unitId: string): Promise<UnitView | null>;
  /**
   * Replaces the unit's whole settings JSON; false when the unit does not exist. Callers read, change THEIR key and
   * write the rest back unchanged (the scheduler's `reminders`/`honours` live next to other readers' keys).
   */
  updateSettings(unitId: string, settings: unknown): Promise<boolean>;
}
