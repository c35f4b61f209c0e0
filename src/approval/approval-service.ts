/**
 * The review workflow's service: every action of issue 6 as one call, each in ONE immediate transaction
 * (state change + points + audit entry commit together or not at all). Channel-agnostic: the chat module
 * (`approval-module.ts`), the CLI and tests call the same functions.
 *
 * Inside the engine's transaction (module handlers) the nested transaction becomes a savepoint, so an action
 * still commits or rolls back with the conversation state.
 */
import type { SubmissionEventContext } from '../conversation/module.js';
import type { ChannelName, Notification, OutboundMessage } from '../conversation/types.js';
import { inTransaction, type Db } from '../persistence/open-db.js';
import type { AnswerValue } from '../scoring/types.js';
import type { ActionContext, ActionResult } from './approval-types.js';
import { acceptList, commentList, returnList, sendList } from './list-actions.js';
import { directorReturn, finalise, reopen, submitToDirector } from './period-actions.js';
import { history, myResults, progress, type FinalResult } from './progress.js';
import { adjust, approve, returnSubmission } from './review-actions.js';
import { details, onSubmitted, pendingFor } from './review-queries.js';

/** Who acts, when, and from which channel (`cli` for the `thidua` command). */
export interface Who {
  actorId: number;
  now: Date;
  channel: ChannelName | 'cli' | null;
}

/** The workflow's public API (see the functions it delegates to for each rule). */
export interface ApprovalService {
  approve(who: Who, input: { submissionId: number; revision?: number }): ActionResult<{ total: number }>;
  adjust(
    who: Who,
    input: { submissionId: number; criterionId: string; value: AnswerValue; reason: string; revision?: number },
  ): ActionResult<{ total: number; revision: number }>;
  returnSubmission(who: Who, input: { submissionId: number; reason: string; revision?: number }): ActionResult<{ revision: number }>;
  sendList(who: Who): ActionResult<{ listId: number }>;
  commentList(who: Who, input: { listId: number; comment: string }): ActionResult;
  acceptList(who: Who, input: { listId: number }): ActionResult;
  returnList(who: Who, input: { listId: number; reason: string }): ActionResult;
  submitToDirector(who: Who, input?: { periodId?: number }): ActionResult;
  finalise(who: Who, input?: { periodId?: number }): ActionResult;
  directorReturn(who: Who, input: { periodId?: number; reason: string }): ActionResult;
  reopen(who: Who, input: { periodId?: number; reason: string }): ActionResult;
  /** Submission ids waiting for this reviewer, oldest first. */
  pendingFor(actorId: number): number[];
  /** Every answer with its evidence (authorised like a review). */
  details(who: Who, submissionId: number): ActionResult<OutboundMessage[]>;
  /** The /tiendo text (office and director: all departments; leader: theirs; head: own). */
  progress(who: Who, periodCode?: string | null): ActionResult<unknown>;
  /** The /lichsu text of a person's own submission. */
  history(personId: number, periodCode?: string | null): string;
  /** Finalised results of a person (for /diem). */
  myResults(personId: number): FinalResult[];
  /** The engine hook: approval prompts for the reviewers. */
  onSubmitted(ev: SubmissionEventContext): Notification[] | null;
}

/** Listeners for workflow events other features react to (the honour list after finalisation). */
export interface ApprovalServiceOptions {
  /** Called inside the finalising transaction: queue the work and run it after the commit. */
  onPeriodFinalised?: (event: { unitId: string; periodCode: string }) => void;
}

export function createApprovalService(db: Db, options: ApprovalServiceOptions = {}): ApprovalService {
  const ctx = (who: Who): ActionContext => ({
    db,
    actorId: who.actorId,
    now: who.now,
    channel: who.channel,
    onPeriodFinalised: options.onPeriodFinalised,
  });
  const tx = <T>(fn: () => T): T => inTransaction(db, fn);
  return {
    approve: (who, input) => tx(() => approve(ctx(who), input)),
    adjust: (who, input) => tx(() => adjust(ctx(who), input)),
    returnSubmission: (who, input) => tx(() => returnSubmission(ctx(who), input)),
    sendList: (who) => tx(() => sendList(ctx(who))),
    commentList: (who, input) => tx(() => commentList(ctx(who), input)),
    acceptList: (who, input) => tx(() => acceptList(ctx(who), input)),
    returnList: (who, input) => tx(() => returnList(ctx(who), input)),
    submitToDirector: (who, input = {}) => tx(() => submitToDirector(ctx(who), input)),
    finalise: (who, input = {}) => tx(() => finalise(ctx(who), input)),
    directorReturn: (who, input) => tx(() => directorReturn(ctx(who), input)),
    reopen: (who, input) => tx(() => reopen(ctx(who), input)),
    pendingFor: (actorId) => pendingFor(db, actorId),
    details: (who, submissionId) => details(ctx(who), submissionId),
    progress: (who, code = null) => progress(ctx(who), code),
    history: (personId, code = null) => history(db, personId, code),
    myResults: (personId) => myResults(db, personId),
    onSubmitted: (ev) => tx(() => onSubmitted(db, ev)),
  };
}
