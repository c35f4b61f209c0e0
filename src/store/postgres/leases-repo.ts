/**
 * PostgreSQL: leadership leases ({@link LeaseRepository}). The acquire is one `INSERT … ON CONFLICT DO UPDATE …
 * WHERE`: two instances racing for a free row serialise on its row lock, and the second sees the first's live
 * term and gets no row back (READ COMMITTED re-evaluates the WHERE against the committed row).
 */
import { z } from 'zod';
import type { Lease, LeaseRepository } from '../leases.js';
import { ACQUIRE_SQL, CURRENT_SQL, leaseRow, RELEASE_SQL, RENEW_SQL, toLease } from '../shared/lease-sql.js';
import { type Client, rows } from './pg-query.js';

export function leaseRepository(c: Client): LeaseRepository {
  const one = (found: Record<string, unknown>[]): Lease | null => (found[0] === undefined ? null : toLease(leaseRow.parse(found[0])));
  return {
    async acquire(name, holder, now, ttlMs) {
      return one(await rows(c, 'lease_acquire', ACQUIRE_SQL, [name, holder, now, now, now + ttlMs]));
    },
    async renew(term, now, ttlMs) {
      return one(await rows(c, 'lease_renew', RENEW_SQL, [now, now + ttlMs, term.name, term.holder, term.generation, now]));
    },
    async release(term, now) {
      const result = await c.query({ name: 'thidua_lease_release', text: RELEASE_SQL, values: [now, term.name, term.holder, term.generation, now] });
      return (result.rowCount ?? 0) > 0;
    },
    async current(name) {
      return one(await rows(c, 'lease_current', CURRENT_SQL, [name]));
    },
    async list() {
      const found = await rows(c, 'lease_list', 'SELECT name, holder, generation, acquired_at, expires_at FROM leases ORDER BY name COLLATE "C"');
      return z.array(leaseRow).parse(found).map(toLease);
    },
  };
}
