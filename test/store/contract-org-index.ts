/**
 * Contract cases of the organisation index repository (`tx.orgIndex`), run on every store implementation through
 * `describeStoreContract` (test/store/contract.ts). Seeds through the repositories only.
 */
import { describe, expect, it } from 'vitest';
import type { Store, Tx } from '../../src/store/store.js';

const AT = Date.UTC(2026, 9, 1);

async function seed(t: Tx): Promise<{ rv: number; a: number; b: number }> {
  await t.staff.createUnit({ id: 'xa', name: 'UBND xã A' });
  await t.staff.createUnit({ id: 'xb', name: 'UBND xã B' });
  const person = (unitId: string, fullName: string) =>
    t.staff.createPerson(unitId, { departmentId: null, fullName, phone: null, email: null, position: null, noGroupMention: false }, ['staff'], AT);
  const a = await person('xa', 'Nguyễn Văn A');
  const b = await person('xa', 'Trần Thị B');
  const rv = await t.periods.insertRubricVersion({ rubricId: 'org', version: '1', sha256: 'x'.repeat(64), definition: '{"id":"org"}' });
  return { rv, a, b };
}

export function describeOrgIndexContract(fresh: () => Promise<Store>): void {
  describe('organisation index', () => {
    it('stores index years (one per unit and year), patches them and lists them by year and status', async () => {
      const store = await fresh();
      const { p1 } = await store.transaction(async (t) => {
        const { rv, a } = await seed(t);
        const p1 = await t.orgIndex.insertPeriod({ unitId: 'xa', rubricVersionId: rv, year: 2024, calendar: { entryDeadline: '2024-11-11' } });
        await t.orgIndex.insertPeriod({ unitId: 'xb', rubricVersionId: rv, year: 2024, calendar: {} });
        await t.orgIndex.insertPeriod({ unitId: 'xa', rubricVersionId: rv, year: 2025, calendar: {} });
        const patched = await t.orgIndex.updatePeriod(p1.id, { status: 'submitted', submittedById: a, submittedAt: AT, initiativeCount: 2 });
        return { p1: patched };
      });
      expect(p1).toMatchObject({ unitId: 'xa', year: 2024, status: 'submitted', initiativeCount: 2, submittedAt: AT, verifiedAt: null });
      expect(p1.calendar).toEqual({ entryDeadline: '2024-11-11' });
      expect(await store.read((t) => t.orgIndex.getPeriod(p1.id))).toEqual(p1);
      expect(await store.read((t) => t.orgIndex.findPeriod('xa', 2024))).toEqual(p1);
      expect(await store.read((t) => t.orgIndex.findPeriod('xa', 2023))).toBeNull();
      expect((await store.read((t) => t.orgIndex.listPeriodsOfYear(2024))).map((p) => p.unitId)).toEqual(['xa', 'xb']);
      expect((await store.read((t) => t.orgIndex.listPeriodsOfUnit('xa'))).map((p) => p.year)).toEqual([2024, 2025]);
      expect(await store.read((t) => t.orgIndex.listPeriodsOfUnit('zz'))).toEqual([]);
      expect((await store.read((t) => t.orgIndex.listPeriodsByStatus(['open']))).map((p) => [p.unitId, p.year])).toEqual([
        ['xb', 2024],
        ['xa', 2025],
      ]);
      await expect(
        store.transaction((t) => t.orgIndex.insertPeriod({ unitId: 'xa', rubricVersionId: p1.rubricVersionId, year: 2024, calendar: {} })),
      ).rejects.toThrow();
    });

    it('keeps officials, assignments, answers (JSON values, review) and evidence', async () => {
      const store = await fresh();
      const ids = await store.transaction(async (t) => {
        const { rv, a, b } = await seed(t);
        const p = await t.orgIndex.insertPeriod({ unitId: 'xa', rubricVersionId: rv, year: 2024, calendar: {} });
        await t.orgIndex.addOfficial('xa', { personId: b, code: 'steering' });
        await t.orgIndex.addOfficial('xa', { personId: a, code: 'van-hoa-thong-tin' });
        await t.orgIndex.addOfficial('xa', { personId: a, code: 'van-hoa-thong-tin' });
        await t.orgIndex.setAssignees(p.id, 'dti.2', [b, a], a, AT);
        await t.orgIndex.setAssignees(p.id, 'dti.10', [a], null, AT);
        await t.orgIndex.setAssignees(p.id, 'dti.2', [b], a, AT + 1);
        return { p: p.id, a, b };
      });
      expect(await store.read((t) => t.orgIndex.listOfficials('xa'))).toEqual([
        { personId: ids.a, code: 'van-hoa-thong-tin' },
        { personId: ids.b, code: 'steering' },
      ]);
      expect(await store.transaction((t) => t.orgIndex.removeOfficial('xa', { personId: ids.b, code: 'steering' }))).toBe(true);
      expect(await store.transaction((t) => t.orgIndex.removeOfficial('xa', { personId: ids.b, code: 'steering' }))).toBe(false);
      expect(await store.read((t) => t.orgIndex.listAssignments(ids.p))).toEqual([
        { criterionId: 'dti.10', personId: ids.a, assignedById: null, assignedAt: AT },
        { criterionId: 'dti.2', personId: ids.b, assignedById: ids.a, assignedAt: AT + 1 },
      ]);

      const answer = {
        periodId: ids.p,
        criterionId: 'dti.8',
        value: ['1', '2', '11'],
        detail: { '1': 2, '2': 1, '11': 3 },
        answeredById: ids.a,
        answeredAt: AT,
        status: 'answered' as const,
        reviewedValue: null,
        reviewReason: null,
        reviewedById: null,
        reviewedAt: null,
        updatedAt: AT,
      };
      await store.transaction((t) => t.orgIndex.putAnswer(answer));
      expect(await store.read((t) => t.orgIndex.getAnswer(ids.p, 'dti.8'))).toEqual(answer);
      const adjusted = { ...answer, status: 'adjusted' as const, reviewedValue: ['1'], reviewReason: 'Thiếu tin tháng 2', reviewedById: ids.b, reviewedAt: AT + 5, updatedAt: AT + 5 };
      await store.transaction((t) => t.orgIndex.putAnswer(adjusted));
      const na = { ...answer, criterionId: 'dti.1', value: null, detail: null, status: 'not-applicable' as const, updatedAt: AT + 6 };
      await store.transaction((t) => t.orgIndex.putAnswer(na));
      expect(await store.read((t) => t.orgIndex.listAnswers(ids.p))).toEqual([na, adjusted]);
      expect(await store.read((t) => t.orgIndex.getAnswer(ids.p, 'dti.9'))).toBeNull();

      const file = await store.transaction((t) =>
        t.orgIndex.addEvidence({
          periodId: ids.p, criterionId: 'dti.6', kind: 'file', url: null, filePath: 'evidence/ab/abc.pdf', sha256: 'abc', size: 1234,
          mime: 'application/pdf', fileName: 'dti.6 - quyet-dinh.pdf', signed: true, addedById: ids.a, createdAt: AT,
        }),
      );
      const link = await store.transaction((t) =>
        t.orgIndex.addEvidence({
          periodId: ids.p, criterionId: 'dti.7', kind: 'link', url: 'https://dx.example.vn/bai-1', filePath: null, sha256: null, size: null,
          mime: null, fileName: null, signed: null, addedById: ids.b, createdAt: AT + 1,
        }),
      );
      expect(file).toMatchObject({ signed: true, fileName: 'dti.6 - quyet-dinh.pdf', size: 1234 });
      expect(link.signed).toBeNull();
      expect(await store.read((t) => t.orgIndex.listEvidence(ids.p))).toEqual([file, link]);
      expect(await store.read((t) => t.orgIndex.listEvidence(ids.p, 'dti.7'))).toEqual([link]);
    });
  });
}
