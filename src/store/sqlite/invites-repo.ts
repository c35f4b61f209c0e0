/** One-time linking codes ({@link InviteRepository}): only the sha256 of a code is stored. */
import type Database from 'better-sqlite3';
import type { InviteRepository } from '../invites.js';

export function createInviteRepository(c: Database.Database): InviteRepository {
  const insert = c.prepare('INSERT INTO invite_codes (code_hash, person_id, expires_at, created_at) VALUES (?, ?, ?, ?)');
  return {
    async create(invite, now) {
      insert.run(invite.codeHash, invite.personId, invite.expiresAt, now);
    },
  };
}
