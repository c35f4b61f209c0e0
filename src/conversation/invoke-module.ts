/** Calls a module handler with its context and applies what it returns (replies, notifications, dialog change). */
import type { ConversationModule, ModuleContext, ModuleResult } from './module.js';
import { lazyChild } from './lazy-logger.js';
import { IDLE } from './state.js';
import type { LinkedContext } from './step-context.js';

export function invokeModule(
  ctx: LinkedContext,
  module: ConversationModule,
  handler: (mctx: ModuleContext) => ModuleResult,
): void {
  const active = ctx.dialog.type === 'module' && ctx.dialog.module === module.name ? ctx.dialog : null;
  let data: unknown = null;
  if (active && module.dialog) {
    const parsed = module.dialog.schema.safeParse(active.data);
    if (parsed.success) data = parsed.data;
    else ctx.dialog = IDLE;
  }
  const mctx: ModuleContext = {
    event: ctx.event,
    chatKey: ctx.chatKey,
    now: ctx.now,
    person: ctx.person,
    account: ctx.account,
    logger: lazyChild(ctx.logger, { module: module.name }),
    dialog: data,
  };
  const result = handler(mctx);
  ctx.replies.push(...result.replies);
  if (result.notifications) ctx.notifications.push(...result.notifications);
  const change = result.dialog;
  if (change === 'exit') ctx.dialog = IDLE;
  else if (change !== undefined) {
    if (!module.dialog) throw new Error(`Module "${module.name}" entered a dialog but declares none`);
    const parsed = module.dialog.schema.safeParse(change.enter);
    if (!parsed.success) throw new Error(`Module "${module.name}" entered a dialog with invalid data`);
    ctx.dialog = { type: 'module', module: module.name, data: change.enter };
  }
}

/** Validated data of the active module dialog, or null when it is not this module's or no longer valid. */
export function moduleDialogData(ctx: LinkedContext, module: ConversationModule): { data: unknown } | null {
  if (ctx.dialog.type !== 'module' || ctx.dialog.module !== module.name || !module.dialog) return null;
  const parsed = module.dialog.schema.safeParse(ctx.dialog.data);
  return parsed.success ? { data: parsed.data } : null;
}
