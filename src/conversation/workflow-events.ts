/**
 * Events one workflow tells the others about, in the same transaction (see {@link WorkflowContext.emit}).
 * Why a closed union in the core: a listener must know exactly what it gets; adding a workflow that emits
 * something new means adding its event here, where every listener's `switch` sees it.
 */
import type { ScoreResult } from '../scoring/types.js';
import type { PeriodView, SubmissionView } from '../store/assessment.js';
import type { PersonView } from '../store/directory.js';

/** Why the self-assessment is telling the others about a submission. */
export type SubmissionEventKind = 'submitted' | 'resubmitted' | 'changed-after-submit';

export type WorkflowEvent = {
  type: 'submission';
  kind: SubmissionEventKind;
  person: PersonView;
  period: PeriodView;
  /** The submission after the change (status, revision, selfTotal…). */
  submission: SubmissionView;
  /** The provisional score of the person's own answers. */
  score: ScoreResult;
  /** For `changed-after-submit`: the criterion that changed. */
  criterionId?: string;
};
