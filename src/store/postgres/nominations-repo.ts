/** PostgreSQL: nominations and council meetings (see repositories.ts for what differs from SQLite). */
import type { NominationRepository } from '../nominations.js';
import { COUNCIL_COLUMNS, NOMINATION_COLUMNS, toCouncil, toNomination } from '../shared/award-rows.js';
import { type Client, insertedId, rows } from './pg-query.js';

export function nominationRepository(c: Client): NominationRepository {
  return {
    async create(n) {
      const added = await rows(
        c,
        'nomination_add',
        `INSERT INTO nominations (unit_id, year, scheme, award, nominee_kind, person_id, department_id, initiative_id, nominee_name,
           proposed_by_id, checklist, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '[]'::jsonb, $11) RETURNING id`,
        [n.unitId, n.year, n.scheme, n.award, n.nomineeKind, n.personId, n.departmentId, n.initiativeId, n.nomineeName, n.proposedById, n.now],
      );
      return insertedId.parse(added[0]).id;
    },
    async get(id) {
      const found = await rows(c, 'nomination_get', `SELECT ${NOMINATION_COLUMNS} FROM nominations WHERE id = $1`, [id]);
      return found[0] === undefined ? null : toNomination(found[0]);
    },
    async list(unitId, year) {
      const found = await rows(c, 'nomination_list', `SELECT ${NOMINATION_COLUMNS} FROM nominations WHERE unit_id = $1 AND year = $2 ORDER BY id`, [
        unitId,
        year,
      ]);
      return found.map(toNomination);
    },
    async listScheme(unitId, scheme, fromYear, toYear) {
      const found = await rows(
        c,
        'nomination_scheme',
        `SELECT ${NOMINATION_COLUMNS} FROM nominations WHERE unit_id = $1 AND scheme = $2 AND year >= $3 AND year <= $4 ORDER BY id`,
        [unitId, scheme, fromYear, toYear],
      );
      return found.map(toNomination);
    },
    async setChecklist(id, checklist) {
      await rows(c, 'nomination_checklist', 'UPDATE nominations SET checklist = $1 WHERE id = $2', [JSON.stringify(checklist), id]);
    },
    async setFile(id, file) {
      await rows(c, 'nomination_file', 'UPDATE nominations SET file = $1 WHERE id = $2', [file === null ? null : JSON.stringify(file), id]);
    },
    async decide(id, d) {
      await rows(
        c,
        'nomination_decide',
        'UPDATE nominations SET council_id = $1, approved = $2, votes_for = $3, votes_against = $4, decision_note = $5, decided_at = $6 WHERE id = $7',
        [d.councilId, d.approved, d.votesFor, d.votesAgainst, d.note, d.decidedAt, id],
      );
    },
    async createCouncil(k) {
      const added = await rows(
        c,
        'council_add',
        'INSERT INTO councils (unit_id, year, meeting_date, members, minutes_number, created_by_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
        [k.unitId, k.year, k.meetingDate, JSON.stringify(k.members), k.minutesNumber, k.createdById, k.createdAt],
      );
      return insertedId.parse(added[0]).id;
    },
    async getCouncil(id) {
      const found = await rows(c, 'council_get', `SELECT ${COUNCIL_COLUMNS} FROM councils WHERE id = $1`, [id]);
      return found[0] === undefined ? null : toCouncil(found[0]);
    },
    async closeCouncil(id, at) {
      await rows(c, 'council_close', 'UPDATE councils SET closed_at = $1 WHERE id = $2', [at, id]);
    },
  };
}
