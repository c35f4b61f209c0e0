/** The Vietnamese wording of the department commands' outcomes (the directory service returns data). */
import type { DepartmentLeaderRefusal, LeaderChange } from '../directory/department-leader.js';

/** Why the leader in charge could not be set, as the office reads it. */
export function renderLeaderRefusal(r: DepartmentLeaderRefusal): string {
  switch (r.reason) {
    case 'unknown-unit':
      return `Không có đơn vị "${r.unitId}".`;
    case 'unknown-department': {
      const names = r.departments.map((d) => `${d.name} (mã ${d.id})`).join('; ') || '(chưa có phòng nào)';
      return `Đơn vị ${r.unitId} không có phòng "${r.query}". Các phòng hiện có: ${names}`;
    }
    case 'ambiguous-department':
      return `Có ${r.departmentIds.length} phòng khớp với "${r.query}" (mã ${r.departmentIds.join(', ')}); hãy dùng mã phòng.`;
    case 'unknown-person':
      return `Không tìm thấy cán bộ "${r.query}" (mã số hoặc số điện thoại) trong đơn vị ${r.unitId}.`;
    case 'other-unit':
      return `Cán bộ mã số ${r.personId} thuộc đơn vị ${r.personUnitId}, không thuộc đơn vị ${r.unitId}.`;
    case 'inactive':
      return `${r.person.fullName} (mã số ${r.person.id}) không còn trong danh bạ đang hoạt động, không thể phụ trách phòng.`;
    case 'not-a-leader':
      return (
        `${r.person.fullName} (mã số ${r.person.id}) không có vai trò lãnh đạo phụ trách (Phó Giám đốc) hoặc Giám đốc, nên không thể ` +
        'phụ trách phòng. Hãy sửa cột "Vai trò" trong danh bạ rồi nhập lại (thidua import staff).'
      );
  }
}

/** What setting the leader did. */
export function renderLeaderChange(change: LeaderChange): string {
  const who = `${change.leader.fullName} (mã số ${change.leader.id})`;
  if (!change.changed) return `${who} đã là lãnh đạo phụ trách ${change.department.name}; không có gì thay đổi.`;
  const before = change.previous ? ` (thay cho ${change.previous.fullName}, mã số ${change.previous.id})` : '';
  return `Đã giao ${change.department.name} cho ${who} phụ trách${before}. Đã ghi nhật ký kiểm tra.`;
}
