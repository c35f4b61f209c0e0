/** Seed 000 aggregation read literally (issue 17 items 1, 2, 3, 9, 10), default and other setting, by hand. */
import { describe, expect, it } from 'vitest';
import { bestDepartment, honourSelection, yearHonours, yearResult, type QuarterEntry } from '../../src/scoring/aggregate.js';
import { applyDepartmentConditions, departmentConditionsMet, scoreAnswers } from '../../src/scoring/score.js';
import { chienBinhSo, staffAnswers } from './seed-rubrics.js';

const r = chienBinhSo();
const q = (quarter: 1 | 2 | 3 | 4, total: number | null, classified = true, member?: boolean): QuarterEntry =>
  member === undefined ? { quarter, total, classified } : { quarter, total, classified, member };

describe('year score (III.2.a)', () => {
  it("the seed's example: (70 + 80 + 60 + 82) / 4 = 73 under both settings", () => {
    const quarters = [q(1, 70), q(2, 80), q(3, 60), q(4, 82)];
    expect(yearResult(r, quarters).score).toBe(73);
    expect(yearResult(r, quarters, { yearScore: 'mean-of-present' }).score).toBe(73);
    expect(yearResult(r, quarters).band?.id).toBe('tieu-bieu');
  });

  it('/4 (default): 90, 90 and two missing quarters give 45, not 90', () => {
    const result = yearResult(r, [q(1, 90), q(2, 90)]);
    expect(result).toMatchObject({ score: 45, divisor: 4, counted: [1, 2] });
    expect(result.zero).toEqual([{ quarter: 3, why: 'missing' }, { quarter: 4, why: 'missing' }]);
    expect(result.band?.id).toBe('chien-binh-so');
  });

  it('mean-of-present leaves out only the quarters before someone joined', () => {
    const joined = [q(1, null, false, false), q(2, null, false, false), q(3, 90), q(4, 90)];
    expect(yearResult(r, joined, { yearScore: 'mean-of-present' })).toMatchObject({ score: 90, divisor: 2, absent: [1, 2] });
    expect(yearResult(r, joined).score).toBe(45); // /4 ignores membership
    // Skipping a quarter one belonged to counts 0: 90 + 90 + 0 + 0 over 4 quarters present.
    const skipped = [q(1, 90), q(2, 90), q(3, null), q(4, null)];
    expect(yearResult(r, skipped, { yearScore: 'mean-of-present' }).score).toBe(45);
  });

  it('an unclassified quarter counts 0 under both settings: (70 + 0 + 60 + 82) / 4 = 53', () => {
    const quarters = [q(1, 70), q(2, 80, false), q(3, 60), q(4, 82)];
    expect(yearResult(r, quarters).score).toBe(53);
    expect(yearResult(r, quarters, { yearScore: 'mean-of-present' }).score).toBe(53);
    expect(yearResult(r, quarters).zero).toEqual([{ quarter: 2, why: 'not-classified' }]);
  });

  it('no quarter at all: no year score', () => {
    expect(yearResult(r, []).score).toBeNull();
    expect(yearResult(r, [q(1, null, false, false)], { yearScore: 'mean-of-present' }).score).toBeNull();
  });
});

describe('honours: 5 people, director chooses among the tied (III.3.b)', () => {
  const people = [90, 85, 85, 80, 80, 80, 70].map((total, i) => ({ id: `p${i}`, total }));

  it('director-chooses (default): 3 selected, the director picks 2 of the 3 tied at 80', () => {
    const h = honourSelection(people);
    expect(h.selected.map((p) => p.id)).toEqual(['p0', 'p1', 'p2']);
    expect(h.choice?.seats).toBe(2);
    expect(h.choice?.candidates.map((p) => p.id)).toEqual(['p3', 'p4', 'p5']);
    expect(h.ruleText).toContain('Giám đốc Sở xem xét chọn');
  });

  it('dong-hang: all 6 honoured, tied marked', () => {
    const h = honourSelection(people, 5, 'dong-hang');
    expect(h.selected.map((p) => `${p.id}:${p.rank}`)).toEqual(['p0:1', 'p1:2', 'p2:2', 'p3:4', 'p4:4', 'p5:4']);
    expect(h.choice).toBeNull();
    expect(h.ruleText).toContain('đồng hạng');
  });

  it('no tie across the 5th place: nothing to choose', () => {
    const h = honourSelection(people.slice(0, 5).concat([{ id: 'x', total: 10 }]));
    expect(h.selected).toHaveLength(5);
    expect(h.choice).toBeNull();
  });
});

describe('department article (II.3.b, III.2.c)', () => {
  const conditions = (n: number | undefined) => departmentConditionsMet(r, n === undefined ? {} : { 'dkp.bai-viet': n });

  it('the rubric asks the head for the department article each quarter', () => {
    expect(r.departmentConditions).toMatchObject([{ id: 'dkp.bai-viet', answeredBy: 'head', test: { type: 'min-count', min: 1 } }]);
    expect(conditions(1)).toEqual({ met: true, unmet: [] });
    expect(conditions(undefined).met).toBeNull();
    expect(conditions(0).met).toBe(false);
  });

  it('default: the members stay classified, the department cannot be best', () => {
    const member = scoreAnswers(r, staffAnswers({ 'cbs.I.1': 'd', 'cbs.I.2': 'd', 'cbs.I.3': 'c' }), { role: 'staff' });
    expect(applyDepartmentConditions(member, conditions(0))).toBe(member);
    const best = bestDepartment([
      { id: 'no-article', mean: 60, headcount: 3, conditionsMet: conditions(0).met },
      { id: 'article', mean: 50, headcount: 3, conditionsMet: conditions(2).met },
    ]);
    expect(best?.best.id).toBe('article');
  });

  it('members-too: the members are not classified and did not complete the duty', () => {
    const member = scoreAnswers(r, staffAnswers({ 'cbs.I.1': 'd', 'cbs.I.2': 'd', 'cbs.I.3': 'c' }), { role: 'staff' });
    const strict = applyDepartmentConditions(member, conditions(0), { departmentArticle: 'members-too' });
    expect(strict).toMatchObject({ total: 45, classified: false, band: null, status: 'duty-not-completed', dutyNotCompleted: true });
    expect(strict.reasons.at(-1)).toMatchObject({ code: 'department-condition', criterionId: 'dkp.bai-viet' });
    expect(applyDepartmentConditions(member, conditions(1), { departmentArticle: 'members-too' })).toBe(member);
  });
});

describe('year outputs (III.3.a)', () => {
  const people = [
    { id: 'a', total: 90, band: 'xuat-sac' },
    { id: 'b', total: 86, band: 'xuat-sac' },
    { id: 'c', total: 70, band: 'tieu-bieu' },
  ];
  it('excellent individuals by default, no extra top-5 list', () => {
    const h = yearHonours(r, people);
    expect(h.excellent.map((p) => p.id)).toEqual(['a', 'b']);
    expect(h.top5).toBeNull();
  });
  it('the extra yearly top 5 only when the unit turns it on', () => {
    expect(yearHonours(r, people, { yearTop5: true }).top5?.selected.map((p) => p.id)).toEqual(['a', 'b', 'c']);
  });
});
