/**
 * How the engine calls a workflow: it builds the {@link WorkflowContext} over the step, validates the workflow's
 * saved dialog data (migrating an older version, or dropping data it cannot read), and applies `enter`/`exit`.
 */
import { hasRole } from './command-list.js';
import { lazyChild } from './lazy-logger.js';
import { IDLE } from './state.js';
import type { LinkedContext } from './step-context.js';
import { T } from './render/texts.js';
import type { WorkflowContext } from './workflow.js';
import type { WorkflowEvent } from './workflow-events.js';
import type { AnyWorkflow } from './workflow-registry.js';

/** The active dialog's data for `workflow`, validated; null when another dialog (or none) is active or it is unreadable. */
export function dialogDataOf(ctx: LinkedContext, workflow: AnyWorkflow): unknown {
  const d = ctx.dialog;
  if (d.type !== 'workflow' || d.workflow !== workflow.name || !workflow.dialog) return null;
  const dialog = workflow.dialog;
  let data = d.data;
  if (d.version !== dialog.version) {
    data = d.version < dialog.version && dialog.migrate ? dialog.migrate(data, d.version) : null;
    if (data === null) return null;
  }
  const parsed = dialog.schema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

/** Builds the context a workflow's handler gets for this step. */
export function workflowContext(ctx: LinkedContext, workflow: AnyWorkflow, run: RunCommand, menu: ShowMenu): WorkflowContext<unknown> {
  let current = dialogDataOf(ctx, workflow);
  return {
    event: ctx.event,
    chatKey: ctx.chatKey,
    now: ctx.now,
    nowMs: ctx.nowMs,
    person: ctx.person,
    account: ctx.account,
    tx: ctx.tx,
    logger: lazyChild(ctx.logger, { workflow: workflow.name }),
    limits: ctx.limits,
    storedFile: ctx.storedFile,
    newNonce: ctx.newNonce,
    replies: ctx.replies,
    notifications: ctx.notifications,
    get dialog() {
      return current;
    },
    enter(next) {
      const dialog = workflow.dialog;
      if (!dialog) throw new Error(`Workflow "${workflow.name}" entered a dialog but declares none`);
      if (!dialog.schema.safeParse(next).success) throw new Error(`Workflow "${workflow.name}" entered a dialog with invalid data`);
      ctx.dialog = { type: 'workflow', workflow: workflow.name, version: dialog.version, data: next };
      current = next;
    },
    exit() {
      if (ctx.dialog.type === 'workflow' && ctx.dialog.workflow === workflow.name) ctx.dialog = IDLE;
      current = null;
    },
    emit: (event) => emit(ctx, event, run, menu),
    runCommand: (name, args = '') => run(ctx, name, args),
    showMenu: () => menu(ctx),
  };
}

/** Runs a command by name for a linked person (the engine's command router). */
export type RunCommand = (ctx: LinkedContext, name: string, args: string) => Promise<void>;
/** Shows the idle menu (the engine's router). */
export type ShowMenu = (ctx: LinkedContext) => Promise<void>;

/** Tells every other workflow with an `on` handler; true when one handled it. */
async function emit(ctx: LinkedContext, event: WorkflowEvent, run: RunCommand, menu: ShowMenu): Promise<boolean> {
  let handled = false;
  for (const workflow of ctx.workflows.workflows) {
    if (!workflow.on) continue;
    if (await workflow.on(workflowContext(ctx, workflow, run, menu), event)) handled = true;
  }
  return handled;
}

/** The polite refusal when the person lacks every role of `roles`; true when refused. */
export function refuseWithoutRole(ctx: LinkedContext, roles: Parameters<typeof hasRole>[1], text: string = T.noRole): boolean {
  if (hasRole(ctx.person.roles, roles)) return false;
  ctx.replies.push({ kind: 'text', text });
  return true;
}
