/** Seed 003 (Hương Hữu DTI) read literally (issue 17 items 14–16, issue 13), values computed by hand. */
import { describe, expect, it } from 'vitest';
import { bandFor, bandForPercent } from '../../src/scoring/aggregate.js';
import type { Criterion } from '../../src/scoring/rubric-schema.js';
import { answerProblem, monthsMeetingQuota, pointsFor } from '../../src/scoring/answer-points.js';
import { scoreAnswers } from '../../src/scoring/score.js';
import type { AnswerValue } from '../../src/scoring/types.js';
import { indexYearCalendar } from '../../src/scoring/year-calendar.js';
import { dti } from './seed-rubrics.js';

const r = dti();
const office = { role: 'office' as const };
const c = (n: number): Criterion => r.criteria.find((x) => x.id === `dti.${n}`)!;

/** Answers that earn every point (381). */
function full(): Record<string, AnswerValue> {
  const answers: Record<string, AnswerValue> = {};
  for (const cr of r.criteria) {
    if (cr.kind === 'pass-fail') answers[cr.id] = 'pass';
    else if (cr.kind === 'count') answers[cr.id] = 100;
    else if (cr.kind === 'rate') answers[cr.id] = cr.invert ? 0 : 100;
    else if (cr.kind === 'monthly-quota') answers[cr.id] = 12;
    else if (cr.kind === 'penalty') answers[cr.id] = 0;
    else if (cr.kind === 'parts') answers[cr.id] = cr.parts.map((p) => p.key);
    else if (cr.kind === 'info') answers[cr.id] = 'Đã thực hiện';
  }
  return answers;
}

describe('bands on the exact percentage (II.2)', () => {
  it('the edges by percentage', () => {
    const band = (p: number, gap?: 'lower-band' | 'upper-band') => bandForPercent(r, p, gap ? { percentGap: gap } : {})?.label;
    expect(band(79.997)).toBe('Khá');
    expect(band(80)).toBe('Tốt');
    expect(band(95)).toBe('Tốt');
    expect(band(95, 'upper-band')).toBe('Xuất sắc');
    expect(band(95.0026)).toBe('Xuất sắc');
    expect(band(49.997)).toBe('Yếu kém');
    expect(band(50)).toBe('Trung bình');
    expect(band(70)).toBe('Khá');
  });

  it('the edges as totals out of 381 (no rounding to 2 decimals before comparing)', () => {
    expect(bandFor(r, 304.79)?.id).toBe('kha'); // 79.9974%, shown as 80%
    expect(bandFor(r, 304.8)?.id).toBe('tot'); // 80.00%
    expect(bandFor(r, 361.95)?.id).toBe('tot'); // 95.00%
    expect(bandFor(r, 361.95, { percentGap: 'upper-band' })?.id).toBe('xuat-sac');
    expect(bandFor(r, 361.95, { settings: { percentGap: 'upper-band' } })?.id).toBe('xuat-sac');
    expect(bandFor(r, 361.96)?.id).toBe('xuat-sac'); // 95.0026%
    expect(bandFor(r, 190.49)?.id).toBe('yeu-kem'); // 49.9974%
    expect(bandFor(r, 190.5)?.id).toBe('trung-binh'); // 50.00%
  });

  it('a whole year that lands at 79.997%: Khá, although 80% is shown', () => {
    // 381 − 30 (dti.24) − 10 (dti.47: 0) − 10 (dti.9) − 10 (dti.11) − 10 (dti.12) − 6.21 (dti.30: 37.9% of 10) = 304.79
    const answers = { ...full(), 'dti.24': 'fail', 'dti.47': 0, 'dti.9': 'fail', 'dti.11': 'fail', 'dti.12': 'fail', 'dti.30': 37.9 };
    const result = scoreAnswers(r, answers, office);
    expect(result).toMatchObject({ total: 304.79, max: 381, percent: 80, band: 'kha', bandLabel: 'Khá' });
  });
});

describe('"không đánh giá" indicators leave the maximum', () => {
  // 381 − 6 (dti.8: 6 months) − 10 (dti.47: 0) − 2 (dti.28: 1 infected) = 363; with dti.1 at 0 meetings: 361.
  const answers = { ...full(), 'dti.1': 0, 'dti.8': 6, 'dti.47': 0, 'dti.28': 1 };

  it('dti.1 marked not applicable: 361 / 379 = 95.25%, Xuất sắc', () => {
    const result = scoreAnswers(r, answers, { ...office, notApplicable: ['dti.1'] });
    expect(result).toMatchObject({ total: 361, max: 379, percent: 95.25, band: 'xuat-sac', notApplicable: ['dti.1'], refused: [] });
    expect(result.sections['dti.I']).toBe(47); // 55 − 2 (dti.1 not assessed) − 6 (dti.8)
  });

  it('the same year counted as 0 meetings: 361 / 381 = 94.75%, Tốt', () => {
    const result = scoreAnswers(r, answers, office);
    expect(result).toMatchObject({ total: 361, max: 381, percent: 94.75, band: 'tot', notApplicable: [] });
  });

  it('dti.25 and dti.40 ("khi có triển khai") may be marked; another indicator may not', () => {
    const result = scoreAnswers(r, full(), { ...office, notApplicable: ['dti.25', 'dti.40', 'dti.24'] });
    expect(result.notApplicable).toEqual(['dti.25', 'dti.40']);
    expect(result.max).toBe(368); // 381 − 3 − 10
    expect(result.total).toBe(368);
    expect(result.refused).toHaveLength(1);
    expect(result.refused[0]).toMatchObject({ criterionId: 'dti.24' });
    expect(result.refused[0]?.message).toContain('không thuộc trường hợp “không đánh giá”');
    expect([1, 25, 40].every((n) => c(n).notApplicableWhen)).toBe(true);
  });
});

describe('dti.2–5: chaired without being held is refused', () => {
  it('“chủ trì” alone is not a valid answer, with a Vietnamese reason', () => {
    for (const n of [2, 3, 4, 5]) {
      expect(pointsFor(r, c(n), ['chu-tri'], office), `dti.${n}`).toBeNull();
      expect(pointsFor(r, c(n), ['to-chuc', 'chu-tri'], office)).toBe(2);
      expect(pointsFor(r, c(n), ['to-chuc'], office)).toBe(1);
    }
    expect(answerProblem(r, c(2), ['chu-tri'], office)).toBe(
      'Không thể chọn “Người đứng đầu đơn vị chủ trì” khi không có “Có tổ chức phiên họp BCĐ CĐS Quý 1 (hoặc lồng ghép nội dung CĐS trong họp giao ban)”.',
    );
    expect(answerProblem(r, c(2), ['to-chuc', 'chu-tri'], office)).toBeNull();
  });
});

describe('dti.8: months with at least one article', () => {
  it('12 articles in one month are one month: 1 point', () => {
    const months = monthsMeetingQuota({ '11': 12, '12': 0, '1': 0 });
    expect(months).toEqual(['11']);
    expect(pointsFor(r, c(8), months, office)).toBe(1);
  });
  it('one article in each of 12 months: 12 points; 7 of 12 months: 7 points', () => {
    const all = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [String(i + 1), 1]));
    expect(pointsFor(r, c(8), monthsMeetingQuota(all), office)).toBe(12);
    expect(pointsFor(r, c(8), ['11', '12', '1', '2', '3', '4', '5'], office)).toBe(7);
    expect(pointsFor(r, c(8), ['1', '01'], office)).toBeNull(); // the same month twice
    expect(pointsFor(r, c(8), ['13'], office)).toBeNull();
    expect(answerProblem(r, c(8), ['13'], office)).toContain('vẫn tính là một tháng');
  });
});

describe('dti.47: the contradiction and its setting', () => {
  it('default: 1 point per issue, at most 10', () => {
    expect(pointsFor(r, c(47), 3, office)).toBe(3);
    expect(pointsFor(r, c(47), 12, office)).toBe(10);
  });
  it('at-most-one-issue: at most 1 point, the maximum stays 10', () => {
    const settings = { dti47: 'at-most-one-issue' as const };
    expect(pointsFor(r, c(47), 3, office, settings)).toBe(1);
    expect(pointsFor(r, c(47), 0, office, settings)).toBe(0);
    const result = scoreAnswers(r, full(), office, settings);
    expect(result).toMatchObject({ total: 372, max: 381 }); // 381 − 9
  });
  it('the rubric file notes the contradiction and the other reading', () => {
    const cr = c(47);
    expect(cr.kind === 'count' && cr.alternativeReading).toMatchObject({ setting: 'dti47', maxCount: 1 });
  });
});

describe('responsible officials and the yearly calendar (issue 13)', () => {
  it('each indicator names its responsible official role as in the seed', () => {
    const by = (code: string) => r.criteria.filter((x) => x.assignees.includes(code)).map((x) => Number(x.id.slice(4)));
    expect(r.officialRoles.map((o) => o.code)).toEqual(['van-hoa-thong-tin', 'ke-toan-ngan-sach', 'van-phong-thong-ke', 'can-bo-cong-chuc']);
    expect(by('van-hoa-thong-tin')).toEqual([1, 2, 3, 4, 5, 11, 13, 14, 15, 16, 17, 18, 19, 26, 27, 28]);
    expect(by('ke-toan-ngan-sach')).toEqual([12, 24, 41]);
    expect(by('van-phong-thong-ke')).toEqual([30, 31, 32, 33, 34]);
    expect(r.criteria.every((x) => x.assignees.length === 1)).toBe(true);
  });

  it('the 2024 calendar: data 1/11/2023–1/11/2024, entry by 11/11, completion dates, approval in December', () => {
    const cal = indexYearCalendar(r, 2024);
    expect(cal).toMatchObject({
      dataFrom: '2023-11-01',
      dataTo: '2024-11-01',
      entryDeadline: '2024-11-11',
      verification: { by: 'Ban Chỉ đạo chuyển đổi số xã', from: '2024-11-12', to: '2024-12-31' },
      approval: { by: 'Ủy ban nhân dân huyện', from: '2024-12-01', to: '2024-12-31' },
      leadRole: 'van-hoa-thong-tin',
    });
    const date = (n: number) => cal?.completion.find((x) => x.criterionId === `dti.${n}`)?.date;
    expect([2, 3, 4, 5, 1, 24].map(date)).toEqual(['2024-03-31', '2024-06-30', '2024-09-30', '2024-10-31', '2024-10-31', '2024-11-11']);
  });
});
