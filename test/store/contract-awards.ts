/**
 * Contract cases of the issue 14 repositories (initiatives, award blockers, registrations, nominations and
 * councils), written only against their interfaces: both the SQLite and the PostgreSQL contract run them.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';

const NOW = Date.UTC(2026, 9, 1);

async function unitWithPeople(store: Store): Promise<{ a: number; b: number; d: number }> {
  return store.transaction(async (tx) => {
    await tx.staff.createUnit({ id: 'u1', name: 'Sở Thử nghiệm' });
    await tx.staff.createUnit({ id: 'u2', name: 'UBND xã Thử' });
    const d = await tx.staff.createDepartment('u1', 'Phòng Một');
    const person = (name: string) => tx.staff.createPerson('u1', { departmentId: d, fullName: name, phone: null, email: null, position: null, noGroupMention: false }, ['staff'], NOW);
    return { a: await person('Trần Thị Lan'), b: await person('Lê Văn Hùng'), d };
  });
}

export function describeAwardsContract(fresh: () => Promise<Store>): void {
  describe('initiatives, award blockers, registrations, nominations (issue 14)', () => {
    it('stores initiatives with authors and evidence, records recognition, and lists the recognised ones of a year', async () => {
      const store = await fresh();
      const { a, b, d } = await unitWithPeople(store);
      const base = { unitId: 'u1', kind: 'giai-phap' as const, topic: 'chinh-quyen-so' as const, collective: null, departmentId: d, summary: null, registeredById: a, now: NOW };
      const [i1, i2, i3] = await store.transaction(async (tx) => [
        await tx.initiatives.create({ ...base, title: 'Một', authorIds: [a, b], evidence: [{ kind: 'link', url: 'https://a.vn/x' }] }),
        await tx.initiatives.create({ ...base, title: 'Hai', authorIds: [b], evidence: [{ kind: 'file', path: 'evidence/ab/x.pdf', sha256: 'ab', size: 10, mime: 'application/pdf', name: 'x.pdf' }] }),
        await tx.initiatives.create({ ...base, unitId: 'u2', title: 'Ba', authorIds: [], collective: 'Tập thể xã', departmentId: null, evidence: [] }),
      ]);
      const got = await store.read((tx) => tx.initiatives.get(i1!));
      expect(got).toMatchObject({ id: i1, title: 'Một', authorIds: [a, b], evidence: [{ kind: 'link', url: 'https://a.vn/x' }], recognition: null, createdAt: NOW });
      expect(await store.read((tx) => tx.initiatives.get(9999))).toBeNull();
      const rec = (level: 'co-so' | 'tinh', date: string) => ({ level, body: 'Hội đồng', decisionNumber: '1/QĐ', decisionDate: date, recognisedById: a, recognisedAt: NOW });
      await store.transaction(async (tx) => {
        expect(await tx.initiatives.recognise(i1!, rec('tinh', '2026-12-31'))).toBe(true);
        expect(await tx.initiatives.recognise(i2!, rec('co-so', '2026-01-01'))).toBe(true);
        expect(await tx.initiatives.recognise(i3!, rec('co-so', '2026-03-01'))).toBe(true);
        expect(await tx.initiatives.recognise(9999, rec('co-so', '2026-03-01'))).toBe(false);
      });
      expect((await store.read((tx) => tx.initiatives.recognisedIn('u1', 2026))).map((i) => i.id)).toEqual([i2, i1]);
      expect(await store.read((tx) => tx.initiatives.recognisedIn('u1', 2027))).toEqual([]);
      expect((await store.read((tx) => tx.initiatives.get(i1!)))?.recognition).toEqual(rec('tinh', '2026-12-31'));
      expect((await store.read((tx) => tx.initiatives.listByUnit('u1'))).map((i) => i.id)).toEqual([i2, i1]);
    });

    it('keeps one blocker per person, year, source and ref, and lifts it once', async () => {
      const store = await fresh();
      const { a, b } = await unitWithPeople(store);
      const blocker = { unitId: 'u1', personId: a, year: 2024, source: 'contest' as const, sourceRef: 'ct#TP001', reason: 'chưa xem xét khen thưởng', detail: 'Đạt 40%', recordedById: b, recordedAt: NOW };
      const first = await store.transaction((tx) => tx.awardBlockers.add(blocker));
      expect(first.created).toBe(true);
      expect(await store.transaction((tx) => tx.awardBlockers.add({ ...blocker, reason: 'khác' }))).toEqual({ id: first.id, created: false });
      await store.transaction((tx) => tx.awardBlockers.add({ ...blocker, personId: b, source: 'discipline', sourceRef: '12/QĐ', detail: null }));
      await store.transaction((tx) => tx.awardBlockers.add({ ...blocker, year: 2025 }));
      const year = await store.read((tx) => tx.awardBlockers.forYear('u1', 2024));
      expect(year.map((x) => [x.personId, x.source, x.lifted])).toEqual([
        [a, 'contest', null],
        [b, 'discipline', null],
      ]);
      expect(year[0]).toMatchObject({ reason: 'chưa xem xét khen thưởng', detail: 'Đạt 40%', recordedById: b, recordedAt: NOW });
      expect(await store.transaction((tx) => tx.awardBlockers.lift(first.id, { at: NOW + 1, byId: b, reason: 'Chấm lại' }))).toBe(true);
      expect(await store.transaction((tx) => tx.awardBlockers.lift(first.id, { at: NOW + 2, byId: b, reason: 'Lần hai' }))).toBe(false);
      expect((await store.read((tx) => tx.awardBlockers.get(first.id)))?.lifted).toEqual({ at: NOW + 1, byId: b, reason: 'Chấm lại' });
    });

    it('upserts registrations (before titles returned), lists departments first, and keeps one deadline per year', async () => {
      const store = await fresh();
      const { a, d } = await unitWithPeople(store);
      const reg = { unitId: 'u1', year: 2026, subjectKind: 'person' as const, subjectId: a, titles: ['Lao động tiên tiến'], registeredById: a, registeredAt: NOW };
      const first = await store.transaction((tx) => tx.registrations.upsert(reg));
      expect(first.before).toBeNull();
      const again = await store.transaction((tx) => tx.registrations.upsert({ ...reg, titles: ['Lao động tiên tiến', 'Chiến sĩ thi đua cơ sở'] }));
      expect(again).toEqual({ id: first.id, before: ['Lao động tiên tiến'] });
      await store.transaction((tx) => tx.registrations.upsert({ ...reg, subjectKind: 'department', subjectId: d, titles: ['Tập thể lao động xuất sắc'] }));
      const list = await store.read((tx) => tx.registrations.list('u1', 2026));
      expect(list.map((r) => [r.subjectKind, r.titles.length])).toEqual([
        ['department', 1],
        ['person', 2],
      ]);
      expect(await store.read((tx) => tx.registrations.find('u1', 2027, 'person', a))).toBeNull();
      expect(await store.read((tx) => tx.registrations.deadline('u1', 2026))).toBeNull();
      await store.transaction((tx) => tx.registrations.setDeadline('u1', 2026, '2026-01-31', a, NOW));
      await store.transaction((tx) => tx.registrations.setDeadline('u1', 2026, '2026-02-15', a, NOW + 1));
      expect(await store.read((tx) => tx.registrations.deadline('u1', 2026))).toBe('2026-02-15');
    });

    it('stores nominations with checklist, file and decision, councils with members, and lists by year and scheme', async () => {
      const store = await fresh();
      const { a, b, d } = await unitWithPeople(store);
      const base = { unitId: 'u1', scheme: 'kh-004' as const, award: 'Bằng khen', nomineeKind: 'person' as const, departmentId: d, initiativeId: null, proposedById: b, now: NOW };
      const [n1, n2] = await store.transaction(async (tx) => [
        await tx.nominations.create({ ...base, year: 2026, personId: a, nomineeName: 'Trần Thị Lan' }),
        await tx.nominations.create({ ...base, year: 2025, scheme: 'tt-002', nomineeKind: 'department', personId: null, nomineeName: 'Tập thể Phòng Một' }),
      ]);
      expect(await store.read((tx) => tx.nominations.get(n1!))).toMatchObject({ checklist: [], file: null, decision: null, personId: a, createdAt: NOW });
      const file = { name: 'hs.pdf', sha256: 'ff', size: 3, sentOn: '2026-11-15', signed: true, complete: true };
      const council = await store.transaction(async (tx) => {
        await tx.nominations.setChecklist(n1!, [{ criterionId: 'tham-gia', answer: 'Có', evidence: ['https://a.vn'] }]);
        await tx.nominations.setFile(n1!, file);
        const id = await tx.nominations.createCouncil({ unitId: 'u1', year: 2026, meetingDate: '2026-12-18', members: [{ personId: b, name: 'Lê Văn Hùng', role: 'Chủ tịch Hội đồng' }], minutesNumber: '07/BB', createdById: b, createdAt: NOW });
        await tx.nominations.decide(n1!, { councilId: id, approved: true, votesFor: 1, votesAgainst: 0, note: null, decidedAt: NOW + 5 });
        return id;
      });
      const got = await store.read((tx) => tx.nominations.get(n1!));
      expect(got?.checklist).toEqual([{ criterionId: 'tham-gia', answer: 'Có', evidence: ['https://a.vn'] }]);
      expect(got?.file).toEqual(file);
      expect(got?.decision).toEqual({ councilId: council, approved: true, votesFor: 1, votesAgainst: 0, note: null, decidedAt: NOW + 5 });
      await store.transaction((tx) => tx.nominations.decide(n1!, { councilId: council, approved: false, votesFor: null, votesAgainst: null, note: 'Xét lại', decidedAt: NOW + 6 }));
      expect((await store.read((tx) => tx.nominations.get(n1!)))?.decision).toMatchObject({ approved: false, note: 'Xét lại' });
      await store.transaction((tx) => tx.nominations.setFile(n1!, null));
      expect((await store.read((tx) => tx.nominations.get(n1!)))?.file).toBeNull();
      expect((await store.read((tx) => tx.nominations.list('u1', 2026))).map((n) => n.id)).toEqual([n1]);
      expect((await store.read((tx) => tx.nominations.listScheme('u1', 'tt-002', 2021, 2025))).map((n) => n.id)).toEqual([n2]);
      expect(await store.read((tx) => tx.nominations.getCouncil(council))).toMatchObject({ members: [{ personId: b, name: 'Lê Văn Hùng', role: 'Chủ tịch Hội đồng' }], closedAt: null, minutesNumber: '07/BB' });
      await store.transaction((tx) => tx.nominations.closeCouncil(council, NOW + 9));
      expect((await store.read((tx) => tx.nominations.getCouncil(council)))?.closedAt).toBe(NOW + 9);
      expect(await store.read((tx) => tx.nominations.getCouncil(999))).toBeNull();
    });
  });
}
