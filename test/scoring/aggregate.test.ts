import { describe, expect, it } from 'vitest';
import { bandFor, bestDepartment, departmentMean, rankTop, yearScore } from '../../src/scoring/aggregate.js';
import { normaliseDepartmentName } from '../../src/scoring/department-name.js';
import { round2, roundHalfAwayFromZero } from '../../src/scoring/round.js';
import { chienBinhSo } from './seed-rubrics.js';

describe('yearScore', () => {
  it('is the mean of the four quarters (seed: 70, 80, 60, 82 → 73)', () => {
    expect(yearScore([70, 80, 60, 82])).toBe(73);
  });
  // Changed with issue 17: the default is the seed's "/4", a missing quarter counts 0 (was: mean of those present).
  it('divides by 4 by default: a missing quarter counts 0 (90, 90 and two missing → 45)', () => {
    expect(yearScore([90, 90])).toBe(45);
    expect(yearScore([70, 80])).toBe(37.5);
    expect(yearScore([70, null, 80, undefined])).toBe(37.5);
    expect(yearScore([])).toBeNull();
    expect(yearScore([null])).toBeNull();
  });
  it('mean-of-present uses only the quarters that exist', () => {
    expect(yearScore([90, 90], 'mean-of-present')).toBe(90);
    expect(yearScore([70, null, 80, undefined], 'mean-of-present')).toBe(75);
    expect(yearScore([], 'mean-of-present')).toBeNull();
  });
  it('rounds to 2 decimals without noise', () => {
    expect(yearScore([70.5, 80.25, 60, 82])).toBe(73.19); // 292.75 / 4 = 73.1875
    expect(yearScore([0.1, 0.2])).toBe(0.08); // 0.3 / 4 = 0.075
    expect(yearScore([0.1, 0.2], 'mean-of-present')).toBe(0.15);
  });
});

describe('departmentMean', () => {
  const three = [{ total: 80, classified: true }, { total: 60, classified: true }, { total: 10, classified: false }];
  // Changed with issue 17: the default is every member (seed III.2.b), an unclassified member counts 0.
  it('is the mean of all members by default, an unclassified member counting 0', () => {
    expect(departmentMean(three)).toBe(46.67); // (80 + 60 + 0) / 3
    expect(departmentMean(three, { memberCount: 4 })).toBe(35); // a fourth member did not submit: 140 / 4
    expect(departmentMean([{ total: 10, classified: false }])).toBe(0);
    expect(departmentMean([])).toBeNull();
    expect(departmentMean([{ total: 70, classified: true }, { total: 71, classified: true }, { total: 71, classified: true }])).toBe(70.67);
  });
  it('leaves laborers (ranked: false) out of every mean', () => {
    expect(departmentMean([...three, { total: 0, classified: false, ranked: false }])).toBe(46.67);
  });
  it('classified-only is the mean of the classified members', () => {
    expect(departmentMean(three, { method: 'classified-only' })).toBe(70);
    expect(departmentMean(three, { method: 'classified-only', memberCount: 4 })).toBe(70);
    expect(departmentMean([{ total: 10, classified: false }], { method: 'classified-only' })).toBeNull();
  });
});

describe('bandFor (points)', () => {
  const r = chienBinhSo();
  it('uses inclusive lower bounds', () => {
    expect([100, 85, 84.99, 60, 59.5, 40, 39.99, 0].map((t) => bandFor(r, t)?.id)).toEqual([
      'xuat-sac', 'xuat-sac', 'tieu-bieu', 'tieu-bieu', 'chien-binh-so', 'chien-binh-so', 'khong-dat', 'khong-dat',
    ]);
    expect(bandFor(r, -1)).toBeNull();
    expect(bandFor(r, Number.NaN)).toBeNull();
  });
});

describe('rankTop', () => {
  const people = [
    { id: 'a', total: 90 },
    { id: 'b', total: 80 },
    { id: 'c', total: 70 },
    { id: 'd', total: 80 },
    { id: 'e', total: 60 },
    { id: 'f', total: 80 },
    { id: 'g', total: 70 },
  ];
  it('uses standard competition ranking (1, 2, 2, 2, 5) and includes everyone tied at the n-th place', () => {
    const top = rankTop(people, 5);
    expect(top.map((r) => `${r.id}:${r.rank}:${r.tied ? 't' : '-'}`)).toEqual([
      'a:1:-', 'b:2:t', 'd:2:t', 'f:2:t', 'c:5:t', 'g:5:t',
    ]);
  });
  it('cuts after the n-th rank', () => {
    expect(rankTop(people, 3).map((r) => r.id)).toEqual(['a', 'b', 'd', 'f']);
    expect(rankTop(people, 1).map((r) => r.id)).toEqual(['a']);
    expect(rankTop([{ id: 1, total: 50 }, { id: 2, total: 50 }], 1)).toEqual([
      { id: 1, total: 50, rank: 1, tied: true },
      { id: 2, total: 50, rank: 1, tied: true },
    ]);
  });
  it('defaults to the top 5, keeps extra fields and ignores non-finite totals', () => {
    const many = Array.from({ length: 9 }, (_, i) => ({ id: i, total: 100 - i, name: `p${i}` }));
    const top = rankTop([...many, { id: 99, total: Number.NaN, name: 'x' }]);
    expect(top.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(top[0]).toMatchObject({ id: 0, name: 'p0' });
    expect(rankTop([])).toEqual([]);
  });
  it('treats totals equal after rounding as ties', () => {
    expect(rankTop([{ id: 'x', total: 0.1 + 0.2 }, { id: 'y', total: 0.3 }]).map((r) => r.rank)).toEqual([1, 1]);
  });
});

describe('bestDepartment', () => {
  it('picks the highest mean, skipping departments without a mean or members', () => {
    const result = bestDepartment([
      { id: 'p1', mean: 70, headcount: 3 },
      { id: 'p2', mean: null, headcount: 4 },
      { id: 'p3', mean: 75.5, headcount: 2 },
      { id: 'p4', mean: 99, headcount: 0 },
    ]);
    expect(result).toMatchObject({ best: { id: 'p3', mean: 75.5, headcount: 2 }, tiedWith: [], needsChoice: false });
  });
  // Changed with issue 17: an equal mean is no longer broken by head-count (the seed does not say so).
  it('leaves an equal mean to the director by default, whatever the head-count', () => {
    const tie = bestDepartment([
      { id: 'p1', mean: 80, headcount: 3 },
      { id: 'p2', mean: 80, headcount: 5 },
    ]);
    expect(tie?.best.id).toBe('p1');
    expect(tie?.tiedWith.map((d) => d.id)).toEqual(['p2']);
    expect(tie?.needsChoice).toBe(true);
    expect(tie?.ruleText).toContain('Giám đốc Sở xem xét chọn');
  });
  it('dong-hang honours every department with the best mean', () => {
    const tie = bestDepartment(
      [
        { id: 'p1', mean: 80, headcount: 3 },
        { id: 'p2', mean: 80, headcount: 5 },
        { id: 'p3', mean: 79.99, headcount: 5 },
      ],
      'dong-hang',
    );
    expect([tie?.best.id, ...(tie?.tiedWith.map((d) => d.id) ?? [])]).toEqual(['p1', 'p2']);
    expect(tie?.needsChoice).toBe(false);
    expect(tie?.ruleText).toContain('đồng hạng');
  });
  it('skips a department without its own article of the quarter (seed 000 II.3.b)', () => {
    const result = bestDepartment([
      { id: 'p1', mean: 90, headcount: 3, conditionsMet: false },
      { id: 'p2', mean: 80, headcount: 4, conditionsMet: true },
      { id: 'p3', mean: 70, headcount: 4, conditionsMet: null },
    ]);
    expect(result?.best.id).toBe('p2');
    expect(result?.excluded.map((d) => d.id)).toEqual(['p1']);
  });
  it('is null when no department qualifies', () => {
    expect(bestDepartment([])).toBeNull();
    expect(bestDepartment([{ id: 1, mean: null, headcount: 2 }])).toBeNull();
  });
});

describe('rounding and names', () => {
  it('rounds half away from zero', () => {
    expect(roundHalfAwayFromZero(0.125, 2)).toBe(0.13);
    expect(roundHalfAwayFromZero(-0.125, 2)).toBe(-0.13);
    expect(roundHalfAwayFromZero(1.005, 2)).toBe(1.01);
    expect(roundHalfAwayFromZero(2.5, 0)).toBe(3);
    expect(round2(0.1 + 0.2)).toBe(0.3);
    expect(Object.is(round2(-0.001), 0)).toBe(true);
  });
  it('normalises department names, keeping diacritics', () => {
    expect(normaliseDepartmentName('Phòng Thông tin, Báo chí – Xuất bản')).toBe('thông tin, báo chí-xuất bản');
    expect(normaliseDepartmentName('THÔNG TIN ,BÁO CHÍ —  XUẤT BẢN')).toBe('thông tin, báo chí-xuất bản');
    // NFD input (combining marks) matches NFC
    expect(normaliseDepartmentName('Thông tin'.normalize('NFD'))).toBe('thông tin');
    expect(normaliseDepartmentName('Thong tin')).not.toBe(normaliseDepartmentName('Thông tin'));
  });
});
