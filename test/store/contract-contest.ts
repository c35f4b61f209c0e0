/**
 * Contract cases of the contest repositories (`tx.contest`), run on every implementation by
 * `describeStoreContract` (test/store/contract.ts). Written only against the interfaces.
 */
import { describe, expect, it } from 'vitest';
import type { CandidateRecord, ContestRunRecord } from '../../src/store/contest.js';
import type { Store } from '../../src/store/store.js';

const NOW = Date.UTC(2024, 5, 15, 1);

const run: ContestRunRecord = {
  contestId: 'c1',
  status: 'registration',
  bankId: 'b1',
  units: [{ id: 'u1', name: 'Sở Một', level: 'city', kind: 'so' }],
  boardMembers: [{ personId: 9, board: 'jury', head: true }],
  rooms: [{ id: 'P1', name: 'Phòng 1', capacity: 2, codeHash: null, proctors: [{ personId: 8, codeHash: 'ab' }] }],
  openedAt: NOW,
  closedAt: null,
};

const candidate = (n: number, personId: number): CandidateRecord => ({
  contestId: 'c1',
  candidateNumber: `TP00${n}`,
  personId,
  fullName: `Người ${n}`,
  unitId: 'u1',
  unitName: 'Sở Một',
  level: 'city',
  positionId: 'giam-doc-so',
  roomId: 'P1',
  seat: n,
});

export function describeContestContract(fresh: () => Promise<Store>): void {
  describe('contest', () => {
    it('stores a run, registrations per unit (replaced as a whole) and candidates with unique numbers and people', async () => {
      const store = await fresh();
      await store.transaction((tx) => tx.contest.saveRun(run));
      expect(await store.read((tx) => tx.contest.getRun('c1'))).toEqual(run);
      const closed = { ...run, status: 'closed' as const, closedAt: NOW + 1 };
      await store.transaction((tx) => tx.contest.saveRun(closed));
      expect(await store.read((tx) => tx.contest.getRun('c1'))).toEqual(closed);
      expect(await store.read((tx) => tx.contest.getRun('zz'))).toBeNull();

      const line = (personId: number) => ({ personId, fullName: `P${personId}`, positionId: 'giam-doc-so', submittedById: 5, channel: 'web', submittedAt: NOW });
      await store.transaction((tx) => tx.contest.replaceUnitRegistrations('c1', 'u1', [line(1), line(2)]));
      await store.transaction((tx) => tx.contest.replaceUnitRegistrations('c1', 'u2', [line(3)]));
      await store.transaction((tx) => tx.contest.replaceUnitRegistrations('c1', 'u1', [line(4)]));
      expect((await store.read((tx) => tx.contest.registrations('c1'))).map((r) => [r.unitId, r.personId])).toEqual([
        ['u2', 3],
        ['u1', 4],
      ]);
      await expect(store.transaction((tx) => tx.contest.replaceUnitRegistrations('c1', 'u2', [line(4)]))).rejects.toThrow();

      await store.transaction((tx) => tx.contest.insertCandidates([candidate(2, 20), candidate(1, 10)]));
      expect((await store.read((tx) => tx.contest.candidates('c1'))).map((c) => c.candidateNumber)).toEqual(['TP001', 'TP002']);
      expect(await store.read((tx) => tx.contest.candidate('c1', 'TP002'))).toEqual(candidate(2, 20));
      await expect(store.transaction((tx) => tx.contest.insertCandidates([candidate(1, 30)]))).rejects.toThrow();
      await expect(store.transaction((tx) => tx.contest.insertCandidates([candidate(3, 10)]))).rejects.toThrow();
    });

    it('keeps one attempt per candidate, its answers as clicked, its clock, extensions and submission', async () => {
      const store = await fresh();
      const attempt = await store.transaction((tx) =>
        tx.contest.createAttempt({ contestId: 'c1', candidateNumber: 'TP001', seed: 4_294_967_295, bankId: 'b1', bankFingerprint: 3_000_000_000, startedAt: NOW, durationMinutes: 30, deadlineAt: NOW + 1_800_000, sessionHash: 'h1' }),
      );
      expect(attempt).toMatchObject({ seed: 4_294_967_295, bankFingerprint: 3_000_000_000, submittedAt: null, submittedBy: null, lastSeenAt: null, sessionHash: 'h1' });
      await expect(
        store.transaction((tx) => tx.contest.createAttempt({ contestId: 'c1', candidateNumber: 'TP001', seed: 1, bankId: 'b1', bankFingerprint: 1, startedAt: NOW, durationMinutes: 30, deadlineAt: NOW, sessionHash: null })),
      ).rejects.toThrow();
      await store.transaction(async (tx) => {
        await tx.contest.saveAnswer(attempt.id, 2, 'A', NOW + 10);
        await tx.contest.saveAnswer(attempt.id, 1, 'C', NOW + 20);
        await tx.contest.saveAnswer(attempt.id, 2, 'B', NOW + 30);
        await tx.contest.setSession(attempt.id, 'h2', NOW + 40);
        await tx.contest.addExtension({ attemptId: attempt.id, minutes: 5, reason: 'Mất điện', byPersonId: 8, at: NOW + 50 });
        await tx.contest.setDeadline(attempt.id, NOW + 2_100_000);
      });
      expect(await store.read((tx) => tx.contest.answers(attempt.id))).toEqual([
        { questionNumber: 1, label: 'C', answeredAt: NOW + 20 },
        { questionNumber: 2, label: 'B', answeredAt: NOW + 30 },
      ]);
      expect(await store.read((tx) => tx.contest.answerCounts('c1'))).toEqual(new Map([[attempt.id, 2]]));
      expect(await store.read((tx) => tx.contest.extensions(attempt.id))).toEqual([{ attemptId: attempt.id, minutes: 5, reason: 'Mất điện', byPersonId: 8, at: NOW + 50 }]);
      expect(await store.read((tx) => tx.contest.attempt('c1', 'TP001'))).toMatchObject({ sessionHash: 'h2', lastSeenAt: NOW + 40, deadlineAt: NOW + 2_100_000 });
      expect(await store.read((tx) => tx.contest.overdue(NOW + 2_099_999, 10))).toEqual([]);
      expect((await store.read((tx) => tx.contest.overdue(NOW + 2_100_000, 10))).map((a) => a.id)).toEqual([attempt.id]);
      expect(await store.transaction((tx) => tx.contest.submit(attempt.id, NOW + 2_100_000, 'timeout'))).toBe(true);
      expect(await store.transaction((tx) => tx.contest.submit(attempt.id, NOW + 2_200_000, 'candidate'))).toBe(false);
      expect(await store.read((tx) => tx.contest.attemptById(attempt.id))).toMatchObject({ submittedAt: NOW + 2_100_000, submittedBy: 'timeout' });
      expect(await store.read((tx) => tx.contest.overdue(NOW + 9_999_999, 10))).toEqual([]);
      expect((await store.read((tx) => tx.contest.attemptsOf('c1'))).map((a) => a.candidateNumber)).toEqual(['TP001']);
    });

    it('upserts practical marks per examiner, replaces results per contest', async () => {
      const store = await fresh();
      const mark = { contestId: 'c1', candidateNumber: 'TP001', kind: 'mark' as const, byPersonId: 7, points: 7.5, reason: null, at: NOW };
      await store.transaction(async (tx) => {
        await tx.contest.saveMark(mark);
        await tx.contest.saveMark({ ...mark, points: 8.25, at: NOW + 1 });
        await tx.contest.saveMark({ ...mark, byPersonId: 6, points: 4 });
        await tx.contest.saveMark({ ...mark, kind: 'decision', byPersonId: 9, points: 6, reason: 'Thống nhất' });
      });
      expect((await store.read((tx) => tx.contest.marks('c1'))).map((m) => [m.kind, m.byPersonId, m.points, m.reason])).toEqual([
        ['decision', 9, 6, 'Thống nhất'],
        ['mark', 6, 4, null],
        ['mark', 7, 8.25, null],
      ]);
      const result = {
        contestId: 'c1',
        candidateNumber: 'TP001',
        personId: 1,
        unitId: 'u1',
        level: 'city',
        attendance: 'present' as const,
        figures: { theory: '25,00', practical: '24,99', total: '49,99', totalMax: '100,00', percent: '49,99', correct: 20, questionCount: 40 },
        belowThreshold: true,
        rank: 4,
        computedAt: NOW,
      };
      const absent = { ...result, candidateNumber: 'TP002', personId: 2, attendance: 'absent' as const, figures: null, belowThreshold: false, rank: null };
      await store.transaction((tx) => tx.contest.replaceResults('c1', [result, absent]));
      await store.transaction((tx) => tx.contest.replaceResults('c1', [absent, result]));
      expect(await store.read((tx) => tx.contest.results('c1'))).toEqual([result, absent]);

    });
  });
}
