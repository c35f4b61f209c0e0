/** PostgreSQL: staff, settings, invites (see repositories.ts for what differs from SQLite). */
import { ROLES, type Role } from '../../scoring/rubric-schema.js';
import type { InviteRepository } from '../invites.js';
import type { SettingsRepository, UnitView } from '../settings.js';
import type { StaffDepartment, StaffPerson, StaffPersonFields, StaffRepository } from '../staff.js';
import { type Client, insertedId, rows } from './pg-query.js';
import { z } from 'zod';

const unitRow = z.object({ id: z.string(), name: z.string() });
const departmentRow = z
  .object({ id: z.number().int(), unit_id: z.string(), name: z.string(), leader_in_charge_id: z.number().int().nullable() })
  .transform((r): StaffDepartment => ({ id: r.id, unitId: r.unit_id, name: r.name, leaderInChargeId: r.leader_in_charge_id }));
const staffPersonRow = z
  .object({
    id: z.number().int(),
    unit_id: z.string(),
    department_id: z.number().int().nullable(),
    full_name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    position: z.string().nullable(),
    active: z.boolean(),
    no_group_mention: z.boolean(),
    joined_on: z.string().nullable(),
    roles: z.array(z.enum(ROLES)),
  })
  .transform(
    (p): StaffPerson => ({
      id: p.id,
      unitId: p.unit_id,
      departmentId: p.department_id,
      fullName: p.full_name,
      phone: p.phone,
      email: p.email,
      position: p.position,
      active: p.active,
      noGroupMention: p.no_group_mention,
      joinedOn: p.joined_on,
      roles: p.roles,
    }),
  );
const headcountRow = z.object({ department_id: z.number().int().nullable(), members: z.number().int() });

const STAFF_PERSON_SQL = `SELECT id, unit_id, department_id, full_name, phone, email, position, active, no_group_mention, joined_on,
    ARRAY(SELECT r.role FROM person_roles r WHERE r.person_id = people.id ORDER BY r.role) AS roles
  FROM people`;

export function staffRepository(c: Client): StaffRepository {
  const people = (found: Record<string, unknown>[]) => found.map((row) => staffPersonRow.parse(row));
  const insertRoles = async (personId: number, roles: readonly Role[]) => {
    if (roles.length === 0) return;
    await rows(c, 'staff_insert_roles', 'INSERT INTO person_roles (person_id, role) SELECT $1, unnest($2::text[])', [personId, [...roles]]);
  };
  const personParams = (f: StaffPersonFields) => [f.departmentId, f.fullName, f.phone, f.email, f.position, f.noGroupMention];
  return {
    async getUnit(unitId) {
      const [row] = await rows(c, 'staff_unit', 'SELECT id, name FROM units WHERE id = $1', [unitId]);
      return row ? unitRow.parse(row) : null;
    },
    async listUnits() {
      return (await rows(c, 'staff_units', 'SELECT id, name FROM units ORDER BY id COLLATE "C"')).map((row) => unitRow.parse(row));
    },
    async createUnit(unit) {
      await rows(c, 'staff_create_unit', 'INSERT INTO units (id, name) VALUES ($1, $2)', [unit.id, unit.name]);
    },
    async listDepartments(unitId) {
      const found = await rows(c, 'staff_departments', 'SELECT id, unit_id, name, leader_in_charge_id FROM departments WHERE unit_id = $1 ORDER BY id', [unitId]);
      return found.map((row) => departmentRow.parse(row));
    },
    async createDepartment(unitId, name) {
      const [row] = await rows(c, 'staff_create_department', 'INSERT INTO departments (unit_id, name) VALUES ($1, $2) RETURNING id', [unitId, name]);
      return insertedId.parse(row).id;
    },
    async setLeaderInCharge(departmentId, personId) {
      await rows(c, 'staff_set_leader', 'UPDATE departments SET leader_in_charge_id = $1 WHERE id = $2', [personId, departmentId]);
    },
    async setJoinedOn(personId, joinedOn) {
      const [before] = await rows(c, 'staff_joined_before', 'SELECT joined_on FROM people WHERE id = $1', [personId]);
      await rows(c, 'staff_set_joined', 'UPDATE people SET joined_on = $1 WHERE id = $2', [joinedOn, personId]);
      return typeof before?.joined_on === 'string' ? before.joined_on : null;
    },
    async headcounts(unitId) {
      // count(*) is int8: parsed as a number by the store's int8 parser.
      const found = await rows(
        c,
        'staff_headcounts',
        'SELECT department_id, count(*) AS members FROM people WHERE unit_id = $1 AND active GROUP BY department_id',
        [unitId],
      );
      return found.map((row) => {
        const r = headcountRow.parse(row);
        return { departmentId: r.department_id, members: r.members };
      });
    },
    async getPerson(personId) {
      const [row] = await rows(c, 'staff_person', `${STAFF_PERSON_SQL} WHERE id = $1`, [personId]);
      return row ? staffPersonRow.parse(row) : null;
    },
    async listPeople(unitId) {
      return people(await rows(c, 'staff_people', `${STAFF_PERSON_SQL} WHERE unit_id = $1 ORDER BY id`, [unitId]));
    },
    async findPeople(unitId, query) {
      return 'phone' in query
        ? people(await rows(c, 'staff_by_phone', `${STAFF_PERSON_SQL} WHERE unit_id = $1 AND phone = $2 ORDER BY id`, [unitId, query.phone]))
        : people(await rows(c, 'staff_by_name', `${STAFF_PERSON_SQL} WHERE unit_id = $1 AND full_name = $2 ORDER BY id`, [unitId, query.fullName]));
    },
    async createPerson(unitId, fields, roles, now) {
      const [row] = await rows(
        c,
        'staff_create_person',
        `INSERT INTO people (department_id, full_name, phone, email, position, no_group_mention, unit_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [...personParams(fields), unitId, now],
      );
      const id = insertedId.parse(row).id;
      await insertRoles(id, roles);
      return id;
    },
    async updatePerson(personId, unitId, fields, now) {
      await rows(
        c,
        'staff_update_person',
        `UPDATE people SET department_id = $1, full_name = $2, phone = $3, email = $4, position = $5,
           no_group_mention = $6, active = true, updated_at = $7
         WHERE id = $8 AND unit_id = $9`,
        [...personParams(fields), now, personId, unitId],
      );
    },
    async setRoles(personId, roles) {
      await rows(c, 'staff_delete_roles', 'DELETE FROM person_roles WHERE person_id = $1', [personId]);
      await insertRoles(personId, roles);
    },
  };
}

const unitViewRow = z.object({ id: z.string(), name: z.string(), timezone: z.string(), settings: z.unknown(), created_at: z.number() });

export function settingsRepository(c: Client): SettingsRepository {
  const SELECT = 'SELECT id, name, timezone, settings, created_at FROM units';
  const toUnit = (raw: unknown): UnitView => {
    const r = unitViewRow.parse(raw);
    return { id: r.id, name: r.name, timezone: r.timezone, settings: r.settings, createdAt: r.created_at };
  };
  return {
    async listUnits() {
      return (await rows(c, 'settings_units', `${SELECT} ORDER BY id COLLATE "C"`)).map(toUnit);
    },
    async getUnit(unitId) {
      const [row] = await rows(c, 'settings_unit', `${SELECT} WHERE id = $1`, [unitId]);
      return row ? toUnit(row) : null;
    },
    async updateSettings(unitId, settings) {
      const updated = await rows(c, 'settings_update', 'UPDATE units SET settings = $1::jsonb WHERE id = $2 RETURNING id', [JSON.stringify(settings ?? {}), unitId]);
      return updated.length === 1;
    },
  };
}

export function inviteRepository(c: Client): InviteRepository {
  return {
    async create(invite, now) {
      await rows(c, 'invite_create', 'INSERT INTO invite_codes (code_hash, person_id, expires_at, created_at) VALUES ($1, $2, $3, $4)', [
        invite.codeHash,
        invite.personId,
        invite.expiresAt,
        now,
      ]);
    },
  };
}
