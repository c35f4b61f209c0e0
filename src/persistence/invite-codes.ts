/**
 * One-time linking codes issued by the office (`thidua invite`), the demo seed and the web login.
 * Only the sha256 of the code is stored; a code works once and expires.
 */
import {
  DEFAULT_INVITE_TTL_MS,
  formatInviteCode,
  generateInviteCode,
  hashInviteCode,
} from '../conversation/invite-code.js';
import type { Db } from './open-db.js';

export interface IssuedInviteCode {
  /** As printed: `K7Q2-M9XH` (typed with or without the dash, any case). */
  code: string;
  expiresAt: number;
}

/** Issues a new code for the person (earlier codes stay valid until used or expired). */
export function issueInviteCode(db: Db, personId: number, now: number, ttlMs = DEFAULT_INVITE_TTL_MS): IssuedInviteCode {
  const canonical = generateInviteCode();
  const expiresAt = now + ttlMs;
  db.$client
    .prepare('INSERT INTO invite_codes (code_hash, person_id, expires_at, created_at) VALUES (?, ?, ?, ?)')
    .run(hashInviteCode(canonical), personId, expiresAt, now);
  return { code: formatInviteCode(canonical), expiresAt };
}
