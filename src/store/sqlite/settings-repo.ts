/** Units and their raw settings JSON ({@link SettingsRepository}) on prepared statements. */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { SettingsRepository, UnitView } from '../settings.js';

const unitRow = z.object({ id: z.string(), name: z.string(), timezone: z.string(), settings: z.string(), created_at: z.number() });

export function createSettingsRepository(c: Database.Database): SettingsRepository {
  const SELECT = 'SELECT id, name, timezone, settings, created_at FROM units';
  const list = c.prepare(`${SELECT} ORDER BY id`);
  const get = c.prepare(`${SELECT} WHERE id = ?`);
  const update = c.prepare('UPDATE units SET settings = ? WHERE id = ?');
  return {
    async updateSettings(unitId, settings) {
      return update.run(JSON.stringify(settings ?? {}), unitId).changes === 1;
    },
    async listUnits() {
      return list.all().map(toUnit);
    },
    async getUnit(unitId) {
      const row: unknown = get.get(unitId);
      return row === undefined ? null : toUnit(row);
    },
  };
}

function toUnit(row: unknown): UnitView {
  const r = unitRow.parse(row);
  let settings: unknown = {};
  try {
    settings = JSON.parse(r.settings);
  } catch {
    settings = null; // the scheduler logs invalid settings and falls back to the defaults
  }
  return { id: r.id, name: r.name, timezone: r.timezone, settings, createdAt: r.created_at };
}
