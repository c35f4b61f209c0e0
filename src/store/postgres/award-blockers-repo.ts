/** PostgreSQL: award blockers (see repositories.ts for what differs from SQLite). */
import { z } from 'zod';
import type { AwardBlockerRepository } from '../award-blockers.js';
import { BLOCKER_COLUMNS, toBlocker } from '../shared/award-rows.js';
import { type Client, insertedId, rows } from './pg-query.js';

export function awardBlockerRepository(c: Client): AwardBlockerRepository {
  return {
    async add(b) {
      const added = await rows(
        c,
        'blocker_add',
        `INSERT INTO award_blockers (unit_id, person_id, year, source, source_ref, reason, detail, recorded_by_id, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id`,
        [b.unitId, b.personId, b.year, b.source, b.sourceRef, b.reason, b.detail, b.recordedById, b.recordedAt],
      );
      if (added[0] !== undefined) return { id: insertedId.parse(added[0]).id, created: true };
      const found = await rows(
        c,
        'blocker_key',
        'SELECT id FROM award_blockers WHERE unit_id = $1 AND person_id = $2 AND year = $3 AND source = $4 AND source_ref = $5',
        [b.unitId, b.personId, b.year, b.source, b.sourceRef],
      );
      return { id: z.object({ id: z.number() }).parse(found[0]).id, created: false };
    },
    async get(id) {
      const found = await rows(c, 'blocker_get', `SELECT ${BLOCKER_COLUMNS} FROM award_blockers WHERE id = $1`, [id]);
      return found[0] === undefined ? null : toBlocker(found[0]);
    },
    async forYear(unitId, year) {
      const found = await rows(
        c,
        'blocker_year',
        `SELECT ${BLOCKER_COLUMNS} FROM award_blockers WHERE unit_id = $1 AND year = $2 ORDER BY person_id, id`,
        [unitId, year],
      );
      return found.map(toBlocker);
    },
    async lift(id, l) {
      const result = await c.query({
        name: 'thidua_blocker_lift',
        text: 'UPDATE award_blockers SET lifted_at = $1, lifted_by_id = $2, lift_reason = $3 WHERE id = $4 AND lifted_at IS NULL',
        values: [l.at, l.byId, l.reason, id],
      });
      return (result.rowCount ?? 0) > 0;
    },
  };
}
