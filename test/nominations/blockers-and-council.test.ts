/**
 * Issue 14 "done when": a seed 001 blocker removes a leader (a head of department) from the year list with the
 * reason shown; a disciplinary note does the same until the office lifts it; the December council (seed 000 III.3)
 * takes the year's "Cá nhân xuất sắc", "Đơn vị tiên tiến" and "Sáng kiến đổi mới" from the year results and the
 * register, decides each with votes, and produces the year's awards and minutes. Every step role-checked and audited.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { submissions } from '../../db/schema.js';
import { addDisciplinaryNote, blockerLine, CONTEST_RECOMPUTED_LIFT_REASON, importContestBlockers, liftBlocker, recordDutyBlockers, syncContestBlockers } from '../../src/awards/blockers.js';
import { loadActor } from '../../src/awards/load-actor.js';
import { awardRefusalText } from '../../src/awards/refusals.js';
import { awardBlockers } from '../../src/contest/award-blockers.js';
import { computeResults, type CandidateOutcome } from '../../src/contest/candidate-results.js';
import { Ratio } from '../../src/contest/ratio.js';
import { honoursText } from '../../src/honours/compute-honours.js';
import { loadHonourBoard } from '../../src/honours/load-board.js';
import { recogniseInitiative } from '../../src/initiatives/recognise-initiative.js';
import { registerInitiative } from '../../src/initiatives/register-initiative.js';
import { closeCouncil, decideNomination, minutesLines, openCouncil, proposeYearAwards, yearAwards } from '../../src/nominations/council.js';
import type { Tx } from '../../src/store/store.js';
import { settledContest } from '../contest/fixture.js';
import { fillAnswers, seed000Answers } from '../helpers/approval-walk.js';
import { DEPT_WITH_SUBLEVELS, seedUnit } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';
import { seedFinalisedYear } from '../helpers/year-fixture.js';

const META = { now: Date.UTC(2024, 11, 15), channel: 'cli' };

async function setup() {
  const store = testStore();
  const seeded = await seedUnit(store, { periodCode: null });
  const p = seeded.people;
  // 2024: the head leads with 95 (top band ≥ 85), Lan 90, Hùng 86; the office department trails.
  await seedFinalisedYear(store, seeded, 2024, { [p.head!]: 95, [p.staff!]: 90, [p.staff2!]: 86, [p.staff3!]: 70, [p.head2!]: 60, [p.office!]: 55 });
  const actor = async (tx: Tx, key: string) => (await loadActor(tx, p[key]!))!;
  return { store, seeded, p, actor };
}

/** Seed 001's contest: the head scored below 50% ("chưa xem xét khen thưởng năm 2024"). */
function contestBlockers(headId: number) {
  const contest = settledContest();
  const outcome: CandidateOutcome = {
    candidateNumber: 'TP001',
    personId: String(headId),
    fullName: 'Nguyễn Văn Trưởng',
    unitId: 'u1',
    level: 'city',
    attendance: 'present',
    theory: { questionCount: 50, correct: 20, wrong: 30, unanswered: 0 },
    practical: { status: 'scored', points: Ratio.fromDecimal(40), flagged: false },
  };
  return awardBlockers(contest, computeResults(contest, [outcome]).results);
}

describe('award blockers on the year list (issue 14 item 3)', () => {
  it('a seed 001 contest blocker removes the head from "Cá nhân xuất sắc" with the reason; a note blocks until lifted', async () => {
    const { store, seeded, p, actor } = await setup();
    const year = async () => (await store.read((tx) => loadHonourBoard(tx, { unitId: seeded.unitId, kind: 'year', periodCode: '2024' }))).board!;
    expect((await year()).topBand?.entries.map((e) => e.personId)).toEqual([p.head, p.staff, p.staff2]);

    // Staff may not import blockers; the office does (once: a second import keeps the record).
    const blockers = contestBlockers(p.head!);
    expect(blockers).toHaveLength(1);
    const denied = await store.transaction(async (tx) => importContestBlockers(tx, await actor(tx, 'staff'), blockers, META));
    expect(denied.ok ? '' : awardRefusalText(denied.refusal)).toContain('Chỉ Văn phòng');
    const imported = await store.transaction(async (tx) => importContestBlockers(tx, await actor(tx, 'office'), blockers, META));
    expect(imported).toMatchObject({ ok: true, created: 1, kept: 0 });
    expect(await store.transaction(async (tx) => importContestBlockers(tx, await actor(tx, 'office'), blockers, META))).toMatchObject({ created: 0, kept: 1 });

    const board = await year();
    expect(board.topBand?.entries.map((e) => e.personId)).toEqual([p.staff, p.staff2]);
    expect(board.leftOut).toEqual([
      { personId: p.head, fullName: 'Nguyễn Văn Trưởng', reasons: [expect.stringContaining('Kết quả hội thi: chưa xem xét khen thưởng (Đạt ')] },
    ]);
    const text = honoursText(board);
    expect(text).toContain('Không xét khen thưởng năm nay:');
    // The quarter's commendation is a form of khen thưởng too (seed 000 III.3.a): the head is off the 2024-Q4 top 5.
    const quarter = (await store.read((tx) => loadHonourBoard(tx, { unitId: seeded.unitId, kind: 'quarter', periodCode: '2024-Q4' }))).board!;
    expect(quarter.entries.map((e) => e.personId)).toEqual([p.staff, p.staff2, p.staff3, p.head2, p.office]);
    expect(quarter.leftOut.map((l) => l.personId)).toEqual([p.head]);
    expect(honoursText(quarter)).toContain('Không xét biểu dương (chưa xem xét khen thưởng trong năm):\n• Nguyễn Văn Trưởng — Kết quả hội thi');
    expect(quarter.bestDepartment?.name).toBe('Phòng Thông tin, Báo chí – Xuất bản');
    expect(text).toMatch(/• Nguyễn Văn Trưởng — Kết quả hội thi: chưa xem xét khen thưởng \(Đạt [\d,]+\/100,00 điểm \([\d,]+%\), dưới 50% số điểm theo quy định\.\)/);

    // A disciplinary note by the office leaves Hùng out too, until it is lifted.
    const note = await store.transaction(async (tx) =>
      addDisciplinaryNote(tx, await actor(tx, 'office'), { personId: p.staff2!, year: 2024, reason: 'Bị khiển trách theo Quyết định 12/QĐ-STTTT', ref: '12/QĐ-STTTT' }, META),
    );
    if (!note.ok) throw new Error('note refused');
    expect((await year()).leftOut.map((l) => [l.personId, l.reasons[0]])).toEqual([
      [p.head, expect.any(String)],
      [p.staff2, 'Ghi chú kỷ luật của Văn phòng: Bị khiển trách theo Quyết định 12/QĐ-STTTT'],
    ]);
    expect((await store.transaction(async (tx) => liftBlocker(tx, await actor(tx, 'office'), { id: note.id, reason: 'Quyết định đã được thu hồi' }, META))).ok).toBe(true);
    expect((await year()).topBand?.entries.map((e) => e.personId)).toEqual([p.staff, p.staff2]);

    const actions = (await store.read((tx) => tx.audit.search({ unitId: seeded.unitId }))).map((r) => r.action);
    expect(actions).toEqual(['award-blocker.add', 'award-blocker.add', 'award-blocker.lift']);
  });
});

describe("the December council (issue 14 item 5, seed 000 III.3)", () => {
  it('the contest\u2019s publication (issue 15) writes the blocker in the leader\u2019s unit and lifts it when recomputed above 50%', async () => {
    const { store, seeded, p } = await setup();
    const year = async () => (await store.read((tx) => loadHonourBoard(tx, { unitId: seeded.unitId, kind: 'year', periodCode: '2024' }))).board!;
    const blockers = contestBlockers(p.head!);
    const contestId = blockers[0]!.source.contestId;
    // What `publishResults` (src/contest-service/results-service.ts) does with the contest's blockers.
    const sync = (list: typeof blockers) =>
      store.transaction((tx) => syncContestBlockers(tx, p.office!, { contestId, year: 2024, blockers: list, personIds: [p.head!] }, META));
    expect(await sync(blockers)).toMatchObject({ created: 1, kept: 0, lifted: 0 });
    expect(await sync(blockers)).toMatchObject({ created: 0, kept: 1, lifted: 0 });
    const [recorded] = await store.read((tx) => tx.awardBlockers.forYear(seeded.unitId, 2024));
    expect(recorded).toMatchObject({ personId: p.head, source: 'contest', sourceRef: `${contestId}#TP001`, reason: blockers[0]!.reason, recordedById: p.office, lifted: null });
    const board = await year();
    expect(board.topBand?.entries.map((e) => e.personId)).toEqual([p.staff, p.staff2]);
    expect(board.leftOut).toEqual([{ personId: p.head, fullName: 'Nguyễn Văn Trưởng', reasons: [expect.stringContaining('Kết quả hội thi: chưa xem xét khen thưởng (Đạt ')] }]);

    // A corrected mark, published again: the head is no longer below 50%, the blocker is lifted with the reason.
    expect(await sync([])).toMatchObject({ created: 0, lifted: 1 });
    expect((await store.read((tx) => tx.awardBlockers.get(recorded!.id)))?.lifted).toEqual({ at: META.now, byId: p.office, reason: CONTEST_RECOMPUTED_LIFT_REASON });
    expect((await year()).topBand?.entries.map((e) => e.personId)).toEqual([p.head, p.staff, p.staff2]);
    expect(await sync([])).toMatchObject({ lifted: 0 });
    const actions = (await store.read((tx) => tx.audit.search({ unitId: seeded.unitId }))).map((a) => a.action).filter((a) => a.startsWith('award-blocker'));
    expect(actions).toEqual(['award-blocker.add', 'award-blocker.lift']);
  });

  it('takes the year results and the register, decides with votes, and produces the awards and the minutes', async () => {
    const { store, seeded, p, actor } = await setup();
    await store.transaction(async (tx) => importContestBlockers(tx, await actor(tx, 'office'), contestBlockers(p.head!), META));
    // One initiative recognised in 2024, one in 2023 (not this year's).
    const [i2024] = await store.transaction(async (tx) => {
      const ids: number[] = [];
      for (const [title, date] of [['Ký số tập trung toàn Sở', '2024-09-10'], ['Hộp thư góp ý điện tử', '2023-10-01']] as const) {
        const r = await registerInitiative(tx, await actor(tx, 'staff'), { title, kind: 'giai-phap', topic: 'chinh-quyen-so', coAuthorIds: [], collective: null, summary: null, evidence: [] }, META);
        if (!r.ok) throw new Error('register');
        await recogniseInitiative(tx, await actor(tx, 'office'), { initiativeId: r.id, level: 'co-so', body: 'Hội đồng sáng kiến Sở', decisionNumber: '30/QĐ-STTTT', decisionDate: date }, META);
        ids.push(r.id);
      }
      return ids;
    });

    // The head of a department may not put the year before the council; the office may.
    const denied = await store.transaction(async (tx) => proposeYearAwards(tx, await actor(tx, 'head'), 2024, META));
    expect(denied.ok ? '' : awardRefusalText(denied.refusal)).toContain('thư ký Hội đồng');
    const proposed = await store.transaction(async (tx) => proposeYearAwards(tx, await actor(tx, 'office'), 2024, META));
    if (!proposed.ok) throw new Error(awardRefusalText(proposed.refusal));
    expect(proposed.created.map((n) => [n.award, n.nomineeName])).toEqual([
      ['Cá nhân xuất sắc', 'Trần Thị Lan'],
      ['Cá nhân xuất sắc', 'Lê Văn Hùng'],
      ['Đơn vị tiên tiến', 'Tập thể Phòng Thông tin, Báo chí – Xuất bản'],
      ['Sáng kiến đổi mới', 'Ký số tập trung toàn Sở'],
    ]);
    expect(proposed.created[3]?.initiativeId).toBe(i2024);
    expect(proposed.leftOut.map((l) => l.personId)).toEqual([p.head]);
    // A second call adds nothing.
    const again = await store.transaction(async (tx) => proposeYearAwards(tx, await actor(tx, 'office'), 2024, META));
    expect(again.ok && again.created).toEqual([]);

    const members = [
      { personId: p.director!, name: 'Đặng Văn Giám', role: 'Chủ tịch Hội đồng' },
      { personId: p.office!, name: 'Vũ Văn Chánh', role: 'Thư ký' },
      { personId: p.leader!, name: 'Bùi Văn Phó', role: 'Ủy viên' },
    ];
    const council = await store.transaction(async (tx) => openCouncil(tx, await actor(tx, 'director'), { year: 2024, meetingDate: '2024-12-18', members, minutesNumber: '07/BB-HĐTĐKT' }, META));
    if (!council.ok) throw new Error('council');
    const [lan, hung, dept, init] = proposed.created.map((n) => n.id);
    await store.transaction(async (tx) => {
      const director = await actor(tx, 'director');
      const decide = (nominationId: number | undefined, approved: boolean, votesFor: number | null, note: string | null = null) =>
        decideNomination(tx, director, { councilId: council.id, nominationId: nominationId!, approved, votesFor, votesAgainst: votesFor === null ? null : 3 - votesFor, note }, META);
      expect((await decide(lan, true, 3)).ok).toBe(true);
      expect((await decide(hung, false, 1, 'Chưa có sản phẩm tiêu biểu')).ok).toBe(true);
      expect((await decide(dept, true, 3)).ok).toBe(true);
      expect((await decide(init, true, null)).ok).toBe(true);
      const tooMany = await decide(lan, true, 4);
      expect(tooMany.ok ? '' : awardRefusalText(tooMany.refusal)).toBe('Số phiếu phải từ 0 đến 3 (số thành viên Hội đồng).');
    });
    // A nominee with a blocker cannot be approved: the refusal says why.
    const blockedHead = await store.transaction(async (tx) => {
      const id = await tx.nominations.create({ unitId: seeded.unitId, year: 2024, scheme: 'cbs-000', award: 'Cá nhân xuất sắc', nomineeKind: 'person', personId: p.head!, departmentId: null, initiativeId: null, nomineeName: 'Nguyễn Văn Trưởng', proposedById: p.office!, now: META.now });
      return decideNomination(tx, await actor(tx, 'director'), { councilId: council.id, nominationId: id, approved: true }, META);
    });
    expect(blockedHead.ok ? '' : awardRefusalText(blockedHead.refusal)).toContain('Không thể thông qua Nguyễn Văn Trưởng: Chưa xem xét khen thưởng năm 2024: Kết quả hội thi');

    expect((await store.transaction(async (tx) => closeCouncil(tx, await actor(tx, 'office'), council.id, META))).ok).toBe(true);
    const late = await store.transaction(async (tx) => decideNomination(tx, await actor(tx, 'office'), { councilId: council.id, nominationId: hung!, approved: true }, META));
    expect(late.ok ? '' : awardRefusalText(late.refusal)).toContain('đã kết thúc');

    const awards = await store.read((tx) => yearAwards(tx, seeded.unitId, 2024));
    expect([...awards].map(([award, list]) => [award, list.map((n) => n.nomineeName)])).toEqual([
      ['Cá nhân xuất sắc', ['Trần Thị Lan']],
      ['Đơn vị tiên tiến', ['Tập thể Phòng Thông tin, Báo chí – Xuất bản']],
      ['Sáng kiến đổi mới', ['Ký số tập trung toàn Sở']],
    ]);
    const [record, all] = await store.read(async (tx) => [(await tx.nominations.getCouncil(council.id))!, await tx.nominations.list(seeded.unitId, 2024)] as const);
    const minutes = minutesLines(record, all).join('\n');
    expect(minutes).toContain('Thời gian: ngày 18/12/2024.');
    expect(minutes).toContain('1. Trần Thị Lan — Cá nhân xuất sắc: Thống nhất đề nghị (3/3 phiếu đồng ý, 0 không đồng ý).');
    expect(minutes).toContain('2. Lê Văn Hùng — Cá nhân xuất sắc: Không đề nghị (1/3 phiếu đồng ý, 2 không đồng ý). Chưa có sản phẩm tiêu biểu.');

    const actions = (await store.read((tx) => tx.audit.search({ unitId: seeded.unitId }))).map((r) => r.action);
    expect(actions.filter((a) => a.startsWith('council.'))).toEqual([
      'council.propose-year',
      'council.propose-year',
      'council.open',
      'council.approve',
      'council.reject',
      'council.approve',
      'council.approve',
      'council.close',
    ]);
  });
});

describe('seed 000 "không hoàn thành nhiệm vụ" from the finalised quarter (issue 14 item 3)', () => {
  it('records a duty blocker for the approved self-assessment without an article, with the rubric\u2019s reason', async () => {
    const store = testStore();
    const seeded = await seedUnit(store);
    const p = seeded.people;
    const period = seeded.period!;
    const ctxOf = (departmentName: string | null) => ({ role: 'staff' as const, departmentName });
    const lan = await fillAnswers(store, { periodId: period.id, personId: p.staff!, rubric: seeded.rubric, ctx: ctxOf(DEPT_WITH_SUBLEVELS), answers: seed000Answers('ddddddddd', { articles: 0 }), now: META.now });
    const hung = await fillAnswers(store, { periodId: period.id, personId: p.staff2!, rubric: seeded.rubric, ctx: ctxOf(DEPT_WITH_SUBLEVELS), answers: seed000Answers('ddddddddd'), now: META.now });
    for (const id of [lan, hung]) store.db.update(submissions).set({ status: 'approved' }).where(eq(submissions.id, id)).run();
    const office = async (tx: Tx) => (await loadActor(tx, p.office!))!;

    const early = await store.transaction(async (tx) => recordDutyBlockers(tx, await office(tx), '2026-Q4', META));
    expect(early.ok ? '' : awardRefusalText(early.refusal)).toContain('chưa được Giám đốc phê duyệt');
    await store.transaction((tx) => tx.periods.setStatus(period.id, 'finalised', META.now));
    const staffTry = await store.transaction(async (tx) => recordDutyBlockers(tx, (await loadActor(tx, p.staff!))!, '2026-Q4', META));
    expect(staffTry.ok).toBe(false);
    expect(await store.transaction(async (tx) => recordDutyBlockers(tx, await office(tx), '2026-Q4', META))).toEqual({ ok: true, created: 1, kept: 0 });
    expect(await store.transaction(async (tx) => recordDutyBlockers(tx, await office(tx), '2026-Q4', META))).toEqual({ ok: true, created: 0, kept: 1 });
    const blockers = await store.read((tx) => tx.awardBlockers.forYear(seeded.unitId, 2026));
    expect(blockers.map((b) => [b.personId, b.source, b.sourceRef, blockerLine(b)])).toEqual([
      [p.staff, 'duty', '2026-Q4:dk.bai-viet', 'Không hoàn thành nhiệm vụ: Không có bài viết đăng trong 6 tháng nên không xếp loại và không hoàn thành nhiệm vụ (có 0 bài, cần ít nhất 1) (Kỳ 2026-Q4)'],
    ]);
  });
});
