/** What the reviewer's approval prompt shows, as data (rendered by `src/workflows/approval/render-review.ts`). */
import type { Criterion, Rubric } from '../scoring/rubric-schema.js';
import type { AnswerValue, ScoreResult } from '../scoring/types.js';

/** One changed answer since the submission was last returned. */
export interface AnswerChange {
  criterionId: string;
  before: AnswerValue | null;
  after: AnswerValue | null;
}

/** Evidence the person added to one criterion between the last return and the resubmission. */
export interface EvidenceChange {
  criterionId: string;
  /** How many links or files were added. */
  added: number;
}

/** Why a note was added to the prompt. */
export type PromptNote = { type: 'list-reopened'; departmentName: string };

/** Everything the head's prompt shows. */
export interface PromptInput {
  submissionId: number;
  revision: number;
  personName: string;
  departmentName: string | null;
  period: { year: number; quarter: number };
  kind: 'submitted' | 'resubmitted' | 'changed-after-submit' | 'pending' | 'adjusted';
  late: boolean;
  score: ScoreResult;
  /** Reviewer adjustments currently applied (criterion ids). */
  adjusted: string[];
  changes: AnswerChange[];
  /**
   * Evidence added since the last return, by criterion (from the resubmission's audit row): after a return for
   * missing evidence the answers often stay the same, and the head must see what was added (issue 18 item 16).
   */
  evidenceChanges: EvidenceChange[];
  rubric: Rubric;
  /** The criteria the person answers, in their question order (numbers the changed answers); null if unknown. */
  questions: readonly Criterion[] | null;
  /** Extra notes for the reviewer (e.g. the department's list went back to "sent" for this submission). */
  notes?: PromptNote[];
}
