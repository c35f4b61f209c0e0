/**
 * Issue 17 item 7: the director self-assesses and is ranked, but the seed names no reviewer. Unset, the director is
 * told clearly that nobody can approve it yet; once the unit names the office (or a deputy director) with
 * `changeUnitRules`, that reviewer is prompted, sees it in /duyet and approves it.
 */
import { describe, expect, it } from 'vitest';
import { changeUnitRules } from '../../src/settings/change-unit-rules.js';
import { fillAnswers, seed000Answers, submitVia, textOf } from '../helpers/approval-walk.js';
import { setup } from './fixture.js';

describe("the director's reviewer", () => {
  it('none set: a clear message; office set: prompted, listed and approves; a deputy director set: prompted', async () => {
    const { store, unit, p, d, period } = await setup();
    const fillDirector = () =>
      fillAnswers(store, { periodId: period.id, personId: p.director, rubric: unit.rubric, ctx: { role: 'director', departmentName: null }, answers: seed000Answers('ccccccccc'), now: d.clock.ms });
    await fillDirector();
    const submitted = textOf(await submitVia(d, p.director));
    expect(submitted).toContain('Đã nộp bản tự đánh giá');
    expect(submitted).toContain('Đơn vị chưa giao người duyệt bản tự đánh giá của Giám đốc');
    expect(submitted).toContain('thidua settings set directorReviewer=');
    expect(d.notifications.filter((n) => n.purpose === 'approval')).toEqual([]);
    expect(textOf(await d.send(p.office, { kind: 'command', name: 'duyet', args: '' }))).not.toContain('Đặng Văn Giám');

    // The office is named: /duyet lists the director's submission, and the office approves it.
    const set = await store.transaction((tx) =>
      changeUnitRules(tx, { unitId: unit.unitId, actor: { personId: p.office, unitId: unit.unitId, roles: ['office', 'staff'], departmentId: null }, assignments: ['directorReviewer=office'], now: d.clock.ms }),
    );
    expect(set.ok).toBe(true);
    const pending = await d.send(p.office, { kind: 'command', name: 'duyet', args: '' });
    expect(textOf(pending)).toContain('Đặng Văn Giám');
    const approve = pending.flatMap((m) => (m.kind === 'choices' && m.text.includes('Đặng Văn Giám') ? m.choices : [])).find((c) => c.label.includes('Duyệt'));
    expect(approve).toBeDefined();
    const approved = await d.send(p.office, { kind: 'button', payload: approve?.payload ?? '' });
    expect(textOf(approved)).toContain('Đã duyệt');
    const row = store.db.$client.prepare('SELECT status, reviewed_by_id AS by FROM submissions WHERE person_id = ?').get(p.director);
    expect(row).toEqual({ status: 'approved', by: p.office });

    // A deputy director named instead: they get the approval prompt when the director submits (another quarter's
    // submission is not needed: the prompt goes to the reviewer of the moment).
    const deputy = await store.transaction((tx) =>
      changeUnitRules(tx, { unitId: unit.unitId, actor: { personId: p.director, unitId: unit.unitId, roles: ['director'], departmentId: null }, assignments: [`directorReviewer=${p.leader}`], now: d.clock.ms }),
    );
    expect(deputy.ok).toBe(true);
    const { promptReviewers } = await import('../../src/approval/review-queries.js');
    const sid = (store.db.$client.prepare('SELECT id FROM submissions WHERE person_id = ?').get(p.director) as { id: number }).id;
    const notices = await store.transaction((tx) => promptReviewers(tx, { kind: 'submitted', personId: p.director, submissionId: sid, periodId: period.id }, d.clock.now()));
    expect(notices?.map((n) => n.personId)).toEqual([p.leader]);
    expect(d.errors).toEqual([]);
  });
});
