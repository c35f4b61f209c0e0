/**
 * Getting recognised: a chat account is linked to a directory entry by a shared (verified) phone number or by a
 * one-time code from the office. Every link is audited. One person may link several channels.
 */
import { normalisePhone } from '../directory/phone.js';
import { hashInviteCode, normaliseInviteCode } from './invite-code.js';
import type { PersonView } from '../store/directory.js';
import type { AttemptLimit } from '../store/login-attempts.js';
import { helpText } from './render/help.js';
import { T } from './render/texts.js';
import { greeting, showIdleMenu } from './router.js';
import { IDLE } from './state.js';
import { isLinked, type StepContext } from './step-context.js';

/**
 * Wrong one-time codes allowed per chat user (and, on the web, per address) within the window; beyond it, codes
 * are refused until the window has passed, even a right one (issue 18, item 7: a chat is one person, unlike an
 * office's shared address). Counted in the store, so a restart does not clear it.
 */
export const CODE_ATTEMPT_LIMIT: AttemptLimit = { maxFailures: 10, windowMs: 15 * 60 * 1000 };

/** The Vietnamese refusal while a limit holds (`waitMs` > 0). */
export function tooManyCodeAttempts(waitMs: number): string {
  return `Anh/chị đã nhập sai mã kích hoạt quá nhiều lần. Vui lòng thử lại sau ${Math.max(1, Math.ceil(waitMs / 60_000))} phút.`;
}

/** Asks for a phone number or a code (and remembers that we asked). */
export function askToLink(ctx: StepContext, notice?: string): void {
  ctx.dialog = { type: 'linking' };
  ctx.replies.push({ kind: 'request-phone', text: notice ? `${notice}\n\n${T.askLink}` : T.askLink });
}

/** Any event from an unlinked chat. */
export async function onUnlinked(ctx: StepContext): Promise<void> {
  const e = ctx.event;
  if (e.kind === 'contact') return linkByPhone(ctx, e.phone, e.verified);
  if (e.kind === 'text') {
    const code = normaliseInviteCode(e.text.trim());
    if (code) return linkByCode(ctx, code);
    return askToLink(ctx, ctx.dialog.type === 'linking' ? T.notUnderstood.trim() : undefined);
  }
  askToLink(ctx);
}

export async function linkByPhone(ctx: StepContext, phone: string, verified: boolean): Promise<void> {
  if (ctx.account) return say(ctx, T.alreadyLinked);
  if (!verified) return askToLink(ctx, T.unverifiedContact);
  const normalised = normalisePhone(phone);
  if (!normalised) return askToLink(ctx, T.badPhone);
  const people = await ctx.tx.directory.findPeopleByPhone(normalised);
  if (people.length === 0) {
    ctx.logger.info({ outcome: 'unknown-phone' }, 'link refused');
    return say(ctx, T.unknownPhone);
  }
  if (people.length > 1) return say(ctx, T.ambiguousPhone);
  const [person] = people;
  if (person) await link(ctx, person, 'phone');
}

export async function linkByCode(ctx: StepContext, canonical: string): Promise<void> {
  if (ctx.account) return say(ctx, T.alreadyLinked);
  const attemptKey = `${ctx.event.channel}:${ctx.event.userId}`;
  const wait = await ctx.tx.loginAttempts.retryAfter(attemptKey, ctx.nowMs, CODE_ATTEMPT_LIMIT);
  if (wait > 0) {
    ctx.logger.info({ outcome: 'code-rate-limited' }, 'link refused');
    return say(ctx, tooManyCodeAttempts(wait));
  }
  const result = await ctx.tx.directory.redeemInvite(hashInviteCode(canonical), ctx.nowMs);
  if (!result.ok) {
    await ctx.tx.loginAttempts.recordFailure([attemptKey], ctx.nowMs);
    ctx.logger.info({ outcome: `code-${result.reason}` }, 'link refused');
    return askToLink(ctx, result.reason === 'expired' ? T.codeExpired : result.reason === 'used' ? T.codeUsed : T.codeUnknown);
  }
  const person = await ctx.tx.directory.getPerson(result.personId);
  if (!person) return say(ctx, T.codeUnknown);
  await link(ctx, person, 'code');
}

async function link(ctx: StepContext, person: PersonView, via: 'phone' | 'code'): Promise<void> {
  if (!person.active) return say(ctx, T.inactive);
  const e = ctx.event;
  const account = await ctx.tx.directory.linkAccount({
    personId: person.id,
    channel: e.channel,
    externalUserId: e.userId,
    chatId: e.chatId,
    via,
    now: ctx.nowMs,
  });
  await ctx.tx.audit.record({
    at: ctx.nowMs,
    unitId: person.unitId,
    actorPersonId: person.id,
    channel: e.channel,
    action: 'account.linked',
    entityType: 'chat_account',
    entityId: String(account.id),
    subjectPersonId: person.id,
    after: { channel: e.channel, via },
  });
  ctx.logger.info({ personId: person.id, accountId: account.id, via }, 'chat account linked');
  ctx.person = person;
  ctx.account = account;
  ctx.dialog = IDLE;
  if (isLinked(ctx)) await showIdleMenu(ctx, await greeting(ctx, `✅ Xin chào ${person.fullName}! Tài khoản đã được liên kết.`, helpText(ctx.workflows, person)));
}

function say(ctx: StepContext, text: string): void {
  ctx.dialog = IDLE;
  ctx.replies.push({ kind: 'text', text });
}
