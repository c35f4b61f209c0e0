/** Chat text for group registration (`/dangkynhom`) and for commands typed in a group. */
import type { GroupRegistrationResult } from './group-registration.js';

export const GROUP_TEXTS = {
  registered: (unit: string) =>
    `✅ Đã đăng ký nhóm này làm nhóm thông báo của ${unit}. Bảng vinh danh và các thông báo chung sẽ được gửi vào đây.`,
  already: (unit: string) => `Nhóm này đã là nhóm thông báo của ${unit}.`,
  notLinked:
    'Anh/chị chưa liên kết tài khoản với Thi Đua Số. Hãy nhắn riêng cho Thi Đua Số (bấm vào tên Thi Đua Số → Bắt đầu) để liên kết, rồi gửi lại /dangkynhom tại đây.',
  notAllowed: 'Chỉ Văn phòng hoặc quản trị viên của đơn vị mới đăng ký được nhóm thông báo.',
} as const;

export function groupRegistrationText(result: GroupRegistrationResult): string {
  switch (result.status) {
    case 'registered':
      return GROUP_TEXTS.registered(result.unitName);
    case 'already':
      return GROUP_TEXTS.already(result.unitName);
    case 'not-linked':
      return GROUP_TEXTS.notLinked;
    case 'not-allowed':
      return GROUP_TEXTS.notAllowed;
  }
}
