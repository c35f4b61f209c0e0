/**
 * The staff list's column headers as offices write them (Vietnamese or English, folded: case, diacritics and
 * underscores do not matter) and the field each one fills.
 */
import { foldText } from './fold-text.js';

export type StaffField =
  | 'fullName'
  | 'phone'
  | 'email'
  | 'department'
  | 'position'
  | 'roles'
  | 'leadsDepartments'
  | 'noGroupMention'
  | 'joinedOn';

/** Folded header → field. Vietnamese and English names, as offices write them. */
const HEADERS: ReadonlyMap<string, StaffField> = new Map<string, StaffField>([
  ['ho va ten', 'fullName'],
  ['ho ten', 'fullName'],
  ['full name', 'fullName'],
  ['fullname', 'fullName'],
  ['name', 'fullName'],
  ['so dien thoai', 'phone'],
  ['dien thoai', 'phone'],
  ['sdt', 'phone'],
  ['phone', 'phone'],
  ['phone number', 'phone'],
  ['mobile', 'phone'],
  ['email', 'email'],
  ['e-mail', 'email'],
  ['thu dien tu', 'email'],
  ['phong', 'department'],
  ['phong ban', 'department'],
  ['phong/trung tam', 'department'],
  ['bo phan', 'department'],
  ['department', 'department'],
  ['chuc vu', 'position'],
  ['chuc danh', 'position'],
  ['position', 'position'],
  ['vai tro', 'roles'],
  ['role', 'roles'],
  ['roles', 'roles'],
  ['phu trach phong', 'leadsDepartments'],
  ['phong phu trach', 'leadsDepartments'],
  ['leads departments', 'leadsDepartments'],
  ['khong nhac ten trong nhom', 'noGroupMention'],
  ['khong nhac ten', 'noGroupMention'],
  ['no group mention', 'noGroupMention'],
  ['ngay vao', 'joinedOn'],
  ['ngay vao don vi', 'joinedOn'],
  ['ngay vao co quan', 'joinedOn'],
  ['ngay bat dau cong tac', 'joinedOn'],
  ['joined on', 'joinedOn'],
  ['join date', 'joinedOn'],
]);

const FIELD_LABELS: Record<StaffField, string> = {
  fullName: 'họ và tên',
  phone: 'số điện thoại',
  email: 'email',
  department: 'phòng',
  position: 'chức vụ',
  roles: 'vai trò',
  leadsDepartments: 'phụ trách phòng',
  noGroupMention: 'không nhắc tên trong nhóm',
  joinedOn: 'ngày vào đơn vị',
};

/** Vietnamese label of a field, for listing changes. */
export function fieldLabel(field: StaffField): string {
  return FIELD_LABELS[field];
}

/** Which column holds which field (the first of duplicates wins); headers not recognised are listed to be ignored. */
export function mapHeaders(header: readonly string[]): { columns: Map<StaffField, number>; ignoredHeaders: string[] } {
  const columns = new Map<StaffField, number>();
  const ignoredHeaders: string[] = [];
  header.forEach((text, index) => {
    const field = HEADERS.get(foldText(text));
    if (field && !columns.has(field)) columns.set(field, index);
    else if (text !== '') ignoredHeaders.push(text);
  });
  return { columns, ignoredHeaders };
}
