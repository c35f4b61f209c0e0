import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rubricFilesIn } from '../../src/scoring/load-rubrics.js';
import {
  checkBankForContest,
  ContestFileError,
  loadContestsFromDir,
  loadQuestionBanksFromDir,
  parseContest,
} from '../../src/contest/load-contest.js';
import { ContestNotSettledError, openValues, openValuesFor, requireSettled, resultSettings, type Purpose } from '../../src/contest/open-values.js';
import { sampleBank, SEED_CONTEST_FILE, seedContest, settledContest } from './fixture.js';

/** The problems a contest file is refused with (fails the test when it is accepted or refused otherwise). */
function problemsOf(source: string): readonly string[] {
  try {
    parseContest(source, 'x.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ContestFileError);
    return (error as ContestFileError).problems;
  }
  throw new Error('the contest file was accepted');
}

describe('the seed-001 contest file', () => {
  const c = seedContest();

  it('is found by the contest loader under its own id', () => {
    expect([...loadContestsFromDir().keys()]).toEqual(['can-tho-nang-luc-cntt-cds-2024']);
    expect([...loadQuestionBanksFromDir().keys()]).toEqual(['mau-nang-luc-cntt-cds']);
  });

  it('is not read by the rubric loader (which reads only files directly in flows/)', () => {
    expect(rubricFilesIn('flows').some((f) => f.includes('contest') || f.includes('question-bank'))).toBe(false);
  });

  it('has the three levels, their positions and quotas as the plan says', () => {
    expect(c.levels.map((l) => `${l.id}:${l.numberPrefix}`)).toEqual(['city:TP', 'district:QH', 'commune:XP']);
    const city = c.levels[0]!;
    expect(city.unitKinds.map((k) => k.positions.map((p) => p.id))).toEqual([
      ['giam-doc-so', 'pho-giam-doc-so'],
      ['thu-truong-dvsn', 'pho-thu-truong-dvsn'],
    ]);
    expect(city.unitKinds.every((k) => k.quotas.length === 1 && k.quotas[0]!.min === 1 && k.quotas[0]!.max === 2)).toBe(true);
    const district = c.levels[1]!.unitKinds[0]!;
    expect(district.positions.map((p) => p.id)).toEqual(['chu-tich-ubnd-huyen', 'pho-chu-tich-ubnd-huyen']);
    expect(district.quotas[0]).toMatchObject({ min: 1, max: 2 });
    const commune = c.levels[2]!.unitKinds[0]!;
    expect(commune.quotas.map((q) => [q.positions, q.min, q.max])).toEqual([
      [['chu-tich-ubnd-xa', 'pho-chu-tich-ubnd-xa'], 1, null],
      [['chu-tich-hdnd-xa', 'pho-chu-tich-hdnd-xa'], 1, 1],
    ]);
  });

  it('gives 1st, 2nd and 3rd prizes (one each) to collectives at city and district level, none at commune level', () => {
    const prizes = c.levels.map((l) => l.prizes.map((p) => `${p.rank}:${p.label}:${p.count}`));
    expect(prizes).toEqual([
      ['1:Giải Nhất:1', '2:Giải Nhì:1', '3:Giải Ba:1'],
      ['1:Giải Nhất:1', '2:Giải Nhì:1', '3:Giải Ba:1'],
      [],
    ]);
    expect(c.prizesRecipient).toBe('collective');
  });

  it('excludes the organising committee and the jury, and blocks 2024 awards below 50%', () => {
    expect(c.exclusions.boards).toEqual(['organising-committee', 'jury']);
    expect(c.awardRule).toMatchObject({ thresholdPercent: 50, year: 2024, reason: 'chưa xem xét khen thưởng' });
  });

  it('quotes the plan in Vietnamese', () => {
    const source = readFileSync(SEED_CONTEST_FILE, 'utf8');
    for (const quote of [
      'mỗi cơ quan, đơn vị chọn cử từ 01 đến 02 người',
      'Thành viên của Ban Tổ chức, Ban Giám khảo của cuộc thi',
      'Về thể lệ và hình thức thi cụ thể sẽ có thông báo sau',
      'trường hợp đạt dưới 50% số điểm theo quy định chưa xem xét khen thưởng năm 2024',
      'Chủ tịch hoặc Phó Chủ tịch Hội đồng nhân dân xã, phường, thị trấn',
    ]) {
      expect(source).toContain(quote);
    }
  });

  it('leaves every "announced later" value to the organiser and reports them in Vietnamese', () => {
    const open = openValues(c);
    expect(open.map((v) => v.path)).toEqual([
      'schedule.date',
      'theory.topicQuotas',
      'theory.weight',
      'theory.durationMinutes',
      'practical.maxPoints',
      'practical.weight',
      'practical.durationMinutes',
      'practical.disagreementMargin',
      'results.absent',
      'results.collective',
      'results.ties',
    ]);
    expect(open[2]!.message).toBe(
      'Ban Tổ chức chưa công bố trọng số (số điểm trong tổng) của phần thi lý thuyết (theory.weight) — cần để tính điểm của thí sinh, lập danh sách chưa xem xét khen thưởng, xét giải cho tập thể.',
    );
  });

  it('refuses every computation that needs an open value', () => {
    const purposes: Purpose[] = ['draw-test', 'theory-timing', 'practical-scores', 'candidate-results', 'award-blockers', 'collective-prizes'];
    for (const p of purposes) expect(() => requireSettled(c, p), p).toThrow(ContestNotSettledError);
    expect(() => resultSettings(c)).toThrow(
      'Chưa thể tính điểm của thí sinh vì Ban Tổ chức chưa công bố: trọng số (số điểm trong tổng) của phần thi lý thuyết (theory.weight); thang điểm chấm bài thi thực hành (practical.maxPoints); trọng số (số điểm trong tổng) của phần thi thực hành (practical.weight).',
    );
  });

  it('has nothing open once the organiser fills the values', () => {
    expect(openValues(settledContest())).toEqual([]);
    expect(openValuesFor(settledContest(), 'collective-prizes')).toEqual([]);
  });

  it('fits the sample bank (every topic has questions; 10 per topic available)', () => {
    expect(checkBankForContest(c, sampleBank())).toEqual([]);
    expect(checkBankForContest(settledContest(), sampleBank())).toEqual([]);
    expect(checkBankForContest(settledContest({ quotas: { 'chuyen-doi-so': 13 } }), sampleBank())).toEqual([
      'chủ đề chuyen-doi-so: đề cần 13 câu nhưng ngân hàng mau-nang-luc-cntt-cds chỉ có 12 câu',
    ]);
  });
});

describe('contest file validation', () => {
  const source = readFileSync(SEED_CONTEST_FILE, 'utf8');

  it('refuses a value the plan fixes left empty', () => {
    const bad = source.replace('date: { decidedBy: organiser, value: null }', 'date: { decidedBy: plan, value: null }');
    expect(() => parseContest(bad, 'x.yaml')).toThrow('giá trị do kế hoạch quy định (decidedBy: plan) không được để trống');
  });

  it('refuses a date not written year-month-day, saying the format in Vietnamese terms', () => {
    const bad = source.replace('date: { decidedBy: organiser, value: null }', 'date: { decidedBy: organiser, value: "20/06/2024" }');
    expect(problemsOf(bad)).toEqual(['schedule.date.value: ngày ghi theo dạng năm-tháng-ngày, ví dụ 2026-12-20']);
    // Written right but not a day of the calendar.
    const impossible = source.replace('date: { decidedBy: organiser, value: null }', 'date: { decidedBy: organiser, value: "2026-02-30" }');
    expect(problemsOf(impossible)).toEqual(['schedule.date.value: ngày ghi theo dạng năm-tháng-ngày, ví dụ 2026-12-20']);
  });

  it('refuses a missing value key (the file must say null explicitly)', () => {
    const bad = source.replace('weight: { decidedBy: organiser, value: null }', 'weight: { decidedBy: organiser }');
    expect(() => parseContest(bad, 'x.yaml')).toThrow(ContestFileError);
  });

  it('refuses duplicated prefixes and quotas naming unknown positions', () => {
    const bad = source.replace('numberPrefix: QH', 'numberPrefix: TP').replace('positions: [chu-tich-hdnd-xa, pho-chu-tich-hdnd-xa]', 'positions: [chu-tich-hdnd-xa, bi-thu]');
    expect(problemsOf(bad)).toEqual([
      'tiền tố số báo danh "TP" bị trùng',
      'Cấp xã, Xã, phường, thị trấn: định mức nêu chức vụ "bi-thu" không có trong danh sách chức vụ',
    ]);
  });
});
