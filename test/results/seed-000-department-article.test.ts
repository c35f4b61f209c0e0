/**
 * Issue 17 item 3: the department's own article of the quarter (seed 000 II.3.b "Mỗi phòng phải viết tin/bài … Ít
 * nhất 1 bài/Quý"; III.2.c "không có bài viết đăng của cá nhân/của phòng không xếp loại"), answered by the head
 * and applied by the results under both readings. Values computed by hand below.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { units } from '../../db/schema.js';
import { honoursText, quarterHonours } from '../../src/honours/compute-honours.js';
import { answerDepartmentArticle, departmentArticle } from '../../src/approval/department-article.js';
import { departmentArticleRuleText, departmentConditionLines, unitLeaderboard, yearResults } from '../../src/results/index.js';
import { createHarness, type Harness } from '../scheduler/harness.js';

const at = (h: Harness, key: string) => ({ actorId: h.unit.people[key] ?? 0, now: new Date(Date.UTC(2026, 11, 5, 3)), channel: 'cli' as const });

/**
 * Q4: department 0 (head 90, staff 60, staff2 nothing; the laborer is not ranked) → (90 + 60 + 0) / 3 = 50;
 * department 1 (head2 80, office 70, staff3 30) → (80 + 70 + 30) / 3 = 60.
 */
async function quarter(): Promise<Harness> {
  const h = await createHarness();
  h.submit('head', '2026-Q4', 'approved', { total: 90 });
  h.submit('staff', '2026-Q4', 'approved', { total: 60 });
  h.submit('head2', '2026-Q4', 'approved', { total: 80 });
  h.submit('office', '2026-Q4', 'approved', { total: 70 });
  h.submit('staff3', '2026-Q4', 'approved', { total: 30 });
  return h;
}

const board = (h: Harness) => h.store.read((tx) => unitLeaderboard(tx, { unitId: h.unit.unitId, periodCode: '2026-Q4' }));

describe('the department article of the quarter (seed 000 item 3)', () => {
  it('unanswered: "chưa khai báo", nobody is excluded; the higher mean (60) is the best department', async () => {
    const h = await quarter();
    const lb = await board(h);
    const [d0, d1] = h.unit.departmentIds;
    expect(lb?.departments.map((d) => [d.id, d.mean, d.conditionsMet])).toEqual([
      [d0, 50, null],
      [d1, 60, null],
    ]);
    expect(lb?.best?.best.id).toBe(d1);
    const view = await h.store.read((tx) => departmentArticle(tx, at(h, 'head2'), { periodCode: '2026-Q4' }));
    if (!view.ok) throw new Error(view.refusal.code);
    expect(departmentConditionLines(view.outcome.rubric, view.outcome.status, view.outcome.rule)).toEqual(['Tin, bài của phòng trong Quý: chưa khai báo']);
  });

  it('default best-department-only: the department without an article (mean 60) is not the best; the one with 2 articles (50) is; members stay classified', async () => {
    const h = await quarter();
    const [d0, d1] = h.unit.departmentIds;
    const none = await h.store.transaction((tx) => answerDepartmentArticle(tx, at(h, 'head2'), { periodCode: '2026-Q4', count: 0 }));
    expect(none.ok).toBe(true);
    const two = await h.store.transaction((tx) =>
      answerDepartmentArticle(tx, at(h, 'head'), { periodCode: '2026-Q4', count: 2, evidence: ' https://stttt.daknong.gov.vn/bai-1 ' }),
    );
    if (!two.ok) throw new Error(two.refusal.code);
    expect(departmentConditionLines(two.outcome.rubric, two.outcome.status, two.outcome.rule)).toEqual([
      'Tin, bài của phòng trong Quý: 2 bài (https://stttt.daknong.gov.vn/bai-1)',
    ]);
    const lb = await board(h);
    expect(lb?.departments.map((d) => [d.id, d.mean, d.conditionsMet])).toEqual([
      [d0, 50, true],
      [d1, 60, false],
    ]);
    expect(lb?.best?.best.id).toBe(d0);
    expect(lb?.best?.excluded.map((d) => d.id)).toEqual([d1]);
    // The top 5 is unchanged: 90, 80, 70, 60, 30.
    expect(lb?.top.map((e) => e.total)).toEqual([90, 80, 70, 60, 30]);
    const results = await h.store.read(async (tx) => {
      const period = await tx.periods.find(h.unit.unitId, '2026-Q4');
      return period ? tx.departmentConditions.forPeriod(period.id) : [];
    });
    expect(results.map((r) => [r.departmentId, r.value, r.evidence])).toEqual([
      [d0, 2, 'https://stttt.daknong.gov.vn/bai-1'],
      [d1, 0, null],
    ]);
    const view = await h.store.read((tx) => departmentArticle(tx, at(h, 'head2'), { periodCode: '2026-Q4' }));
    if (!view.ok) throw new Error(view.refusal.code);
    expect(departmentConditionLines(view.outcome.rubric, view.outcome.status, 'best-department-only')).toEqual([
      'Tin, bài của phòng trong Quý: không có bài — phòng không được xét tập thể dẫn đầu',
    ]);
    expect(departmentArticleRuleText('best-department-only')).toContain('không được xét tập thể dẫn đầu.');
    // The board names the best department (50, with its article) and prints the rule and who it left out.
    if (!lb) throw new Error('no board');
    const text = honoursText(quarterHonours(lb, 'Sở TT&TT', 5));
    expect(text).toContain('🏢 Tập thể dẫn đầu: Phòng Thông tin, Báo chí – Xuất bản — điểm trung bình 50 (2 người)');
    expect(text).toContain(
      'Phòng không có tin, bài đăng trong Quý (ít nhất 1 bài/Quý) không được xét tập thể dẫn đầu. Không xét tập thể dẫn đầu Quý này (chưa có bài viết của phòng): Văn phòng Sở.',
    );
  });

  it('members-too: the members of the department without an article are not classified; its mean is 0; the top 5 loses them', async () => {
    const h = await quarter();
    const [d0, d1] = h.unit.departmentIds;
    await h.store.transaction((tx) => answerDepartmentArticle(tx, at(h, 'head2'), { periodCode: '2026-Q4', count: 0 }));
    await h.store.transaction((tx) => answerDepartmentArticle(tx, at(h, 'office'), { periodCode: '2026-Q4', departmentId: d0, count: 1 }));
    h.store.db.update(units).set({ settings: { rules: { departmentArticle: 'members-too' } } }).where(eq(units.id, h.unit.unitId)).run();
    const lb = await board(h);
    // Department 1: head2, office, staff3 not classified → (0 + 0 + 0) / 3 = 0. Department 0 keeps 50.
    expect(lb?.departments.map((d) => [d.id, d.mean, d.conditionsMet])).toEqual([
      [d0, 50, true],
      [d1, 0, false],
    ]);
    expect(lb?.best?.best.id).toBe(d0);
    expect(lb?.top.map((e) => [e.fullName, e.total])).toEqual([
      ['Nguyễn Văn Trưởng', 90],
      ['Trần Thị Lan', 60],
    ]);
    // The year (/4): head 90 / 4 = 22.5 (classified); head2's Q4 80 is not classified under members-too, so it counts
    // 0 and the year is not classified (no quarter counted: no year score).
    const year = async () => (await h.store.read((tx) => yearResults(tx, { unitId: h.unit.unitId, year: 2026 }))).people;
    const byKey = async (key: string) => (await year()).find((p) => p.personId === h.unit.people[key]);
    expect(await byKey('head')).toMatchObject({ score: 22.5, classified: true });
    expect(await byKey('head2')).toMatchObject({ score: null, classified: false });
    // With the article answered (1 bài) the members count again: top 5 is back to 90, 80, 70, 60, 30.
    await h.store.transaction((tx) => answerDepartmentArticle(tx, at(h, 'head2'), { periodCode: '2026-Q4', count: 1, evidence: 'Bài “Ký số”' }));
    const after = await board(h);
    expect(after?.top.map((e) => e.total)).toEqual([90, 80, 70, 60, 30]);
    expect(after?.departments.map((d) => d.mean)).toEqual([50, 60]);
    expect(after?.best?.best.id).toBe(d1);
    expect(await byKey('head2')).toMatchObject({ score: 20, classified: true });
  });

  it('only a head of the department or the office answers; bad counts and frozen quarters are refused', async () => {
    const h = await quarter();
    const [d0] = h.unit.departmentIds;
    const answer = (key: string, input: Parameters<typeof answerDepartmentArticle>[2]) =>
      h.store.transaction((tx) => answerDepartmentArticle(tx, at(h, key), input));
    expect(await answer('staff', { periodCode: '2026-Q4', count: 1 })).toEqual({ ok: false, refusal: { code: 'not-department-head-or-office' } });
    expect(await answer('head2', { periodCode: '2026-Q4', departmentId: d0, count: 1 })).toEqual({ ok: false, refusal: { code: 'not-department-head-or-office' } });
    expect(await answer('head', { periodCode: '2026-Q4', count: -1 })).toEqual({ ok: false, refusal: { code: 'invalid-value' } });
    expect(await answer('head', { periodCode: '2026-Q4', count: 1.5 })).toEqual({ ok: false, refusal: { code: 'invalid-value' } });
    expect(await answer('head', { periodCode: '2025-Q4', count: 1 })).toEqual({ ok: false, refusal: { code: 'period-not-found' } });
    expect(await answer('office', { periodCode: '2026-Q4', departmentId: 9999, count: 1 })).toEqual({ ok: false, refusal: { code: 'department-not-found' } });
    // A refusal changed nothing; an answer is audited with before and after.
    expect(await h.store.read((tx) => tx.audit.search({ unitId: h.unit.unitId, periodId: h.periods['2026-Q4']?.id }))).toEqual([]);
    await answer('head', { periodCode: '2026-Q4', count: 0 });
    await answer('head', { periodCode: '2026-Q4', count: 2, evidence: 'link' });
    const audit = await h.store.read((tx) => tx.audit.search({ unitId: h.unit.unitId, periodId: h.periods['2026-Q4']?.id }));
    expect(audit.map((a) => [a.action, a.entityId, a.before, a.after])).toEqual([
      ['department.condition_answered', String(d0), null, { conditionId: 'dkp.bai-viet', value: 0, evidence: null }],
      ['department.condition_answered', String(d0), { conditionId: 'dkp.bai-viet', value: 0, evidence: null }, { conditionId: 'dkp.bai-viet', value: 2, evidence: 'link' }],
    ]);
    // Once the office reported the quarter to the director, the answer is frozen like the lists.
    await h.store.transaction((tx) => tx.periods.setStatus(h.periods['2026-Q4']?.id ?? 0, 'submitted_to_director', Date.UTC(2026, 11, 26)));
    expect(await answer('head', { periodCode: '2026-Q4', count: 3 })).toMatchObject({ ok: false, refusal: { code: 'period-frozen' } });
  });
});
