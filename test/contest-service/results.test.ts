/**
 * Issue 15, items 5 and 6, through the services: candidates take the theory test (exam service), two examiners
 * mark the practical paper, a disagreement beyond the margin waits for the jury head, then the results: the 50%
 * rule at exactly 49.99% and 50.00%, absent candidates, ranking and collective prizes per level, award blockers in
 * main's `award_blockers` (lifted when a corrected result is published again).
 *
 * Contest values (test/contest/fixture.ts): theory 50 points for 40 questions, practical 50 points marked on 100,
 * margin 10, collective = mean, absent = 0 and blocking. So percent = correct × 1.25 + practical mark / 2.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readXlsxFile, { readSheetNames } from 'read-excel-file/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTEST_RECOMPUTED_LIFT_REASON } from '../../src/awards/blockers.js';
import { scoreSheetXlsx } from '../../src/approval/score-sheet-file.js';
import { resultSheets } from '../../src/contest-service/contest-sheets.js';
import { DrawnTests } from '../../src/contest-service/drawn-tests.js';
import { saveExamAnswer, signIn, submitExam } from '../../src/contest-service/exam-service.js';
import { decidePracticalScore, enterPracticalMark, flaggedPapers } from '../../src/contest-service/practical-service.js';
import { publishResults } from '../../src/contest-service/results-service.js';
import type { CandidateRecord } from '../../src/store/contest.js';
import type { Store } from '../../src/store/store.js';
import { seedContestWorld, type ContestWorld } from '../helpers/contest-world.js';
import { DIALECTS, freshStore, type FreshStore } from '../helpers/dialects.js';

const NOW = Date.UTC(2024, 5, 15, 2);
let store: Store;
let world: ContestWorld;
let tests: DrawnTests;
let fresh: FreshStore;


function of(unitId: string, k: number): CandidateRecord {
  const c = world.candidates.filter((x) => x.unitId === unitId)[k];
  if (!c) throw new Error(`no candidate ${k} of ${unitId}`);
  return c;
}

/** Takes the theory test with exactly `correct` right answers (the others wrong) and submits. */
async function takeTest(c: CandidateRecord, correct: number): Promise<void> {
  await store.transaction(async (tx) => {
    const signed = await signIn(tx, world.catalogue, { contestId: world.contestId, candidateNumber: c.candidateNumber, roomCode: world.roomCodes.get(c.roomId) ?? '', now: NOW });
    if (!signed.ok) throw new Error(signed.message);
    const attempt = await tx.contest.attemptById(signed.attemptId);
    if (!attempt) throw new Error('no attempt');
    for (const q of tests.of(attempt).questions) {
      const label = q.number <= correct ? q.correctLabel : (q.options.find((o) => o.label !== q.correctLabel)?.label ?? 'A');
      const saved = await saveExamAnswer(tx, tests, attempt, { questionNumber: q.number, label, now: NOW + 1000 });
      if (!saved.ok) throw new Error(saved.message);
    }
    const done = await submitExam(tx, attempt, NOW + 60_000);
    if (!done.ok) throw new Error(done.message);
  });
}

async function mark(c: CandidateRecord, a: number, b: number) {
  return store.transaction(async (tx) => {
    const first = await enterPracticalMark(tx, world.catalogue, { contestId: world.contestId, candidateNumber: c.candidateNumber, examinerId: world.examiners[0], points: a, channel: 'test', now: NOW });
    const second = await enterPracticalMark(tx, world.catalogue, { contestId: world.contestId, candidateNumber: c.candidateNumber, examinerId: world.examiners[1], points: b, channel: 'test', now: NOW });
    return [first, second] as const;
  });
}

const organiser = () => ({ personId: world.organiser, unitId: 'snv', roles: ['office' as const] });
const publish = () => store.transaction((tx) => publishResults(tx, world.catalogue, { contestId: world.contestId, actor: organiser(), channel: 'test', now: NOW + 3_600_000, tests }));

describe.each(DIALECTS)('practical marks and results (issue 15, items 5 and 6) on %s', (dialect) => {
  beforeEach(async () => {
    fresh = await freshStore(dialect, mkdtempSync(join(tmpdir(), 'thidua-contest-results-')));
    store = fresh.store;
    world = await seedContestWorld(store, { cityUnits: 2, districtUnits: 2, now: NOW - 86_400_000 });
    tests = new DrawnTests(world.catalogue);
  });
  afterEach(() => fresh.close());

  it('applies the 50% rule at 49.99% and 50.00%, ranks and awards prizes per level, records blockers', async () => {
    const at50 = of('so-1', 0);
    const at4999 = of('so-1', 1);
    await takeTest(at50, 20);
    await mark(at50, 50, 50); // 25 + 25 = 50.00 %
    await takeTest(at4999, 20);
    await mark(at4999, 49.98, 49.98); // 25 + 24.99 = 49.99 %
    await takeTest(of('so-2', 0), 40);
    await mark(of('so-2', 0), 100, 100); // 100
    await takeTest(of('so-2', 1), 30);
    await mark(of('so-2', 1), 80, 80); // 37.5 + 40 = 77.5
    await takeTest(of('huyen-1', 0), 32);
    await mark(of('huyen-1', 0), 60, 60); // 40 + 30 = 70
    await takeTest(of('huyen-1', 1), 36);
    await mark(of('huyen-1', 1), 70, 70); // 45 + 35 = 80
    const low = of('huyen-2', 0);
    await takeTest(low, 10);
    const [, flagged] = await mark(low, 10, 30); // 20 apart > margin 10: the jury head decides
    expect(flagged).toMatchObject({ ok: true, score: { status: 'needs-jury-head' }, notifyHeads: [world.juryHead] });
    const absent = of('huyen-2', 1); // never came

    const pending = await publish();
    expect(pending.ok).toBe(false);
    expect(pending.ok ? '' : pending.message).toContain(`${low.candidateNumber}: Hai giám khảo chấm lệch 20,00 điểm (quá mức 10,00); cần Trưởng Ban Giám khảo quyết định.`);
    expect(await store.read((tx) => flaggedPapers(tx, world.catalogue, world.contestId))).toHaveLength(1);
    const notHead = await store.transaction((tx) =>
      decidePracticalScore(tx, world.catalogue, { contestId: world.contestId, candidateNumber: low.candidateNumber, headId: world.examiners[0], points: 20, reason: 'Chấm lại', channel: 'test', now: NOW }),
    );
    expect(notHead).toEqual({ ok: false, message: 'Chỉ Trưởng Ban Giám khảo được quyết định điểm của bài chấm lệch.' });
    const decided = await store.transaction((tx) =>
      decidePracticalScore(tx, world.catalogue, { contestId: world.contestId, candidateNumber: low.candidateNumber, headId: world.juryHead, points: 20, reason: 'Đối chiếu đáp án, thống nhất 20 điểm', channel: 'test', now: NOW }),
    );
    expect(decided).toMatchObject({ ok: true, score: { status: 'scored', flagged: true } }); // 12.5 + 10 = 22.5

    const published = await publish();
    if (!published.ok) throw new Error(published.message);
    const row = (c: CandidateRecord) => published.results.find((r) => r.candidateNumber === c.candidateNumber);
    expect(row(at50)).toMatchObject({ attendance: 'present', belowThreshold: false, figures: { percent: '50,00', total: '50,00', theory: '25,00', practical: '25,00', correct: 20, questionCount: 40 } });
    expect(row(at4999)).toMatchObject({ attendance: 'present', belowThreshold: true, figures: { percent: '49,99', practical: '24,99' } });
    expect(row(absent)).toMatchObject({ attendance: 'absent', figures: null, rank: null });
    // Ranks per level (city: 100, 77.5, 50, 49.99; district: 80, 70, 22.5).
    expect([of('so-2', 0), of('so-2', 1), at50, at4999].map((c) => row(c)?.rank)).toEqual([1, 2, 3, 4]);
    expect([of('huyen-1', 1), of('huyen-1', 0), low].map((c) => row(c)?.rank)).toEqual([1, 2, 3]);
    // Collective prizes per level, by the mean of the unit's totals (absent counted as 0).
    const prizes = Object.fromEntries(published.prizes.map((l) => [l.level, l.standings.map((s) => [s.unitId, s.shown, s.prize])]));
    expect(prizes).toEqual({
      city: [
        ['so-2', '88,75', 'Giải Nhất'],
        ['so-1', '49,99', 'Giải Nhì'],
      ],
      district: [
        ['huyen-1', '75,00', 'Giải Nhất'],
        ['huyen-2', '11,25', 'Giải Nhì'],
      ],
      commune: [],
    });
    // Award blockers: below 50% and absent; not the one at exactly 50.00%.
    const yearBlockers = () =>
      store.read(async (tx) => (await Promise.all(['so-1', 'so-2', 'huyen-1', 'huyen-2'].map((u) => tx.awardBlockers.forYear(u, 2024)))).flat());
    const blockers = await yearBlockers();
    expect(blockers.map((b) => b.personId).sort()).toEqual([at4999.personId, low.personId, absent.personId].sort());
    expect(blockers.every((b) => b.source === 'contest' && b.sourceRef.startsWith(`${world.contestId}#`) && b.reason === 'chưa xem xét khen thưởng' && b.lifted === null)).toBe(true);
    expect(blockers.find((b) => b.personId === at4999.personId)).toMatchObject({ unitId: 'so-1', sourceRef: `${world.contestId}#${at4999.candidateNumber}`, recordedById: world.organiser });
    expect(blockers.find((b) => b.personId === at4999.personId)?.detail).toContain('49,99%');
    expect(blockers.find((b) => b.personId === absent.personId)).toMatchObject({ unitId: 'huyen-2' });
    // The results sheet per unit (XLSX, read back): the prizes first, then one sheet per unit.
    const run = await store.read((tx) => tx.contest.getRun(world.contestId));
    const contest = world.catalogue.contests.get(world.contestId);
    if (!run || !contest) throw new Error('no run');
    const file = join(mkdtempSync(join(tmpdir(), 'thidua-results-')), 'ket-qua.xlsx');
    writeFileSync(file, await scoreSheetXlsx(resultSheets(contest, run, published.candidates, published.results, published.prizes)));
    const names = (await readSheetNames(file)) as string[];
    expect(names).toEqual(['Giải tập thể', 'Sở Thử nghiệm 001', 'Sở Thử nghiệm 002', 'UBND huyện Thử 001', 'UBND huyện Thử 002']);
    const unitSheet = (await readXlsxFile(file, { sheet: 'Sở Thử nghiệm 001' })).map((r) => r.map((c) => (c === null ? '' : String(c))));
    expect(unitSheet.slice(2, 5)).toEqual([
      ['Số báo danh', 'Họ và tên', 'Chức vụ', 'Lý thuyết', 'Thực hành', 'Tổng điểm', 'Tỷ lệ (%)', 'Hạng trong cấp', 'Dưới 50%'],
      [at50.candidateNumber, at50.fullName, 'Giám đốc sở', '25,00', '25,00', '50,00/100,00', '50,00', '3', ''],
      [at4999.candidateNumber, at4999.fullName, 'Phó Giám đốc sở', '25,00', '24,99', '49,99/100,00', '49,99', '4', 'Có — chưa xem xét khen thưởng năm 2024'],
    ]);
    expect(unitSheet.at(-1)).toEqual(['Kết quả tập thể', '49,99', 'Hạng 2', 'Giải Nhì', '', '', '', '', '']);
    const huyen2 = (await readXlsxFile(file, { sheet: 'UBND huyện Thử 002' })).map((r) => r.map((c) => (c === null ? '' : String(c))));
    expect(huyen2[4]?.slice(0, 4)).toEqual([absent.candidateNumber, absent.fullName, expect.stringContaining('Chủ tịch'), 'Vắng thi']);

    // Publishing again replaces, never duplicates; after a corrected mark (49.99% → 50.00%) the blocker is lifted.
    expect((await publish()).ok).toBe(true);
    expect(await yearBlockers()).toHaveLength(3);
    await mark(at4999, 50, 50);
    expect((await publish()).ok).toBe(true);
    const after = await yearBlockers();
    expect(after).toHaveLength(3);
    expect(after.find((b) => b.personId === at4999.personId)?.lifted).toMatchObject({ byId: world.organiser, reason: CONTEST_RECOMPUTED_LIFT_REASON });
    expect(after.filter((b) => b.lifted === null).map((b) => b.personId).sort()).toEqual([low.personId, absent.personId].sort());
    // Marked down again (50.00% → 49.99%): blocked again by a new record; the lifted one stays in the history.
    await mark(at4999, 49.98, 49.98);
    expect((await publish()).ok).toBe(true);
    const again = (await yearBlockers()).filter((b) => b.personId === at4999.personId);
    expect(again.map((b) => b.lifted === null)).toEqual([false, true]);
    expect(again[1]?.sourceRef).toMatch(new RegExp(`^${world.contestId}#${at4999.candidateNumber}@\\d+$`));
    const later = await store.transaction((tx) => publishResults(tx, world.catalogue, { contestId: world.contestId, actor: organiser(), channel: 'test', now: NOW + 7_200_000, tests }));
    expect(later.ok).toBe(true);
    expect(await yearBlockers()).toHaveLength(4);
  });

  it('refuses a third examiner, a non-juror, a mark outside the scale, and publishing while a test runs', async () => {
    const c = of('so-1', 0);
    const enter = (examinerId: number, points: number) =>
      store.transaction((tx) => enterPracticalMark(tx, world.catalogue, { contestId: world.contestId, candidateNumber: c.candidateNumber, examinerId, points, channel: 'test', now: NOW }));
    expect(await enter(world.organiser, 50)).toEqual({ ok: false, message: 'Chỉ thành viên Ban Giám khảo được nhập điểm thực hành.' });
    expect(await enter(world.examiners[0], 101)).toMatchObject({ ok: false, message: expect.stringContaining('nằm ngoài thang điểm 0–100') });
    expect(await enter(world.examiners[0], 60)).toMatchObject({ ok: true, score: { status: 'incomplete' } });
    expect(await enter(world.examiners[0], 65)).toMatchObject({ ok: true, score: { status: 'incomplete' } }); // a correction
    expect(await enter(world.examiners[1], 70)).toMatchObject({ ok: true, score: { status: 'scored', flagged: false } });
    expect(await enter(world.juryHead, 70)).toEqual({ ok: false, message: `Bài của thí sinh ${c.candidateNumber} đã có đủ 2 giám khảo chấm.` });
    await store.transaction((tx) => signIn(tx, world.catalogue, { contestId: world.contestId, candidateNumber: c.candidateNumber, roomCode: world.roomCodes.get(c.roomId) ?? '', now: NOW + 3_000_000 }));
    const early = await publish();
    expect(early).toMatchObject({ ok: false, message: expect.stringContaining('đang làm bài lý thuyết') });
  });
});
