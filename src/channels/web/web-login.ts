/**
 * Login to the web chat with a one-time code from the office. ONE unit of work redeems the code, links the web
 * chat account on a first login (audited exactly like a link in any chat: `account.linked`), or audits the login
 * of an already linked person on another browser (`web.login`), and creates the session. Why one unit: five
 * browsers sending the same code at once must give ONE session; the units of work run one after another, the
 * first redeems the code and the others find it used (issue 18, item 3).
 *
 * The engine is asked for its greeting only afterwards (a `start` event of the now linked chat): its step is a
 * unit of work of its own, which must never be opened from inside this one.
 */
import type { EngineResult, InboundEvent, OutboundMessage } from '../../conversation/types.js';
import { hashInviteCode, normaliseInviteCode } from '../../conversation/invite-code.js';
import type { Store, Tx } from '../../store/store.js';
import { hashToken, newSessionToken, webChatIdOf } from './web-sessions.js';

/** Outcome of a login code. */
export type WebLoginResult =
  | { ok: true; personId: number; token: string; expiresAt: number; replies: OutboundMessage[] }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' }
  /** The code is valid but opens nothing (the person is no longer active): the code is left unused. */
  | { ok: false; reason: 'refused' };

export interface WebLoginDeps {
  store: Store;
  handle(event: InboundEvent): Promise<EngineResult>;
  sessionTtlMs: number;
  /** A fresh event id for the greeting's `start` event. */
  newEventId: () => string;
}

/** Thrown inside the unit of work to roll the redemption back. */
class LoginRefused extends Error {
  override name = 'LoginRefused';
}

type Redeemed = { ok: true; personId: number } | { ok: false; reason: 'unknown' | 'expired' | 'used' };

export async function loginWithCode(deps: WebLoginDeps, code: string, now: Date): Promise<WebLoginResult> {
  const canonical = normaliseInviteCode(code);
  if (!canonical) return { ok: false, reason: 'unknown' };
  const nowMs = now.getTime();
  const token = newSessionToken();
  const expiresAt = nowMs + deps.sessionTtlMs;
  let redeemed: Redeemed;
  try {
    redeemed = await deps.store.transaction((tx) => redeemAndOpen(tx, hashInviteCode(canonical), hashToken(token), nowMs, expiresAt));
  } catch (error) {
    if (error instanceof LoginRefused) return { ok: false, reason: 'refused' };
    throw error;
  }
  if (!redeemed.ok) return redeemed;
  const chatId = webChatIdOf(redeemed.personId);
  const greeting = await deps.handle({
    channel: 'web',
    kind: 'start',
    userId: chatId,
    chatId,
    eventId: deps.newEventId(),
    receivedAt: now,
  });
  return { ok: true, personId: redeemed.personId, token, expiresAt, replies: greeting.replies };
}

async function redeemAndOpen(tx: Tx, codeHash: string, tokenHash: string, now: number, expiresAt: number): Promise<Redeemed> {
  const redeemed = await tx.directory.redeemInvite(codeHash, now);
  if (!redeemed.ok) return redeemed;
  const person = await tx.directory.getPerson(redeemed.personId);
  if (!person || !person.active) throw new LoginRefused('person not active');
  const chatId = webChatIdOf(person.id);
  const account = await tx.directory.findAccount('web', chatId);
  if (account && account.personId !== person.id) throw new LoginRefused('web chat of another person');
  if (account && account.status === 'active') {
    // Already linked: a login on another browser, audited like a link.
    await tx.audit.record({
      at: now,
      unitId: person.unitId,
      actorPersonId: person.id,
      channel: 'web',
      action: 'web.login',
      entityType: 'person',
      entityId: String(person.id),
      subjectPersonId: person.id,
      after: { via: 'code' },
    });
  } else {
    const linked = await tx.directory.linkAccount({ personId: person.id, channel: 'web', externalUserId: chatId, chatId, via: 'code', now });
    await tx.audit.record({
      at: now,
      unitId: person.unitId,
      actorPersonId: person.id,
      channel: 'web',
      action: 'account.linked',
      entityType: 'chat_account',
      entityId: String(linked.id),
      subjectPersonId: person.id,
      after: { channel: 'web', via: 'code' },
    });
  }
  await tx.webSessions.create({ tokenHash, personId: person.id, expiresAt, createdAt: now });
  return { ok: true, personId: person.id };
}
