import { describe, expect, it } from 'vitest';
import { awardBlockers } from '../../src/contest/award-blockers.js';
import { computeResults, type CandidateOutcome, type PresentResult } from '../../src/contest/candidate-results.js';
import { drawFromBank } from '../../src/contest/draw-test.js';
import { ContestNotSettledError, practicalSettings } from '../../src/contest/open-values.js';
import { scorePractical, type PracticalScore } from '../../src/contest/practical-score.js';
import { collectivePrizes, rankLevel, type ContestUnit } from '../../src/contest/ranking.js';
import { Ratio } from '../../src/contest/ratio.js';
import { scoreTheory, type TheoryScore } from '../../src/contest/theory-score.js';
import { fixtureBank, seedContest, settledContest } from './fixture.js';

// Defaults of settledContest(): theory worth 50 points, practical worth 50 marked on 100, margin 10.
const contest = settledContest();
const theory = (correct: number, questionCount = 50): TheoryScore => ({ questionCount, correct, wrong: questionCount - correct, unanswered: 0 });
const scored = (points: number): PracticalScore => ({ status: 'scored', points: Ratio.fromDecimal(points), flagged: false });
let n = 0;
type Present = Extract<CandidateOutcome, { attendance: 'present' }>;
function present(unitId: string, correct: number, practical: number, level: 'city' | 'district' | 'commune' = 'city'): Present {
  n += 1;
  return { candidateNumber: `TP${String(n).padStart(3, '0')}`, personId: `p${n}`, fullName: `Thí sinh ${n}`, unitId, level, attendance: 'present', theory: theory(correct), practical: scored(practical) };
}
const only = (outcome: CandidateOutcome, c = contest) => computeResults(c, [outcome]).results[0] as PresentResult;

describe('scoreTheory', () => {
  it('counts correct, wrong and unanswered against the key', () => {
    const test = drawFromBank(fixtureBank('bank-key-first.yaml'), [{ topic: 't1', count: 4 }], 3);
    const [q1, q2, q3] = test.questions;
    const wrongOf = (label: string) => (label === 'A' ? 'B' : 'A');
    const answers = { [q1!.number]: q1!.correctLabel, [q2!.number]: q2!.correctLabel, [q3!.number]: wrongOf(q3!.correctLabel) };
    expect(scoreTheory(test, answers)).toEqual({ questionCount: 4, correct: 2, wrong: 1, unanswered: 1 });
  });
});

describe('scorePractical', () => {
  const settings = practicalSettings(contest);
  it('is the mean of two marks within the margin (a difference equal to the margin is not flagged)', () => {
    const s = scorePractical(settings, [
      { examinerId: 'gk1', points: 70 },
      { examinerId: 'gk2', points: 80 },
    ]);
    expect(s).toMatchObject({ status: 'scored', flagged: false });
    expect(s.status === 'scored' && s.points.toString()).toBe('75');
    const half = scorePractical(settings, [
      { examinerId: 'gk1', points: 70.5 },
      { examinerId: 'gk2', points: 70 },
    ]);
    expect(half.status === 'scored' && half.points.toString()).toBe('281/4');
  });

  it('flags marks further apart than the margin for the jury head, whose decision (with a reason) is final', () => {
    const marks = [
      { examinerId: 'gk1', points: 60 },
      { examinerId: 'gk2', points: 70.5 },
    ];
    const flagged = scorePractical(settings, marks);
    expect(flagged.status).toBe('needs-jury-head');
    expect(flagged.status === 'needs-jury-head' && flagged.message).toBe(
      'Hai giám khảo chấm lệch 10,50 điểm (quá mức 10,00); cần Trưởng Ban Giám khảo quyết định.',
    );
    const decided = scorePractical(settings, marks, { by: 'truong-bgk', points: 66, reason: 'Chấm lại bài' });
    expect(decided).toMatchObject({ status: 'scored', flagged: true, decidedBy: 'truong-bgk' });
    expect(() => scorePractical(settings, marks, { by: 'truong-bgk', points: 66, reason: ' ' })).toThrow('phải ghi lý do');
  });

  it('waits for the second mark, and refuses a mark off the scale, a third mark or the same examiner twice', () => {
    expect(scorePractical(settings, [{ examinerId: 'gk1', points: 50 }])).toEqual({ status: 'incomplete', message: 'Bài thi thực hành mới có 1/2 điểm chấm.' });
    expect(() => scorePractical(settings, [{ examinerId: 'gk1', points: 100.5 }])).toThrow('Giám khảo gk1: điểm 100,50 nằm ngoài thang điểm 0–100,00');
    expect(() => scorePractical(settings, [{ examinerId: 'gk1', points: 1 }, { examinerId: 'gk2', points: 1 }, { examinerId: 'gk3', points: 1 }])).toThrow('2 giám khảo');
    expect(() => scorePractical(settings, [{ examinerId: 'gk1', points: 1 }, { examinerId: 'gk1', points: 2 }])).toThrow('đã chấm bài này');
  });

  it('refuses while the scale or the margin is open', () => {
    expect(() => practicalSettings(seedContest())).toThrow(ContestNotSettledError);
  });
});

describe('candidate results and the 50% rule', () => {
  // theory 25/50 correct → 25/50 × 50 = 25 points; practical p/100 × 50 = p/2 points; total max 100.
  it('49.99%: 25 + 49.98/2 = 49.99 of 100 → below 50%, blocked', () => {
    const r = only(present('snv', 25, 49.98));
    expect(r.total.toString()).toBe('4999/100');
    expect(r.shown).toEqual({ theory: '25,00', practical: '24,99', total: '49,99', totalMax: '100,00', percent: '49,99' });
    expect(r.belowThreshold).toBe(true);
  });

  it('50.00%: 25 + 50/2 = 50 of 100 → not below', () => {
    const r = only(present('snv', 25, 50));
    expect(r.percent.toString()).toBe('50');
    expect(r.belowThreshold).toBe(false);
  });

  it('49.995% is below although it would round to 50.00; it is shown truncated as 49,99', () => {
    const r = only(present('snv', 25, 49.99));
    expect(r.percent.toString()).toBe('9999/200');
    expect(r.belowThreshold).toBe(true);
    expect(r.shown.percent).toBe('49,99');
  });

  it('weights that are not round: theory 40 (30 questions), practical 60 on a 10-point scale', () => {
    const c = settledContest({ theoryWeight: 40, practicalWeight: 60, practicalMax: 10 });
    // 19/30 × 40 = 76/3 = 760/30; 4.1/10 × 60 = 24.6 = 738/30; total 1498/30 = 749/15 ≈ 49.933 → below.
    const r = only({ ...present('snv', 0, 0), theory: theory(19, 30), practical: scored(4.1) }, c);
    expect(r.total.toString()).toBe('749/15');
    expect(r.shown.total).toBe('49,93');
    expect(r.belowThreshold).toBe(true);
    // 19/30 × 40 + 4.2/10 × 60 = 760/30 + 756/30 = 1516/30 ≈ 50.53 → not below.
    expect(only({ ...present('snv', 0, 0), theory: theory(19, 30), practical: scored(4.2) }, c).belowThreshold).toBe(false);
  });

  it('lists candidates whose practical score is not final as pending, and refuses while weights are open', () => {
    const waiting: CandidateOutcome = { ...present('snv', 30, 0), practical: { status: 'incomplete', message: 'Bài thi thực hành mới có 1/2 điểm chấm.' } };
    const out = computeResults(contest, [waiting]);
    expect(out.results).toEqual([]);
    expect(out.pending).toEqual([{ candidateNumber: waiting.candidateNumber, fullName: waiting.fullName, message: 'Bài thi thực hành mới có 1/2 điểm chấm.' }]);
    expect(() => computeResults(seedContest(), [waiting])).toThrow(ContestNotSettledError);
  });
});

describe('award blockers', () => {
  it('records those below 50% for 2024 with the contest as the source; absent ones per the rule', () => {
    const low = present('snv', 25, 49.98);
    const ok = present('snv', 25, 50);
    const absent: CandidateOutcome = { candidateNumber: 'TP900', personId: 'p900', fullName: 'Vắng Mặt', unitId: 'snv', level: 'city', attendance: 'absent' };
    const { results } = computeResults(contest, [low, ok, absent]);
    expect(awardBlockers(contest, results)).toEqual([
      {
        personId: low.personId,
        fullName: low.fullName,
        unitId: 'snv',
        year: 2024,
        reason: 'chưa xem xét khen thưởng',
        detail: 'Đạt 49,99/100,00 điểm (49,99%), dưới 50% số điểm theo quy định.',
        source: { kind: 'contest', contestId: 'can-tho-nang-luc-cntt-cds-2024', candidateNumber: low.candidateNumber },
      },
      expect.objectContaining({ personId: 'p900', detail: expect.stringContaining('Vắng thi') }),
    ]);
    const lenient = settledContest({ absent: { collective: 'leave-out', blocksAwards: false } });
    expect(awardBlockers(lenient, results).map((b) => b.personId)).toEqual([low.personId]);
  });

  it('needs the absent rule only when someone was absent', () => {
    const c = settledContest();
    c.results.absent = { decidedBy: 'organiser', value: null };
    const { results } = computeResults(c, [present('snv', 10, 10)]);
    expect(awardBlockers(c, results)).toHaveLength(1);
    const withAbsent = [...results, { candidateNumber: 'TP901', personId: 'x', fullName: 'X', unitId: 'snv', level: 'city' as const, attendance: 'absent' as const }];
    expect(() => awardBlockers(c, withAbsent)).toThrow('cách xử lý thí sinh vắng thi (results.absent)');
  });
});

describe('rankLevel', () => {
  it('ranks present candidates of a level by exact total with shared ranks (1, 2, 2, 4)', () => {
    const { results } = computeResults(contest, [
      present('a', 40, 80), // 40 + 40 = 80
      present('b', 45, 60), // 45 + 30 = 75
      present('c', 35, 80), // 35 + 40 = 75
      present('d', 30, 60), // 30 + 30 = 60
      present('e', 50, 100, 'district'),
    ]);
    expect(rankLevel(results, 'city').map((r) => `${r.result.unitId}:${r.rank}${r.tied ? '=' : ''}`)).toEqual(['a:1', 'b:2=', 'c:2=', 'd:4']);
    expect(rankLevel(results, 'district')).toHaveLength(1);
  });
});

describe('collectivePrizes', () => {
  const units: ContestUnit[] = [
    { id: 'u1', name: 'Sở Nội vụ', level: 'city' },
    { id: 'u2', name: 'Sở Tài chính', level: 'city' },
    { id: 'u3', name: 'Sở Y tế', level: 'city' },
    { id: 'u4', name: 'Sở Xây dựng', level: 'city' },
    { id: 'u5', name: 'Sở Tư pháp', level: 'city' },
    { id: 'h1', name: 'Quận Ninh Kiều', level: 'district' },
    { id: 'x1', name: 'Phường An Hòa', level: 'commune' },
  ];
  // Totals (theory correct/50 × 50 + practical/100 × 50): u1 90 & 70 (mean 80); u2 85; u3 80 (alone);
  // u4 60 & absent; u5 none.
  const outcomes = (): CandidateOutcome[] => [
    present('u1', 45, 90), // 45 + 45 = 90
    present('u1', 35, 70), // 35 + 35 = 70
    present('u2', 40, 90), // 40 + 45 = 85
    present('u3', 40, 80), // 40 + 40 = 80
    present('u4', 30, 60), // 30 + 30 = 60
    { candidateNumber: 'TP950', personId: 'p950', fullName: 'Vắng', unitId: 'u4', level: 'city', attendance: 'absent' },
    present('h1', 50, 100, 'district'),
    present('x1', 50, 100, 'commune'),
  ];
  const prizesOf = (c = contest) =>
    collectivePrizes(c, computeResults(c, outcomes()), units).map((l) => l.standings.map((s) => `${s.unitId}:${s.shown}:${s.rank}${s.tied ? '=' : ''}:${s.prize ?? '-'}`));

  it('mean, ties shared: u2 first, u1 and u3 share second, third place goes to nobody (1, 2, 2, 4)', () => {
    expect(prizesOf()).toEqual([
      ['u2:85,00:1:Giải Nhất', 'u1:80,00:2=:Giải Nhì', 'u3:80,00:2=:Giải Nhì', 'u4:30,00:4:-'],
      ['h1:100,00:1:Giải Nhất'],
      ['x1:100,00:1:-'],
    ]);
  });

  it('best candidate: u1 (90) first, u2 second, u3 third; absent left out: u4 is 60', () => {
    const c = settledContest({ collective: 'best', absent: { collective: 'leave-out', blocksAwards: true } });
    expect(prizesOf(c)[0]).toEqual(['u1:90,00:1:Giải Nhất', 'u2:85,00:2:Giải Nhì', 'u3:80,00:3:Giải Ba', 'u4:60,00:4:-']);
  });

  it('theory-then-share breaks the u1/u3 tie on theory (u1 mean 40, u3 40 — still tied) and sum changes the order', () => {
    const c = settledContest({ ties: 'theory-then-share' });
    expect(prizesOf(c)[0]).toEqual(['u2:85,00:1:Giải Nhất', 'u1:80,00:2=:Giải Nhì', 'u3:80,00:2=:Giải Nhì', 'u4:30,00:4:-']);
    const sum = settledContest({ collective: 'sum' });
    expect(prizesOf(sum)[0]).toEqual(['u1:160,00:1:Giải Nhất', 'u2:85,00:2:Giải Nhì', 'u3:80,00:3:Giải Ba', 'u4:60,00:4:-']);
  });

  it('theory-then-share separates equal totals with different theory points', () => {
    const c = settledContest({ ties: 'theory-then-share' });
    const tied: CandidateOutcome[] = [present('u1', 40, 80), present('u2', 30, 100)]; // both 80; theory 40 vs 30
    const [city] = collectivePrizes(c, computeResults(c, tied), units);
    expect(city!.standings.map((s) => `${s.unitId}:${s.rank}:${s.prize ?? '-'}`)).toEqual(['u1:1:Giải Nhất', 'u2:2:Giải Nhì']);
  });

  it('jury: tied places are left unawarded and reported', () => {
    const c = settledContest({ ties: 'jury' });
    const [city] = collectivePrizes(c, computeResults(c, outcomes()), units);
    expect(city!.standings.map((s) => s.prize)).toEqual(['Giải Nhất', null, null, null]);
    expect(city!.undecided).toEqual([
      {
        rank: 2,
        unitIds: ['u1', 'u3'],
        prizes: ['Giải Nhì', 'Giải Ba'],
        message: 'Sở Nội vụ, Sở Y tế bằng điểm (80,00) ở hạng 2; Ban Giám khảo quyết định Giải Nhì, Giải Ba.',
      },
    ]);
  });

  it('lists units without a counted candidate as unranked', () => {
    const c = settledContest({ absent: { collective: 'leave-out', blocksAwards: true } });
    const only = [{ candidateNumber: 'TP950', personId: 'p950', fullName: 'Vắng', unitId: 'u4', level: 'city' as const, attendance: 'absent' as const }];
    const [city] = collectivePrizes(c, computeResults(c, only), units);
    expect(city!.unranked.map((u) => `${u.unitId}: ${u.message}`)).toEqual([
      'u1: Đơn vị không có thí sinh dự thi.',
      'u2: Đơn vị không có thí sinh dự thi.',
      'u3: Đơn vị không có thí sinh dự thi.',
      'u4: Tất cả thí sinh của đơn vị vắng thi; không xếp hạng.',
      'u5: Đơn vị không có thí sinh dự thi.',
    ]);
  });

  it('refuses while the collective rule or the tie rule is open, or a result is pending', () => {
    const open = settledContest();
    open.results.collective = { decidedBy: 'organiser', value: null };
    expect(() => collectivePrizes(open, computeResults(contest, outcomes()), units)).toThrow(
      'Chưa thể xét giải cho tập thể vì Ban Tổ chức chưa công bố: cách tính kết quả của tập thể từ kết quả các thí sinh (results.collective).',
    );
    const pending = computeResults(contest, [{ ...present('u1', 1, 1), practical: { status: 'incomplete', message: '…' } }]);
    expect(() => collectivePrizes(contest, pending, units)).toThrow('Chưa thể xét giải: còn 1 thí sinh chưa có điểm thực hành chính thức');
  });
});
