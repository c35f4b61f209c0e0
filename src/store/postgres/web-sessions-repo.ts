/** PostgreSQL: web chat sessions (see repositories.ts for what differs from SQLite). */
import { int, RowShapeError } from '../shared/row-check.js';
import type { WebSessionRepository } from '../web-sessions.js';
import { type Client, rows } from './pg-query.js';

export function webSessionRepository(c: Client): WebSessionRepository {
  return {
    async create(s) {
      await rows(c, 'web_sessions_create', 'INSERT INTO web_sessions (token_hash, person_id, expires_at, created_at) VALUES ($1, $2, $3, $4)', [
        s.tokenHash,
        s.personId,
        s.expiresAt,
        s.createdAt,
      ]);
    },
    async find(tokenHash) {
      const [row] = await rows(
        c,
        'web_sessions_find',
        `SELECT s.person_id, s.expires_at, p.active FROM web_sessions s JOIN people p ON p.id = s.person_id WHERE s.token_hash = $1`,
        [tokenHash],
      );
      if (!row) return null;
      if (typeof row.active !== 'boolean') throw new RowShapeError('people.active: expected a boolean');
      return {
        personId: int(row.person_id, 'web_sessions.person_id'),
        expiresAt: int(row.expires_at, 'web_sessions.expires_at'),
        personActive: row.active,
      };
    },
    async delete(tokenHash) {
      await rows(c, 'web_sessions_delete', 'DELETE FROM web_sessions WHERE token_hash = $1', [tokenHash]);
    },
    async purgeExpired(now) {
      const result = await c.query({ name: 'thidua_web_sessions_purge', text: 'DELETE FROM web_sessions WHERE expires_at < $1', values: [now] });
      return result.rowCount ?? 0;
    },
  };
}
