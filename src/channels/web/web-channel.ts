/**
 * The web chat channel: pull-based (no sender), always on. People log in with a one-time code from the office;
 * the code is redeemed by the conversation engine's own linking (a `start` event carrying the code), so linking is
 * audited the same way on every channel, and the web chat account is then `person-<id>`.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Express } from 'express';
import { inviteCodes } from '../../../db/schema.js';
import type { AppServices, ChannelRuntime } from '../../app/services.js';
import { hashInviteCode, normaliseInviteCode } from '../../conversation/invite-code.js';
import type { DirectoryPort } from '../../conversation/ports.js';
import { recordAudit } from '../../persistence/audit.js';
import { createDirectoryPort } from '../../persistence/directory-port.js';
import { type Db, inTransaction } from '../../persistence/open-db.js';
import { LoginLimiter } from './login-limiter.js';
import { MediaRegistry } from './render-outbound.js';
import { createWebRouter, type WebLinkResult, type WebProfile } from './web-router.js';
import { WebSessionStore, webChatIdOf } from './web-sessions.js';

export interface WebChannelOptions {
  /** How long a login lasts (default 7 days). */
  sessionTtlMs?: number;
  /** Failed logins allowed per IP and window (default 10 per 15 minutes). */
  loginMaxFailures?: number;
  loginWindowMs?: number;
}

export const DEFAULT_SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Creates the web chat runtime; `mount` adds `/chat` and `/api/web/*`. */
export function createWebChannel(services: AppServices, options: WebChannelOptions = {}): ChannelRuntime {
  const { db, logger, clock, config } = services;
  const sessions = new WebSessionStore(db);
  const limiter = new LoginLimiter({
    maxFailures: options.loginMaxFailures ?? 10,
    windowMs: options.loginWindowMs ?? 15 * 60 * 1000,
  });
  const media = new MediaRegistry(config.dataDir);
  const directory = createDirectoryPort(db);

  async function link(code: string, now: Date): Promise<WebLinkResult> {
    const canonical = normaliseInviteCode(code);
    if (!canonical) return { ok: false, reason: 'unknown' };
    const peek = peekInvite(services, canonical, now.getTime());
    if (!peek.ok) return peek;
    const chatId = webChatIdOf(peek.personId);
    const linkedBefore = activeWebAccount(directory, chatId);
    if (linkedBefore !== null && linkedBefore !== peek.personId) return { ok: false, reason: 'unknown' };
    if (linkedBefore !== null && !redeemForLogin(db, directory, canonical, peek.personId, now.getTime())) {
      return { ok: false, reason: 'used' };
    }
    // Not linked yet: the engine redeems the code and links the account (audited there); linked: it greets.
    const result = await services.handleInbound({
      channel: 'web',
      kind: 'start',
      ...(linkedBefore === null ? { param: canonical } : {}),
      userId: chatId,
      chatId,
      eventId: `login-${randomBytes(12).toString('base64url')}`,
      receivedAt: now,
    });
    if (activeWebAccount(directory, chatId) !== peek.personId) {
      const text = result.replies.find((r) => r.kind === 'text' || r.kind === 'request-phone');
      return { ok: false, reason: 'refused', message: text && 'text' in text ? text.text : undefined };
    }
    return { ok: true, personId: peek.personId, replies: result.replies };
  }

  function profile(personId: number): WebProfile | null {
    const person = directory.getPerson(personId);
    if (!person || !person.active) return null;
    return { personId: person.id, fullName: person.fullName, departmentName: person.departmentName, roles: [...person.roles] };
  }

  const router = createWebRouter({
    logger,
    now: () => clock.now(),
    sessions,
    outbox: services.outbox,
    media,
    limiter,
    sessionTtlMs: options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
    secureCookie: config.publicUrl?.startsWith('https://') ?? false,
    link,
    profile,
    handleInbound: (event) => services.handleInbound(event),
  });

  return {
    name: 'web',
    mount(app: Express) {
      app.use(router);
    },
    async start() {
      const purged = sessions.purgeExpired(clock.now().getTime());
      if (purged > 0) logger.info({ channel: 'web', purged }, 'web: expired sessions removed');
    },
    async stop() {},
  };
}

type Peek = { ok: true; personId: number } | { ok: false; reason: 'unknown' | 'expired' | 'used' };

/**
 * Checks a code without redeeming it, to learn whose web chat it opens. Why not redeem here: for a first link the
 * redemption, the link and its audit entry belong to the engine's transaction.
 */
function peekInvite(services: AppServices, canonical: string, now: number): Peek {
  const row = services.db
    .select({ personId: inviteCodes.personId, expiresAt: inviteCodes.expiresAt, usedAt: inviteCodes.usedAt })
    .from(inviteCodes)
    .where(eq(inviteCodes.codeHash, hashInviteCode(canonical)))
    .get();
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.usedAt !== null) return { ok: false, reason: 'used' };
  if (row.expiresAt <= now) return { ok: false, reason: 'expired' };
  return { ok: true, personId: row.personId };
}

/** The person behind an active web chat account, or null. */
function activeWebAccount(directory: DirectoryPort, chatId: string): number | null {
  const account = directory.findAccount('web', chatId);
  return account && account.status === 'active' ? account.personId : null;
}

/**
 * A person whose web chat is already linked logs in on another browser: the code is spent here (atomically, so it
 * works once) and the login is audited like a link.
 */
function redeemForLogin(db: Db, directory: DirectoryPort, canonical: string, personId: number, now: number): boolean {
  return inTransaction(db, () => {
    if (!directory.redeemInvite(hashInviteCode(canonical), now).ok) return false;
    recordAudit(db, {
      at: now,
      unitId: directory.getPerson(personId)?.unitId ?? null,
      actorPersonId: personId,
      channel: 'web',
      action: 'web.login',
      entityType: 'person',
      entityId: String(personId),
      subjectPersonId: personId,
      after: { via: 'code' },
    });
    return true;
  });
}
