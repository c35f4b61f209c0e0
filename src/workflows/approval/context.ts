/** Shared helpers of the approval workflow's handlers: who acts, and how a result becomes replies. */
import type { ActionContext, ActionResult } from '../../approval/approval-types.js';
import type { ApprovalService } from '../../approval/approval-service.js';
import type { WorkflowContext } from '../../conversation/workflow.js';
import type { OutboundMessage } from '../../conversation/types.js';
import type { ApprovalDialog } from './dialog.js';
import { renderNotice } from './render-notices.js';
import { refusalText } from './render-refusal.js';

export type ApCtx = WorkflowContext<ApprovalDialog>;

/** What the handlers share. */
export interface ApprovalDeps {
  service: ApprovalService;
}

export function whoOf(ctx: ApCtx): ActionContext {
  return { actorId: ctx.person.id, now: ctx.now, channel: ctx.event.channel };
}

export function say(ctx: ApCtx, text: string): void {
  ctx.replies.push({ kind: 'text', text });
}

/**
 * An action's result as the actor's replies: a refusal as "⛔ …"; a success as `text(outcome)` (plus `extra`), its
 * notices queued for the engine to write to the outbox in this step's transaction. Either way the dialog ends.
 */
export function reply<T>(
  ctx: ApCtx,
  result: ActionResult<T>,
  text: (outcome: T) => string,
  extra: (outcome: T) => OutboundMessage[] | Promise<OutboundMessage[]> = () => [],
): Promise<void> | void {
  if (!result.ok) {
    say(ctx, `⛔ ${refusalText(result.refusal)}`);
    ctx.exit();
    return;
  }
  say(ctx, text(result.outcome));
  ctx.notifications.push(...result.notices.map(renderNotice));
  ctx.exit();
  const more = extra(result.outcome);
  if (Array.isArray(more)) ctx.replies.push(...more);
  else return more.then((m) => void ctx.replies.push(...m));
}

/** A refusal of a check (no action performed). */
export function refuse(ctx: ApCtx, result: { ok: false; refusal: Parameters<typeof refusalText>[0] }): void {
  say(ctx, `⛔ ${refusalText(result.refusal)}`);
  ctx.exit();
}
