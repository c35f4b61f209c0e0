/**
 * The quick buttons each role gets (issue 16 item 3): a head reviews and watches progress, the office watches
 * progress and the department lists, the director approves; staff keep their self-assessment buttons. One list for
 * the web chat's button bar and the approval workflow's idle menu (Telegram, Zalo), so every channel offers the same.
 */
import type { Choice } from '../conversation/types.js';
import type { Role } from '../scoring/rubric-schema.js';

/** A button that runs a command. */
export interface QuickCommand {
  label: string;
  /** The command's name, without the slash. */
  command: string;
}

/** What staff (and anyone without a role button) get: the self-assessment's own steps. */
export const STAFF_QUICK_COMMANDS: readonly QuickCommand[] = [
  { label: 'Tự đánh giá', command: 'tudanhgia' },
  { label: 'Xem lại', command: 'xem' },
  { label: 'Nộp', command: 'nop' },
  { label: 'Điểm của tôi', command: 'diem' },
  { label: 'Hướng dẫn', command: 'huongdan' },
];

/** The role buttons, most pressing first: Phê duyệt (director), Duyệt (reviewers), Tiến độ, Danh sách (office). */
export function roleQuickCommands(roles: readonly Role[]): QuickCommand[] {
  const out: QuickCommand[] = [];
  const has = (...r: Role[]) => r.some((x) => roles.includes(x));
  if (has('director')) out.push({ label: 'Phê duyệt', command: 'pheduyet' });
  if (has('head', 'leader', 'director')) out.push({ label: 'Duyệt', command: 'duyet' });
  if (has('head', 'leader', 'office', 'director')) out.push({ label: 'Tiến độ', command: 'tiendo' });
  if (has('office')) out.push({ label: 'Danh sách', command: 'tiepnhan' });
  return out;
}

/** The web chat's button bar: the role's buttons, then Tự đánh giá and Hướng dẫn; staff keep theirs. */
export function quickCommandsFor(roles: readonly Role[]): QuickCommand[] {
  const role = roleQuickCommands(roles);
  if (role.length === 0) return [...STAFF_QUICK_COMMANDS];
  return [...role, { label: 'Tự đánh giá', command: 'tudanhgia' }, { label: 'Hướng dẫn', command: 'huongdan' }];
}

const ICON: Record<string, string> = { pheduyet: '🏁', duyet: '📝', tiendo: '📊', tiepnhan: '📥' };

/** The role buttons as idle-menu choices (`c:` runs the command). */
export function roleQuickChoices(roles: readonly Role[]): Choice[] {
  return roleQuickCommands(roles).map((q) => ({ label: `${ICON[q.command] ?? ''} ${q.label}`.trim(), payload: `c:${q.command}` }));
}
