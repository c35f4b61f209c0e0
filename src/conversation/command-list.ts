/**
 * The built-in commands: names (Vietnamese first, English aliases), who may use them, and the /help line.
 * `duyet` and `tiendo` are entry points other modules can take over (see module.ts).
 */
import type { Role } from '../scoring/rubric-schema.js';

export type BuiltInId =
  | 'start'
  | 'help'
  | 'assess'
  | 'review'
  | 'submit'
  | 'score'
  | 'approve'
  | 'status'
  | 'mention'
  | 'cancel';

export interface BuiltInCommand {
  id: BuiltInId;
  names: string[];
  /** Roles allowed; undefined = every linked person. */
  roles?: Role[];
  description: string;
  /** Answered before the chat is linked. */
  public?: boolean;
  hidden?: boolean;
}

export const REVIEWER_ROLES: Role[] = ['head', 'leader', 'director'];
export const OFFICE_ROLES: Role[] = ['office', 'director', 'admin'];

export const BUILT_IN_COMMANDS: BuiltInCommand[] = [
  { id: 'start', names: ['start', 'batdau'], description: 'Bắt đầu', public: true, hidden: true },
  { id: 'assess', names: ['tudanhgia', 'assess'], description: 'Tự đánh giá (bắt đầu hoặc tiếp tục; /tudanhgia 5 để tới câu 5)' },
  { id: 'review', names: ['xem', 'review'], description: 'Xem lại câu trả lời, tổng điểm tạm tính và phần còn thiếu' },
  { id: 'submit', names: ['nop', 'submit'], description: 'Nộp bản tự đánh giá' },
  { id: 'score', names: ['diem', 'score'], description: 'Điểm của tôi Quý này và cả năm' },
  { id: 'approve', names: ['duyet', 'approve'], roles: REVIEWER_ROLES, description: 'Các bản tự đánh giá chờ tôi duyệt' },
  { id: 'status', names: ['tiendo', 'status'], roles: OFFICE_ROLES, description: 'Tiến độ tự đánh giá theo phòng' },
  { id: 'mention', names: ['nhacten', 'mention'], description: 'Cho phép nhắc tên tôi (@) trong nhóm chat: /nhacten bật hoặc /nhacten tắt' },
  { id: 'cancel', names: ['huy', 'cancel'], description: 'Hủy thao tác đang làm' },
  { id: 'help', names: ['huongdan', 'help'], description: 'Hướng dẫn sử dụng', public: true },
];

const BY_NAME = new Map(BUILT_IN_COMMANDS.flatMap((c) => c.names.map((n) => [n, c] as const)));

export const BUILT_IN_NAMES: ReadonlySet<string> = new Set(BY_NAME.keys());

export function builtInCommand(name: string): BuiltInCommand | undefined {
  return BY_NAME.get(name);
}

export function hasRole(roles: readonly Role[], allowed: readonly Role[] | undefined): boolean {
  return !allowed || allowed.some((r) => roles.includes(r));
}
