/** Seed 000 (Đắk Nông "Chiến binh số"): every scoring rule, with totals computed by hand from Phụ lục 01/02. */
import { describe, expect, it } from 'vitest';
import { isValidValue, levelChoicesFor, pointsFor } from '../../src/scoring/answer-points.js';
import { criteriaFor, isRankedRole } from '../../src/scoring/role-criteria.js';
import { scoreAnswers } from '../../src/scoring/score.js';
import type { Criterion } from '../../src/scoring/rubric-schema.js';
import { allCds, CDS_IDS, chienBinhSo, staffAnswers } from './seed-rubrics.js';

const r = chienBinhSo();
const staff = { role: 'staff' as const };
const crit = (id: string): Criterion => r.criteria.find((c) => c.id === id)!;
const TTBCXB = 'Phòng Thông tin, Báo chí – Xuất bản';

describe('criteriaFor', () => {
  it('gives staff all 20 criteria in rubric order', () => {
    expect(criteriaFor(r, staff).map((c) => c.id)).toEqual(r.criteria.map((c) => c.id));
  });
  it('gives laborers only the 8 Công dân số criteria', () => {
    expect(criteriaFor(r, { role: 'laborer' }).map((c) => c.id)).toEqual(CDS_IDS);
  });
  it('gives a role without criteria nothing', () => {
    expect(criteriaFor(r, { role: 'admin' })).toEqual([]);
  });
});

describe('levels, bonus and caps', () => {
  it('scores the levels of the seed', () => {
    // I.1 c 10 + I.2 d 20 + I.3 b 5 = 35 (cbs.I); II.1 b 2 + II.2 c 5 + II.3 c 7 = 14; III.1 d 10 + III.2 b 5 + III.3 c 7 = 22
    const result = scoreAnswers(
      r,
      staffAnswers({
        'cbs.I.1': 'c', 'cbs.I.2': 'd', 'cbs.I.3': 'b',
        'cbs.II.1': 'b', 'cbs.II.2': 'c', 'cbs.II.3': 'c',
        'cbs.III.1': 'd', 'cbs.III.2': 'b', 'cbs.III.3': 'c',
      }),
      staff,
    );
    expect(result.sections).toEqual({ 'cbs.I': 35, 'cbs.II': 14, 'cbs.III': 22 });
    expect(result.total).toBe(71);
    expect(result.max).toBe(100);
    expect(result.percent).toBe(71);
    expect(result).toMatchObject({ band: 'tieu-bieu', classified: true, reasons: [], missing: [], passed: null });
    expect(result.bandLabel).toBe('Chiến binh số tiêu biểu, đóng góp quan trọng trong chuyển đổi số');
  });

  it('adds the I.1.e bonus inside I.1 and caps it at 20 (d 15 + e 5 = 20, c 10 + e 5 = 15)', () => {
    expect(scoreAnswers(r, staffAnswers({ 'cbs.I.1': 'd', 'cbs.I.1.e': true }), staff).criteria['cbs.I.1']).toBe(20);
    expect(scoreAnswers(r, staffAnswers({ 'cbs.I.1': 'c', 'cbs.I.1.e': true }), staff).criteria['cbs.I.1']).toBe(15);
    expect(scoreAnswers(r, staffAnswers({ 'cbs.I.1': 'd', 'cbs.I.1.e': false }), staff).criteria['cbs.I.1']).toBe(15);
    const full = scoreAnswers(
      r,
      staffAnswers({
        'cbs.I.1': 'd', 'cbs.I.1.e': true, 'cbs.I.2': 'd', 'cbs.I.3': 'c',
        'cbs.II.1': 'c', 'cbs.II.2': 'c', 'cbs.II.3': 'd',
        'cbs.III.1': 'd', 'cbs.III.2': 'd', 'cbs.III.3': 'd',
      }),
      staff,
    );
    expect(full.total).toBe(100);
    expect(full.sections).toEqual({ 'cbs.I': 50, 'cbs.II': 20, 'cbs.III': 30 });
    expect(full.band).toBe('xuat-sac');
    expect(full.criteria).not.toHaveProperty('cbs.I.1.e');
  });

  it('pointsFor gives the raw values and null for invalid answers', () => {
    expect(pointsFor(r, crit('cbs.II.3'), 'b', staff)).toBe(3);
    expect(pointsFor(r, crit('cbs.II.3'), 'e', staff)).toBeNull();
    expect(pointsFor(r, crit('cbs.II.3'), 3, staff)).toBeNull();
    expect(pointsFor(r, crit('cbs.I.1.e'), true, staff)).toBe(5);
    expect(pointsFor(r, crit('cbs.I.1.e'), false, staff)).toBe(0);
    expect(pointsFor(r, crit('cbs.I.1.e'), 'true', staff)).toBeNull();
    expect(pointsFor(r, crit('cds.I.1'), 'pass', staff)).toBe(0);
    expect(pointsFor(r, crit('cds.I.1'), 'yes', staff)).toBeNull();
    expect(pointsFor(r, crit('dk.bai-viet'), 2, staff)).toBe(0);
    expect(pointsFor(r, crit('dk.bai-viet'), -1, staff)).toBeNull();
    expect(pointsFor(r, crit('dk.bai-viet'), 1.5, staff)).toBeNull();
    expect(isValidValue(r, crit('dk.ky-so'), 'fail', staff)).toBe(true);
    expect(isValidValue(r, crit('dk.ky-so'), 'maybe', staff)).toBe(false);
  });
});

describe('band boundaries (points)', () => {
  // 40 = I.1 c 10 + I.2 c 10 + I.3 c 10 + II.3 b 3 + III.1 c 7; 39 = … + II.1 b 2 instead of II.3 b 3
  const base = { 'cbs.I.1': 'c', 'cbs.I.2': 'c', 'cbs.I.3': 'c', 'cbs.III.1': 'c' };
  const top50 = { 'cbs.I.1': 'd', 'cbs.I.1.e': true, 'cbs.I.2': 'd', 'cbs.I.3': 'c' };
  const cases: [string, Record<string, string | boolean>, number, string][] = [
    ['39', { ...base, 'cbs.II.1': 'b' }, 39, 'khong-dat'],
    ['40', { ...base, 'cbs.II.3': 'b' }, 40, 'chien-binh-so'],
    ['59', { ...top50, 'cbs.II.3': 'c', 'cbs.II.2': 'b' }, 59, 'chien-binh-so'],
    ['60', { ...top50, 'cbs.II.3': 'd' }, 60, 'tieu-bieu'],
    ['84', { ...top50, 'cbs.II.1': 'c', 'cbs.II.2': 'c', 'cbs.II.3': 'd', 'cbs.III.1': 'c', 'cbs.III.2': 'c' }, 84, 'tieu-bieu'],
    ['85', { ...top50, 'cbs.II.1': 'c', 'cbs.II.2': 'c', 'cbs.II.3': 'd', 'cbs.III.1': 'd', 'cbs.III.2': 'b' }, 85, 'xuat-sac'],
    ['0', {}, 0, 'khong-dat'],
  ];
  for (const [name, levels, total, band] of cases) {
    it(`${name} points → ${band}`, () => {
      const result = scoreAnswers(r, staffAnswers(levels), staff);
      expect(result.total).toBe(total);
      expect(result.band).toBe(band);
      expect(result.classified).toBe(true);
    });
  }
});

describe('gate: every Công dân số criterion must pass', () => {
  const levels = { 'cbs.I.1': 'd', 'cbs.I.2': 'd', 'cbs.I.3': 'c' }; // 15 + 20 + 10 = 45

  it('a failed Công dân số criterion keeps the points but blocks classification', () => {
    const result = scoreAnswers(r, { ...staffAnswers(levels), 'cds.II.2': 'fail' }, staff);
    expect(result.total).toBe(45);
    expect(result.classified).toBe(false);
    expect(result.band).toBeNull();
    expect(result.reasons).toHaveLength(1);
    expect(result.reasons[0]).toMatchObject({ code: 'gate', criterionId: 'cds.II.2' });
    expect(result.reasons[0]?.message).toContain('không đạt');
  });

  it('names every failed criterion', () => {
    const result = scoreAnswers(r, { ...staffAnswers(levels), ...allCds('fail') }, staff);
    expect(result.reasons.map((x) => x.criterionId)).toEqual(CDS_IDS);
  });

  it('an unanswered Công dân số criterion also blocks classification', () => {
    const answers = staffAnswers(levels);
    delete answers['cds.I.3'];
    const result = scoreAnswers(r, answers, staff);
    expect(result.classified).toBe(false);
    expect(result.reasons).toEqual([expect.objectContaining({ code: 'gate', criterionId: 'cds.I.3' })]);
    expect(result.reasons[0]?.message).toContain('chưa được trả lời');
    expect(result.missing).toEqual(['cds.I.3']);
  });
});

describe('conditions: digital signing and articles', () => {
  const levels = { 'cbs.I.1': 'd', 'cbs.I.2': 'd', 'cbs.I.3': 'c', 'cbs.II.3': 'd' }; // 55

  it('dk.ky-so fail → not classified, points kept', () => {
    const result = scoreAnswers(r, staffAnswers({ ...levels, 'dk.ky-so': 'fail' }), staff);
    expect(result).toMatchObject({ total: 55, classified: false, band: null });
    expect(result.reasons).toEqual([expect.objectContaining({ code: 'condition', criterionId: 'dk.ky-so' })]);
    expect(result.reasons[0]?.message).toContain('Không ký số văn bản');
  });

  it('dk.bai-viet 0 → not classified; 1 or more → classified', () => {
    const none = scoreAnswers(r, staffAnswers({ ...levels, 'dk.bai-viet': 0 }), staff);
    expect(none.classified).toBe(false);
    expect(none.reasons).toEqual([expect.objectContaining({ code: 'condition', criterionId: 'dk.bai-viet' })]);
    expect(none.reasons[0]?.message).toContain('cần ít nhất 1');
    expect(scoreAnswers(r, staffAnswers({ ...levels, 'dk.bai-viet': 3 }), staff).band).toBe('chien-binh-so');
  });

  it('both conditions unmet and a failed Công dân số → one reason each, in rubric order', () => {
    const result = scoreAnswers(
      r,
      staffAnswers({ ...levels, 'cds.I.1': 'fail', 'dk.ky-so': 'fail', 'dk.bai-viet': 0 }),
      staff,
    );
    expect(result.reasons.map((x) => `${x.code}:${x.criterionId}`)).toEqual([
      'gate:cds.I.1',
      'condition:dk.ky-so',
      'condition:dk.bai-viet',
    ]);
  });

  it('an unanswered condition blocks classification', () => {
    const answers = staffAnswers(levels);
    delete answers['dk.bai-viet'];
    const result = scoreAnswers(r, answers, staff);
    expect(result.classified).toBe(false);
    expect(result.reasons).toEqual([expect.objectContaining({ code: 'condition', criterionId: 'dk.bai-viet' })]);
    expect(result.missing).toEqual(['dk.bai-viet']);
  });
});

describe('missing point criteria', () => {
  it('count 0, are listed, and do not block classification', () => {
    const answers = staffAnswers({ 'cbs.I.1': 'd', 'cbs.I.2': 'd', 'cbs.I.3': 'c' });
    delete answers['cbs.III.2'];
    delete answers['cbs.I.1.e'];
    const result = scoreAnswers(r, answers, staff);
    expect(result.missing).toEqual(['cbs.I.1.e', 'cbs.III.2']);
    expect(result.total).toBe(45);
    expect(result.classified).toBe(true);
    expect(result.band).toBe('chien-binh-so');
    expect(result.criteria).not.toHaveProperty('cbs.III.2');
  });

  it('an empty answer set: total 0, everything missing, not classified', () => {
    const result = scoreAnswers(r, {}, staff);
    expect(result.total).toBe(0);
    expect(result.missing).toHaveLength(20);
    expect(result.classified).toBe(false);
  });
});

describe('laborers: Công dân số pass/fail only', () => {
  const laborer = { role: 'laborer' as const };
  it('all passed → passed, never ranked', () => {
    const result = scoreAnswers(r, allCds(), laborer);
    expect(result).toMatchObject({ passed: true, classified: false, band: null, bandLabel: null, total: 0, max: 0, percent: 0 });
    expect(result.reasons).toEqual([expect.objectContaining({ code: 'laborer' })]);
    expect(result.missing).toEqual([]);
  });
  it('one failed → not passed, the cause is named', () => {
    const result = scoreAnswers(r, { ...allCds(), 'cds.I.4': 'fail' }, laborer);
    expect(result.passed).toBe(false);
    expect(result.reasons.map((x) => x.code)).toEqual(['laborer', 'gate']);
  });
  it('Chiến binh số answers of a laborer are ignored', () => {
    const result = scoreAnswers(r, { ...allCds(), 'cbs.I.2': 'd' }, laborer);
    expect(result.total).toBe(0);
    expect(result.criteria).toEqual({});
  });
});

describe('department sub-levels (Phụ lục 02)', () => {
  const i2 = crit('cbs.I.2');

  it('replaces refined levels by their sub-levels for that department', () => {
    expect(levelChoicesFor(r, i2, TTBCXB).map((c) => `${c.key}=${c.points}`)).toEqual([
      'a=0', 'b.1=2', 'b.2=4', 'b.3=5', 'c.1=5', 'c.2=7', 'c.3=10', 'd.1=15', 'd.2=20',
    ]);
    expect(levelChoicesFor(r, i2, 'Phòng Tổng hợp').map((c) => c.key)).toEqual(['a', 'b', 'c', 'd']);
    expect(levelChoicesFor(r, i2, null).map((c) => c.key)).toEqual(['a', 'b', 'c', 'd']);
    expect(levelChoicesFor(r, crit('cbs.I.3'), TTBCXB).map((c) => c.key)).toEqual(['a', 'b', 'c']);
    expect(levelChoicesFor(r, crit('cds.I.1'), TTBCXB)).toEqual([]);
  });

  it('matches the department name tolerantly (case, dashes, spacing, "Phòng" prefix)', () => {
    for (const name of [
      'phòng thông tin, báo chí - xuất bản',
      'THÔNG TIN, BÁO CHÍ — XUẤT BẢN',
      '  Phòng  Thông tin ,Báo chí-Xuất bản ',
      'Phòng Thông tin, báo chí – xuất bản',
    ]) {
      expect(levelChoicesFor(r, i2, name).map((c) => c.key), name).toContain('b.2');
    }
    expect(levelChoicesFor(r, i2, 'Phong Thong tin, Bao chi - Xuat ban').map((c) => c.key)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('scores b.2 = 4 for the department; "b" is no longer an answer there, "b.2" is none elsewhere', () => {
    const ctx = { role: 'staff' as const, departmentName: 'phòng thông tin, báo chí - xuất bản' };
    expect(pointsFor(r, i2, 'b.2', ctx)).toBe(4);
    expect(pointsFor(r, i2, 'b', ctx)).toBeNull();
    expect(pointsFor(r, i2, 'a', ctx)).toBe(0);
    expect(pointsFor(r, i2, 'b.2', staff)).toBeNull();
    // I.1 c 10 + I.2 b.2 4 + I.3 c 10 = 24, + II.3 d 10 + III.1 d 10 = 44
    const result = scoreAnswers(
      r,
      staffAnswers({ 'cbs.I.1': 'c', 'cbs.I.2': 'b.2', 'cbs.I.3': 'c', 'cbs.II.3': 'd', 'cbs.III.1': 'd' }),
      ctx,
    );
    expect(result.criteria['cbs.I.2']).toBe(4);
    expect(result.total).toBe(44);
    expect(result.band).toBe('chien-binh-so');
  });
});

describe('isRankedRole', () => {
  it('laborers are not ranked, staff are; roles without a rule are ranked', () => {
    expect(isRankedRole(r, 'laborer')).toBe(false);
    expect(isRankedRole(r, 'staff')).toBe(true);
    expect(isRankedRole(r, 'admin')).toBe(true);
  });
});
