/**
 * Contract cases of the department conditions (seed 000: the department's own article of the quarter), written
 * only against the interface: both the SQLite and the PostgreSQL contract run them.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import type { World } from './contract.js';

const AT = Date.UTC(2026, 11, 5, 2);

export function describeDepartmentConditionsContract(world: () => Promise<{ store: Store; w: World }>): void {
  describe('department conditions (the department article of the quarter)', () => {
    it('an answer is stored per period, department and condition; a later answer replaces it', async () => {
      const { store, w } = await world();
      expect(await store.read((t) => t.departmentConditions.forPeriod(w.period.id))).toEqual([]);
      const base = { unitId: w.unitId, periodId: w.period.id, conditionId: 'dkp.bai-viet' };
      const first = await store.transaction((t) =>
        t.departmentConditions.answer({ ...base, departmentId: w.d2, value: 0, evidence: null, answeredById: w.people.staff2, answeredAt: AT }),
      );
      expect(first).toMatchObject({ ...base, departmentId: w.d2, value: 0, evidence: null, answeredById: w.people.staff2, answeredAt: AT });
      await store.transaction((t) =>
        t.departmentConditions.answer({ ...base, departmentId: w.d1, value: 2, evidence: 'https://stttt.example/bai-1', answeredById: w.people.head, answeredAt: AT }),
      );
      const again = await store.transaction((t) =>
        t.departmentConditions.answer({ ...base, departmentId: w.d2, value: 1, evidence: 'Bài “Chuyển đổi số”', answeredById: w.people.leader, answeredAt: AT + 1 }),
      );
      expect(again.id).toBe(first.id);
      const all = await store.read((t) => t.departmentConditions.forPeriod(w.period.id));
      expect(all.map((a) => [a.departmentId, a.value, a.evidence, a.answeredById, a.answeredAt])).toEqual(
        [
          [w.d1, 2, 'https://stttt.example/bai-1', w.people.head, AT],
          [w.d2, 1, 'Bài “Chuyển đổi số”', w.people.leader, AT + 1],
        ].sort((a, b) => Number(a[0]) - Number(b[0])),
      );
      expect(await store.read((t) => t.departmentConditions.forPeriod(w.period.id + 999))).toEqual([]);
    });

    it('a person\'s join date is recorded and read with the results rows (mean-of-present)', async () => {
      const { store, w } = await world();
      expect(await store.transaction((t) => t.staff.setJoinedOn(w.people.staff, '2026-10-15'))).toBeNull();
      const rows = await store.read((t) => t.results.quarterRows(w.unitId, '2026-Q4'));
      const mine = rows.find((r) => r.personId === w.people.staff);
      expect([mine?.joinedOn, mine?.periodEndsOn]).toEqual(['2026-10-15', '2026-12-31']);
      expect(rows.find((r) => r.personId === w.people.head)?.joinedOn).toBeNull();
      expect(await store.transaction((t) => t.staff.setJoinedOn(w.people.staff, null))).toBe('2026-10-15');
    });

    it('the staff directory reads the join date (the staff import diffs it)', async () => {
      const { store, w } = await world();
      await store.transaction((t) => t.staff.setJoinedOn(w.people.staff, '2026-07-15'));
      const people = await store.read((t) => t.staff.listPeople(w.unitId));
      expect(people.find((p) => p.id === w.people.staff)?.joinedOn).toBe('2026-07-15');
      expect(people.find((p) => p.id === w.people.head)?.joinedOn).toBeNull();
      expect((await store.read((t) => t.staff.getPerson(w.people.staff)))?.joinedOn).toBe('2026-07-15');
    });

    it('a rolled-back answer leaves nothing', async () => {
      const { store, w } = await world();
      await expect(
        store.transaction(async (t) => {
          await t.departmentConditions.answer({
            unitId: w.unitId, periodId: w.period.id, departmentId: w.d1, conditionId: 'dkp.bai-viet', value: 3, evidence: null, answeredById: w.people.head, answeredAt: AT,
          });
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(await store.read((t) => t.departmentConditions.forPeriod(w.period.id))).toEqual([]);
    });
  });
}
