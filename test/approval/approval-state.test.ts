import { describe, expect, it } from 'vitest';
import {
  checkReason,
  isLate,
  listTransition,
  periodTransition,
  submissionTransition,
  type ListStatus,
  type PeriodStatus,
  type SubmissionAction,
  type SubmissionStatus,
} from '../../src/approval/approval-state.js';
import { canCommentList, canCompile, canFinalise, canReview, canSendList, progressScope, reviewersOf, type SubjectFacts } from '../../src/approval/authorize.js';
import { parsePayload, payload } from '../../src/workflows/approval/payloads.js';
import { refusalText } from '../../src/workflows/approval/render-refusal.js';

const open = { periodStatus: 'open' as PeriodStatus, listStatus: 'none' as ListStatus };

describe('submission state machine', () => {
  const table: [SubmissionStatus, SubmissionAction, SubmissionStatus | null][] = [
    ['draft', 'submit', 'submitted'],
    ['returned', 'submit', 'submitted'],
    ['submitted', 'submit', null],
    ['approved', 'submit', null],
    ['draft', 'edit', 'draft'],
    ['submitted', 'edit', 'submitted'],
    ['returned', 'edit', 'returned'],
    ['approved', 'edit', null],
    ['submitted', 'approve', 'approved'],
    ['draft', 'approve', null],
    ['returned', 'approve', null],
    ['approved', 'approve', null],
    ['submitted', 'adjust', 'submitted'],
    ['approved', 'adjust', 'approved'],
    ['draft', 'adjust', null],
    ['returned', 'adjust', null],
    ['submitted', 'return', 'returned'],
    ['approved', 'return', 'returned'],
    ['draft', 'return', null],
    ['returned', 'return', null],
  ];
  it.each(table)('%s --%s--> %s', (status, action, to) => {
    const r = submissionTransition({ status, ...open }, action);
    if (to === null) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(refusalText(r.refusal)).toMatch(/[ạảãáàâăđêôơư]/);
    } else expect(r).toEqual({ ok: true, to });
  });

  it('freezes everything once the list is accepted or the period left "open"', () => {
    for (const action of ['submit', 'edit', 'approve', 'adjust', 'return'] as const) {
      expect(submissionTransition({ status: 'submitted', periodStatus: 'open', listStatus: 'accepted' }, action).ok).toBe(false);
      const fin = submissionTransition({ status: 'submitted', periodStatus: 'finalised', listStatus: 'none' }, action);
      expect(fin.ok ? '' : refusalText(fin.refusal)).toContain('đề nghị Văn phòng mở lại');
      expect(submissionTransition({ status: 'submitted', periodStatus: 'submitted_to_director', listStatus: 'none' }, action).ok).toBe(false);
    }
    // A sent (not yet accepted) list can still be corrected.
    expect(submissionTransition({ status: 'approved', periodStatus: 'open', listStatus: 'sent' }, 'adjust').ok).toBe(true);
  });
});

describe('department list and period state machines', () => {
  it('walks sent → returned → sent → accepted, refusing the rest', () => {
    const f = (status: ListStatus, pendingReviews = 0) => ({ status, periodStatus: 'open' as PeriodStatus, pendingReviews });
    expect(listTransition(f('none'), 'send')).toEqual({ ok: true, to: 'sent' });
    const pending = listTransition(f('none', 2), 'send');
    expect(pending).toMatchObject({ ok: false, refusal: { code: 'list-pending-reviews', count: 2 } });
    expect(pending.ok ? '' : refusalText(pending.refusal)).toContain('Còn 2 bản');
    expect(listTransition(f('sent'), 'send')).toEqual({ ok: true, to: 'sent' });
    expect(listTransition(f('accepted'), 'send').ok).toBe(false);
    expect(listTransition(f('sent'), 'comment')).toEqual({ ok: true, to: 'sent' });
    expect(listTransition(f('none'), 'comment').ok).toBe(false);
    expect(listTransition(f('sent'), 'accept')).toEqual({ ok: true, to: 'accepted' });
    const waiting = listTransition(f('sent', 1), 'accept');
    expect(waiting.ok ? '' : refusalText(waiting.refusal)).toContain('chờ Trưởng phòng duyệt');
    expect(listTransition(f('returned'), 'accept').ok).toBe(false);
    expect(listTransition(f('sent'), 'return')).toEqual({ ok: true, to: 'returned' });
    expect(listTransition(f('accepted'), 'return')).toEqual({ ok: true, to: 'returned' });
    expect(listTransition(f('returned'), 'return').ok).toBe(false);
    expect(listTransition({ status: 'sent', periodStatus: 'finalised', pendingReviews: 0 }, 'accept').ok).toBe(false);
  });

  it('walks open → submitted_to_director → open → submitted_to_director → finalised → open', () => {
    expect(periodTransition({ status: 'open', listsNotAccepted: 1 }, 'submit-to-director').ok).toBe(false);
    expect(periodTransition({ status: 'open', listsNotAccepted: 0 }, 'submit-to-director')).toEqual({ ok: true, to: 'submitted_to_director' });
    expect(periodTransition({ status: 'submitted_to_director', listsNotAccepted: 0 }, 'director-return')).toEqual({ ok: true, to: 'open' });
    expect(periodTransition({ status: 'submitted_to_director', listsNotAccepted: 0 }, 'finalise')).toEqual({ ok: true, to: 'finalised' });
    expect(periodTransition({ status: 'open', listsNotAccepted: 0 }, 'finalise').ok).toBe(false);
    expect(periodTransition({ status: 'finalised', listsNotAccepted: 0 }, 'finalise').ok).toBe(false);
    expect(periodTransition({ status: 'finalised', listsNotAccepted: 0 }, 'reopen')).toEqual({ ok: true, to: 'open' });
    expect(periodTransition({ status: 'open', listsNotAccepted: 0 }, 'reopen').ok).toBe(false);
    expect(periodTransition({ status: 'finalised', listsNotAccepted: 0 }, 'submit-to-director').ok).toBe(false);
  });

  it('requires a real reason and compares local dates for lateness', () => {
    expect(checkReason('  ').ok).toBe(false);
    expect(checkReason(' thiếu   minh chứng ')).toEqual({ ok: true, reason: 'thiếu minh chứng' });
    expect(checkReason('x'.repeat(1001)).ok).toBe(false);
    // The deadline is the last allowed day (seed 000: 10 December), inclusive.
    expect(isLate('2026-12-09', '2026-12-10')).toBe(false);
    expect(isLate('2026-12-10', '2026-12-10')).toBe(false);
    expect(isLate('2026-12-11', '2026-12-10')).toBe(true);
  });
});

describe('authorization', () => {
  const subject = (over: Partial<SubjectFacts> = {}): SubjectFacts => ({
    personId: 10,
    unitId: 'u',
    roles: ['staff'],
    departmentId: 1,
    departmentHeadIds: [1],
    leaderInChargeId: 7,
    directorIds: [9],
    directorReviewerIds: [],
    ...over,
  });
  const actor = (personId: number, roles: SubjectFacts['roles'], departmentId: number | null = 1) => ({ personId, unitId: 'u', roles, departmentId });

  it('routes reviews: member → head, head → leader in charge (or director), leader → director, never oneself', () => {
    expect(reviewersOf(subject())).toEqual([1]);
    expect(reviewersOf(subject({ personId: 1, roles: ['head', 'staff'] }))).toEqual([7]);
    expect(reviewersOf(subject({ personId: 1, roles: ['head'], leaderInChargeId: null }))).toEqual([9]);
    expect(reviewersOf(subject({ personId: 7, roles: ['leader'], departmentId: null }))).toEqual([9]);
    expect(reviewersOf(subject({ personId: 9, roles: ['director'] }))).toEqual([]);
    expect(canReview(actor(1, ['head']), subject()).ok).toBe(true);
    expect(canReview(actor(2, ['head'], 2), subject()).ok).toBe(false);
    expect(canReview(actor(7, ['leader']), subject()).ok).toBe(false);
    const own = canReview(actor(1, ['head']), subject({ personId: 1, roles: ['head'] }));
    expect(own.ok ? '' : refusalText(own.refusal)).toContain('chính mình');
    expect(canReview({ ...actor(1, ['head']), unitId: 'other' }, subject()).ok).toBe(false);
  });

  it('limits lists, office and director actions to their roles', () => {
    expect(canSendList(actor(1, ['head']), 1, [1]).ok).toBe(true);
    expect(canSendList(actor(2, ['head'], 2), 1, [1]).ok).toBe(false);
    expect(canSendList(actor(10, ['staff']), 1, [1]).ok).toBe(false);
    expect(canCommentList(actor(7, ['leader']), 7).ok).toBe(true);
    expect(canCommentList(actor(8, ['leader']), 7).ok).toBe(false);
    expect(canCompile(actor(5, ['office'])).ok).toBe(true);
    expect(canCompile(actor(9, ['director'])).ok).toBe(false);
    expect(canFinalise(actor(9, ['director'])).ok).toBe(true);
    expect(canFinalise(actor(5, ['office'])).ok).toBe(false);
    expect(progressScope(actor(10, ['staff']), [])).toEqual({ kind: 'none' });
    expect(progressScope(actor(1, ['head']), [])).toEqual({ kind: 'departments', ids: [1] });
    expect(progressScope(actor(5, ['office']), [])).toEqual({ kind: 'all' });
  });
});

describe('payloads', () => {
  it('round-trips and rejects foreign or oversized payloads', () => {
    expect(parsePayload(payload('jl', 123456, 12, 'b.2'))).toEqual({ action: 'jl', id: 123456, n: 12, key: 'b.2' });
    expect(parsePayload(payload('v', 5))).toEqual({ action: 'v', id: 5, n: null, key: null });
    expect(parsePayload('ap:zz:1')).toBeNull();
    expect(parsePayload('q:1:2')).toBeNull();
    expect(parsePayload('ap:a:1:2:../../x')).toBeNull();
  });
});
