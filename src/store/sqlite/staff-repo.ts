/**
 * Units, departments, people and roles for the office's directory administration ({@link StaffRepository}).
 * Cold paths (the CLI, the start-up demo seed): rows are parsed with zod; a person's roles come from a second
 * query grouped here rather than aggregated in SQL.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { ROLES, type Role } from '../../scoring/rubric-schema.js';
import type { StaffDepartment, StaffPerson, StaffPersonFields, StaffRepository, StaffUnit } from '../staff.js';

const unitRow = z.object({ id: z.string(), name: z.string() });
const departmentRow = z
  .object({ id: z.number().int(), unit_id: z.string(), name: z.string(), leader_in_charge_id: z.number().int().nullable() })
  .transform((r): StaffDepartment => ({ id: r.id, unitId: r.unit_id, name: r.name, leaderInChargeId: r.leader_in_charge_id }));
const personRow = z.object({
  id: z.number().int(),
  unit_id: z.string(),
  department_id: z.number().int().nullable(),
  full_name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  position: z.string().nullable(),
  active: z.number().int(),
  no_group_mention: z.number().int(),
  joined_on: z.string().nullable(),
});
const roleRow = z.object({ person_id: z.number().int(), role: z.enum(ROLES) });
const headcountRow = z.object({ department_id: z.number().int().nullable(), members: z.number().int() });
const insertedId = z.object({ id: z.number().int() });

const PERSON_COLUMNS = 'id, unit_id, department_id, full_name, phone, email, position, active, no_group_mention, joined_on';
const DEPARTMENT_COLUMNS = 'id, unit_id, name, leader_in_charge_id';

export function createStaffRepository(c: Database.Database): StaffRepository {
  const getUnit = c.prepare('SELECT id, name FROM units WHERE id = ?');
  const listUnits = c.prepare('SELECT id, name FROM units ORDER BY id');
  const insertUnit = c.prepare('INSERT INTO units (id, name) VALUES (?, ?)');
  const listDepartments = c.prepare(`SELECT ${DEPARTMENT_COLUMNS} FROM departments WHERE unit_id = ? ORDER BY id`);
  const insertDepartment = c.prepare('INSERT INTO departments (unit_id, name) VALUES (?, ?) RETURNING id');
  const setLeader = c.prepare('UPDATE departments SET leader_in_charge_id = ? WHERE id = ?');
  const headcounts = c.prepare(
    'SELECT department_id, COUNT(*) AS members FROM people WHERE unit_id = ? AND active = 1 GROUP BY department_id',
  );
  const getPerson = c.prepare(`SELECT ${PERSON_COLUMNS} FROM people WHERE id = ?`);
  const listPeople = c.prepare(`SELECT ${PERSON_COLUMNS} FROM people WHERE unit_id = ? ORDER BY id`);
  const byPhone = c.prepare(`SELECT ${PERSON_COLUMNS} FROM people WHERE unit_id = ? AND phone = ? ORDER BY id`);
  const byName = c.prepare(`SELECT ${PERSON_COLUMNS} FROM people WHERE unit_id = ? AND full_name = ? ORDER BY id`);
  const rolesOfPerson = c.prepare('SELECT person_id, role FROM person_roles WHERE person_id = ? ORDER BY role');
  const rolesOfUnit = c.prepare(
    `SELECT r.person_id, r.role FROM person_roles r JOIN people p ON p.id = r.person_id WHERE p.unit_id = ?
     ORDER BY r.person_id, r.role`,
  );
  const insertPerson = c.prepare(
    `INSERT INTO people (unit_id, department_id, full_name, phone, email, position, no_group_mention, updated_at)
     VALUES (@unitId, @departmentId, @fullName, @phone, @email, @position, @noGroupMention, @now) RETURNING id`,
  );
  const updatePerson = c.prepare(
    `UPDATE people SET full_name = @fullName, phone = @phone, email = @email, position = @position,
       department_id = @departmentId, no_group_mention = @noGroupMention, active = 1, updated_at = @now
     WHERE id = @personId AND unit_id = @unitId`,
  );
  const deleteRoles = c.prepare('DELETE FROM person_roles WHERE person_id = ?');
  const insertRole = c.prepare('INSERT INTO person_roles (person_id, role) VALUES (?, ?)');

  /** People rows with their roles (`roleRows` may hold other people's roles too). */
  function withRoles(rows: unknown[], roleRows: unknown[]): StaffPerson[] {
    const roles = new Map<number, Role[]>();
    for (const raw of roleRows) {
      const r = roleRow.parse(raw);
      const list = roles.get(r.person_id);
      if (list) list.push(r.role);
      else roles.set(r.person_id, [r.role]);
    }
    return rows.map((raw) => {
      const p = personRow.parse(raw);
      return {
        id: p.id,
        unitId: p.unit_id,
        departmentId: p.department_id,
        fullName: p.full_name,
        phone: p.phone,
        email: p.email,
        position: p.position,
        active: p.active === 1,
        noGroupMention: p.no_group_mention === 1,
        joinedOn: p.joined_on,
        roles: roles.get(p.id) ?? [],
      };
    });
  }

  function personsWithOwnRoles(rows: unknown[]): StaffPerson[] {
    const roleRows = rows.flatMap((raw) => rolesOfPerson.all(personRow.parse(raw).id));
    return withRoles(rows, roleRows);
  }

  function personValues(fields: StaffPersonFields): Record<string, string | number | null> {
    return {
      departmentId: fields.departmentId,
      fullName: fields.fullName,
      phone: fields.phone,
      email: fields.email,
      position: fields.position,
      noGroupMention: fields.noGroupMention ? 1 : 0,
    };
  }

  function insertRoles(personId: number, roles: readonly Role[]): void {
    for (const role of roles) insertRole.run(personId, role);
  }

  return {
    async getUnit(unitId) {
      const row: unknown = getUnit.get(unitId);
      return row === undefined ? null : unitRow.parse(row);
    },
    async listUnits() {
      return listUnits.all().map((row): StaffUnit => unitRow.parse(row));
    },
    async createUnit(unit) {
      insertUnit.run(unit.id, unit.name);
    },
    async listDepartments(unitId) {
      return listDepartments.all(unitId).map((row) => departmentRow.parse(row));
    },
    async createDepartment(unitId, name) {
      return insertedId.parse(insertDepartment.get(unitId, name)).id;
    },
    async setLeaderInCharge(departmentId, personId) {
      setLeader.run(personId, departmentId);
    },
    async setJoinedOn(personId, joinedOn) {
      const before: unknown = c.prepare('SELECT joined_on FROM people WHERE id = ?').pluck().get(personId);
      c.prepare('UPDATE people SET joined_on = ? WHERE id = ?').run(joinedOn, personId);
      return typeof before === 'string' ? before : null;
    },
    async headcounts(unitId) {
      return headcounts.all(unitId).map((row) => {
        const r = headcountRow.parse(row);
        return { departmentId: r.department_id, members: r.members };
      });
    },
    async getPerson(personId) {
      const row: unknown = getPerson.get(personId);
      return row === undefined ? null : (personsWithOwnRoles([row])[0] ?? null);
    },
    async listPeople(unitId) {
      return withRoles(listPeople.all(unitId), rolesOfUnit.all(unitId));
    },
    async findPeople(unitId, query) {
      const rows = 'phone' in query ? byPhone.all(unitId, query.phone) : byName.all(unitId, query.fullName);
      return personsWithOwnRoles(rows);
    },
    async createPerson(unitId, fields, roles, now) {
      const id = insertedId.parse(insertPerson.get({ ...personValues(fields), unitId, now })).id;
      insertRoles(id, roles);
      return id;
    },
    async updatePerson(personId, unitId, fields, now) {
      updatePerson.run({ ...personValues(fields), personId, unitId, now });
    },
    async setRoles(personId, roles) {
      deleteRoles.run(personId);
      insertRoles(personId, roles);
    },
  };
}
