/** Award blockers ({@link AwardBlockerRepository}), table `award_blockers`. */
import type Database from 'better-sqlite3';
import type { AwardBlockerRepository } from '../award-blockers.js';
import { BLOCKER_COLUMNS, toBlocker } from '../shared/award-rows.js';

export function createAwardBlockerRepository(c: Database.Database): AwardBlockerRepository {
  const insert = c.prepare(
    `INSERT INTO award_blockers (unit_id, person_id, year, source, source_ref, reason, detail, recorded_by_id, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const byKey = c
    .prepare('SELECT id FROM award_blockers WHERE unit_id = ? AND person_id = ? AND year = ? AND source = ? AND source_ref = ?')
    .pluck();
  const byId = c.prepare(`SELECT ${BLOCKER_COLUMNS} FROM award_blockers WHERE id = ?`);
  const byYear = c.prepare(`SELECT ${BLOCKER_COLUMNS} FROM award_blockers WHERE unit_id = ? AND year = ? ORDER BY person_id, id`);
  const lift = c.prepare('UPDATE award_blockers SET lifted_at = ?, lifted_by_id = ?, lift_reason = ? WHERE id = ? AND lifted_at IS NULL');
  return {
    async add(b) {
      const r = insert.run(b.unitId, b.personId, b.year, b.source, b.sourceRef, b.reason, b.detail, b.recordedById, b.recordedAt);
      if (r.changes > 0) return { id: Number(r.lastInsertRowid), created: true };
      return { id: byKey.get(b.unitId, b.personId, b.year, b.source, b.sourceRef) as number, created: false };
    },
    async get(id) {
      const row = byId.get(id);
      return row === undefined ? null : toBlocker(row);
    },
    async forYear(unitId, year) {
      return byYear.all(unitId, year).map(toBlocker);
    },
    async lift(id, l) {
      return lift.run(l.at, l.byId, l.reason, id).changes > 0;
    },
  };
}
