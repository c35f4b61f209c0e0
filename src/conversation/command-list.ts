/**
 * The engine's own commands (identity and plumbing, no workflow): `/start`, `/huongdan`, `/huy`. Every other
 * command belongs to a workflow. Also the role groups several workflows use.
 */
import type { Role } from '../scoring/rubric-schema.js';

export type BuiltInId = 'start' | 'help' | 'cancel';

export interface BuiltInCommand {
  id: BuiltInId;
  names: string[];
  description: string;
  /** Answered before the chat is linked. */
  public?: boolean;
  hidden?: boolean;
}

export const REVIEWER_ROLES: Role[] = ['head', 'leader', 'director'];
export const OFFICE_ROLES: Role[] = ['office', 'director', 'admin'];

export const BUILT_IN_COMMANDS: BuiltInCommand[] = [
  { id: 'start', names: ['start', 'batdau'], description: 'Bắt đầu', public: true, hidden: true },
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
