/**
 * Staff directory import (`thidua import staff`): read the file, plan against the unit's current people
 * (`planStaffImport`, pure), and apply the plan in ONE transaction: either every row is written or none is.
 * A plan with any bad row, or a dry run, writes nothing.
 */
import { and, eq } from 'drizzle-orm';
import { auditLog, departments, people, personRoles, units } from '../../db/schema.js';
import { recordAudit } from '../persistence/audit.js';
import { inTransaction, type Db } from '../persistence/open-db.js';
import { roleSchema } from '../scoring/rubric-schema.js';
import { planStaffImport, type ExistingPerson, type PlanStaffImportOptions, type StaffImportPlan } from './plan-staff-import.js';
import type { StaffTable } from './staff-table.js';

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

/** Plans the import of `table` into the unit and, unless dry-run or invalid, applies it atomically. */
export function importStaff(db: Db, table: StaffTable, options: ImportStaffOptions): ImportStaffResult {
  const now = options.now ?? Date.now;
  const run = (): ImportStaffResult => {
    const unitRow = db.select({ id: units.id }).from(units).where(eq(units.id, options.unit.id)).get();
    const { existing, departmentNames } = loadUnitDirectory(db, options.unit.id);
    const plan = planStaffImport(table, existing, departmentNames, { createDepartments: options.createDepartments, sameName: options.sameName });
    const valid = plan.fileErrors.length === 0 && plan.rowErrors.length === 0;
    if (!valid || options.dryRun) return { plan, applied: false, newUnit: !unitRow, leadersChanged: 0 };
    const leadersChanged = applyPlan(db, plan, options, !unitRow, now());
    return { plan, applied: true, newUnit: !unitRow, leadersChanged };
  };
  // Read and write under one immediate transaction so the plan cannot go stale before it is applied.
  return options.dryRun ? run() : inTransaction(db, run);
}

/** The unit's people with their department names and roles, for matching. */
export function loadUnitDirectory(db: Db, unitId: string): { existing: ExistingPerson[]; departmentNames: string[] } {
  const departmentRows = db
    .select({ id: departments.id, name: departments.name, leaderId: departments.leaderInChargeId })
    .from(departments)
    .where(eq(departments.unitId, unitId))
    .all();
  const departmentName = new Map(departmentRows.map((d) => [d.id, d.name]));
  const leads = new Map<number, string[]>();
  for (const d of departmentRows) if (d.leaderId !== null) leads.set(d.leaderId, [...(leads.get(d.leaderId) ?? []), d.name]);
  const personRows = db.select().from(people).where(eq(people.unitId, unitId)).all();
  const roleRows = db
    .select({ personId: personRoles.personId, role: personRoles.role })
    .from(personRoles)
    .innerJoin(people, eq(people.id, personRoles.personId))
    .where(eq(people.unitId, unitId))
    .all();
  const roles = new Map<number, ExistingPerson['roles']>();
  for (const r of roleRows) {
    const list = roles.get(r.personId) ?? [];
    list.push(roleSchema.parse(r.role));
    roles.set(r.personId, list);
  }
  const existing = personRows.map((p) => ({
    id: p.id,
    fullName: p.fullName,
    phone: p.phone,
    email: p.email,
    position: p.position,
    departmentName: p.departmentId === null ? null : (departmentName.get(p.departmentId) ?? null),
    roles: roles.get(p.id) ?? [],
    leadsDepartments: leads.get(p.id) ?? [],
    noGroupMention: p.noGroupMention,
  }));
  return { existing, departmentNames: departmentRows.map((d) => d.name) };
}

/** Writes the plan; returns how many departments changed leader in charge. */
function applyPlan(db: Db, plan: StaffImportPlan, options: ImportStaffOptions, newUnit: boolean, at: number): number {
  const unitId = options.unit.id;
  if (newUnit) db.insert(units).values({ id: unitId, name: options.unit.name?.trim() || unitId }).run();
  for (const name of plan.newDepartments) db.insert(departments).values({ unitId, name }).run();
  const departmentId = new Map(
    db
      .select({ id: departments.id, name: departments.name })
      .from(departments)
      .where(eq(departments.unitId, unitId))
      .all()
      .map((d) => [d.name, d.id]),
  );
  const idOf = (name: string | null) => (name === null ? null : (departmentId.get(name) ?? null));

  // Updates first: a person may give up a phone that a new row then takes.
  const updates = plan.rows.filter((r) => r.action === 'update');
  const leaders: { personId: number; leads: string[] }[] = [];
  for (const row of updates) {
    const { personId, record } = row;
    if (personId === null) continue;
    if (row.changes.includes('leadsDepartments')) leaders.push({ personId, leads: record.leadsDepartments });
    db.update(people)
      .set({
        fullName: record.fullName,
        phone: record.phone,
        email: record.email,
        position: record.position,
        departmentId: idOf(record.departmentName),
        noGroupMention: record.noGroupMention,
        active: true,
        updatedAt: at,
      })
      .where(and(eq(people.id, personId), eq(people.unitId, unitId)))
      .run();
    if (row.changes.includes('roles')) {
      db.delete(personRoles).where(eq(personRoles.personId, personId)).run();
      db.insert(personRoles)
        .values(record.roles.map((role) => ({ personId, role })))
        .run();
    }
  }
  for (const row of plan.rows.filter((r) => r.action === 'create')) {
    const { record } = row;
    const inserted = db
      .insert(people)
      .values({
        unitId,
        departmentId: idOf(record.departmentName),
        fullName: record.fullName,
        phone: record.phone,
        email: record.email,
        position: record.position,
        noGroupMention: record.noGroupMention,
        updatedAt: at,
      })
      .returning({ id: people.id })
      .get();
    db.insert(personRoles)
      .values(record.roles.map((role) => ({ personId: inserted.id, role })))
      .run();
    if (record.leadsDepartments.length > 0) leaders.push({ personId: inserted.id, leads: record.leadsDepartments });
  }
  const leadersChanged = applyLeadership(db, unitId, leaders, departmentId, { at, actorPersonId: options.actorPersonId ?? null });
  db.insert(auditLog)
    .values({
      at,
      unitId,
      actorPersonId: options.actorPersonId ?? null,
      channel: 'cli',
      action: 'staff.import',
      entityType: 'unit',
      entityId: unitId,
      after: { ...plan.counts, newDepartments: plan.newDepartments.length, newUnit, leadersChanged },
    })
    .run();
  return leadersChanged;
}

/**
 * Sets `departments.leader_in_charge_id` from the "Phụ trách phòng" cells: each listed person gives up the
 * departments no longer in their cell, then takes the ones in it (possibly from someone else). Each department
 * whose leader changed gets a `department.leader_set` audit entry, as with `thidua department set-leader`.
 * Returns how many departments changed leader.
 */
function applyLeadership(
  db: Db,
  unitId: string,
  leaders: readonly { personId: number; leads: readonly string[] }[],
  departmentId: ReadonlyMap<string, number>,
  audit: { at: number; actorPersonId: number | null },
): number {
  if (leaders.length === 0) return 0;
  const rows = db
    .select({ id: departments.id, name: departments.name, leaderId: departments.leaderInChargeId })
    .from(departments)
    .where(eq(departments.unitId, unitId))
    .all();
  const leaderOf = new Map(rows.map((d) => [d.id, d.leaderId]));
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
    if (after === d.leaderId) continue;
    changed += 1;
    db.update(departments).set({ leaderInChargeId: after }).where(eq(departments.id, d.id)).run();
    recordAudit(db, {
      at: audit.at,
      unitId,
      actorPersonId: audit.actorPersonId,
      channel: 'cli',
      action: 'department.leader_set',
      entityType: 'department',
      entityId: String(d.id),
      subjectPersonId: after ?? d.leaderId,
      before: { leaderInChargeId: d.leaderId },
      after: { leaderInChargeId: after, via: 'staff.import' },
    });
  }
  return changed;
}
