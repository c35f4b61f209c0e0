/**
 * The web chat channel: pull-based (no sender), always on. People log in with a one-time code from the office;
 * the code is redeemed by the conversation engine's own linking (a `start` event carrying the code), so linking is
 * audited the same way on every channel, and the web chat account is then `person-<id>`.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Express } from 'express';
import { auditLog, chatAccounts, departments, inviteCodes, people, personRoles } from '../../../db/schema.js';
import type { AppServices, ChannelRuntime } from '../../app/services.js';
import { hashInviteCode, normaliseInviteCode } from '../../conversation/invite-code.js';
import { inTransaction } from '../../persistence/open-db.js';
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

  async function link(code: string, now: Date): Promise<WebLinkResult> {
    const canonical = normaliseInviteCode(code);
    if (!canonical) return { ok: false, reason: 'unknown' };
    const peek = peekInvite(services, canonical, now.getTime());
    if (!peek.ok) return peek;
    const chatId = webChatIdOf(peek.personId);
    const linkedBefore = activeWebAccount(services, chatId);
    if (linkedBefore !== null && linkedBefore !== peek.personId) return { ok: false, reason: 'unknown' };
    if (linkedBefore !== null && !redeemForLogin(services, canonical, peek.personId, now.getTime())) {
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
    if (activeWebAccount(services, chatId) !== peek.personId) {
      const text = result.replies.find((r) => r.kind === 'text' || r.kind === 'request-phone');
      return { ok: false, reason: 'refused', message: text && 'text' in text ? text.text : undefined };
    }
    return { ok: true, personId: peek.personId, replies: result.replies };
  }

  function profile(personId: number): WebProfile | null {
    const row = db
      .select({ id: people.id, fullName: people.fullName, active: people.active, departmentName: departments.name })
      .from(people)
      .leftJoin(departments, eq(departments.id, people.departmentId))
      .where(eq(people.id, personId))
      .get();
    if (!row || !row.active) return null;
    const roles = db.select({ role: personRoles.role }).from(personRoles).where(eq(personRoles.personId, personId)).all();
    return { personId: row.id, fullName: row.fullName, departmentName: row.departmentName ?? null, roles: roles.map((r) => r.role) };
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
function activeWebAccount(services: AppServices, chatId: string): number | null {
  const row = services.db
    .select({ personId: chatAccounts.personId, status: chatAccounts.status })
    .from(chatAccounts)
    .where(and(eq(chatAccounts.channel, 'web'), eq(chatAccounts.externalUserId, chatId)))
    .get();
  return row && row.status === 'active' ? row.personId : null;
}

/**
 * A person whose web chat is already linked logs in on another browser: the code is spent here (atomically, so it
 * works once) and the login is audited like a link.
 */
function redeemForLogin(services: AppServices, canonical: string, personId: number, now: number): boolean {
  const { db } = services;
  return inTransaction(db, () => {
    const changes = db
      .update(inviteCodes)
      .set({ usedAt: now })
      .where(and(eq(inviteCodes.codeHash, hashInviteCode(canonical)), isNull(inviteCodes.usedAt), gt(inviteCodes.expiresAt, now)))
      .run().changes;
    if (changes !== 1) return false;
    const unit = db.select({ unitId: people.unitId }).from(people).where(eq(people.id, personId)).get();
    db.insert(auditLog)
      .values({
        at: now,
        unitId: unit?.unitId ?? null,
        actorPersonId: personId,
        channel: 'web',
        action: 'web.login',
        entityType: 'person',
        entityId: String(personId),
        subjectPersonId: personId,
        after: { via: 'code' },
      })
      .run();
    return true;
  });
}
