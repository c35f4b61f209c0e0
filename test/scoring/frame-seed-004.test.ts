/** Seed 004 (An Giang): the frame ships as a template that loads but cannot run; a complete frame scores with the bonus. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { frameTotal, initiativeBonus, isRunnable } from '../../src/scoring/frame.js';
import { loadRubricFile, loadRubricsFromDir, parseRubric } from '../../src/scoring/load-rubrics.js';
import { rankUnits } from '../../src/scoring/rank-units.js';
import { scoreAnswers } from '../../src/scoring/score.js';

const TEMPLATE = 'flows/an-giang-dti-so-ban-nganh-2023.yaml';
const FIXTURE = 'test/fixtures/frame-test-data.yaml';
const office = { role: 'office' as const };

describe('the seed 004 template in flows/', () => {
  const r = loadRubricFile(TEMPLATE);

  it('has the 6 main indices, 33 components and 400 points the seed fixes, and no invented indicator', () => {
    expect(r.frame?.status).toBe('template');
    expect(r.frame?.indices.map((i) => [i.title, i.components, i.max])).toEqual([
      ['Nhận thức số', 4, 50],
      ['Thể chế số', 5, 50],
      ['Hạ tầng số', 1, 20],
      ['Nhân lực số', 3, 75],
      ['An toàn thông tin mạng', 9, 90],
      ['Hoạt động chuyển đổi số', 11, 115],
    ]);
    expect(r.frame).toMatchObject({ totalPoints: 400, componentCount: 33, initiativeBonus: { one: 10, twoOrMore: 30 } });
    expect(r.maxPoints).toBe(400);
    expect(r.criteria).toEqual([]);
    expect(r.sections.find((s) => s.id === r.frame?.generalInformationSection)?.title).toContain('không dùng để đánh giá');
    expect(readFileSync(TEMPLATE, 'utf8')).toContain('KHUNG MẪU (TEMPLATE)');
  });

  it('is not runnable, and says what is missing in Vietnamese', () => {
    const run = isRunnable(r);
    expect(run.runnable).toBe(false);
    expect(run.problems[0]).toContain('là khung mẫu chưa điền đủ');
    expect(run.problems).toContain('chỉ số chính “Nhận thức số”: có 0/4 chỉ số thành phần (điền theo Quyết định số 02/QĐ-UBND ngày 03/01/2023 của UBND tỉnh An Giang)');
    expect(run.problems).toContain('chỉ số chính “Hoạt động chuyển đổi số”: tổng điểm tối đa các chỉ số thành phần là 0, khung quy định 115');
  });

  it('does not break start-up: validated, left out of the runnable rubrics unless asked for', () => {
    expect([...loadRubricsFromDir('flows').keys()]).not.toContain(r.id);
    expect([...loadRubricsFromDir('flows', { includeTemplates: true }).keys()]).toContain(r.id);
    expect(isRunnable(loadRubricsFromDir('flows').get('huong-huu-dti-2024')!)).toEqual({ runnable: true, problems: [] });
  });
});

describe('a small made-up frame (test data)', () => {
  const text = readFileSync(FIXTURE, 'utf8');
  const r = parseRubric(text, FIXTURE);
  // 4 (t.1.1) + 50% of 8 (t.1.2) + 2 × 3 (t.2.1, capped at 8) = 14 of 20
  const answers = { 't.tt.1': '12 người', 't.1.1': 'pass', 't.1.2': 50, 't.2.1': 3 };

  it('validates and runs when complete', () => {
    expect(isRunnable(r)).toEqual({ runnable: true, problems: [] });
    const result = scoreAnswers(r, answers, office);
    expect(result).toMatchObject({ total: 14, max: 20, classified: true });
  });

  it('adds the initiative bonus apart from the scale: 1 → +10, 2 or more → +30', () => {
    const result = scoreAnswers(r, answers, office);
    expect(frameTotal(r, result, 0)).toEqual({ base: 14, max: 20, recognisedInitiatives: 0, bonus: 0, total: 14, capped: false });
    expect(frameTotal(r, result, 1)).toMatchObject({ base: 14, bonus: 10, total: 24, capped: false });
    expect(frameTotal(r, result, 3)).toMatchObject({ base: 14, bonus: 30, total: 44, capped: false });
    expect(frameTotal(r, result, 3, { initiativeBonus: 'cap-at-max' })).toMatchObject({ base: 14, bonus: 30, total: 20, capped: true });
    expect(frameTotal(r, { total: 5, max: 20 }, 1, { initiativeBonus: 'cap-at-max' })).toMatchObject({ total: 15, capped: false });
    expect(() => initiativeBonus(-1, { one: 10, twoOrMore: 30, recognisedBy: 'x' })).toThrow(/số nguyên không âm/);
  });

  it('an incomplete frame marked complete is refused, naming what is missing', () => {
    const missing = text.replace(/^ {2}- \{ id: t\.2\.1.*$/m, '');
    expect(() => parseRubric(missing, 'frame.yaml')).toThrow(/chỉ số chính “Chỉ số thử B”: có 0\/1 chỉ số thành phần/);
    const wrongMax = text.replace('max: 8, title: Thành phần A2', 'max: 7, title: Thành phần A2');
    expect(() => parseRubric(wrongMax, 'frame.yaml')).toThrow(/tổng điểm tối đa các chỉ số thành phần là 11, khung quy định 12/);
  });

  it('the same incomplete frame loads as a template but is not runnable', () => {
    const template = text.replace(/^ {2}- \{ id: t\.2\.1.*$/m, '').replace('status: complete', 'status: template');
    const r2 = parseRubric(template, 'frame.yaml');
    expect(isRunnable(r2).runnable).toBe(false);
  });

  it('a frame whose own numbers do not add up is refused even as a template', () => {
    const bad = text.replace('componentCount: 3', 'componentCount: 4').replace('status: complete', 'status: template');
    expect(() => parseRubric(bad, 'frame.yaml')).toThrow(/tổng số chỉ số thành phần các chỉ số chính \(3\) khác số của khung \(4\)/);
  });

  it('ranks units by their total with the bonus, ties shown', () => {
    const score = (a: Record<string, string | number>) => scoreAnswers(r, { ...answers, ...a }, office);
    const units = [
      { id: 'So A', ...frameTotal(r, score({}), 1) }, // 24
      { id: 'So B', ...frameTotal(r, score({ 't.1.2': 100 }), 0) }, // 18
      { id: 'So C', ...frameTotal(r, score({ 't.2.1': 0 }), 2) }, // 8 + 30 = 38
      { id: 'So D', ...frameTotal(r, score({ 't.1.2': 100 }), 0) }, // 18
    ];
    expect(rankUnits(units).map((u) => `${u.id}:${u.total}:${u.rank}${u.tied ? '=' : ''}`)).toEqual([
      'So C:38:1', 'So A:24:2', 'So B:18:3=', 'So D:18:3=',
    ]);
  });
});
