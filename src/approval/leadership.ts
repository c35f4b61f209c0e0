/**
 * The unit's leadership: people of the unit in no department (the director, the deputy directors) who self-assess
 * under the period's rubric (seed 000 gives the director and leaders criteria). They send no department list, so
 * they would be missed by every view built from departments: /tiendo and the score sheet list them as a group of
 * their own.
 */
import { selfAssesses } from '../directory/self-assessing.js';
import type { Rubric } from '../scoring/rubric-schema.js';
import type { MemberRecord } from '../store/reviews.js';
import type { Tx } from '../store/store.js';

/** How the group is named in /tiendo and the score sheet. */
export const LEADERSHIP_NAME = 'Lãnh đạo đơn vị';

/** Active people of the unit without a department who self-assess under `rubric`, by id. */
export async function leadershipOf(tx: Pick<Tx, 'reviews'>, unitId: string, rubric: Rubric): Promise<MemberRecord[]> {
  return (await tx.reviews.membersWithoutDepartment(unitId)).filter((m) => m.roles.length > 0 && selfAssesses(rubric, m.roles));
}
