/**
 * Web chat sessions: a random token in an httpOnly cookie, only its sha256 in the store (`tx.webSessions`). A
 * stolen database therefore holds no usable session, and logging out deletes the row. Sessions are CREATED only
 * by the login (`web-login.ts`), in the same unit of work that redeems the code.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../../store/store.js';

/** Why a session is person-scoped: every browser of one person shares one web chat account and conversation. */
export function webChatIdOf(personId: number): string {
  return `person-${personId}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new cookie token (never stored, never logged). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface WebSession {
  personId: number;
  expiresAt: number;
}

export class WebSessionStore {
  constructor(private readonly store: Store) {}

  /** The live session of a token, or null (unknown, expired, or the person was deactivated). */
  async find(token: string, now: number): Promise<WebSession | null> {
    const row = await this.store.read((tx) => tx.webSessions.find(hashToken(token)));
    if (!row || row.expiresAt <= now || !row.personActive) return null;
    return { personId: row.personId, expiresAt: row.expiresAt };
  }

  async delete(token: string): Promise<void> {
    await this.store.transaction((tx) => tx.webSessions.delete(hashToken(token)));
  }
}
