/** PostgreSQL: the initiatives register (see repositories.ts for what differs from SQLite). */
import type { InitiativeRepository } from '../initiatives.js';
import { INITIATIVE_COLUMNS, toInitiative } from '../shared/award-rows.js';
import { type Client, insertedId, rows } from './pg-query.js';

export function initiativeRepository(c: Client): InitiativeRepository {
  return {
    async create(i) {
      const found = await rows(
        c,
        'initiative_add',
        `INSERT INTO initiatives (unit_id, title, kind, topic, author_ids, collective, department_id, summary, evidence, registered_by_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [i.unitId, i.title, i.kind, i.topic, JSON.stringify(i.authorIds), i.collective, i.departmentId, i.summary, JSON.stringify(i.evidence), i.registeredById, i.now],
      );
      return insertedId.parse(found[0]).id;
    },
    async get(id) {
      const found = await rows(c, 'initiative_get', `SELECT ${INITIATIVE_COLUMNS} FROM initiatives WHERE id = $1`, [id]);
      return found[0] === undefined ? null : toInitiative(found[0]);
    },
    async listByUnit(unitId) {
      const found = await rows(c, 'initiative_list', `SELECT ${INITIATIVE_COLUMNS} FROM initiatives WHERE unit_id = $1 ORDER BY id DESC`, [unitId]);
      return found.map(toInitiative);
    },
    async recognise(id, r) {
      const result = await c.query({
        name: 'thidua_initiative_recognise',
        text: 'UPDATE initiatives SET level = $1, body = $2, decision_number = $3, decision_date = $4, recognised_by_id = $5, recognised_at = $6 WHERE id = $7',
        values: [r.level, r.body, r.decisionNumber, r.decisionDate, r.recognisedById, r.recognisedAt, id],
      });
      return (result.rowCount ?? 0) > 0;
    },
    async recognisedIn(unitId, year) {
      const found = await rows(
        c,
        'initiative_year',
        `SELECT ${INITIATIVE_COLUMNS} FROM initiatives
         WHERE unit_id = $1 AND level IS NOT NULL AND decision_date >= $2 AND decision_date <= $3 ORDER BY decision_date COLLATE "C", id`,
        [unitId, `${year}-01-01`, `${year}-12-31`],
      );
      return found.map(toInitiative);
    },
  };
}
