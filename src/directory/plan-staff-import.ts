/**
 * The pure half of the staff import: map headers, validate every row, and diff the file against the people
 * already in the unit. The plan says exactly what applying would do (created / updated / unchanged) and lists
 * every bad row with its spreadsheet row number; a plan with errors must not be applied.
 *
 * Matching: a row is the same person as an existing one with the same normalised phone in the unit, else the
 * same email (case-insensitive). A column absent from the file leaves that field untouched; a present but
 * empty cell clears an optional field (email, position, department, the departments a leader is in charge of),
 * an empty role cell means "staff", and an empty "Không nhắc tên trong nhóm" cell leaves the preference as it is.
 * The optional columns "Phụ trách phòng" and "Không nhắc tên trong nhóm" are described in staff-import-extras.ts.
 */
import { z } from 'zod';
import type { Role } from '../scoring/rubric-schema.js';
import { foldText } from './fold-text.js';
import { normalisePhone } from './phone.js';
import { mapHeaders, type StaffField } from './staff-headers.js';
import { parseYesNo, resolveLeadership, splitDepartmentList, yesNoError, type PendingLeadership } from './staff-import-extras.js';
import { ACCEPTED_ROLE_NAMES, LEADER_ROLES, parseRoles } from './staff-roles.js';
import type { StaffTable } from './staff-table.js';

export { fieldLabel, type StaffField } from './staff-headers.js';

/** A person as stored, in the shape the diff needs: the same fields as the desired state, plus the id. */
export interface ExistingPerson extends StaffRecord {
  id: number;
}

/** The desired state of one person after the import. */
export interface StaffRecord {
  fullName: string;
  phone: string | null;
  email: string | null;
  position: string | null;
  departmentName: string | null;
  roles: Role[];
  /** The departments they are in charge of (exactly these, when the file has the column). */
  leadsDepartments: string[];
  /** Not to be @-mentioned in group chats (seed 000: still honoured, by plain name). */
  noGroupMention: boolean;
}

/** One valid row and what applying it does. `changes` names the fields that differ (empty when unchanged). */
export interface PlannedRow {
  rowNumber: number;
  action: 'create' | 'update' | 'unchanged';
  personId: number | null;
  record: StaffRecord;
  changes: StaffField[];
}

/** A bad row: its spreadsheet row number (header = 1) and every reason, in Vietnamese. */
export interface RowError {
  rowNumber: number;
  reasons: string[];
}

export interface StaffImportPlan {
  /** Problems with the file as a whole (missing name column…). */
  fileErrors: string[];
  rowErrors: RowError[];
  rows: PlannedRow[];
  /** Departments that do not exist yet and will be created. */
  newDepartments: string[];
  /** Headers that were not recognised and are ignored. */
  ignoredHeaders: string[];
  counts: { created: number; updated: number; unchanged: number };
}

const emailSchema = z.email();

/** Builds the plan. Pure: `existing` is the unit's people, `departments` the names that already exist. */
export function planStaffImport(
  table: StaffTable,
  existing: readonly ExistingPerson[],
  departments: readonly string[],
): StaffImportPlan {
  const { columns, ignoredHeaders } = mapHeaders(table.header);
  const fileErrors: string[] = [];
  if (!columns.has('fullName')) fileErrors.push('Thiếu cột "Họ và tên" (full_name) ở dòng tiêu đề (dòng 1)');
  if (!columns.has('phone') && !columns.has('email')) {
    fileErrors.push('Cần ít nhất một trong hai cột "Số điện thoại" (phone) hoặc "Email"');
  }
  if (table.rows.length === 0 && fileErrors.length === 0) fileErrors.push('Tệp không có dòng dữ liệu nào');
  const empty: StaffImportPlan = {
    fileErrors,
    rowErrors: [],
    rows: [],
    newDepartments: [],
    ignoredHeaders,
    counts: { created: 0, updated: 0, unchanged: 0 },
  };
  if (fileErrors.length > 0) return empty;

  const byPhone = new Map(existing.filter((p) => p.phone).map((p) => [p.phone, p]));
  const byEmail = new Map(existing.filter((p) => p.email).map((p) => [p.email?.toLowerCase(), p]));
  const knownDepartments = new Map(departments.map((d) => [foldText(d), d]));
  const newDepartments = new Map<string, string>();
  const seenPhones = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  const claimed = new Map<number, number>();
  const rowErrors: RowError[] = [];
  const rows: PlannedRow[] = [];
  const pendingLeadership: PendingLeadership[] = [];

  for (const { rowNumber, cells } of table.rows) {
    const cell = (field: StaffField) => {
      const index = columns.get(field);
      return index === undefined ? undefined : (cells[index] ?? '').trim();
    };
    const reasons: string[] = [];
    const fullName = (cell('fullName') ?? '').replace(/\s+/g, ' ');
    if (fullName === '') reasons.push('Thiếu họ và tên');

    const phoneText = cell('phone') ?? '';
    const phone = phoneText === '' ? null : normalisePhone(phoneText);
    if (phoneText !== '' && phone === null) reasons.push(`Số điện thoại "${phoneText}" không hợp lệ`);
    if (phone) {
      const first = seenPhones.get(phone);
      if (first !== undefined) reasons.push(`Số điện thoại trùng với dòng ${first}`);
      else seenPhones.set(phone, rowNumber);
    }

    const emailText = cell('email') ?? '';
    const email = emailText === '' ? null : emailText.toLowerCase();
    if (email !== null && !emailSchema.safeParse(email).success) reasons.push(`Email "${emailText}" không hợp lệ`);
    else if (email) {
      const first = seenEmails.get(email);
      if (first !== undefined) reasons.push(`Email trùng với dòng ${first}`);
      else seenEmails.set(email, rowNumber);
    }
    if (phoneText === '' && emailText === '') reasons.push('Cần số điện thoại hoặc email');

    const rolesText = cell('roles');
    const parsedRoles = parseRoles(rolesText ?? '');
    if (parsedRoles.unknown.length > 0) {
      reasons.push(`Vai trò không hợp lệ: ${parsedRoles.unknown.join(', ')} (chấp nhận: ${ACCEPTED_ROLE_NAMES})`);
    }

    const mentionText = cell('noGroupMention') ?? '';
    const noGroupMention = parseYesNo(mentionText);
    if (noGroupMention === null) reasons.push(yesNoError('Không nhắc tên trong nhóm', mentionText));

    const match = (phone ? byPhone.get(phone) : undefined) ?? (email ? byEmail.get(email) : undefined);
    if (match && email && phone && match.phone === phone) {
      const owner = byEmail.get(email);
      if (owner && owner.id !== match.id) reasons.push('Email đã thuộc về một người khác trong danh bạ');
    }
    if (match) {
      const first = claimed.get(match.id);
      if (first !== undefined) reasons.push(`Trùng người với dòng ${first}`);
      else claimed.set(match.id, rowNumber);
    }

    const roles: Role[] =
      rolesText === undefined && match ? match.roles : parsedRoles.roles.length > 0 ? parsedRoles.roles : ['staff'];
    const leadsText = cell('leadsDepartments');
    const leads = leadsText === undefined ? null : splitDepartmentList(leadsText);
    if (leads && leads.length > 0 && !roles.some((r) => LEADER_ROLES.includes(r))) {
      reasons.push('Chỉ người có vai trò lãnh đạo phụ trách (Phó Giám đốc) hoặc Giám đốc mới phụ trách phòng được (cột "Phụ trách phòng")');
    }

    if (reasons.length > 0) {
      rowErrors.push({ rowNumber, reasons });
      continue;
    }
    if (leads) pendingLeadership.push({ rowNumber, names: leads });

    const departmentText = cell('department');
    const departmentName = resolveDepartment(departmentText, match, knownDepartments, newDepartments);
    const positionText = cell('position');
    const record: StaffRecord = {
      fullName,
      phone: columns.has('phone') ? phone : (match?.phone ?? null),
      email: columns.has('email') ? email : (match?.email ?? null),
      position: positionText === undefined ? (match?.position ?? null) : positionText || null,
      departmentName,
      roles,
      leadsDepartments: match?.leadsDepartments ?? [],
      noGroupMention: noGroupMention ?? match?.noGroupMention ?? false,
    };
    if (!match) {
      rows.push({ rowNumber, action: 'create', personId: null, record, changes: [] });
    } else {
      const changes = diff(match, record);
      rows.push({ rowNumber, action: changes.length > 0 ? 'update' : 'unchanged', personId: match.id, record, changes });
    }
  }

  const planned = settleLeadership(rows, rowErrors, pendingLeadership, knownDepartments, newDepartments, existing);
  const count = (action: PlannedRow['action']) => planned.filter((r) => r.action === action).length;
  return {
    fileErrors,
    rowErrors: rowErrors.sort((a, b) => a.rowNumber - b.rowNumber),
    rows: planned,
    newDepartments: [...newDepartments.values()],
    ignoredHeaders,
    counts: { created: count('create'), updated: count('update'), unchanged: count('unchanged') },
  };
}

/**
 * Once every row (and so every department the file creates) is known: resolves the "Phụ trách phòng" cells, moves
 * rows with an unknown or doubly claimed department to `rowErrors`, and re-diffs the others.
 */
function settleLeadership(
  rows: PlannedRow[],
  rowErrors: RowError[],
  pending: readonly PendingLeadership[],
  known: ReadonlyMap<string, string>,
  created: ReadonlyMap<string, string>,
  existing: readonly ExistingPerson[],
): PlannedRow[] {
  if (pending.length === 0) return rows;
  const { resolved, errors } = resolveLeadership(pending, known, created);
  for (const [rowNumber, reasons] of errors) rowErrors.push({ rowNumber, reasons });
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

/** The department's stored spelling when it exists (matched loosely), else the file's, registered as new. */
function resolveDepartment(
  text: string | undefined,
  match: ExistingPerson | undefined,
  known: Map<string, string>,
  created: Map<string, string>,
): string | null {
  if (text === undefined) return match?.departmentName ?? null;
  const name = text.replace(/\s+/g, ' ');
  if (name === '') return null;
  const key = foldText(name);
  const existing = known.get(key) ?? created.get(key);
  if (existing) return existing;
  created.set(key, name);
  return name;
}

function diff(before: ExistingPerson, after: StaffRecord): StaffField[] {
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
  return changes;
}
