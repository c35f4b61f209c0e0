/**
 * Decides who handles an event, from its kind and the chat's dialog: the engine's own commands and linking, a
 * workflow's command, button or dialog, or the idle menu. Nothing here knows any workflow.
 */
import { hasRole } from './command-list.js';
import { runCommand, start } from './commands.js';
import { dialogDataOf, workflowContext } from './invoke-workflow.js';
import type { WorkflowContext } from './workflow.js';
import type { AnyWorkflow } from './workflow-registry.js';
import { onUnlinked } from './linking.js';
import { fold } from './parse-answer.js';
import { T } from './render/texts.js';
import { IDLE } from './state.js';
import { isLinked, type LinkedContext, type StepContext } from './step-context.js';
import { COMMAND_BUTTON_PREFIX } from './workflow-registry.js';
import type { Choice } from './types.js';

/** The context a workflow's handler gets, wired to the engine's command router and idle menu. */
export function contextFor(ctx: LinkedContext, workflow: AnyWorkflow): WorkflowContext<unknown> {
  return workflowContext(ctx, workflow, runCommand, (c) => showIdleMenu(c, T.idleHint));
}

const SLASH = /^\/([a-z0-9_]+)(?:@\S+)?(?:\s+([\s\S]*))?$/i;

export async function route(ctx: StepContext): Promise<void> {
  const e = ctx.event;
  if (e.kind === 'command') return runCommand(ctx, e.name, e.args);
  if (e.kind === 'text') {
    const slash = SLASH.exec(e.text.trim());
    if (slash) return runCommand(ctx, slash[1] ?? '', (slash[2] ?? '').trim());
  }
  if (e.inGroup) return;
  if (e.kind === 'start') return start(ctx, e.param);
  if (!isLinked(ctx)) return onUnlinked(ctx);
  if (!ctx.person.active) {
    ctx.replies.push({ kind: 'text', text: T.inactive });
    return;
  }
  if (e.kind === 'contact') {
    ctx.replies.push({ kind: 'text', text: T.alreadyLinked });
    return;
  }
  if (e.kind === 'button') return onButton(ctx, e.payload);
  return onInput(ctx);
}

async function onButton(ctx: LinkedContext, payload: string): Promise<void> {
  if (payload.startsWith(COMMAND_BUTTON_PREFIX)) return runCommand(ctx, payload.slice(COMMAND_BUTTON_PREFIX.length), '');
  const owner = ctx.workflows.button(payload);
  if (!owner) return unknownButton(ctx);
  if (!hasRole(ctx.person.roles, owner.buttons.roles)) {
    ctx.replies.push({ kind: 'text', text: T.noButtonRight });
    return;
  }
  return owner.buttons.handle(contextFor(ctx, owner.workflow), payload);
}

/** A button nobody owns (an old release's, or forged): say so and show where the person is. Nothing changes. */
async function unknownButton(ctx: LinkedContext): Promise<void> {
  const d = ctx.dialog;
  const workflow = d.type === 'workflow' ? ctx.workflows.workflow(d.workflow) : undefined;
  const resume = workflow?.dialog?.resume;
  if (workflow && resume && dialogDataOf(ctx, workflow) !== null) {
    const at = ctx.replies.length;
    if (await resume(contextFor(ctx, workflow))) {
      ctx.replies.splice(at, 0, { kind: 'text', text: T.staleButton });
      return;
    }
  }
  ctx.replies.push({ kind: 'text', text: T.staleButtonIdle });
}

/** Text, link, file or contact: the active workflow dialog, else the idle menu. */
async function onInput(ctx: LinkedContext): Promise<void> {
  const d = ctx.dialog;
  if (d.type === 'workflow') {
    const workflow = ctx.workflows.workflow(d.workflow);
    if (workflow?.dialog && dialogDataOf(ctx, workflow) !== null) {
      return workflow.dialog.handle(contextFor(ctx, workflow));
    }
    ctx.dialog = IDLE;
    ctx.replies.push({ kind: 'text', text: T.dialogExpired });
    return;
  }
  return onIdle(ctx);
}

/** Free input with nothing pending: a typed shortcut of some workflow, else the idle menu. */
async function onIdle(ctx: LinkedContext): Promise<void> {
  const e = ctx.event;
  if (e.kind === 'text') {
    const folded = fold(e.text);
    for (const workflow of ctx.workflows.workflows) {
      const shortcut = workflow.shortcut?.(folded);
      if (shortcut) return runCommand(ctx, shortcut.command, shortcut.args);
    }
  }
  return showIdleMenu(ctx, T.idleHint);
}

/** The greeting's blocks: `first`, then every workflow's lines (what waits for the person), then `rest`. */
export async function greeting(ctx: LinkedContext, first: string, rest: string): Promise<string> {
  const lines: string[] = [];
  for (const workflow of ctx.workflows.workflows) if (workflow.greeting) lines.push(...(await workflow.greeting(contextFor(ctx, workflow))));
  return [first, ...(lines.length > 0 ? [lines.join('\n')] : []), ...(rest ? [rest] : [])].join('\n\n');
}

/** The menu every workflow contributes to: `/start` with nothing pending, or free text the bot cannot place. */
export async function showIdleMenu(ctx: LinkedContext, lead: string | null): Promise<void> {
  const lines: string[] = [];
  const choices: Choice[] = [];
  const commands: string[] = [];
  let first = lead;
  for (const workflow of ctx.workflows.workflows) {
    const offer = await workflow.idle?.(contextFor(ctx, workflow));
    if (!offer) continue;
    if (offer.lead !== undefined && first === lead) first = offer.lead;
    lines.push(...offer.lines);
    choices.push(...offer.choices);
    commands.push(...offer.typeCommands);
  }
  const text = [...(first !== null ? [first] : []), ...lines].join('\n');
  if (choices.length === 0) {
    ctx.replies.push({ kind: 'text', text: text || T.idleHint });
    return;
  }
  ctx.replies.push({
    kind: 'choices',
    text,
    choices,
    typeHint: `Gõ ${joinOr(commands)}.`,
    columns: choices.length > 3 ? 2 : 3,
  });
}

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} hoặc ${items[items.length - 1] ?? ''}`;
}
