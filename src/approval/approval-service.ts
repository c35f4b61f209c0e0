/**
 * The review workflow's service: every action of issue 6 as one call over the caller's unit of work. Channel-
 * agnostic: the chat workflow (`src/workflows/approval/`), the CLI, HTTP routes and tests call the same functions.
 *
 * Each action takes `tx` (the caller opened the unit of work: the state change, points, audit entry and the
 * notices the caller queues commit together or not at all) and returns data ({@link ActionResult}). The `can…`
 * checks are the same gates without the action: nothing is written.
 *
 * Usage outside the engine: `await store.transaction(async (tx) => { const r = await service.sendList(tx, who);
 * if (r.ok) await dispatchNotices(tx, notifier, r.notices, now); return r; })`.
 */
import type { AnswerValue } from '../scoring/types.js';
import type { Tx } from '../store/store.js';
import type { ActionContext, ActionResult, ApprovalHooks } from './approval-types.js';
import {
  acceptList,
  canAcceptList,
  canCommentList,
  canReturnList,
  commentList,
  returnList,
  sendList,
  type ListOutcome,
  type ListTarget,
  type SendListOutcome,
} from './list-actions.js';
import {
  canDirectorReturn,
  canFinalisePeriod,
  canReopen,
  canSubmitToDirector,
  directorReturn,
  finalise,
  reopen,
  submitToDirector,
  type PeriodOutcome,
} from './period-actions.js';
import { history, myResults, progress, type FinalResult, type HistoryView, type ProgressView } from './progress.js';
import { adjust, approve, returnSubmission, type AdjustOutcome, type ReviewOutcome } from './review-actions.js';
import { details, pendingFor, promptReviewers, type SubmissionDetails, type SubmissionEventInput } from './review-queries.js';
import { canAdjust, canApprove, canReturn, canView, type ReviewTarget, type SubmissionInput } from './review-target.js';
import type { ApprovalNotice } from './notices.js';

/** Who acts, when, and from which channel (`cli` for the `thidua` command). */
export type Who = ActionContext;

type PeriodTarget = Awaited<ReturnType<typeof canReopen>>;

/** The workflow's public API (see the functions it delegates to for each rule). */
export interface ApprovalService {
  approve(tx: Tx, who: Who, input: SubmissionInput): Promise<ActionResult<ReviewOutcome>>;
  adjust(tx: Tx, who: Who, input: SubmissionInput & { criterionId: string; value: AnswerValue; reason: string }): Promise<ActionResult<AdjustOutcome>>;
  returnSubmission(tx: Tx, who: Who, input: SubmissionInput & { reason: string }): Promise<ActionResult<ReviewOutcome>>;
  sendList(tx: Tx, who: Who): Promise<ActionResult<SendListOutcome>>;
  commentList(tx: Tx, who: Who, input: { listId: number; comment: string }): Promise<ActionResult<ListOutcome>>;
  acceptList(tx: Tx, who: Who, input: { listId: number }): Promise<ActionResult<ListOutcome>>;
  returnList(tx: Tx, who: Who, input: { listId: number; reason: string }): Promise<ActionResult<ListOutcome>>;
  submitToDirector(tx: Tx, who: Who, input?: { periodId?: number }): Promise<ActionResult<PeriodOutcome>>;
  finalise(tx: Tx, who: Who, input?: { periodId?: number }): Promise<ActionResult<PeriodOutcome>>;
  directorReturn(tx: Tx, who: Who, input: { periodId?: number; reason: string }): Promise<ActionResult<PeriodOutcome>>;
  reopen(tx: Tx, who: Who, input: { periodId?: number; reason: string }): Promise<ActionResult<PeriodOutcome>>;

  /** Permission checks: the action's gate alone (nothing is written). */
  canApprove(tx: Tx, who: Who, input: SubmissionInput): Promise<ActionResult<ReviewTarget>>;
  canAdjust(tx: Tx, who: Who, input: SubmissionInput): Promise<ActionResult<ReviewTarget>>;
  canReturn(tx: Tx, who: Who, input: SubmissionInput): Promise<ActionResult<ReviewTarget>>;
  /** May the actor read the submission (details, evidence)? Refuses drafts and returned submissions being reworked. */
  canView(tx: Tx, who: Who, input: SubmissionInput): Promise<ActionResult<ReviewTarget>>;
  canCommentList(tx: Tx, who: Who, input: { listId: number }): Promise<ActionResult<ListTarget>>;
  canAcceptList(tx: Tx, who: Who, input: { listId: number }): Promise<ActionResult<ListTarget>>;
  canReturnList(tx: Tx, who: Who, input: { listId: number }): Promise<ActionResult<ListTarget>>;
  canSubmitToDirector(tx: Tx, who: Who, input?: { periodId?: number }): Promise<PeriodTarget>;
  canFinalise(tx: Tx, who: Who, input?: { periodId?: number }): Promise<PeriodTarget>;
  canDirectorReturn(tx: Tx, who: Who, input?: { periodId?: number }): Promise<PeriodTarget>;
  canReopen(tx: Tx, who: Who, input?: { periodId?: number }): Promise<PeriodTarget>;

  /** Submission ids waiting for this reviewer, oldest first. */
  pendingFor(tx: Tx, actorId: number): Promise<number[]>;
  /** Every answer with its evidence (authorised like a review). */
  details(tx: Tx, who: Who, submissionId: number): Promise<ActionResult<SubmissionDetails>>;
  /** /tiendo (office and director: all departments; leader: theirs; head: own). */
  progress(tx: Tx, who: Who, periodCode?: string | null): Promise<ActionResult<ProgressView>>;
  /** /lichsu: a person's own submission history. */
  history(tx: Tx, personId: number, periodCode?: string | null): Promise<HistoryView>;
  /** Finalised results of a person (for /diem). */
  myResults(tx: Tx, personId: number): Promise<FinalResult[]>;
  /** A submission event: the approval prompts for the reviewers (null when nobody reviews this person). */
  promptReviewers(tx: Tx, event: SubmissionEventInput, now: Date): Promise<ApprovalNotice[] | null>;
}

/** Builds the service; `hooks.onPeriodFinalised` runs after a finalisation commits (the honour list). */
export function createApprovalService(hooks: ApprovalHooks = {}): ApprovalService {
  return {
    approve: (tx, who, input) => approve(tx, who, input),
    adjust: (tx, who, input) => adjust(tx, who, input),
    returnSubmission: (tx, who, input) => returnSubmission(tx, who, input),
    sendList: (tx, who) => sendList(tx, who),
    commentList: (tx, who, input) => commentList(tx, who, input),
    acceptList: (tx, who, input) => acceptList(tx, who, input),
    returnList: (tx, who, input) => returnList(tx, who, input),
    submitToDirector: (tx, who, input = {}) => submitToDirector(tx, who, input),
    finalise: (tx, who, input = {}) => finalise(tx, who, input, hooks),
    directorReturn: (tx, who, input) => directorReturn(tx, who, input),
    reopen: (tx, who, input) => reopen(tx, who, input),
    canApprove: (tx, who, input) => canApprove(tx, who, input),
    canAdjust: (tx, who, input) => canAdjust(tx, who, input),
    canReturn: (tx, who, input) => canReturn(tx, who, input),
    canView: (tx, who, input) => canView(tx, who, input),
    canCommentList: (tx, who, input) => canCommentList(tx, who, input),
    canAcceptList: (tx, who, input) => canAcceptList(tx, who, input),
    canReturnList: (tx, who, input) => canReturnList(tx, who, input),
    canSubmitToDirector: (tx, who, input = {}) => canSubmitToDirector(tx, who, input),
    canFinalise: (tx, who, input = {}) => canFinalisePeriod(tx, who, input),
    canDirectorReturn: (tx, who, input = {}) => canDirectorReturn(tx, who, input),
    canReopen: (tx, who, input = {}) => canReopen(tx, who, input),
    pendingFor: (tx, actorId) => pendingFor(tx, actorId),
    details: (tx, who, submissionId) => details(tx, who, submissionId),
    progress: (tx, who, code = null) => progress(tx, who, code),
    history: (tx, personId, code = null) => history(tx, personId, code),
    myResults: (tx, personId) => myResults(tx, personId),
    promptReviewers: (tx, event, now) => promptReviewers(tx, event, now),
  };
}
