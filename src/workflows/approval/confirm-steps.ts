/**
 * The irreversible steps of the chain, asked before they are done (issue 16 item 3): the head sends the department
 * list, the office accepts a list or reports to the director, the director finalises. The first press (or the
 * command) shows the summary with Xác nhận / Huỷ; Xác nhận re-reads the summary and acts only when its stamp is the
 * one shown (otherwise the fresh summary is shown again); every action is then checked again by the service.
 */
import type { ActionResult } from '../../approval/approval-types.js';
import { acceptPreview, directorData, listPreview, officeData } from '../../approval/step-summaries.js';
import type { OutboundMessage } from '../../conversation/types.js';
import { refuse, reply, say, whoOf, type ApCtx, type ApprovalDeps } from './context.js';
import {
  acceptConfirmation,
  CONFIRMATION_CANCELLED,
  finaliseConfirmation,
  reportConfirmation,
  sendListConfirmation,
  STALE_CONFIRMATION,
} from './render-confirmations.js';
import { finalisedText, listAcceptedText, listSentText, reportedText } from './render-outcomes.js';

/** The steps that ask first; `show` is the first press or command, `confirm` the Xác nhận. */
export type ConfirmStep = 'send-list' | 'accept' | 'report' | 'finalise';

/** Shows the step's summary and confirmation (or why it cannot be done now). `id`: the list (accept). */
export async function showConfirmation(deps: ApprovalDeps, ctx: ApCtx, step: ConfirmStep, id = 0): Promise<void> {
  ctx.exit();
  const shown = await load(deps, ctx, step, id);
  if (!shown.ok) return refuse(ctx, shown);
  ctx.replies.push(...shown.outcome.messages);
}

/** Xác nhận: acts when the state is still the one shown (`stamp`), else shows the new state to confirm again. */
export async function confirmStep(deps: ApprovalDeps, ctx: ApCtx, step: ConfirmStep, id: number, stamp: string | null): Promise<void> {
  ctx.exit();
  const current = await load(deps, ctx, step, step === 'accept' ? id : 0);
  if (!current.ok) {
    ctx.replies.push({ kind: 'answered', text: '⛔ Chưa thực hiện' });
    return refuse(ctx, current);
  }
  if (current.outcome.stamp !== stamp || current.outcome.targetId !== id) {
    ctx.logger.info({ step }, 'stale confirmation refused');
    ctx.replies.push({ kind: 'answered', text: '⚠️ Bản xác nhận đã cũ' }, { kind: 'text', text: STALE_CONFIRMATION }, ...current.outcome.messages);
    return;
  }
  ctx.replies.push({ kind: 'answered', text: '✅ Đã xác nhận' });
  const { service } = deps;
  const who = whoOf(ctx);
  switch (step) {
    case 'send-list':
      return reply(ctx, await service.sendList(ctx.tx, who), listSentText);
    case 'accept':
      return reply(ctx, await service.acceptList(ctx.tx, who, { listId: id }), listAcceptedText);
    case 'report':
      return reply(ctx, await service.submitToDirector(ctx.tx, who, { periodId: id }), reportedText);
    case 'finalise':
      return reply(ctx, await service.finalise(ctx.tx, who, { periodId: id }), finalisedText);
  }
}

/** Huỷ: nothing happens. */
export function cancelStep(ctx: ApCtx): void {
  ctx.exit();
  ctx.replies.push({ kind: 'answered', text: '✖️ Đã huỷ' });
  say(ctx, CONFIRMATION_CANCELLED);
}

interface Loaded {
  messages: OutboundMessage[];
  stamp: string;
  /** The id the confirmation names (the period, or the list): a button of another period is stale too. */
  targetId: number;
}

/** The step's summary (the dashboard's data) as chat messages, with its stamp. */
async function load(deps: ApprovalDeps, ctx: ApCtx, step: ConfirmStep, listId: number): Promise<ActionResult<Loaded>> {
  const who = whoOf(ctx);
  const wrap = <T extends { stamp: string }>(r: ActionResult<T>, id: (t: T) => number, render: (t: T) => OutboundMessage[]): ActionResult<Loaded> =>
    r.ok ? { ok: true, outcome: { messages: render(r.outcome), stamp: r.outcome.stamp, targetId: id(r.outcome) }, notices: [] } : r;
  switch (step) {
    case 'send-list':
      return wrap(await listPreview(ctx.tx, who), (p) => p.period.id, sendListConfirmation);
    case 'accept':
      return wrap(await acceptPreview(ctx.tx, deps.service, who, listId), (p) => p.listId, acceptConfirmation);
    case 'report':
      return wrap(await officeData(ctx.tx, deps.service, who), (d) => d.period.id, reportConfirmation);
    case 'finalise':
      return wrap(await directorData(ctx.tx, deps.service, who), (d) => d.period.id, finaliseConfirmation);
  }
}
