/**
 * The unit's leadership: people of the unit in no department (the director, the deputy directors) who self-assess
 * under the period's rubric (seed 000 gives the director and leaders criteria). They send no department list, so
 * they would be missed by every view built from departments: /tiendo and the score sheet list them as a group of
 * their own.
 */
import { selfAssesses } from '../directory/self-assessing.js';
import { ROLES, type Rubric } from '../scoring/rubric-schema.js';
import type { MemberRecord } from '../store/reviews.js';
import type { Tx } from '../store/store.js';

/** How the group is named in /tiendo and the score sheet. */
export const LEADERSHIP_NAME = 'Lãnh đạo đơn vị';

/** Active people of the unit without a department who self-assess under `rubric`, by id. */
export async function leadershipOf(tx: Pick<Tx, 'reviews'>, unitId: string, rubric: Rubric): Promise<MemberRecord[]> {
  const ids = new Set<number>();
  for (const role of ROLES) for (const id of await tx.reviews.holdersOf(unitId, role)) ids.add(id);
  const out: MemberRecord[] = [];
  for (const id of [...ids].sort((a, b) => a - b)) {
    const m = await tx.reviews.member(id);
    if (m && m.active && m.departmentId === null && selfAssesses(rubric, m.roles)) out.push(m);
  }
  return out;
}
