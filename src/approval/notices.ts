/**
 * What the review workflow tells people other than the actor, as data. `src/workflows/approval/render-notices.ts`
 * turns each into a chat {@link Notification}; its `dedupeKey` already names the recipient (the outbox drops a
 * second message with the same key, so a key shared by several recipients would reach only one of them).
 */
import type { Rubric } from '../scoring/rubric-schema.js';
import type { ScoreResult } from '../scoring/types.js';
import type { PeriodStatus } from '../store/assessment.js';
import type { ListRecord } from '../store/reviews.js';
import type { ListSnapshot } from './list-snapshot.js';
import type { PromptInput } from './prompt-input.js';
import type { SubmissionEventKind } from '../conversation/workflow-events.js';
import type { Criterion } from '../scoring/rubric-schema.js';
import type { AnswerValue } from '../scoring/types.js';

/** A quarter as notices name it. */
export interface PeriodRef {
  id: number;
  year: number;
  quarter: number;
  status: PeriodStatus;
  officeDeadline: string;
}

/** The whole unit's list as the director reads it. */
export interface UnitSummary {
  period: PeriodRef;
  /** The office reported after its deadline. */
  reportedLate: boolean;
  lists: {
    departmentName: string;
    approved: number;
    members: number;
    mean: number | null;
    leaderComment: string | null;
    /** The department's own article of the quarter (seed 000 II.3.b), as one line; null/absent when the rubric has none. */
    article?: string | null;
  }[];
}

/** A department list with what its text shows. */
export interface ListView {
  snapshot: ListSnapshot;
  period: PeriodRef;
  status: ListRecord['status'] | 'none';
  sentLate: boolean;
  leaderComment: string | null;
  returnReason: string | null;
  selfDeadlinePassed: boolean;
  /** The department's own article of the quarter (seed 000 II.3.b) as one line; absent when the rubric has none. */
  article?: string | null;
}

/** A criterion change as people read it. */
export interface AdjustmentChange {
  criterion: Criterion;
  questions: readonly Criterion[];
  from: AnswerValue;
  to: AnswerValue;
  departmentName: string | null;
  /** The criterion's (or its parent's) points after the change; null when it has none. */
  points: number | null;
}

export type NoticeBody =
  | { type: 'approval-prompt'; prompt: PromptInput }
  | { type: 'submission-approved'; period: PeriodRef; score: ScoreResult; rubric: Rubric }
  | { type: 'submission-adjusted'; period: PeriodRef; change: AdjustmentChange; reason: string; score: ScoreResult; rubric: Rubric }
  | { type: 'submission-returned'; period: PeriodRef; reason: string }
  | { type: 'list-sent'; listId: number; list: ListView; forLeader: boolean }
  | { type: 'list-corrected'; departmentName: string }
  | { type: 'list-commented'; departmentName: string; period: PeriodRef; comment: string }
  | { type: 'list-accepted'; departmentName: string; period: PeriodRef }
  | { type: 'list-returned'; departmentName: string; period: PeriodRef; reason: string }
  | { type: 'list-reopened'; personName: string; departmentName: string; kind: SubmissionEventKind; period: PeriodRef }
  | { type: 'period-reported'; summary: UnitSummary }
  | {
      type: 'period-final-person';
      period: PeriodRef;
      score: Pick<ScoreResult, 'total' | 'bandLabel' | 'classified' | 'reasons' | 'passFail'>;
      rubric: Rubric;
    }
  | { type: 'period-final-office'; period: PeriodRef }
  | { type: 'period-returned'; period: PeriodRef; reason: string }
  | { type: 'period-reopened'; period: PeriodRef; reason: string };

export interface ApprovalNotice {
  personId: number;
  /** Names the recipient (`…:<personId>`). */
  dedupeKey: string;
  purpose: 'approval' | 'notice';
  body: NoticeBody;
}

/** One notice per recipient (duplicates removed), each with its own key `<key>:<personId>`. */
export function noticesTo(personIds: readonly number[], key: string, purpose: ApprovalNotice['purpose'], body: NoticeBody): ApprovalNotice[] {
  return [...new Set(personIds)].map((personId) => ({ personId, dedupeKey: `${key}:${personId}`, purpose, body }));
}

export function periodRef(p: PeriodRef): PeriodRef {
  return { id: p.id, year: p.year, quarter: p.quarter, status: p.status, officeDeadline: p.officeDeadline };
}
