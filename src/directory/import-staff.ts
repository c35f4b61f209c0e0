/**
 * Staff directory import (`thidua import staff`, the demo seed): plan the file against the unit's current people
 * (`planStaffImport`, pure) and apply the plan with the caller's unit of work: either every row is written or
 * none is. A plan with any bad row, or a dry run, writes nothing (a dry run can run in `store.read`).
 * Run the real import inside ONE `store.transaction` so the plan cannot go stale before it is applied.
 */
import type { StaffPerson, StaffPersonFields } from '../store/staff.js';
import type { Tx } from '../store/store.js';
import { planStaffImport } from './plan-staff-import.js';
import type { ExistingPerson, PlanStaffImportOptions, StaffImportPlan, StaffRecord } from './staff-import-plan-types.js';
import type { StaffTable } from './staff-table.js';

/** What the import reads and writes. */
export type StaffImportTx = Pick<Tx, 'staff' | 'audit'>;

/** The unit the people belong to; `name` is used only when the unit does not exist yet. */
export interface ImportUnit {
  id: string;
  name?: string;
}

export interface ImportStaffOptions extends PlanStaffImportOptions {
  unit: ImportUnit;
  /** Plan only; nothing is written. */
  dryRun?: boolean;
  /** Who ran the import, for the audit log. */
  actorPersonId?: number | null;
  /** Where the import was run, for the audit log (`cli` unless the dashboard says `web`). */
  channel?: string;
  now?: () => number;
}

export interface ImportStaffResult {
  plan: StaffImportPlan;
  /** True when the plan was written (no errors and not a dry run). */
  applied: boolean;
  /** True when the unit did not exist (it is created on apply). */
  newUnit: boolean;
  /** Departments whose leader in charge the "Phụ trách phòng" column changed (0 unless applied). */
  leadersChanged: number;
}

/** Plans the import of `table` into the unit and, unless dry-run or invalid, applies it with `tx`. */
export async function importStaff(tx: StaffImportTx, table: StaffTable, options: ImportStaffOptions): Promise<ImportStaffResult> {
  const now = options.now ?? Date.now;
  const newUnit = (await tx.staff.getUnit(options.unit.id)) === null;
  const { existing, departmentNames } = await loadUnitDirectory(tx, options.unit.id);
  const plan = planStaffImport(table, existing, departmentNames, { createDepartments: options.createDepartments, sameName: options.sameName });
  const valid = plan.fileErrors.length === 0 && plan.rowErrors.length === 0;
  if (!valid || options.dryRun) return { plan, applied: false, newUnit, leadersChanged: 0 };
  const leadersChanged = await applyPlan(tx, plan, options, newUnit, now());
  return { plan, applied: true, newUnit, leadersChanged };
}

/** The unit's people with their department names and roles, for matching. */
export async function loadUnitDirectory(
  tx: Pick<Tx, 'staff'>,
  unitId: string,
): Promise<{ existing: ExistingPerson[]; departmentNames: string[] }> {
  const departmentRows = await tx.staff.listDepartments(unitId);
  const departmentName = new Map(departmentRows.map((d) => [d.id, d.name]));
  const leads = new Map<number, string[]>();
  for (const d of departmentRows) {
    if (d.leaderInChargeId !== null) leads.set(d.leaderInChargeId, [...(leads.get(d.leaderInChargeId) ?? []), d.name]);
  }
  const existing = (await tx.staff.listPeople(unitId)).map(
    (p: StaffPerson): ExistingPerson => ({
      id: p.id,
      fullName: p.fullName,
      phone: p.phone,
      email: p.email,
      position: p.position,
      departmentName: p.departmentId === null ? null : (departmentName.get(p.departmentId) ?? null),
      roles: p.roles,
      leadsDepartments: leads.get(p.id) ?? [],
      noGroupMention: p.noGroupMention,
      joinedOn: p.joinedOn,
    }),
  );
  return { existing, departmentNames: departmentRows.map((d) => d.name) };
}

/** Writes the plan; returns how many departments changed leader in charge. */
async function applyPlan(
  tx: StaffImportTx,
  plan: StaffImportPlan,
  options: ImportStaffOptions,
  newUnit: boolean,
  at: number,
): Promise<number> {
  const unitId = options.unit.id;
  if (newUnit) await tx.staff.createUnit({ id: unitId, name: options.unit.name?.trim() || unitId });
  for (const name of plan.newDepartments) await tx.staff.createDepartment(unitId, name);
  const departmentId = new Map((await tx.staff.listDepartments(unitId)).map((d) => [d.name, d.id]));
  const fields = (record: StaffRecord): StaffPersonFields => ({
    departmentId: record.departmentName === null ? null : (departmentId.get(record.departmentName) ?? null),
    fullName: record.fullName,
    phone: record.phone,
    email: record.email,
    position: record.position,
    noGroupMention: record.noGroupMention,
  });

  const audit = { at, actorPersonId: options.actorPersonId ?? null, channel: options.channel ?? 'cli' };
  // Updates first: a person may give up a phone that a new row then takes.
  const leaders: { personId: number; leads: string[] }[] = [];
  for (const row of plan.rows) {
    const { personId, record } = row;
    if (row.action !== 'update' || personId === null) continue;
    if (row.changes.includes('leadsDepartments')) leaders.push({ personId, leads: record.leadsDepartments });
    await tx.staff.updatePerson(personId, unitId, fields(record), at);
    if (row.changes.includes('roles')) await tx.staff.setRoles(personId, record.roles);
    if (row.changes.includes('joinedOn')) await setJoinedOn(tx, unitId, personId, record.joinedOn, audit);
  }
  for (const row of plan.rows) {
    if (row.action !== 'create') continue;
    const { record } = row;
    const personId = await tx.staff.createPerson(unitId, fields(record), record.roles, at);
    if (record.joinedOn !== null) await setJoinedOn(tx, unitId, personId, record.joinedOn, audit);
    if (record.leadsDepartments.length > 0) leaders.push({ personId, leads: record.leadsDepartments });
  }
  const leadersChanged = await applyLeadership(tx, unitId, leaders, departmentId, audit);
  await tx.audit.record({
    at,
    unitId,
    actorPersonId: options.actorPersonId ?? null,
    channel: options.channel ?? 'cli',
    action: 'staff.import',
    entityType: 'unit',
    entityId: unitId,
    after: { ...plan.counts, newDepartments: plan.newDepartments.length, newUnit, leadersChanged },
  });
  return leadersChanged;
}

/** Records a join date from the "Ngày vào" column, audited as `thidua department joined` is (via the import). */
async function setJoinedOn(
  tx: StaffImportTx,
  unitId: string,
  personId: number,
  joinedOn: string | null,
  audit: { at: number; actorPersonId: number | null; channel: string },
): Promise<void> {
  const before = await tx.staff.setJoinedOn(personId, joinedOn);
  await tx.audit.record({
    ...audit,
    unitId,
    action: 'person.joined_on_set',
    entityType: 'person',
    entityId: String(personId),
    subjectPersonId: personId,
    before: { joinedOn: before },
    after: { joinedOn, via: 'staff.import' },
  });
}

/**
 * Sets the departments' leader in charge from the "Phụ trách phòng" cells: each listed person gives up the
 * departments no longer in their cell, then takes the ones in it (possibly from someone else). Each department
 * whose leader changed gets a `department.leader_set` audit entry, as with `thidua department set-leader`.
 * Returns how many departments changed leader.
 */
async function applyLeadership(
  tx: StaffImportTx,
  unitId: string,
  leaders: readonly { personId: number; leads: readonly string[] }[],
  departmentId: ReadonlyMap<string, number>,
  audit: { at: number; actorPersonId: number | null; channel: string },
): Promise<number> {
  if (leaders.length === 0) return 0;
  const rows = await tx.staff.listDepartments(unitId);
  const leaderOf = new Map(rows.map((d) => [d.id, d.leaderInChargeId]));
  for (const { personId, leads } of leaders) {
    for (const d of rows) if (leaderOf.get(d.id) === personId && !leads.includes(d.name)) leaderOf.set(d.id, null);
  }
  for (const { personId, leads } of leaders) {
    for (const name of leads) {
      const id = departmentId.get(name);
      if (id !== undefined) leaderOf.set(id, personId);
    }
  }
  let changed = 0;
  for (const d of rows) {
    const after = leaderOf.get(d.id) ?? null;
    if (after === d.leaderInChargeId) continue;
    changed += 1;
    await tx.staff.setLeaderInCharge(d.id, after);
    await tx.audit.record({
      at: audit.at,
      unitId,
      actorPersonId: audit.actorPersonId,
      channel: audit.channel,
      action: 'department.leader_set',
      entityType: 'department',
      entityId: String(d.id),
      subjectPersonId: after ?? d.leaderInChargeId,
      before: { leaderInChargeId: d.leaderInChargeId },
      after: { leaderInChargeId: after, via: 'staff.import' },
    });
  }
  return changed;
}
