/**
 * Role names as an office writes them in a staff list, in Vietnamese or as the role ids of the rubric schema.
 * A cell may hold several roles separated by `,` or `;` (a head is usually also staff).
 */
import { ROLES, type Role } from '../scoring/rubric-schema.js';
import { foldText } from './fold-text.js';

/** Folded Vietnamese names (and English ids) → role id. Longer names are matched as whole cells. */
const ROLE_NAMES: ReadonlyMap<string, Role> = new Map<string, Role>([
  ...ROLES.map((r): [string, Role] => [r, r]),
  ['cong chuc', 'staff'],
  ['vien chuc', 'staff'],
  ['ccvc', 'staff'],
  ['can bo', 'staff'],
  // The product itself prints "Chuyên viên" as a role label (the demo's login list), so offices copy it back.
  ['chuyen vien', 'staff'],
  ['chuyen vien chinh', 'staff'],
  ['chuyen vien cao cap', 'staff'],
  ['nguoi lao dong', 'laborer'],
  ['lao dong', 'laborer'],
  ['truong phong', 'head'],
  ['giam doc trung tam', 'head'],
  ['lanh dao phu trach', 'leader'],
  ['pho giam doc', 'leader'],
  ['van phong', 'office'],
  ['chanh van phong', 'office'],
  ['giam doc', 'director'],
  ['giam doc so', 'director'],
  ['quan tri', 'admin'],
  ['quan tri vien', 'admin'],
]);

/** The role names accepted, for error messages. */
export const ACCEPTED_ROLE_NAMES =
  'công chức, viên chức, chuyên viên, người lao động, trưởng phòng, giám đốc trung tâm, lãnh đạo phụ trách, phó giám đốc, ' +
  'văn phòng, chánh văn phòng, giám đốc, quản trị (hoặc staff, laborer, head, leader, office, director, admin)';

/** Parses a roles cell. Unknown names are returned as written so the caller can report them. */
export function parseRoles(cell: string): { roles: Role[]; unknown: string[] } {
  const roles: Role[] = [];
  const unknown: string[] = [];
  for (const part of cell.split(/[,;]/)) {
    const name = part.trim();
    if (name === '') continue;
    const role = ROLE_NAMES.get(foldText(name));
    if (!role) unknown.push(name);
    else if (!roles.includes(role)) roles.push(role);
  }
  return { roles, unknown };
}

/** Roles that may be the leader in charge of a department (a Phó Giám đốc, or the Giám đốc). */
export const LEADER_ROLES: readonly Role[] = ['leader', 'director'];

/** Precedence used to pick the one role a person is shown (and scored) with; see `primaryRole`. */
const PRECEDENCE: readonly Role[] = ['director', 'leader', 'head', 'office', 'staff', 'laborer', 'admin'];

/**
 * The role a person is listed under in results: the highest of the roles they hold (a head who is also staff is
 * a head). A person who is only a laborer stays a laborer, which keeps them out of the points ranking.
 */
export function primaryRole(roles: readonly Role[]): Role {
  return PRECEDENCE.find((r) => roles.includes(r)) ?? 'staff';
}
