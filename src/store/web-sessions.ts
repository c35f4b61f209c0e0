/**
 * Web chat sessions. Why a repository: the login redeems a one-time code and creates the session in ONE unit of
 * work (issue 18 item 3: concurrent first logins with one code must give one session), so the session rows must be
 * reachable from the same transaction as the directory. Only the token's sha256 is stored: a stolen database holds
 * no usable session.
 */

/** A live session as the web channel needs it. */
export interface WebSessionView {
  personId: number;
  expiresAt: number;
  /** False when the person was deactivated since (the session is then refused). */
  personActive: boolean;
}

export interface NewWebSession {
  /** sha256 hex of the cookie token (the token itself is never stored). */
  tokenHash: string;
  personId: number;
  expiresAt: number;
  createdAt: number;
}

export interface WebSessionRepository {
  create(session: NewWebSession): Promise<void>;
  /** The session of a token hash, expired or not (the caller compares `expiresAt`), or null. */
  find(tokenHash: string): Promise<WebSessionView | null>;
  /** Logs out: deletes the session of a token hash (nothing when unknown). */
  delete(tokenHash: string): Promise<void>;
  /** Removes sessions that expired before `now`; returns how many. */
  purgeExpired(now: number): Promise<number>;
}
