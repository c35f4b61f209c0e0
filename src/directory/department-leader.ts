/**
 * The leader in charge of a department (`departments.leader_in_charge_id`): the Phó Giám đốc who reviews the
 * head's own self-assessment and comments on the department's list (seed 000). Set by the office from the command
 * line (`thidua department set-leader`) or by the staff import's "Phụ trách phòng" column; only a person holding
 * the `leader` or `director` role in the same unit can be in charge. Every change is audited.
 *
 * Returns data: a refusal says why in typed fields, and the caller words it (`src/cli/render-department.ts`).
 * `checkLeaderInCharge` answers "may this be done?" without writing anything.
 */
import type { StaffDepartment } from '../store/staff.js';
import type { Tx } from '../store/store.js';
import { foldText } from './fold-text.js';
import { normalisePhone } from './phone.js';
import { LEADER_ROLES } from './staff-roles.js';

/** A person as the department commands name them. */
export interface PersonRef {
  id: number;
  fullName: string;
}

/** One department as `thidua department list` shows it. */
export interface DepartmentSummary {
  id: number;
  name: string;
  /** Active people in the department. */
  members: number;
  leader: PersonRef | null;
}

/** Why a department or a person could not be used. */
export type DepartmentLeaderRefusal =
  | { reason: 'unknown-unit'; unitId: string }
  | { reason: 'unknown-department'; unitId: string; query: string; departments: { id: number; name: string }[] }
  | { reason: 'ambiguous-department'; query: string; departmentIds: number[] }
  | { reason: 'unknown-person'; unitId: string; query: string }
  | { reason: 'other-unit'; unitId: string; personId: number; personUnitId: string }
  | { reason: 'inactive'; person: PersonRef }
  | { reason: 'not-a-leader'; person: PersonRef };

/** What setting the leader does (or did); `changed` is false when the person already is in charge. */
export interface LeaderChange {
  unitId: string;
  department: { id: number; name: string };
  leader: PersonRef;
  /** The department's leader in charge before (id as stored; `previous` is null if that person is gone). */
  previousId: number | null;
  previous: PersonRef | null;
  changed: boolean;
}

export type LeaderCheck = { ok: true; change: LeaderChange } | { ok: false; refusal: DepartmentLeaderRefusal };

export interface SetLeaderInput {
  unitId: string;
  /** Department id or name (case and diacritics tolerant). */
  department: string;
  /** Person id or phone number. */
  person: string;
  at: number;
  actorPersonId?: number | null;
  channel?: string;
}

/** The unit's departments in creation order, with head-counts and their leader in charge. */
export async function listDepartments(tx: Pick<Tx, 'staff'>, unitId: string): Promise<DepartmentSummary[]> {
  const rows = await tx.staff.listDepartments(unitId);
  const counts = new Map((await tx.staff.headcounts(unitId)).map((h) => [h.departmentId, h.members]));
  const summaries: DepartmentSummary[] = [];
  for (const d of rows) {
    const leader = d.leaderInChargeId === null ? null : await personRef(tx, d.leaderInChargeId);
    summaries.push({ id: d.id, name: d.name, members: counts.get(d.id) ?? 0, leader });
  }
  return summaries;
}

/** A department of the unit by id or by name (case and diacritics tolerant). */
export async function findDepartment(
  tx: Pick<Tx, 'staff'>,
  unitId: string,
  query: string,
): Promise<{ ok: true; department: StaffDepartment } | { ok: false; refusal: DepartmentLeaderRefusal }> {
  const all = await tx.staff.listDepartments(unitId);
  const text = query.trim().replace(/\s+/g, ' ');
  const byId = /^\d{1,9}$/.test(text) ? all.find((d) => d.id === Number(text)) : undefined;
  const matches = byId ? [byId] : all.filter((d) => d.name === text || foldText(d.name) === foldText(text));
  const exact = matches.find((d) => d.name === text);
  const found = exact ?? (matches.length === 1 ? matches[0] : undefined);
  if (found) return { ok: true, department: found };
  if (matches.length > 1) {
    return { ok: false, refusal: { reason: 'ambiguous-department', query: text, departmentIds: matches.map((d) => d.id) } };
  }
  const departments = all.map((d) => ({ id: d.id, name: d.name }));
  return { ok: false, refusal: { reason: 'unknown-department', unitId, query: text, departments } };
}

/** Checks that `person` may lead `department` in the unit and says what would change; writes nothing. */
export async function checkLeaderInCharge(tx: Pick<Tx, 'staff'>, input: SetLeaderInput): Promise<LeaderCheck> {
  const { unitId } = input;
  if ((await tx.staff.getUnit(unitId)) === null) return { ok: false, refusal: { reason: 'unknown-unit', unitId } };
  const department = await findDepartment(tx, unitId, input.department);
  if (!department.ok) return department;
  const text = input.person.trim();
  const phone = normalisePhone(text);
  let person = /^\d{1,9}$/.test(text) ? await tx.staff.getPerson(Number(text)) : null;
  if (!person && phone) person = (await tx.staff.findPeople(unitId, { phone }))[0] ?? null;
  if (!person) return { ok: false, refusal: { reason: 'unknown-person', unitId, query: text } };
  if (person.unitId !== unitId) {
    return { ok: false, refusal: { reason: 'other-unit', unitId, personId: person.id, personUnitId: person.unitId } };
  }
  const leader = { id: person.id, fullName: person.fullName };
  if (!person.active) return { ok: false, refusal: { reason: 'inactive', person: leader } };
  if (!person.roles.some((r) => LEADER_ROLES.includes(r))) return { ok: false, refusal: { reason: 'not-a-leader', person: leader } };
  const previousId = department.department.leaderInChargeId;
  return {
    ok: true,
    change: {
      unitId,
      department: { id: department.department.id, name: department.department.name },
      leader,
      previousId,
      previous: previousId === null ? null : await personRef(tx, previousId),
      changed: previousId !== person.id,
    },
  };
}

/**
 * Makes `person` (id or phone) the leader in charge of `department` (id or name) in `unitId`, with its audit entry
 * (`department.leader_set`), in the caller's unit of work. Refuses (writing nothing) when the unit, department or
 * person is unknown, the person belongs to another unit, left, or holds neither the `leader` nor the `director` role.
 */
export async function setLeaderInCharge(tx: Pick<Tx, 'staff' | 'audit'>, input: SetLeaderInput): Promise<LeaderCheck> {
  const check = await checkLeaderInCharge(tx, input);
  if (!check.ok || !check.change.changed) return check;
  const { change } = check;
  await tx.staff.setLeaderInCharge(change.department.id, change.leader.id);
  await tx.audit.record({
    at: input.at,
    unitId: input.unitId,
    actorPersonId: input.actorPersonId ?? null,
    channel: input.channel ?? 'cli',
    action: 'department.leader_set',
    entityType: 'department',
    entityId: String(change.department.id),
    subjectPersonId: change.leader.id,
    before: { leaderInChargeId: change.previousId },
    after: { leaderInChargeId: change.leader.id },
  });
  return check;
}

async function personRef(tx: Pick<Tx, 'staff'>, personId: number): Promise<PersonRef | null> {
  const person = await tx.staff.getPerson(personId);
  return person ? { id: person.id, fullName: person.fullName } : null;
}
