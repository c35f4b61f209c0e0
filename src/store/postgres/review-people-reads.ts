/**
 * PostgreSQL: who the review workflow deals with (part of the review repository): members with their department
 * name and roles, the holders of a role, and departments. Directory reads the workflow needs, kept apart from the
 * submission, list and audit statements in `reviews-repo.ts`.
 */
import { z } from 'zod';
import { roleSchema, type Role } from '../../scoring/rubric-schema.js';
import type { DepartmentRecord, MemberRecord, ReviewRepository } from '../reviews.js';
import { type Client, rows } from './pg-query.js';

const memberRow = z.object({
  id: z.number().int(),
  unit_id: z.string(),
  full_name: z.string(),
  department_id: z.number().int().nullable(),
  department_name: z.string().nullable(),
  active: z.boolean(),
  created_at: z.number(),
});
const departmentRow = z
  .object({ id: z.number().int(), unit_id: z.string(), name: z.string(), leader_in_charge_id: z.number().int().nullable() })
  .transform((r): DepartmentRecord => ({ id: r.id, unitId: r.unit_id, name: r.name, leaderInChargeId: r.leader_in_charge_id }));
const idRow = z.object({ id: z.number().int() });

const MEMBER_SQL = `SELECT p.id, p.unit_id, p.full_name, p.department_id, d.name AS department_name, p.active, p.created_at
  FROM people p LEFT JOIN departments d ON d.id = p.department_id`;

export function reviewPeopleReads(
  c: Client,
): Pick<ReviewRepository, 'member' | 'membersOf' | 'membersWithoutDepartment' | 'holdersOf' | 'department' | 'departmentsOf' | 'departmentsWithMembers'> {
  /** People with their department name and roles (one more query for the roles). */
  async function members(found: Record<string, unknown>[]): Promise<MemberRecord[]> {
    if (found.length === 0) return [];
    const people = found.map((raw) => memberRow.parse(raw));
    const roleRows = await rows(c, 'reviews_member_roles', 'SELECT person_id, role FROM person_roles WHERE person_id = ANY($1::int[]) ORDER BY person_id, role COLLATE "C"', [
      people.map((p) => p.id),
    ]);
    const roles = new Map<number, Role[]>();
    for (const r of roleRows) {
      const personId = z.number().int().parse(r.person_id);
      const role = roleSchema.parse(r.role);
      const list = roles.get(personId);
      if (list) list.push(role);
      else roles.set(personId, [role]);
    }
    return people.map((p) => ({
      id: p.id,
      unitId: p.unit_id,
      fullName: p.full_name,
      departmentId: p.department_id,
      departmentName: p.department_name,
      active: p.active,
      createdAt: p.created_at,
      roles: roles.get(p.id) ?? [],
    }));
  }


  return {
    async member(personId) {
      return (await members(await rows(c, 'reviews_member', `${MEMBER_SQL} WHERE p.id = $1 ORDER BY p.id`, [personId])))[0] ?? null;
    },
    async membersOf(departmentId) {
      return members(await rows(c, 'reviews_members_of', `${MEMBER_SQL} WHERE p.department_id = $1 AND p.active ORDER BY p.id`, [departmentId]));
    },
    async membersWithoutDepartment(unitId) {
      return members(
        await rows(c, 'reviews_members_no_dept', `${MEMBER_SQL} WHERE p.unit_id = $1 AND p.department_id IS NULL AND p.active ORDER BY p.id`, [unitId]),
      );
    },
    async holdersOf(unitId, role, departmentId) {
      const found =
        departmentId === undefined
          ? await rows(
              c,
              'reviews_holders',
              `SELECT p.id FROM people p JOIN person_roles r ON r.person_id = p.id
               WHERE p.unit_id = $1 AND p.active AND r.role = $2 ORDER BY p.id`,
              [unitId, role],
            )
          : await rows(
              c,
              'reviews_holders_dept',
              `SELECT p.id FROM people p JOIN person_roles r ON r.person_id = p.id
               WHERE p.unit_id = $1 AND p.active AND r.role = $2 AND p.department_id = $3 ORDER BY p.id`,
              [unitId, role, departmentId],
            );
      return found.map((r) => idRow.parse(r).id);
    },
    async department(departmentId) {
      const [row] = await rows(c, 'reviews_department', 'SELECT id, unit_id, name, leader_in_charge_id FROM departments WHERE id = $1', [departmentId]);
      return row ? departmentRow.parse(row) : null;
    },
    async departmentsOf(unitId) {
      const found = await rows(c, 'reviews_departments', 'SELECT id, unit_id, name, leader_in_charge_id FROM departments WHERE unit_id = $1 ORDER BY id', [
        unitId,
      ]);
      return found.map((r) => departmentRow.parse(r));
    },
    async departmentsWithMembers(unitId) {
      const found = await rows(
        c,
        'reviews_departments_with_members',
        `SELECT id, unit_id, name, leader_in_charge_id FROM departments
         WHERE unit_id = $1 AND id IN (SELECT department_id FROM people WHERE active) ORDER BY id`,
        [unitId],
      );
      return found.map((r) => departmentRow.parse(r));
    },
  };
}
