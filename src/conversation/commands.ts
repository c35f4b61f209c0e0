/** Slash commands: the engine's own (`/start`, `/huongdan`, `/huy`) and routing to the workflow that owns a name. */
import { builtInCommand } from './command-list.js';
import { normaliseInviteCode } from './invite-code.js';
import { refuseWithoutRole } from './invoke-workflow.js';
import { askToLink, linkByCode } from './linking.js';
import { helpText } from './render/help.js';
import { T } from './render/texts.js';
import { contextFor, greeting, showIdleMenu } from './router.js';
import { IDLE } from './state.js';
import { isLinked, type StepContext } from './step-context.js';

export async function runCommand(ctx: StepContext, rawName: string, args: string): Promise<void> {
  const name = rawName.toLowerCase().replace(/^\//, '').replace(/@.*$/, '');
  const builtIn = builtInCommand(name);
  const owner = ctx.workflows.command(name);
  if (ctx.event.inGroup && (!owner?.command.inGroup || !isLinked(ctx))) return;
  if (builtIn?.id === 'start') return start(ctx, args);
  if (builtIn?.id === 'help') {
    if (!isLinked(ctx)) return askToLink(ctx, helpText(ctx.workflows, null));
    ctx.replies.push({ kind: 'text', text: helpText(ctx.workflows, ctx.person) });
    return;
  }
  if (!isLinked(ctx)) return askToLink(ctx);
  if (builtIn?.id === 'cancel') {
    ctx.dialog = IDLE;
    ctx.replies.push({ kind: 'text', text: T.cancelled });
    return;
  }
  if (!owner) {
    ctx.replies.push({ kind: 'text', text: T.unknownCommand(name) });
    return;
  }
  if (refuseWithoutRole(ctx, owner.command.roles)) return;
  // A command leaves another workflow's dialog; the workflow's own commands keep it unless they change it.
  if (ctx.dialog.type === 'workflow' && ctx.dialog.workflow !== owner.workflow.name) ctx.dialog = IDLE;
  return owner.command.handle(contextFor(ctx, owner.workflow), args);
}

/** `/start [code]` or a platform start event (deep link). */
export async function start(ctx: StepContext, param: string | undefined): Promise<void> {
  const code = param ? normaliseInviteCode(param) : null;
  if (!isLinked(ctx)) {
    if (code) return linkByCode(ctx, code);
    return askToLink(ctx, T.welcome);
  }
  // A dialog left half-way (e.g. a page reload of the web chat): a short greeting, then where the person was,
  // rather than the whole command list in front of it.
  const before = ctx.dialog;
  if (before.type === 'workflow') {
    const workflow = ctx.workflows.workflow(before.workflow);
    const resume = workflow?.dialog?.resume;
    const at = ctx.replies.length;
    if (workflow && resume && (await resume(contextFor(ctx, workflow)))) {
      ctx.replies.splice(at, 0, { kind: 'text', text: await greeting(ctx, `Xin chào ${ctx.person.fullName}!`, T.resumeHere) });
      return;
    }
  }
  ctx.dialog = IDLE;
  await showIdleMenu(ctx, await greeting(ctx, `Xin chào ${ctx.person.fullName}!`, helpText(ctx.workflows, ctx.person)));
}
