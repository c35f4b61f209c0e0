/**
 * The staff import's side that looks at the directory: which existing person a row is (by phone or e-mail, else by
 * name within the department), which department a typed name is (the stored spelling, close to an existing one, or
 * new), what changes for a matched person (the fields that differ), and the "Phụ trách phòng" cells once every row is
 * known. Pure; `plan-staff-import.ts` reads and validates the rows and calls these to plan against the directory.
 */
import { closeDepartment, departmentKey } from './department-match.js';
import { foldText } from './fold-text.js';
import { normalisePhone } from './phone.js';
import type { StaffField } from './staff-headers.js';
import { resolveLeadership, type PendingLeadership } from './staff-import-extras.js';
import type { ExistingPerson, PlannedRow, RowError, RowErrorColumn, StaffRecord } from './staff-import-plan-types.js';
import type { StaffTable } from './staff-table.js';

/**
 * Once every row (and so every department the file creates) is known: resolves the "Phụ trách phòng" cells, moves
 * rows with an unknown or doubly claimed department to `rowErrors`, and re-diffs the others.
 */
export function settleLeadership(
  rows: PlannedRow[],
  rowErrors: RowError[],
  pending: readonly PendingLeadership[],
  known: ReadonlyMap<string, string>,
  created: ReadonlyMap<string, string>,
  existing: readonly ExistingPerson[],
  leadsColumn: RowErrorColumn | null,
): PlannedRow[] {
  if (pending.length === 0) return rows;
  const { resolved, errors } = resolveLeadership(pending, known, created);
  for (const [rowNumber, reasons] of errors) rowErrors.push({ rowNumber, reasons, columns: reasons.map(() => leadsColumn) });
  const before = new Map(existing.map((p) => [p.id, p]));
  return rows
    .filter((r) => !errors.has(r.rowNumber))
    .map((row): PlannedRow => {
      const leads = resolved.get(row.rowNumber);
      if (!leads) return row;
      const record = { ...row.record, leadsDepartments: leads };
      const match = row.personId === null ? undefined : before.get(row.personId);
      if (!match) return { ...row, record };
      const changes = diff(match, record);
      return { ...row, record, changes, action: changes.length > 0 ? 'update' : 'unchanged' };
    });
}


/** Ids of existing people some row matches by phone or email: they are not candidates for a match by name. */
export function contactMatches(
  table: StaffTable,
  columns: ReadonlyMap<StaffField, number>,
  byPhone: ReadonlyMap<string | null, ExistingPerson>,
  byEmail: ReadonlyMap<string | undefined, ExistingPerson>,
): Set<number> {
  const ids = new Set<number>();
  const at = (cells: readonly string[], field: StaffField) => {
    const index = columns.get(field);
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  for (const { cells } of table.rows) {
    const phone = normalisePhone(at(cells, 'phone'));
    const email = at(cells, 'email').toLowerCase();
    const person = (phone ? byPhone.get(phone) : undefined) ?? (email ? byEmail.get(email) : undefined);
    if (person) ids.add(person.id);
  }
  return ids;
}

/** Existing people with this name (folded) in the row's department (any, when the file has no department column). */
export function sameNamePeople(
  existing: readonly ExistingPerson[],
  fullName: string,
  departmentText: string | undefined,
  contactMatched: ReadonlySet<number>,
): ExistingPerson[] {
  const name = foldText(fullName);
  const department = departmentText === undefined ? undefined : departmentKey(departmentText);
  return existing.filter(
    (p) =>
      !contactMatched.has(p.id) &&
      foldText(p.fullName) === name &&
      (department === undefined || departmentKey(p.departmentName ?? '') === department),
  );
}

export function sameNameQuestion(fullName: string, same: readonly ExistingPerson[], phone: string | null, email: string | null): string {
  const where = same[0]?.departmentName ? ` ở ${same[0].departmentName}` : '';
  const known = same.map((p) => `mã số ${p.id}${p.phone ? `, số ${p.phone}` : ''}`).join('; ');
  const given = [phone ? `số ${phone}` : '', email ? `email ${email}` : ''].filter(Boolean).join(', ') || 'không có số điện thoại, email';
  const who = same.length === 1 ? 'một người đã có' : `${same.length} người đã có`;
  return `"${fullName}" trùng tên với ${who}${where} (${known}) nhưng dòng này ghi ${given}: là cùng một người đổi số điện thoại, hay một người khác trùng tên?`;
}

/** An existing or already planned department this name is close to but not the same as, else null. */
export function closeDepartmentOf(text: string, known: ReadonlyMap<string, string>, created: ReadonlyMap<string, string>): string | null {
  const name = text.replace(/\s+/g, ' ');
  if (name === '' || known.has(foldText(name)) || created.has(foldText(name))) return null;
  const candidates = [...known.values(), ...created.values()];
  if (candidates.some((c) => departmentKey(c) === departmentKey(name))) return null;
  return closeDepartment(name, candidates);
}

/** The department's stored spelling when it exists (matched loosely), else the file's, registered as new. */
export function resolveDepartment(
  text: string | undefined,
  match: ExistingPerson | undefined,
  known: Map<string, string>,
  created: Map<string, string>,
): string | null {
  if (text === undefined) return match?.departmentName ?? null;
  const name = text.replace(/\s+/g, ' ');
  if (name === '') return null;
  const key = foldText(name);
  const loose = departmentKey(name);
  const existing =
    known.get(key) ?? created.get(key) ?? [...known.values(), ...created.values()].find((d) => departmentKey(d) === loose);
  if (existing) return existing;
  created.set(key, name);
  return name;
}

export function diff(before: ExistingPerson, after: StaffRecord): StaffField[] {
  const changes: StaffField[] = [];
  if (before.fullName !== after.fullName) changes.push('fullName');
  if (before.phone !== after.phone) changes.push('phone');
  if ((before.email?.toLowerCase() ?? null) !== after.email) changes.push('email');
  if (before.departmentName !== after.departmentName) changes.push('department');
  if (before.position !== after.position) changes.push('position');
  const sameRoles =
    before.roles.length === after.roles.length && before.roles.every((r) => after.roles.includes(r));
  if (!sameRoles) changes.push('roles');
  const sameLeads =
    before.leadsDepartments.length === after.leadsDepartments.length &&
    before.leadsDepartments.every((d) => after.leadsDepartments.includes(d));
  if (!sameLeads) changes.push('leadsDepartments');
  if (before.noGroupMention !== after.noGroupMention) changes.push('noGroupMention');
  if (before.joinedOn !== after.joinedOn) changes.push('joinedOn');
  return changes;
}