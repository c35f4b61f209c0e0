/** Emulation registrations and their deadlines ({@link RegistrationRepository}). */
import type Database from 'better-sqlite3';
import type { RegistrationRepository } from '../registrations.js';
import { REGISTRATION_COLUMNS, toRegistration } from '../shared/award-rows.js';

export function createRegistrationRepository(c: Database.Database): RegistrationRepository {
  const find = c.prepare(
    `SELECT ${REGISTRATION_COLUMNS} FROM emulation_registrations WHERE unit_id = ? AND year = ? AND subject_kind = ? AND subject_id = ?`,
  );
  const insert = c.prepare(
    `INSERT INTO emulation_registrations (unit_id, year, subject_kind, subject_id, titles, registered_by_id, registered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = c.prepare('UPDATE emulation_registrations SET titles = ?, registered_by_id = ?, registered_at = ? WHERE id = ?');
  const list = c.prepare(
    `SELECT ${REGISTRATION_COLUMNS} FROM emulation_registrations WHERE unit_id = ? AND year = ?
     ORDER BY CASE subject_kind WHEN 'department' THEN 0 ELSE 1 END, id`,
  );
  const setDeadline = c.prepare(
    `INSERT INTO emulation_deadlines (unit_id, year, deadline, set_by_id, set_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (unit_id, year) DO UPDATE SET deadline = excluded.deadline, set_by_id = excluded.set_by_id, set_at = excluded.set_at`,
  );
  const deadline = c.prepare('SELECT deadline FROM emulation_deadlines WHERE unit_id = ? AND year = ?').pluck();
  return {
    async upsert(r) {
      const found = find.get(r.unitId, r.year, r.subjectKind, r.subjectId);
      if (found !== undefined) {
        const before = toRegistration(found);
        update.run(JSON.stringify(r.titles), r.registeredById, r.registeredAt, before.id);
        return { id: before.id, before: before.titles };
      }
      const res = insert.run(r.unitId, r.year, r.subjectKind, r.subjectId, JSON.stringify(r.titles), r.registeredById, r.registeredAt);
      return { id: Number(res.lastInsertRowid), before: null };
    },
    async find(unitId, year, kind, subjectId) {
      const row = find.get(unitId, year, kind, subjectId);
      return row === undefined ? null : toRegistration(row);
    },
    async list(unitId, year) {
      return list.all(unitId, year).map(toRegistration);
    },
    async setDeadline(unitId, year, date, byId, at) {
      setDeadline.run(unitId, year, date, byId, at);
    },
    async deadline(unitId, year) {
      return (deadline.get(unitId, year) as string | undefined) ?? null;
    },
  };
}
