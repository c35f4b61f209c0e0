/** The initiatives register ({@link InitiativeRepository}), table `initiatives`. */
import type Database from 'better-sqlite3';
import type { InitiativeRepository } from '../initiatives.js';
import { INITIATIVE_COLUMNS, toInitiative } from '../shared/award-rows.js';

export function createInitiativeRepository(c: Database.Database): InitiativeRepository {
  const insert = c.prepare(
    `INSERT INTO initiatives (unit_id, title, kind, topic, author_ids, collective, department_id, summary, evidence, registered_by_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = c.prepare(`SELECT ${INITIATIVE_COLUMNS} FROM initiatives WHERE id = ?`);
  const byUnit = c.prepare(`SELECT ${INITIATIVE_COLUMNS} FROM initiatives WHERE unit_id = ? ORDER BY id DESC`);
  const recognise = c.prepare(
    `UPDATE initiatives SET level = ?, body = ?, decision_number = ?, decision_date = ?, recognised_by_id = ?, recognised_at = ? WHERE id = ?`,
  );
  const inYear = c.prepare(
    `SELECT ${INITIATIVE_COLUMNS} FROM initiatives
     WHERE unit_id = ? AND level IS NOT NULL AND decision_date >= ? AND decision_date <= ? ORDER BY decision_date, id`,
  );
  return {
    async create(i) {
      const r = insert.run(
        i.unitId,
        i.title,
        i.kind,
        i.topic,
        JSON.stringify(i.authorIds),
        i.collective,
        i.departmentId,
        i.summary,
        JSON.stringify(i.evidence),
        i.registeredById,
        i.now,
      );
      return Number(r.lastInsertRowid);
    },
    async get(id) {
      const row = byId.get(id);
      return row === undefined ? null : toInitiative(row);
    },
    async listByUnit(unitId) {
      return byUnit.all(unitId).map(toInitiative);
    },
    async recognise(id, r) {
      return recognise.run(r.level, r.body, r.decisionNumber, r.decisionDate, r.recognisedById, r.recognisedAt, id).changes > 0;
    },
    async recognisedIn(unitId, year) {
      return inYear.all(unitId, `${year}-01-01`, `${year}-12-31`).map(toInitiative);
    },
  };
}
