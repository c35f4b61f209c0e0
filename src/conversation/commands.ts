/** Slash commands: built-ins, module commands, role checks. */
import { resumeAssessment, startAssessment } from './assessment/answering.js';
import { requestSubmit, reviewCommand } from './assessment/review.js';
import { builtInCommand, hasRole } from './command-list.js';
import { invokeModule } from './invoke-module.js';
import { normaliseInviteCode } from './invite-code.js';
import { askToLink, linkByCode } from './linking.js';
import { mentionCommand } from './preferences.js';
import { helpText } from './render/help.js';
import { T } from './render/texts.js';
import { progressCommand, scoresCommand } from './scores.js';
import { IDLE } from './state.js';
import { isLinked, type StepContext } from './step-context.js';

export function runCommand(ctx: StepContext, rawName: string, args: string): void {
  const name = rawName.toLowerCase().replace(/^\//, '').replace(/@.*$/, '');
  const builtIn = builtInCommand(name);
  const fromModule = ctx.modules.command(name);
  if (ctx.event.inGroup && (!fromModule?.command.inGroup || !isLinked(ctx))) return;
  if (builtIn?.id === 'start') return start(ctx, args);
  if (builtIn?.id === 'help') {
    if (!isLinked(ctx)) return askToLink(ctx, helpText(ctx.modules, null));
    ctx.replies.push({ kind: 'text', text: helpText(ctx.modules, ctx.person) });
    return;
  }
  if (!isLinked(ctx)) return askToLink(ctx);
  if (!builtIn && !fromModule) {
    ctx.replies.push({ kind: 'text', text: T.unknownCommand(name) });
    return;
  }
  const roles = fromModule ? (fromModule.command.roles ?? builtIn?.roles) : builtIn?.roles;
  if (!hasRole(ctx.person.roles, roles)) {
    ctx.replies.push({ kind: 'text', text: T.noRole });
    return;
  }
  // A command leaves a module dialog, unless it is that module's own command.
  if (ctx.dialog.type === 'module' && ctx.dialog.module !== fromModule?.module.name) ctx.dialog = IDLE;
  if (fromModule) return invokeModule(ctx, fromModule.module, (m) => fromModule.command.handle({ ...m, args }));
  switch (builtIn?.id) {
    case 'assess': {
      const n = /^\d{1,3}$/.test(args.trim()) ? Number(args.trim()) : undefined;
      return startAssessment(ctx, n);
    }
    case 'review':
      return reviewCommand(ctx);
    case 'submit':
      return requestSubmit(ctx);
    case 'score':
      return scoresCommand(ctx);
    case 'status':
      return progressCommand(ctx);
    case 'mention':
      return mentionCommand(ctx, args);
    case 'cancel':
      ctx.dialog = IDLE;
      ctx.replies.push({ kind: 'text', text: T.cancelled });
      return;
    default:
      ctx.replies.push({ kind: 'text', text: T.notAvailable });
  }
}

/** `/start [code]` or a platform start event (deep link). */
export function start(ctx: StepContext, param: string | undefined): void {
  const code = param ? normaliseInviteCode(param) : null;
  if (!isLinked(ctx)) {
    if (code) return linkByCode(ctx, code);
    return askToLink(ctx, T.welcome);
  }
  const before = ctx.dialog;
  ctx.dialog = IDLE;
  // A question left half-answered (e.g. a page reload of the web chat): a short greeting, then the question,
  // rather than the whole command list in front of it.
  const at = ctx.replies.length;
  if (resumeAssessment(ctx, before)) {
    ctx.replies.splice(at, 0, { kind: 'text', text: `Xin chào ${ctx.person.fullName}! Anh/chị đang trả lời dở, mời tiếp tục:` });
    return;
  }
  ctx.replies.push({
    kind: 'choices',
    text: `Xin chào ${ctx.person.fullName}!\n\n${helpText(ctx.modules, ctx.person)}`,
    choices: [{ label: '📝 Tự đánh giá', payload: 'c:tudanhgia' }, { label: '📊 Điểm của tôi', payload: 'c:diem' }],
    typeHint: 'Gõ /tudanhgia để tự đánh giá.',
    columns: 2,
  });
}
