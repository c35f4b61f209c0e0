/** Nominations and council meetings ({@link NominationRepository}), tables `nominations` and `councils`. */
import type Database from 'better-sqlite3';
import type { NominationRepository } from '../nominations.js';
import { COUNCIL_COLUMNS, NOMINATION_COLUMNS, toCouncil, toNomination } from '../shared/award-rows.js';

export function createNominationRepository(c: Database.Database): NominationRepository {
  const insert = c.prepare(
    `INSERT INTO nominations (unit_id, year, scheme, award, nominee_kind, person_id, department_id, initiative_id, nominee_name,
       proposed_by_id, checklist, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?)`,
  );
  const byId = c.prepare(`SELECT ${NOMINATION_COLUMNS} FROM nominations WHERE id = ?`);
  const byYear = c.prepare(`SELECT ${NOMINATION_COLUMNS} FROM nominations WHERE unit_id = ? AND year = ? ORDER BY id`);
  const byScheme = c.prepare(
    `SELECT ${NOMINATION_COLUMNS} FROM nominations WHERE unit_id = ? AND scheme = ? AND year >= ? AND year <= ? ORDER BY id`,
  );
  const setChecklist = c.prepare('UPDATE nominations SET checklist = ? WHERE id = ?');
  const setFile = c.prepare('UPDATE nominations SET file = ? WHERE id = ?');
  const decide = c.prepare(
    'UPDATE nominations SET council_id = ?, approved = ?, votes_for = ?, votes_against = ?, decision_note = ?, decided_at = ? WHERE id = ?',
  );
  const insertCouncil = c.prepare(
    'INSERT INTO councils (unit_id, year, meeting_date, members, minutes_number, created_by_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const councilById = c.prepare(`SELECT ${COUNCIL_COLUMNS} FROM councils WHERE id = ?`);
  const closeCouncil = c.prepare('UPDATE councils SET closed_at = ? WHERE id = ?');
  return {
    async create(n) {
      const r = insert.run(
        n.unitId,
        n.year,
        n.scheme,
        n.award,
        n.nomineeKind,
        n.personId,
        n.departmentId,
        n.initiativeId,
        n.nomineeName,
        n.proposedById,
        n.now,
      );
      return Number(r.lastInsertRowid);
    },
    async get(id) {
      const row = byId.get(id);
      return row === undefined ? null : toNomination(row);
    },
    async list(unitId, year) {
      return byYear.all(unitId, year).map(toNomination);
    },
    async listScheme(unitId, scheme, fromYear, toYear) {
      return byScheme.all(unitId, scheme, fromYear, toYear).map(toNomination);
    },
    async setChecklist(id, checklist) {
      setChecklist.run(JSON.stringify(checklist), id);
    },
    async setFile(id, file) {
      setFile.run(file === null ? null : JSON.stringify(file), id);
    },
    async decide(id, d) {
      decide.run(d.councilId, d.approved ? 1 : 0, d.votesFor, d.votesAgainst, d.note, d.decidedAt, id);
    },
    async createCouncil(k) {
      const r = insertCouncil.run(k.unitId, k.year, k.meetingDate, JSON.stringify(k.members), k.minutesNumber, k.createdById, k.createdAt);
      return Number(r.lastInsertRowid);
    },
    async getCouncil(id) {
      const row = councilById.get(id);
      return row === undefined ? null : toCouncil(row);
    },
    async closeCouncil(id, at) {
      closeCouncil.run(at, id);
    },
  };
}
