/**
 * The leader in charge of a department (`departments.leader_in_charge_id`): the Phó Giám đốc who reviews the
 * head's own self-assessment and comments on the department's list (seed 000). Set by the office from the command
 * line (`thidua department set-leader`) or by the staff import's "Phụ trách phòng" column; only a person holding
 * the `leader` or `director` role in the same unit can be in charge. Every change is audited.
 */
import { and, asc, count, eq } from 'drizzle-orm';
import { departments, people, personRoles, units } from '../../db/schema.js';
import { recordAudit } from '../persistence/audit.js';
import { inTransaction, type Db } from '../persistence/open-db.js';
import type { Role } from '../scoring/rubric-schema.js';
import { foldText } from './fold-text.js';
import { normalisePhone } from './phone.js';
import { LEADER_ROLES } from './staff-roles.js';

/** A refusal worded for the office (Vietnamese), e.g. an unknown department or a person without a leader role. */
export class DepartmentLeaderError extends Error {}

/** One department as `thidua department list` shows it. */
export interface DepartmentSummary {
  id: number;
  name: string;
  /** Active people in the department. */
  members: number;
  leader: { id: number; fullName: string } | null;
}

/** What `setLeaderInCharge` did; `changed` is false when the person was already in charge (nothing written). */
export interface SetLeaderResult {
  department: { id: number; name: string };
  leader: { id: number; fullName: string };
  previous: { id: number; fullName: string } | null;
  changed: boolean;
}

/** The unit's departments in creation order, with head-counts and their leader in charge. */
export function listDepartments(db: Db, unitId: string): DepartmentSummary[] {
  const rows = unitDepartments(db, unitId);
  const counts = new Map(
    db
      .select({ departmentId: people.departmentId, n: count() })
      .from(people)
      .where(and(eq(people.unitId, unitId), eq(people.active, true)))
      .groupBy(people.departmentId)
      .all()
      .map((r) => [r.departmentId, r.n]),
  );
  return rows.map((d) => {
    const leader =
      d.leaderInChargeId === null
        ? undefined
        : db.select({ id: people.id, fullName: people.fullName }).from(people).where(eq(people.id, d.leaderInChargeId)).get();
    return { id: d.id, name: d.name, members: counts.get(d.id) ?? 0, leader: leader ?? null };
  });
}

/** A department of the unit by id or by name (case and diacritics tolerant). */
export function findDepartment(db: Db, unitId: string, query: string): UnitDepartment {
  const all = unitDepartments(db, unitId);
  const text = query.trim().replace(/\s+/g, ' ');
  const byId = /^\d{1,9}$/.test(text) ? all.find((d) => d.id === Number(text)) : undefined;
  const matches = byId ? [byId] : all.filter((d) => d.name === text || foldText(d.name) === foldText(text));
  const exact = matches.find((d) => d.name === text);
  const found = exact ?? (matches.length === 1 ? matches[0] : undefined);
  if (found) return found;
  if (matches.length > 1) {
    throw new DepartmentLeaderError(`Có ${matches.length} phòng khớp với "${text}" (mã ${matches.map((d) => d.id).join(', ')}); hãy dùng mã phòng.`);
  }
  const names = all.map((d) => `${d.name} (mã ${d.id})`).join('; ') || '(chưa có phòng nào)';
  throw new DepartmentLeaderError(`Đơn vị ${unitId} không có phòng "${text}". Các phòng hiện có: ${names}`);
}

/** A department row as `listDepartments` and `findDepartment` read it. */
interface UnitDepartment {
  id: number;
  name: string;
  leaderInChargeId: number | null;
}

/** The unit's departments in creation order. */
function unitDepartments(db: Db, unitId: string): UnitDepartment[] {
  return db
    .select({ id: departments.id, name: departments.name, leaderInChargeId: departments.leaderInChargeId })
    .from(departments)
    .where(eq(departments.unitId, unitId))
    .orderBy(asc(departments.id))
    .all();
}

/** A person by id or phone number, who must belong to `unitId`. */
export function findPersonInUnit(db: Db, unitId: string, query: string): { id: number; fullName: string; active: boolean; roles: Role[] } {
  const text = query.trim();
  const columns = { id: people.id, unitId: people.unitId, fullName: people.fullName, active: people.active };
  const phone = normalisePhone(text);
  let person = /^\d{1,9}$/.test(text) ? db.select(columns).from(people).where(eq(people.id, Number(text))).get() : undefined;
  if (!person && phone) person = db.select(columns).from(people).where(and(eq(people.unitId, unitId), eq(people.phone, phone))).get();
  if (!person) throw new DepartmentLeaderError(`Không tìm thấy cán bộ "${text}" (mã số hoặc số điện thoại) trong đơn vị ${unitId}.`);
  if (person.unitId !== unitId) {
    throw new DepartmentLeaderError(`Cán bộ mã số ${person.id} thuộc đơn vị ${person.unitId}, không thuộc đơn vị ${unitId}.`);
  }
  const roles = db.select({ role: personRoles.role }).from(personRoles).where(eq(personRoles.personId, person.id)).all().map((r) => r.role);
  return { id: person.id, fullName: person.fullName, active: person.active, roles };
}

/**
 * Makes `person` (id or phone) the leader in charge of `department` (id or name) in `unitId`, in one transaction
 * with its audit entry (`department.leader_set`). Throws `DepartmentLeaderError` when the unit, department or
 * person is unknown, the person left, or holds neither the `leader` nor the `director` role.
 */
export function setLeaderInCharge(
  db: Db,
  input: { unitId: string; department: string; person: string; at: number; actorPersonId?: number | null; channel?: string },
): SetLeaderResult {
  return inTransaction(db, () => {
    if (!db.select({ id: units.id }).from(units).where(eq(units.id, input.unitId)).get()) {
      throw new DepartmentLeaderError(`Không có đơn vị "${input.unitId}".`);
    }
    const department = findDepartment(db, input.unitId, input.department);
    const person = findPersonInUnit(db, input.unitId, input.person);
    if (!person.active) {
      throw new DepartmentLeaderError(`${person.fullName} (mã số ${person.id}) không còn trong danh bạ đang hoạt động, không thể phụ trách phòng.`);
    }
    if (!person.roles.some((r) => LEADER_ROLES.includes(r))) {
      throw new DepartmentLeaderError(
        `${person.fullName} (mã số ${person.id}) không có vai trò lãnh đạo phụ trách (Phó Giám đốc) hoặc Giám đốc, nên không thể ` +
          'phụ trách phòng. Hãy sửa cột "Vai trò" trong danh bạ rồi nhập lại (thidua import staff).',
      );
    }
    const previousId = department.leaderInChargeId;
    const previous =
      previousId === null ? null : (db.select({ id: people.id, fullName: people.fullName }).from(people).where(eq(people.id, previousId)).get() ?? null);
    const result: SetLeaderResult = {
      department: { id: department.id, name: department.name },
      leader: { id: person.id, fullName: person.fullName },
      previous,
      changed: previousId !== person.id,
    };
    if (!result.changed) return result;
    db.update(departments).set({ leaderInChargeId: person.id }).where(eq(departments.id, department.id)).run();
    recordAudit(db, {
      at: input.at,
      unitId: input.unitId,
      actorPersonId: input.actorPersonId ?? null,
      channel: input.channel ?? 'cli',
      action: 'department.leader_set',
      entityType: 'department',
      entityId: String(department.id),
      subjectPersonId: person.id,
      before: { leaderInChargeId: previousId },
      after: { leaderInChargeId: person.id },
    });
    return result;
  });
}
