/**
 * The dashboard's sign-in: the web chat's sessions (same table, same cookie), made long-lived and renewable. Why
 * renewable: the office, heads and the director use the dashboard a few days a quarter, and must not need a new
 * one-time code every quarter; each visit more than a day after the last renewal swaps the token for a new one
 * with a fresh expiry (the old row deleted in the same unit of work), so a session ends only after `ttlMs` unused.
 *
 * CSRF: every POST form carries a token derived from the session token (sha256), so it is per session, needs no
 * storage, and cannot be computed by a page that cannot read the httpOnly cookie.
 */
import { createHash } from 'node:crypto';
import { hashToken, newSessionToken, WebSessionStore } from '../channels/web/web-sessions.js';
import type { Store } from '../store/store.js';

export const DEFAULT_DASHBOARD_SESSION_TTL_MS = 120 * 24 * 60 * 60 * 1000;
/** A session is renewed at most once a day. */
export const RENEW_AFTER_MS = 24 * 60 * 60 * 1000;

export interface ResolvedSession {
  personId: number;
  /** The token to keep (a new one when renewed). */
  token: string;
  expiresAt: number;
  renewed: boolean;
}

export class DashboardSessions {
  private readonly sessions: WebSessionStore;

  constructor(
    private readonly store: Store,
    readonly ttlMs: number = DEFAULT_DASHBOARD_SESSION_TTL_MS,
  ) {
    this.sessions = new WebSessionStore(store);
  }

  /** The live session of a cookie token, renewed when it was last renewed more than a day ago; null when none. */
  async resolve(token: string, now: number): Promise<ResolvedSession | null> {
    const found = await this.sessions.find(token, now);
    if (!found) return null;
    if (now + this.ttlMs - found.expiresAt < RENEW_AFTER_MS) return { personId: found.personId, token, expiresAt: found.expiresAt, renewed: false };
    const next = newSessionToken();
    const expiresAt = now + this.ttlMs;
    await this.store.transaction(async (tx) => {
      await tx.webSessions.create({ tokenHash: hashToken(next), personId: found.personId, expiresAt, createdAt: now });
      await tx.webSessions.delete(hashToken(token));
    });
    return { personId: found.personId, token: next, expiresAt, renewed: true };
  }

  logout(token: string): Promise<void> {
    return this.sessions.delete(token);
  }
}

/** The CSRF token of a session token. */
export function csrfOf(token: string): string {
  return createHash('sha256').update(`thidua-csrf|${token}`).digest('base64url');
}
