/** Failed login-code attempts ({@link LoginAttemptRepository}), table `login_attempts`. */
import type Database from 'better-sqlite3';
import { waitFromRecent, type LoginAttemptRepository } from '../login-attempts.js';

export function createLoginAttemptRepository(c: Database.Database): LoginAttemptRepository {
  const insert = c.prepare('INSERT INTO login_attempts (key, at) VALUES (?, ?)');
  const recent = c.prepare('SELECT at FROM login_attempts WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?').pluck();
  const purge = c.prepare('DELETE FROM login_attempts WHERE at < ?');
  return {
    async recordFailure(keys, at) {
      for (const key of keys) insert.run(key, at);
    },
    async retryAfter(key, now, limit) {
      const rows = recent.all(key, now - limit.windowMs, limit.maxFailures) as number[];
      return waitFromRecent(rows, now, limit);
    },
    async purge(before) {
      return purge.run(before).changes;
    },
  };
}
