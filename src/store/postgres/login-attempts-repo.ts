/** PostgreSQL: login attempts (see repositories.ts for what differs from SQLite). */
import { waitFromRecent, type LoginAttemptRepository } from '../login-attempts.js';
import { type Client, rows } from './pg-query.js';
import { z } from 'zod';

export function loginAttemptRepository(c: Client): LoginAttemptRepository {
  return {
    async recordFailure(keys, at) {
      for (const key of keys) await rows(c, 'login_attempt_add', 'INSERT INTO login_attempts (key, at) VALUES ($1, $2)', [key, at]);
    },
    async retryAfter(key, now, limit) {
      const found = await rows(c, 'login_attempt_recent', 'SELECT at FROM login_attempts WHERE key = $1 AND at > $2 ORDER BY at DESC LIMIT $3', [
        key,
        now - limit.windowMs,
        limit.maxFailures,
      ]);
      return waitFromRecent(found.map((r) => z.number().parse(r.at)), now, limit);
    },
    async purge(before) {
      const result = await c.query({ name: 'thidua_login_attempt_purge', text: 'DELETE FROM login_attempts WHERE at < $1', values: [before] });
      return result.rowCount ?? 0;
    },
  };
}
