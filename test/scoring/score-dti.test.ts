/** Seed 003 (Hương Hữu DTI): every scoring kind, with values computed by hand from the Phụ lục table. */
import { describe, expect, it } from 'vitest';
import { bandFor } from '../../src/scoring/aggregate.js';
import { parseRubric } from '../../src/scoring/load-rubrics.js';
import type { Criterion } from '../../src/scoring/rubric-schema.js';
import { pointsFor } from '../../src/scoring/answer-points.js';
import { criteriaFor } from '../../src/scoring/role-criteria.js';
import { scoreAnswers } from '../../src/scoring/score.js';
import type { AnswerValue } from '../../src/scoring/types.js';
import { dti } from './seed-rubrics.js';

const r = dti();
const office = { role: 'office' as const };
const c = (n: number): Criterion => r.criteria.find((x) => x.id === `dti.${n}`)!;
const pts = (n: number, value: AnswerValue) => pointsFor(r, c(n), value, office);

/** Answers that earn every point (381). */
function fullAnswers(): Record<string, AnswerValue> {
  const answers: Record<string, AnswerValue> = {};
  for (const cr of r.criteria) {
    switch (cr.kind) {
      case 'pass-fail': answers[cr.id] = 'pass'; break;
      case 'count': answers[cr.id] = 100; break;
      case 'rate': answers[cr.id] = cr.invert ? 0 : 100; break;
      case 'monthly-quota': answers[cr.id] = 12; break;
      case 'penalty': answers[cr.id] = 0; break;
      case 'parts': answers[cr.id] = cr.parts.map((p) => p.key); break;
      case 'info': answers[cr.id] = 'Đã thực hiện'; break;
      default: break;
    }
  }
  return answers;
}

describe('DTI scoring kinds', () => {
  it('count: 0.5 per meeting, capped at 2 (dti.1)', () => {
    expect([0, 1, 3, 4, 6].map((n) => pts(1, n))).toEqual([0, 0.5, 1.5, 2, 2]);
    expect(pts(1, 1.5)).toBeNull();
    expect(pts(1, -1)).toBeNull();
    expect(pts(47, 7)).toBe(7);
    expect(pts(47, 12)).toBe(10);
  });

  it('parts: 1 point held + 1 point chaired (dti.2)', () => {
    expect(pts(2, [])).toBe(0);
    expect(pts(2, ['to-chuc'])).toBe(1);
    expect(pts(2, ['to-chuc', 'chu-tri'])).toBe(2);
    expect(pts(2, ['to-chuc', 'to-chuc'])).toBeNull();
    expect(pts(2, ['khac'])).toBeNull();
    expect(pts(2, 'to-chuc')).toBeNull();
  });

  it('all-or-nothing (dti.24: 30 points)', () => {
    expect(pts(24, 'pass')).toBe(30);
    expect(pts(24, 'fail')).toBe(0);
  });

  it('rate: proportional, rounded half away from zero to 2 decimals', () => {
    expect(pts(10, 87.5)).toBe(8.75); // 10 × 87.5%
    expect(pts(13, 12.5)).toBe(0.38); // 3 × 12.5% = 0.375
    expect(pts(26, 2.5)).toBe(0.13); // 5 × 2.5% = 0.125 (not 0.12)
    expect(pts(13, 33.5)).toBe(1.01); // 3 × 33.5% = 1.005 (binary 1.00499…)
    expect(pts(13, 100)).toBe(3);
    expect(pts(13, 0)).toBe(0);
    expect(pts(13, 100.1)).toBeNull();
    expect(pts(13, -1)).toBeNull();
  });

  it('inverted rate: the lower the complaint rate the higher the points (dti.34)', () => {
    expect(pts(34, 0)).toBe(10);
    expect(pts(34, 10)).toBe(9);
    expect(pts(34, 100)).toBe(0);
  });

  // Changed with issue 17: the value is months with at least one article (was: the year's article count).
  it('monthly quota: months with at least 1 article, prorated (dti.8)', () => {
    expect(pts(8, 12)).toBe(12);
    expect(pts(8, 7)).toBe(7);
    expect(pts(8, 0)).toBe(0);
    expect(pts(8, 20)).toBeNull(); // 20 months do not fit in a 12-month window
    expect(pts(8, ['11', '12', '1'])).toBe(3);
  });

  it('penalty: −2 per infected computer, never below 0 (dti.28)', () => {
    expect([0, 1, 2, 3, 10].map((n) => pts(28, n))).toEqual([5, 3, 1, 0, 0]);
  });

  it('info: accepted as text, no points (dti.20)', () => {
    expect(pts(20, 'Đã quy hoạch')).toBe(0);
    expect(pts(20, '  ')).toBeNull();
  });
});

describe('DTI totals and percent bands', () => {
  it('the office answers all 49 indicators', () => {
    expect(criteriaFor(r, office)).toHaveLength(49);
    expect(criteriaFor(r, { role: 'staff' })).toHaveLength(0);
  });

  it('full answers: 381 / 381 = 100% → Xuất sắc', () => {
    const result = scoreAnswers(r, fullAnswers(), office);
    expect(result).toMatchObject({ total: 381, max: 381, percent: 100, band: 'xuat-sac', classified: true, missing: [] });
    expect(result.sections).toEqual({ 'dti.I': 55, 'dti.II': 20, 'dti.III': 53, 'dti.IV': 53, 'dti.V': 15, 'dti.VI': 185 });
  });

  it('a mixed year computed by hand', () => {
    const answers = {
      ...fullAnswers(),
      'dti.1': 3, // 1.5 (−0.5)
      'dti.3': ['to-chuc'], // 1 (−1)
      'dti.8': 7, // 7 (−5)
      'dti.13': 12.5, // 0.38 (−2.62)
      'dti.24': 'fail', // 0 (−30)
      'dti.28': 3, // 0 (−5)
      'dti.34': 10, // 9 (−1)
    };
    const result = scoreAnswers(r, answers, office);
    // 381 − 0.5 − 1 − 5 − 2.62 − 30 − 5 − 1 = 335.88
    expect(result.total).toBe(335.88);
    expect(result.percent).toBe(88.16); // 335.88 / 381 = 88.157…
    expect(result.band).toBe('tot');
    expect(result.sections['dti.V']).toBe(10);
  });

  it('unanswered indicators count 0 and are listed; info indicators too', () => {
    const answers = fullAnswers();
    delete answers['dti.24'];
    delete answers['dti.49'];
    const result = scoreAnswers(r, answers, office);
    expect(result.total).toBe(351);
    expect(result.missing).toEqual(['dti.24', 'dti.49']);
    expect(result.classified).toBe(true);
    expect(result.band).toBe('tot'); // 92.13%
  });

  it('exactly 95% → Tốt, 95.01% → Xuất sắc (seed: "Trên 95%")', () => {
    expect(bandFor(r, 361.95)?.id).toBe('tot'); // 95.00%
    expect(bandFor(r, 361.99)?.id).toBe('xuat-sac'); // 95.01%
    expect(bandFor(r, 304.8)?.id).toBe('tot'); // 80%
    expect(bandFor(r, 304.76)?.id).toBe('kha'); // 79.99%
    expect(bandFor(r, 266.7)?.id).toBe('kha'); // 70%
    expect(bandFor(r, 190.5)?.id).toBe('trung-binh'); // 50%
    expect(bandFor(r, 190.46)?.id).toBe('yeu-kem'); // 49.99%
    expect(bandFor(r, 0)?.id).toBe('yeu-kem');
  });
});

describe('no floating-point noise in totals', () => {
  const tiny = parseRubric(
    `
id: tiny-rates
version: "1"
title: Thử tỉ lệ
source: { document: Thử }
subject: organisation
cadence: year
maxPoints: 12
sections: [{ id: s, group: g, title: Mục }]
criteria:
  - { id: r1, section: s, kind: rate, max: 1, title: Tỉ lệ 1, question: Tỉ lệ 1?, roles: [office] }
  - { id: r2, section: s, kind: rate, max: 1, title: Tỉ lệ 2, question: Tỉ lệ 2?, roles: [office] }
  - { id: q, section: s, kind: monthly-quota, max: 10, perMonth: 1, months: 6, title: Bài, question: Số bài?, roles: [office] }
bands: { basis: percent, list: [{ id: dat, min: 50, label: Đạt }, { id: chua, min: 0, label: Chưa đạt }] }
`,
    'tiny.yaml',
  );
  it('0.1 + 0.2 = 0.3 and a prorated quota rounds to 2 decimals', () => {
    const result = scoreAnswers(tiny, { r1: 10, r2: 20, q: 4 }, office);
    expect(result.criteria).toEqual({ r1: 0.1, r2: 0.2, q: 6.67 }); // 10 × 4/6 = 6.666…
    expect(result.total).toBe(6.97);
    expect(scoreAnswers(tiny, { r1: 10, r2: 20 }, office).total).toBe(0.3);
    expect(result.percent).toBe(58.08);
    expect(result.band).toBe('dat');
  });
});
