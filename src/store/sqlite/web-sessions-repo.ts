/** Web chat sessions ({@link WebSessionRepository}), table `web_sessions`. */
import type Database from 'better-sqlite3';
import type { WebSessionRepository } from '../web-sessions.js';
import { int, rowArray } from '../shared/row-check.js';

export function createWebSessionRepository(c: Database.Database): WebSessionRepository {
  const insert = c.prepare('INSERT INTO web_sessions (token_hash, person_id, expires_at, created_at) VALUES (?, ?, ?, ?)');
  const select = c
    .prepare(
      `SELECT s.person_id, s.expires_at, p.active FROM web_sessions s JOIN people p ON p.id = s.person_id
       WHERE s.token_hash = ?`,
    )
    .raw(true);
  const remove = c.prepare('DELETE FROM web_sessions WHERE token_hash = ?');
  const purge = c.prepare('DELETE FROM web_sessions WHERE expires_at < ?');
  return {
    async create(s) {
      insert.run(s.tokenHash, s.personId, s.expiresAt, s.createdAt);
    },
    async find(tokenHash) {
      const row: unknown = select.get(tokenHash);
      if (row === undefined) return null;
      const r = rowArray(row, 'web_sessions', 3);
      return {
        personId: int(r[0], 'web_sessions.person_id'),
        expiresAt: int(r[1], 'web_sessions.expires_at'),
        personActive: int(r[2], 'people.active') === 1,
      };
    },
    async delete(tokenHash) {
      remove.run(tokenHash);
    },
    async purgeExpired(now) {
      return purge.run(now).changes;
    },
  };
}
