/**
 * Leadership leases ({@link LeaseRepository}) on prepared statements, table `leases`. SQLite mode runs one instance,
 * so these rows never see contention there; the statements are the same as PostgreSQL's (an upsert whose
 * `WHERE` refuses a live lease of another holder).
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { Lease, LeaseRepository } from '../leases.js';
import { ACQUIRE_SQL, CURRENT_SQL, leaseRow, RELEASE_SQL, RENEW_SQL, toLease, toPositional } from '../shared/lease-sql.js';

export function createLeaseRepository(c: Database.Database): LeaseRepository {
  const acquire = c.prepare(toPositional(ACQUIRE_SQL));
  const renew = c.prepare(toPositional(RENEW_SQL));
  const release = c.prepare(toPositional(RELEASE_SQL));
  const current = c.prepare(toPositional(CURRENT_SQL));
  const all = c.prepare('SELECT name, holder, generation, acquired_at, expires_at FROM leases ORDER BY name');
  const one = (row: unknown): Lease | null => (row === undefined ? null : toLease(leaseRow.parse(row)));
  return {
    async acquire(name, holder, now, ttlMs) {
      return one(acquire.get(name, holder, now, now, now + ttlMs));
    },
    async renew(term, now, ttlMs) {
      return one(renew.get(now, now + ttlMs, term.name, term.holder, term.generation, now));
    },
    async release(term, now) {
      return release.run(now, term.name, term.holder, term.generation, now).changes > 0;
    },
    async current(name) {
      return one(current.get(name));
    },
    async list() {
      return z.array(leaseRow).parse(all.all()).map(toLease);
    },
  };
}
