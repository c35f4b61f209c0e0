/**
 * The lease statements both implementations run (standard upsert and UPDATE … RETURNING: SQLite ≥ 3.35 and
 * PostgreSQL agree on them), written with `$n` parameters, each used once and in order so SQLite can bind them
 * positionally. Also the row check and mapping they share.
 */
import { z } from 'zod';
import type { Lease } from '../leases.js';

const RETURNING = 'RETURNING name, holder, generation, acquired_at, expires_at';

/**
 * ($1 name, $2 holder, $3 now, $4 now, $5 expires). A live lease of another holder is left alone (no row returned);
 * the same holder renews within its term; anything else starts a new term (generation + 1).
 */
export const ACQUIRE_SQL = `INSERT INTO leases (name, holder, generation, acquired_at, renewed_at, expires_at) VALUES ($1, $2, 1, $3, $4, $5)
  ON CONFLICT (name) DO UPDATE SET
    generation = CASE WHEN leases.holder = excluded.holder AND leases.expires_at > excluded.renewed_at
      THEN leases.generation ELSE leases.generation + 1 END,
    acquired_at = CASE WHEN leases.holder = excluded.holder AND leases.expires_at > excluded.renewed_at
      THEN leases.acquired_at ELSE excluded.acquired_at END,
    holder = excluded.holder,
    renewed_at = excluded.renewed_at,
    expires_at = excluded.expires_at
  WHERE leases.expires_at <= excluded.renewed_at OR leases.holder = excluded.holder
  ${RETURNING}`;

/** ($1 now, $2 expires, $3 name, $4 holder, $5 generation, $6 now): only a current, unexpired term is extended. */
export const RENEW_SQL = `UPDATE leases SET renewed_at = $1, expires_at = $2
  WHERE name = $3 AND holder = $4 AND generation = $5 AND expires_at > $6 ${RETURNING}`;

/** ($1 now, $2 name, $3 holder, $4 generation, $5 now): the term ends now; the next acquire starts a new one. */
export const RELEASE_SQL = `UPDATE leases SET expires_at = $1 WHERE name = $2 AND holder = $3 AND generation = $4 AND expires_at > $5`;

/** ($1 name): one lease row, whoever holds it. */
export const CURRENT_SQL = `SELECT name, holder, generation, acquired_at, expires_at FROM leases WHERE name = $1`;

export const leaseRow = z.object({
  name: z.string(),
  holder: z.string(),
  generation: z.number().int(),
  acquired_at: z.number(),
  expires_at: z.number(),
});

export function toLease(row: z.infer<typeof leaseRow>): Lease {
  return { name: row.name, holder: row.holder, generation: row.generation, acquiredAt: row.acquired_at, expiresAt: row.expires_at };
}

/** `$1 … $n` → `?` (SQLite binds them in order; each must appear once, in order). */
export function toPositional(text: string): string {
  let expected = 1;
  return text.replace(/\$(\d+)/g, (_match, n: string) => {
    if (Number(n) !== expected) throw new Error(`lease SQL: parameter $${n} out of order`);
    expected++;
    return '?';
  });
}
