/**
 * Staff directory import (`thidua import staff`): read the file, plan against the unit's current people
 * (`planStaffImport`, pure), and apply the plan in ONE transaction: either every row is written or none is.
 * A plan with any bad row, or a dry run, writes nothing.
 */
import { and, eq } from 'drizzle-orm';
import { auditLog, departments, people, personRoles, units } from '../../db/schema.js';
import { inTransaction, type Db } from '../persistence/open-db.js';
import { roleSchema } from '../scoring/rubric-schema.js';
import { planStaffImport, type ExistingPerson, type StaffImportPlan } from './plan-staff-import.js';
import type { StaffTable } from './staff-table.js';

/** The unit the people belong to; `name` is used only when the unit does not exist yet. */
export interface ImportUnit {
  id: string;
  name?: string;
}

export interface ImportStaffOptions {
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
}

/** Plans the import of `table` into the unit and, unless dry-run or invalid, applies it atomically. */
export function importStaff(db: Db, table: StaffTable, options: ImportStaffOptions): ImportStaffResult {
  const now = options.now ?? Date.now;
  const run = (): ImportStaffResult => {
    const unitRow = db.select({ id: units.id }).from(units).where(eq(units.id, options.unit.id)).get();
    const { existing, departmentNames } = loadUnitDirectory(db, options.unit.id);
    const plan = planStaffImport(table, existing, departmentNames);
    const valid = plan.fileErrors.length === 0 && plan.rowErrors.length === 0;
    if (!valid || options.dryRun) return { plan, applied: false, newUnit: !unitRow };
    applyPlan(db, plan, options, !unitRow, now());
    return { plan, applied: true, newUnit: !unitRow };
  };
  // Read and write under one immediate transaction so the plan cannot go stale before it is applied.
  return options.dryRun ? run() : inTransaction(db, run);
}

/** The unit's people with their department names and roles, for matching. */
export function loadUnitDirectory(db: Db, unitId: string): { existing: ExistingPerson[]; departmentNames: string[] } {
  const departmentRows = db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(eq(departments.unitId, unitId))
    .all();
  const departmentName = new Map(departmentRows.map((d) => [d.id, d.name]));
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
  }));
  return { existing, departmentNames: departmentRows.map((d) => d.name) };
}

function applyPlan(db: Db, plan: StaffImportPlan, options: ImportStaffOptions, newUnit: boolean, at: number): void {
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
  for (const row of updates) {
    const { personId, record } = row;
    if (personId === null) continue;
    db.update(people)
      .set({
        fullName: record.fullName,
        phone: record.phone,
        email: record.email,
        position: record.position,
        departmentId: idOf(record.departmentName),
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
        updatedAt: at,
      })
      .returning({ id: people.id })
      .get();
    db.insert(personRoles)
      .values(record.roles.map((role) => ({ personId: inserted.id, role })))
      .run();
  }
  db.insert(auditLog)
    .values({
      at,
      unitId,
      actorPersonId: options.actorPersonId ?? null,
      channel: 'cli',
      action: 'staff.import',
      entityType: 'unit',
      entityId: unitId,
      after: { ...plan.counts, newDepartments: plan.newDepartments.length, newUnit },
    })
    .run();
}
