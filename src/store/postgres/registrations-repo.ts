/** PostgreSQL: emulation registrations and deadlines (see repositories.ts for what differs from SQLite). */
import { z } from 'zod';
import type { RegistrationRepository } from '../registrations.js';
import { REGISTRATION_COLUMNS, toRegistration } from '../shared/award-rows.js';
import { type Client, insertedId, rows } from './pg-query.js';

export function registrationRepository(c: Client): RegistrationRepository {
  const find = async (unitId: string, year: number, kind: string, subjectId: number) => {
    const found = await rows(
      c,
      'registration_find',
      `SELECT ${REGISTRATION_COLUMNS} FROM emulation_registrations WHERE unit_id = $1 AND year = $2 AND subject_kind = $3 AND subject_id = $4`,
      [unitId, year, kind, subjectId],
    );
    return found[0] === undefined ? null : toRegistration(found[0]);
  };
  return {
    async upsert(r) {
      const before = await find(r.unitId, r.year, r.subjectKind, r.subjectId);
      if (before) {
        await rows(c, 'registration_update', 'UPDATE emulation_registrations SET titles = $1, registered_by_id = $2, registered_at = $3 WHERE id = $4', [
          JSON.stringify(r.titles),
          r.registeredById,
          r.registeredAt,
          before.id,
        ]);
        return { id: before.id, before: before.titles };
      }
      const added = await rows(
        c,
        'registration_add',
        `INSERT INTO emulation_registrations (unit_id, year, subject_kind, subject_id, titles, registered_by_id, registered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [r.unitId, r.year, r.subjectKind, r.subjectId, JSON.stringify(r.titles), r.registeredById, r.registeredAt],
      );
      return { id: insertedId.parse(added[0]).id, before: null };
    },
    find,
    async list(unitId, year) {
      const found = await rows(
        c,
        'registration_list',
        `SELECT ${REGISTRATION_COLUMNS} FROM emulation_registrations WHERE unit_id = $1 AND year = $2
         ORDER BY CASE subject_kind WHEN 'department' THEN 0 ELSE 1 END, id`,
        [unitId, year],
      );
      return found.map(toRegistration);
    },
    async setDeadline(unitId, year, deadline, byId, at) {
      await rows(
        c,
        'registration_deadline_set',
        `INSERT INTO emulation_deadlines (unit_id, year, deadline, set_by_id, set_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (unit_id, year) DO UPDATE SET deadline = excluded.deadline, set_by_id = excluded.set_by_id, set_at = excluded.set_at`,
        [unitId, year, deadline, byId, at],
      );
    },
    async deadline(unitId, year) {
      const found = await rows(c, 'registration_deadline', 'SELECT deadline FROM emulation_deadlines WHERE unit_id = $1 AND year = $2', [unitId, year]);
      return found[0] === undefined ? null : z.object({ deadline: z.string() }).parse(found[0]).deadline;
    },
  };
}
