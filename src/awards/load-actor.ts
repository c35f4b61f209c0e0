/** The acting person as the award checks need it, loaded from the directory in the caller's unit of work. */
import type { Actor } from '../approval/authorize.js';
import type { Tx } from '../store/store.js';

/** The active person `personId` as an {@link Actor}, or null (unknown or deactivated people may do nothing). */
export async function loadActor(tx: Pick<Tx, 'staff'>, personId: number): Promise<Actor | null> {
  const p = await tx.staff.getPerson(personId);
  if (!p || !p.active) return null;
  return { personId: p.id, unitId: p.unitId, roles: p.roles, departmentId: p.departmentId };
}
