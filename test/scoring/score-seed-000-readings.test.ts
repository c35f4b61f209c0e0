/** Seed 000 readings in the score itself (issue 17 items 4, 5, 6, 11), default and other setting. */
import { describe, expect, it } from 'vitest';
import { levelChoicesFor, pointsFor } from '../../src/scoring/answer-points.js';
import { optionalCriteriaFor } from '../../src/scoring/role-criteria.js';
import { classificationLabel, scoreAnswers } from '../../src/scoring/score.js';
import type { Criterion } from '../../src/scoring/rubric-schema.js';
import type { AnswerValue } from '../../src/scoring/types.js';
import { allCds, CDS_IDS, chienBinhSo, staffAnswers } from './seed-rubrics.js';

const r = chienBinhSo();
const staff = { role: 'staff' as const };
const TTBCXB = 'Phòng Thông tin, Báo chí – Xuất bản';
const i2 = r.criteria.find((c) => c.id === 'cbs.I.2') as Criterion;
const levels45 = { 'cbs.I.1': 'd', 'cbs.I.2': 'd', 'cbs.I.3': 'c' }; // 15 + 20 + 10 = 45

describe('failed Công dân số gate vs missing condition (III.2.c)', () => {
  it('a failed Công dân số criterion: not classified, but not "không hoàn thành nhiệm vụ"', () => {
    const result = scoreAnswers(r, { ...staffAnswers(levels45), 'cds.I.3': 'fail' }, staff);
    expect(result).toMatchObject({ total: 45, classified: false, gateFailed: true, dutyNotCompleted: false, status: 'gate-failed' });
    expect(classificationLabel(result)).toBe('Không xếp loại: nhóm Công dân số chưa đạt');
  });

  it('no digital signing: not classified and "không hoàn thành nhiệm vụ"', () => {
    const result = scoreAnswers(r, { ...staffAnswers(levels45), 'dk.ky-so': 'fail' }, staff);
    expect(result).toMatchObject({ classified: false, gateFailed: false, dutyNotCompleted: true, status: 'duty-not-completed' });
    expect(classificationLabel(result)).toContain('không hoàn thành nhiệm vụ');
  });

  it('no article in six months: the same, and it wins over a failed gate in the status', () => {
    const result = scoreAnswers(r, { ...staffAnswers(levels45), 'dk.bai-viet': 0, 'cds.I.1': 'fail' }, staff);
    expect(result).toMatchObject({ gateFailed: true, dutyNotCompleted: true, status: 'duty-not-completed' });
  });

  it('an unanswered condition is incomplete, not a failed duty', () => {
    const answers: Record<string, AnswerValue> = { ...staffAnswers(levels45) };
    delete answers['dk.ky-so'];
    const result = scoreAnswers(r, answers, staff);
    expect(result).toMatchObject({ classified: false, dutyNotCompleted: false, gateFailed: false, status: 'incomplete' });
  });

  it('classified: the band label', () => {
    const result = scoreAnswers(r, staffAnswers(levels45), staff);
    expect(result.status).toBe('classified');
    expect(classificationLabel(result)).toBe('Chiến binh số, có ảnh hưởng đáng kể đến chuyển đổi số');
  });
});

describe('I.1 has no invented time window', () => {
  it('the guidance does not limit the course result to the quarter', () => {
    const i1 = r.criteria.find((c) => c.id === 'cbs.I.1');
    expect(i1?.guidance).not.toContain('trong Quý');
    expect(i1?.guidance).toContain('cho đến khi có kết quả cao hơn');
  });
});

describe('Phụ lục 02 sub-levels are opt-in per department', () => {
  const keys = (dept: string, settings?: Parameters<typeof levelChoicesFor>[3]) =>
    levelChoicesFor(r, i2, dept, settings).map((c) => `${c.key}=${c.points}`).join(' ');

  it('default: the department the seed names uses the sub-levels, others the plain levels', () => {
    expect(keys(TTBCXB)).toBe('a=0 b.1=2 b.2=4 b.3=5 c.1=5 c.2=7 c.3=10 d.1=15 d.2=20');
    expect(keys('Văn phòng Sở')).toBe('a=0 b=5 c=10 d=20');
  });

  it('a unit that did not adopt them this period: plain levels answerable for every department', () => {
    const none = { subLevelDepartments: [] };
    expect(keys(TTBCXB, none)).toBe('a=0 b=5 c=10 d=20');
    expect(pointsFor(r, i2, 'b', { role: 'staff', departmentName: TTBCXB }, none)).toBe(5);
    expect(pointsFor(r, i2, 'b.2', { role: 'staff', departmentName: TTBCXB }, none)).toBeNull();
    const result = scoreAnswers(r, staffAnswers({ 'cbs.I.2': 'c' }), { role: 'staff', departmentName: TTBCXB }, none);
    expect(result.criteria['cbs.I.2']).toBe(10);
  });

  it('listed departments (names typed loosely) use them', () => {
    expect(keys(TTBCXB, { subLevelDepartments: ['thông tin, báo chí - xuất bản'] })).toContain('b.2=4');
    expect(pointsFor(r, i2, 'b.2', { role: 'staff', departmentName: TTBCXB }, { subLevelDepartments: [TTBCXB] })).toBe(4);
  });
});

describe('laborers and the Chiến binh số part (III.2.c "chỉ yêu cầu")', () => {
  const laborer = { role: 'laborer' as const };
  const answers = staffAnswers({ 'cbs.I.1': 'c', 'cbs.I.2': 'c', 'cbs.I.3': 'c', 'cbs.II.3': 'd', 'cbs.III.1': 'd' }); // 10+10+10+10+10 = 50

  it('refuse (default): pass/fail only, nothing optional', () => {
    const result = scoreAnswers(r, answers, laborer);
    expect(result).toMatchObject({ status: 'not-ranked', classified: false, passed: true, passFail: { met: 8, of: 8 } });
    expect(optionalCriteriaFor(r, laborer)).toEqual([]);
  });

  it('accept-and-rank: a laborer who answers it is scored and ranked with the others', () => {
    const settings = { laborerChienBinhSo: 'accept-and-rank' as const };
    expect(optionalCriteriaFor(r, laborer, settings).map((c) => c.id)).not.toContain(CDS_IDS[0]);
    expect(optionalCriteriaFor(r, laborer, settings)).toHaveLength(12);
    const result = scoreAnswers(r, answers, laborer, settings);
    expect(result).toMatchObject({ total: 50, max: 100, band: 'chien-binh-so', classified: true, status: 'classified', passFail: null });
    // Only the Công dân số answers: still pass/fail.
    expect(scoreAnswers(r, allCds(), laborer, settings).status).toBe('not-ranked');
  });
});
