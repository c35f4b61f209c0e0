/**
 * The pure half of the staff import: map headers, validate every row, and diff the file against the people
 * already in the unit. This file reads and validates each row's cells (name, phone, e-mail, roles, the yes/no and
 * date cells) and assembles the plan; matching rows to existing people and departments, the per-field diff and the
 * "Phụ trách phòng" settlement are in staff-import-matching.ts, the plan's types in staff-import-plan-types.ts. The plan says exactly what applying would do (created / updated / unchanged) and lists
 * every bad row with its spreadsheet row number; a plan with errors must not be applied.
 *
 * Matching: a row is the same person as an existing one with the same normalised phone in the unit, else the
 * same email (case-insensitive). A column absent from the file leaves that field untouched; a present but
 * empty cell clears an optional field (email, position, department, the departments a leader is in charge of),
 * an empty role cell means "staff", and an empty "Không nhắc tên trong nhóm" or "Ngày vào" cell leaves it as it is.
 * The optional columns "Phụ trách phòng", "Không nhắc tên trong nhóm" and "Ngày vào" are described in
 * staff-import-extras.ts.
 *
 * Questions (issue 18, item 20) are row errors the office answers by re-running with an option, listed again in
 * `questions` so the caller can say which option: a department name close to an existing one (a typo, a hyphen for
 * a dash — `createDepartments` makes it a new department), and a person with no phone/email match whose name is
 * one existing person's in the same department (`sameName`: `update` that person's phone, or add a `new` person).
 * A row with more cells than the header (an unquoted comma) gets one message about the column count, since its
 * shifted cells would otherwise give misleading errors (an e-mail that is really a department).
 */
import { z } from 'zod';
import type { Role } from '../scoring/rubric-schema.js';
import { foldText } from './fold-text.js';
import { normalisePhone } from './phone.js';
import { mapHeaders, type StaffField } from './staff-headers.js';
import { joinDateError, parseJoinDate, parseYesNo, splitDepartmentList, yesNoError, type PendingLeadership } from './staff-import-extras.js';
import {
  closeDepartmentOf,
  contactMatches,
  diff,
  resolveDepartment,
  sameNamePeople,
  sameNameQuestion,
  settleLeadership,
} from './staff-import-matching.js';
import type {
  ExistingPerson,
  ImportQuestion,
  PlannedRow,
  PlanStaffImportOptions,
  RowError,
  RowErrorColumn,
  StaffImportPlan,
  StaffRecord,
} from './staff-import-plan-types.js';
import { ACCEPTED_ROLE_NAMES, LEADER_ROLES, parseRoles } from './staff-roles.js';
import type { StaffTable } from './staff-table.js';

export { fieldLabel, type StaffField } from './staff-headers.js';

const emailSchema = z.email();

/** Builds the plan. Pure: `existing` is the unit's people, `departments` the names that already exist. */
export function planStaffImport(
  table: StaffTable,
  existing: readonly ExistingPerson[],
  departments: readonly string[],
  options: PlanStaffImportOptions = {},
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
    questions: [],
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
  const questions: ImportQuestion[] = [];
  const rows: PlannedRow[] = [];
  const pendingLeadership: PendingLeadership[] = [];
  const contactMatched = contactMatches(table, columns, byPhone, byEmail);

  for (const { rowNumber, cells } of table.rows) {
    const extra = columnCountError(cells, table.header.length);
    if (extra) {
      rowErrors.push({ rowNumber, reasons: [extra], columns: [null] });
      continue;
    }
    const columnOf = (field: StaffField): RowErrorColumn | null => {
      const index = columns.get(field);
      return index === undefined ? null : { field, index, header: table.header[index] ?? '' };
    };
    const cell = (field: StaffField) => {
      const index = columns.get(field);
      return index === undefined ? undefined : (cells[index] ?? '').trim();
    };
    const reasons: string[] = [];
    const about: (RowErrorColumn | null)[] = [];
    /** A reason about `field`'s column (null: the whole row). */
    const fail = (field: StaffField | null, reason: string) => {
      reasons.push(reason);
      about.push(field === null ? null : columnOf(field));
    };
    const fullName = (cell('fullName') ?? '').replace(/\s+/g, ' ');
    if (fullName === '') fail('fullName', 'Thiếu họ và tên');

    const phoneText = cell('phone') ?? '';
    const phone = phoneText === '' ? null : normalisePhone(phoneText);
    if (phoneText !== '' && phone === null) fail('phone', `Số điện thoại "${phoneText}" không hợp lệ`);
    if (phone) {
      const first = seenPhones.get(phone);
      if (first !== undefined) fail('phone', `Số điện thoại trùng với dòng ${first}`);
      else seenPhones.set(phone, rowNumber);
    }

    const emailText = cell('email') ?? '';
    const email = emailText === '' ? null : emailText.toLowerCase();
    if (email !== null && !emailSchema.safeParse(email).success) fail('email', `Email "${emailText}" không hợp lệ`);
    else if (email) {
      const first = seenEmails.get(email);
      if (first !== undefined) fail('email', `Email trùng với dòng ${first}`);
      else seenEmails.set(email, rowNumber);
    }
    if (phoneText === '' && emailText === '') fail(columns.has('phone') ? 'phone' : 'email', 'Cần số điện thoại hoặc email');

    const rolesText = cell('roles');
    const parsedRoles = parseRoles(rolesText ?? '');
    if (parsedRoles.unknown.length > 0) {
      fail('roles', `Vai trò không hợp lệ: ${parsedRoles.unknown.join(', ')} (chấp nhận: ${ACCEPTED_ROLE_NAMES})`);
    }

    const mentionText = cell('noGroupMention') ?? '';
    const noGroupMention = parseYesNo(mentionText);
    if (noGroupMention === null) fail('noGroupMention', yesNoError('Không nhắc tên trong nhóm', mentionText));

    const joinedText = cell('joinedOn') ?? '';
    const joinedOn = parseJoinDate(joinedText);
    if (joinedOn === null) fail('joinedOn', joinDateError(joinedText));

    let match = (phone ? byPhone.get(phone) : undefined) ?? (email ? byEmail.get(email) : undefined);
    if (!match && fullName !== '') {
      const same = sameNamePeople(existing, fullName, cell('department'), contactMatched);
      const policy = options.sameName ?? 'ask';
      if (same.length === 1 && policy === 'update') match = same[0];
      else if (same.length > 0 && policy !== 'new') {
        fail('fullName', sameNameQuestion(fullName, same, phone, email));
        questions.push({ kind: 'same-name', rowNumber, fullName, personIds: same.map((p) => p.id) });
      }
    }
    if (match && email && phone && match.phone === phone) {
      const owner = byEmail.get(email);
      if (owner && owner.id !== match.id) fail('email', 'Email đã thuộc về một người khác trong danh bạ');
    }
    if (match) {
      const first = claimed.get(match.id);
      if (first !== undefined) fail(null, `Trùng người với dòng ${first}`);
      else claimed.set(match.id, rowNumber);
    }

    const roles: Role[] =
      rolesText === undefined && match ? match.roles : parsedRoles.roles.length > 0 ? parsedRoles.roles : ['staff'];
    const leadsText = cell('leadsDepartments');
    const leads = leadsText === undefined ? null : splitDepartmentList(leadsText);
    if (leads && leads.length > 0 && !roles.some((r) => LEADER_ROLES.includes(r))) {
      fail('leadsDepartments', 'Chỉ người có vai trò lãnh đạo phụ trách (Phó Giám đốc) hoặc Giám đốc mới phụ trách phòng được (cột "Phụ trách phòng")');
    }

    const departmentText = cell('department');
    const close = departmentText === undefined || options.createDepartments ? null : closeDepartmentOf(departmentText, knownDepartments, newDepartments);
    if (close && departmentText !== undefined) {
      fail(
        'department',
        `Phòng "${departmentText}" chưa có trong đơn vị nhưng gần giống phòng "${close}": nếu là phòng đó, hãy sửa tên cho đúng; nếu là một phòng mới, hãy cho phép tạo phòng mới`,
      );
      questions.push({ kind: 'department', rowNumber, typed: departmentText, existing: close });
    }

    if (reasons.length > 0) {
      rowErrors.push({ rowNumber, reasons, columns: about });
      continue;
    }
    if (leads) pendingLeadership.push({ rowNumber, names: leads });

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
      joinedOn: joinedOn ?? match?.joinedOn ?? null,
    };
    if (!match) {
      rows.push({ rowNumber, action: 'create', personId: null, record, changes: [] });
    } else {
      const changes = diff(match, record);
      rows.push({ rowNumber, action: changes.length > 0 ? 'update' : 'unchanged', personId: match.id, record, changes });
    }
  }

  const leadsIndex = columns.get('leadsDepartments');
  const leadsColumn: RowErrorColumn | null =
    leadsIndex === undefined ? null : { field: 'leadsDepartments', index: leadsIndex, header: table.header[leadsIndex] ?? '' };
  const planned = settleLeadership(rows, rowErrors, pendingLeadership, knownDepartments, newDepartments, existing, leadsColumn);
  const count = (action: PlannedRow['action']) => planned.filter((r) => r.action === action).length;
  return {
    fileErrors,
    rowErrors: rowErrors.sort((a, b) => a.rowNumber - b.rowNumber),
    questions,
    rows: planned,
    newDepartments: [...newDepartments.values()],
    ignoredHeaders,
    counts: { created: count('create'), updated: count('update'), unchanged: count('unchanged') },
  };
}

/**
 * A row with more non-empty cells than the header has columns: one clear message instead of the errors its
 * shifted cells would give (the usual cause is a comma inside a cell of a CSV saved by hand, without quotes).
 */
function columnCountError(cells: readonly string[], columns: number): string | null {
  let filled = cells.length;
  while (filled > 0 && (cells[filled - 1] ?? '') === '') filled -= 1;
  if (filled <= columns) return null;
  return (
    `Dòng có ${filled} ô nhưng dòng tiêu đề chỉ có ${columns} cột: có lẽ một ô chứa dấu phẩy (hoặc dấu chấm phẩy) ` +
    'mà không nằm trong dấu ngoặc kép, nên các ô sau bị lệch cột. Hãy đặt ô đó trong ngoặc kép (ví dụ "Phòng Văn hóa, ' +
    'Thông tin") hoặc mở tệp bằng Excel rồi lưu lại'
  );
}
