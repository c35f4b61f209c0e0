/**
 * Why an action of the review workflow was refused, as data. The chat renders it in Vietnamese
 * (`src/workflows/approval/render-refusal.ts`); a browser can map the same codes. A refusal changes nothing.
 */
import type { PeriodStatus } from '../store/assessment.js';

export type Refusal =
  // Who may act (authorize.ts).
  | { code: 'not-allowed' }
  | { code: 'own-submission' }
  | { code: 'not-reviewer' }
  | { code: 'not-department-head' }
  /** The department's own condition (its article of the quarter): a head of that department or the office. */
  | { code: 'not-department-head-or-office' }
  | { code: 'department-not-found' }
  /** The period's rubric has no department condition (only seed 000's has one). */
  | { code: 'no-department-condition' }
  | { code: 'no-department' }
  | { code: 'not-leader-in-charge' }
  | { code: 'office-only' }
  | { code: 'director-only' }
  | { code: 'progress-not-allowed' }
  | { code: 'progress-staff' }
  | { code: 'audit-not-allowed' }
  // What is asked for does not exist.
  | { code: 'submission-not-found' }
  | { code: 'list-not-found' }
  | { code: 'period-not-found' }
  | { code: 'no-active-period' }
  | { code: 'no-period' }
  // The state does not allow it (approval-state.ts).
  | { code: 'period-frozen'; periodStatus: Exclude<PeriodStatus, 'open'> }
  | { code: 'list-frozen' }
  | { code: 'already-submitted' }
  | { code: 'approved-cannot-resubmit' }
  | { code: 'approved-cannot-edit' }
  | { code: 'already-approved' }
  | { code: 'not-submitted-yet' }
  | { code: 'returned-waiting' }
  | { code: 'draft-not-viewable' }
  | { code: 'returned-not-viewable' }
  | { code: 'list-pending-reviews'; count: number }
  | { code: 'list-not-sent-comment' }
  | { code: 'list-accepted-no-comment' }
  | { code: 'list-accept-pending-reviews'; count: number }
  | { code: 'list-already-accepted' }
  /** Unit rule `listOrder: leader-first` (seed 000 III.3.a): the leader in charge comments before the office acts. */
  | { code: 'list-waiting-leader-comment' }
  | { code: 'list-not-sent' }
  | { code: 'list-returned-waiting' }
  | { code: 'list-already-returned' }
  | { code: 'period-already-reported' }
  | { code: 'lists-not-accepted'; count: number }
  | { code: 'period-already-finalised' }
  | { code: 'period-not-reported' }
  | { code: 'reopen-not-finalised' }
  // The input.
  | { code: 'reason-too-short'; what: 'reason' | 'comment' }
  | { code: 'reason-too-long'; what: 'reason' | 'comment'; max: number }
  | { code: 'stale' }
  | { code: 'not-adjustable' }
  | { code: 'invalid-value' }
  | { code: 'not-answered' };

export type RefusalCode = Refusal['code'];
