import { departments, people, personRoles, submissions, units } from '../../db/schema.js';
import type { Db } from '../../src/store/sqlite/open-sqlite.js';
import type { Role } from '../../src/scoring/rubric-schema.js';

/** Inserts a unit with named departments; returns department ids by name. */
export function seedUnit(db: Db, unitId: string, departmentNames: string[]): Map<string, number> {
  db.insert(units).values({ id: unitId, name: `Đơn vị ${unitId}` }).run();
  const ids = new Map<string, number>();
  for (const name of departmentNames) {
    ids.set(name, db.insert(departments).values({ unitId, name }).returning({ id: departments.id }).get().id);
  }
  return ids;
}

export function seedPerson(
  db: Db,
  unitId: string,
  fullName: string,
  departmentId: number | null,
  roles: Role[] = ['staff'],
): number {
  const id = db
    .insert(people)
    .values({ unitId, fullName, departmentId, updatedAt: 0 })
    .returning({ id: people.id })
    .get().id;
  db.insert(personRoles).values(roles.map((role) => ({ personId: id, role }))).run();
  return id;
}

export function seedSubmission(
  db: Db,
  periodId: number,
  personId: number,
  s: {
    status?: 'draft' | 'submitted' | 'returned' | 'approved';
    selfTotal: number;
    reviewedTotal?: number | null;
    classified?: boolean;
  },
): void {
  db.insert(submissions)
    .values({
      periodId,
      personId,
      status: s.status ?? 'approved',
      selfTotal: s.selfTotal,
      reviewedTotal: s.reviewedTotal ?? null,
      classified: s.classified ?? true,
      updatedAt: 0,
    })
    .run();
}
