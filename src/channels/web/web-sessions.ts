/**
 * Web chat sessions: a random token in an httpOnly cookie, only its sha256 in `web_sessions`. A stolen database
 * therefore holds no usable session, and logging out deletes the row.
 */
import { createHash, randomBytes } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import { people, webSessions } from '../../../db/schema.js';
import type { Db } from '../../persistence/open-db.js';

/** Why a session is person-scoped: every browser of one person shares one web chat account and conversation. */
export function webChatIdOf(personId: number): string {
  return `person-${personId}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface WebSession {
  personId: number;
  expiresAt: number;
}

export class WebSessionStore {
  constructor(private readonly db: Db) {}

  /** Creates a session and returns the token to put in the cookie (never stored, never logged). */
  create(personId: number, now: number, ttlMs: number): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + ttlMs;
    this.db.insert(webSessions).values({ tokenHash: hashToken(token), personId, expiresAt, createdAt: now }).run();
    return { token, expiresAt };
  }

  /** The live session of a token, or null (unknown, expired, or the person was deactivated). */
  find(token: string, now: number): WebSession | null {
    const row = this.db
      .select({ personId: webSessions.personId, expiresAt: webSessions.expiresAt, active: people.active })
      .from(webSessions)
      .innerJoin(people, eq(people.id, webSessions.personId))
      .where(eq(webSessions.tokenHash, hashToken(token)))
      .get();
    if (!row || row.expiresAt <= now || !row.active) return null;
    return { personId: row.personId, expiresAt: row.expiresAt };
  }

  delete(token: string): void {
    this.db.delete(webSessions).where(eq(webSessions.tokenHash, hashToken(token))).run();
  }

  /** Removes expired sessions; returns how many. */
  purgeExpired(now: number): number {
    return this.db.delete(webSessions).where(lt(webSessions.expiresAt, now)).run().changes;
  }
}
