/**
 * PostgreSQL: the durable outbox (see repositories.ts for what differs from SQLite). The same semantics as
 * `src/store/sqlite/outbox-repo.ts`: a claim is a lease for one instance (`claimed_by`, `lease_until`), fenced by the
 * attempt number and the claimer (marks apply only to a row still `sending` with the claimed attempt and claimer).
 * Claiming is one statement: `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n) RETURNING`, so the
 * workers of several instances each take different rows at once, never waiting on each other's and never getting
 * the same one; an in-flight row whose lease has passed (its claimer died) is claimable again. Only a chat's oldest
 * unfinished row is claimable, so a chat's messages leave in the order they were queued even when the sender moves
 * to another instance or an item waits for a retry.
 */
import type { ClaimedOutboxItem, OutboxRepository } from '../outbox.js';
import { MAX_OUTBOX_ERROR, outboxItemRow, toOutboxItem, toOutboxRow, toStatusCounts } from '../shared/outbox-rows.js';
import { type Client, insertedId, rows, statementName } from './pg-query.js';

/** The item's columns, the payload as JSON text (the shared row check expects what SQLite stores). */
const COLUMNS = 'id, dedupe_key, channel, chat_id, person_id, purpose, payload::text AS payload, attempts';
const FENCE = `WHERE id = $2 AND status = 'sending' AND attempts = $3 AND claimed_by = $4`;

export function outboxRepository(c: Client): OutboxRepository {
  /** Runs a fenced mark; true when the claim was still current. */
  const fenced = async (name: string, text: string, values: unknown[]): Promise<boolean> => {
    const result = await c.query({ name: statementName(`outbox_${name}`), text, values });
    return (result.rowCount ?? 0) > 0;
  };
  return {
    async enqueue(input) {
      const [inserted] = await rows(
        c,
        'outbox_enqueue',
        `INSERT INTO outbox (dedupe_key, channel, chat_id, person_id, purpose, payload, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $7) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
        [input.dedupeKey, input.channel, input.chatId, input.personId ?? null, input.purpose, JSON.stringify(input.messages), input.now],
      );
      if (inserted) return { id: insertedId.parse(inserted).id, created: true };
      const [existing] = await rows(c, 'outbox_by_key', 'SELECT id FROM outbox WHERE dedupe_key = $1', [input.dedupeKey]);
      if (!existing) throw new Error('outbox: row vanished');
      return { id: insertedId.parse(existing).id, created: false };
    },
    async exists(dedupeKey) {
      return (await rows(c, 'outbox_by_key', 'SELECT id FROM outbox WHERE dedupe_key = $1', [dedupeKey])).length > 0;
    },
    async claimDue(channel, now, limit, claimer) {
      const claimed = await rows(
        c,
        'outbox_claim_leased',
        `UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimed_by = $4, lease_until = $5
         WHERE id IN (SELECT id FROM outbox
                      WHERE channel = $1 AND ((status = 'pending' AND next_attempt_at <= $2)
                        OR (status = 'sending' AND (lease_until IS NULL OR lease_until <= $2)))
                        AND NOT EXISTS (SELECT 1 FROM outbox o2 WHERE o2.channel = outbox.channel AND o2.chat_id = outbox.chat_id
                                          AND o2.status IN ('pending', 'sending') AND o2.id < outbox.id)
                      ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING ${COLUMNS}, next_attempt_at`,
        [channel, now, limit, claimer.instanceId, now + claimer.leaseMs],
      );
      // RETURNING keeps no order: oldest due first, as the SQLite claim hands them out.
      const ordered = claimed
        .map((raw) => ({ row: outboxItemRow.parse(raw), due: Number(raw.next_attempt_at) }))
        .sort((a, b) => a.due - b.due || a.row.id - b.row.id);
      return ordered.map(({ row }): ClaimedOutboxItem => ({ ...toOutboxItem(row), claim: { id: row.id, attempt: row.attempts, claimedBy: claimer.instanceId } }));
    },
    async renewClaims(claims, leaseUntil) {
      if (claims.length === 0) return [];
      const sorted = [...claims].sort((a, b) => a.id - b.id);
      const renewed = await rows(
        c,
        'outbox_renew_claims',
        `UPDATE outbox SET lease_until = $1
         FROM unnest($2::int[], $3::int[], $4::text[]) AS cl(id, attempt, claimed_by)
         WHERE outbox.id = cl.id AND outbox.status = 'sending' AND outbox.attempts = cl.attempt AND outbox.claimed_by = cl.claimed_by
         RETURNING outbox.id`,
        [leaseUntil, sorted.map((cl) => cl.id), sorted.map((cl) => cl.attempt), sorted.map((cl) => cl.claimedBy)],
      );
      return renewed.map((r) => insertedId.parse(r).id).sort((a, b) => a - b);
    },
    async markSent(claim, now) {
      return fenced('sent', `UPDATE outbox SET status = 'sent', sent_at = $1, last_error = NULL ${FENCE}`, [now, claim.id, claim.attempt, claim.claimedBy]);
    },
    async markRetry(claim, error, nextAttemptAt) {
      return fenced(
        'retry',
        `UPDATE outbox SET status = 'pending', last_error = $1, next_attempt_at = $5 ${FENCE}`,
        [error.slice(0, MAX_OUTBOX_ERROR), claim.id, claim.attempt, claim.claimedBy, nextAttemptAt],
      );
    },
    async markFailed(claim, error) {
      return fenced('failed', `UPDATE outbox SET status = 'failed', last_error = $1 ${FENCE}`, [error.slice(0, MAX_OUTBOX_ERROR), claim.id, claim.attempt, claim.claimedBy]);
    },
    async markUnreachable(claim, reason) {
      return fenced('unreachable', `UPDATE outbox SET status = 'unreachable', last_error = $1 ${FENCE}`, [reason, claim.id, claim.attempt, claim.claimedBy]);
    },
    async hold(id, reason) {
      await rows(c, 'outbox_hold', `UPDATE outbox SET status = 'unreachable', last_error = $1 WHERE id = $2 AND status = 'pending' AND attempts = 0`, [
        reason,
        id,
      ]);
    },
    async requeueHeld(channel, chatId, reason, since, now) {
      // The part of the key before `@<channel>` names the notification and its recipient (see delivery/dedupe-key.ts).
      const result = await c.query({
        name: 'thidua_outbox_requeue',
        text: `UPDATE outbox SET status = 'pending', next_attempt_at = $1
               WHERE channel = $2 AND chat_id = $3 AND status = 'unreachable' AND last_error = $4 AND created_at > $5
                 AND NOT EXISTS (SELECT 1 FROM outbox o2
                   WHERE o2.dedupe_key LIKE left(outbox.dedupe_key, length(outbox.dedupe_key) - length(outbox.channel) - 1) || '@%'
                     AND o2.channel <> outbox.channel AND o2.status IN ('pending', 'sending', 'sent'))`,
        values: [now, channel, chatId, reason, since],
      });
      return result.rowCount ?? 0;
    },
    async takeForChat(channel, chatId, now) {
      const taken = await rows(
        c,
        'outbox_take_for_chat',
        `UPDATE outbox SET status = 'sent', sent_at = $3, last_error = NULL
         WHERE channel = $1 AND chat_id = $2 AND status = 'pending' RETURNING ${COLUMNS}`,
        [channel, chatId, now],
      );
      return taken.map((raw) => toOutboxItem(outboxItemRow.parse(raw))).sort((a, b) => a.id - b.id);
    },
    async listForPeople(personIds, since) {
      if (personIds.length === 0) return [];
      const found = await rows(
        c,
        'outbox_for_people',
        `SELECT ${COLUMNS}, status, last_error, next_attempt_at, created_at, sent_at FROM outbox
         WHERE person_id = ANY($1::int[]) AND created_at >= $2 ORDER BY created_at DESC, id DESC`,
        [[...personIds], since],
      );
      return found.map(toOutboxRow);
    },
    async countByStatus(channel) {
      return toStatusCounts(await rows(c, 'outbox_counts', 'SELECT status, count(*) AS n FROM outbox WHERE channel = $1 GROUP BY status', [channel]));
    },
  };
}
