/**
 * Shared types of the review workflow's services: who acts, from where, and what an action returns.
 *
 * Every service takes the unit of work's repositories (`tx: Tx`) and the {@link ActionContext}; it never opens a
 * transaction itself (the engine, the CLI or an HTTP route does). It returns DATA: the outcome for the actor and
 * the notices for other people ({@link ApprovalNotice}, rendered to chat text by `src/workflows/approval/`), or a
 * {@link Refusal} that changed nothing.
 */
import type { ChannelName } from '../conversation/types.js';
import type { ApprovalNotice } from './notices.js';
import type { Refusal } from './refusals.js';

/**
 * Who acts, when and from where. `actorId` is always re-loaded from the directory (roles are never taken from the
 * chat state), and `channel` goes into the audit log ("from where"); `cli` for the `thidua` command.
 */
export interface ActionContext {
  actorId: number;
  now: Date;
  channel: ChannelName | 'cli' | null;
}

/** The outcome of an action, or why it was refused (then nothing changed). */
export type ActionResult<T> = { ok: true; outcome: T; notices: ApprovalNotice[] } | { ok: false; refusal: Refusal };

export function refused(refusal: Refusal): { ok: false; refusal: Refusal } {
  return { ok: false, refusal };
}

export function done<T>(outcome: T, notices: ApprovalNotice[] = []): { ok: true; outcome: T; notices: ApprovalNotice[] } {
  return { ok: true, outcome, notices };
}

/** Listeners other features give the review services (the composition root passes them). */
export interface ApprovalHooks {
  /**
   * Told after the director's finalisation has COMMITTED (registered with `tx.afterCommit`): the honour list
   * follows (the scheduler's `onPeriodFinalised`). Never called when the action is refused or rolled back.
   */
  onPeriodFinalised?: (event: { unitId: string; periodCode: string }) => void;
}
