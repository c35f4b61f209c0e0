/**
 * Contract cases for the progress and calibration pages' grouped reads (`tx.reviews.progressMembers`,
 * `progressCounts`, `approvedScores`), run on every store implementation from contract.ts and written only against
 * the interfaces. Each is one query for a whole unit (issue 16), so each must still keep to its unit, its period,
 * the people it names and the states it counts.
 */
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/scoring/rubric-schema.js';
import type { Store, Tx } from '../../src/store/store.js';
import type { World } from './contract.js';

const T = Date.UTC(2026, 9, 1);

/**
 * In `w` (see seedWorld): the head approved (15 → 12, reviewed late), the staff submitted late (10), the leader
 * approved 14 as submitted (in no department), a new staff member of d2 approved with no agreed total (a laborer's
 * pass/fail), staff2 nothing; another unit's person submitted in the same quarter of their own unit.
 */
async function seedStates(store: Store, w: World): Promise<{ extra: number }> {
  return store.transaction(async (tx) => {
    const submit = async (personId: number, selfTotal: number, late = false) => {
      const s = await tx.assessment.ensureSubmission(w.period.id, personId, T);
      await tx.assessment.updateSubmission(s.id, { status: 'submitted', selfTotal, submittedAt: T, submittedLate: late }, T);
      return s.id;
    };
    const approve = (id: number, reviewedTotal: number | null, reviewedLate = false) =>
      tx.reviews.updateReview(id, { status: 'approved', reviewedTotal, reviewedById: w.people.head, reviewedAt: T + 1, reviewedLate }, T + 1);
    const extra = await tx.staff.createPerson(w.unitId, { departmentId: w.d2, fullName: 'Phan Văn Mới', phone: null, email: null, position: null, noGroupMention: false }, ['laborer'], T);
    await approve(await submit(w.people.head, 15), 12, true);
    await submit(w.people.staff, 10, true);
    await approve(await submit(w.people.leader, 14), 14);
    await approve(await submit(extra, 0), null);
    return { extra };
  });
}

const sorted = (roles: readonly Role[]) => [...roles].sort();

export function describeProgressContract(world: () => Promise<{ store: Store; w: World }>): void {
  describe('progress and calibration reads (contract-progress.ts)', () => {
    const read = <T>(store: Store, fn: (tx: Tx) => Promise<T>) => store.read(fn);

    it('progressMembers: every active person of the unit (or of the given departments) with roles and their submission, by id', async () => {
      const { store, w } = await world();
      const { extra } = await seedStates(store, w);
      const all = await read(store, (t) => t.reviews.progressMembers(w.unitId, w.period.id));
      expect(all.map((m) => ({ ...m, roles: sorted(m.roles) }))).toEqual([
        { personId: w.people.leader, fullName: 'Bùi Văn Phó', departmentId: null, roles: ['leader'], status: 'approved', submittedLate: false, reviewedLate: false },
        { personId: w.people.head, fullName: 'Nguyễn Văn Trưởng', departmentId: w.d1, roles: ['head', 'staff'], status: 'approved', submittedLate: false, reviewedLate: true },
        { personId: w.people.staff, fullName: 'Trần Thị Lan', departmentId: w.d1, roles: ['staff'], status: 'submitted', submittedLate: true, reviewedLate: false },
        { personId: w.people.staff2, fullName: 'Lê Văn Hùng', departmentId: w.d2, roles: ['staff'], status: null, submittedLate: false, reviewedLate: false },
        { personId: extra, fullName: 'Phan Văn Mới', departmentId: w.d2, roles: ['laborer'], status: 'approved', submittedLate: false, reviewedLate: false },
      ]);
      expect((await read(store, (t) => t.reviews.progressMembers(w.unitId, w.period.id, [w.d2]))).map((m) => m.personId)).toEqual([w.people.staff2, extra]);
      expect((await read(store, (t) => t.reviews.progressMembers(w.unitId, w.period.id, [w.d2, w.d1]))).map((m) => m.personId)).toEqual([
        w.people.head,
        w.people.staff,
        w.people.staff2,
        extra,
      ]);
      expect(await read(store, (t) => t.reviews.progressMembers(w.unitId, w.period.id, []))).toEqual([]);
      // Another unit's people never, and another period's submissions are not this one's.
      expect((await read(store, (t) => t.reviews.progressMembers('u2', w.period.id))).map((m) => [m.personId, m.status])).toEqual([[w.people.other, null]]);
      expect((await read(store, (t) => t.reviews.progressMembers(w.unitId, w.period.id + 1000))).every((m) => m.status === null)).toBe(true);
    });

    it('progressCounts: the same people counted by department, role set and submission state', async () => {
      const { store, w } = await world();
      await seedStates(store, w);
      await store.transaction((tx) =>
        tx.staff.createPerson(w.unitId, { departmentId: w.d2, fullName: 'Vũ Thị Hai', phone: null, email: null, position: null, noGroupMention: false }, ['staff'], T),
      );
      const counts = await read(store, (t) => t.reviews.progressCounts(w.unitId, w.period.id));
      const keyed = counts.map((c) => `${c.departmentId ?? '-'} ${sorted(c.roles).join('+')} ${c.status ?? 'none'} ${c.count}`).sort();
      expect(keyed).toEqual(
        [`- leader approved 1`, `${w.d1} head+staff approved 1`, `${w.d1} staff submitted 1`, `${w.d2} staff none 2`, `${w.d2} laborer approved 1`].sort(),
      );
      expect(await read(store, (t) => t.reviews.progressCounts('no-such-unit', w.period.id))).toEqual([]);
    });

    it('approvedScores: approved submissions with an agreed total of the unit’s department members, by department then id', async () => {
      const { store, w } = await world();
      await seedStates(store, w);
      await store.transaction(async (tx) => {
        const s = await tx.assessment.ensureSubmission(w.period.id, w.people.staff2, T);
        await tx.assessment.updateSubmission(s.id, { status: 'submitted', selfTotal: 5, submittedAt: T }, T);
        await tx.reviews.updateReview(s.id, { status: 'approved', reviewedTotal: 5, reviewedById: w.people.head, reviewedAt: T + 1 }, T + 1);
      });
      // Not the leader (no department), not the submitted one, not the approval without an agreed total.
      expect(await read(store, (t) => t.reviews.approvedScores(w.unitId, w.period.id))).toEqual([
        { personId: w.people.head, fullName: 'Nguyễn Văn Trưởng', departmentId: w.d1, reviewedTotal: 12, selfTotal: 15 },
        { personId: w.people.staff2, fullName: 'Lê Văn Hùng', departmentId: w.d2, reviewedTotal: 5, selfTotal: 5 },
      ]);
      expect(await read(store, (t) => t.reviews.approvedScores('u2', w.period.id))).toEqual([]);
    });
  });
}
