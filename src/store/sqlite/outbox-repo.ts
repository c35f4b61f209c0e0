/**
 * The durable outbox ({@link OutboxRepository}) on prepared statements. A claim is a lease (`claimed_by`,
 * `lease_until`) fenced by the attempt number and the claimer: marks apply only to a row still `sending` with the
 * claimed attempt and claimer. SQLite has one writer (and runs one instance), so select-then-update cannot race.
 */
import type Database from 'better-sqlite3';
import type { ClaimedOutboxItem, OutboxRepository, OutboxRow } from '../outbox.js';
import { MAX_OUTBOX_ERROR, outboxItemRow, toOutboxItem, toOutboxRow, toStatusCounts } from '../shared/outbox-rows.js';

const COLUMNS = 'id, dedupe_key, channel, chat_id, person_id, purpose, payload, attempts';

export function createOutboxRepository(c: Database.Database): OutboxRepository {
  const insert = c
    .prepare(
      `INSERT INTO outbox (dedupe_key, channel, chat_id, person_id, purpose, payload, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING RETURNING id`,
    )
    .pluck();
  const byKey = c.prepare('SELECT id FROM outbox WHERE dedupe_key = ?').pluck();
  // Due pending items, and in-flight items whose claim's lease has passed (no lease: left by a version without leases).
  const CLAIMABLE = `((status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND (lease_until IS NULL OR lease_until <= ?)))`;
  // Only a chat's oldest unfinished item: its messages go out in the order they were queued, even across instances.
  const due = c.prepare(
    `SELECT ${COLUMNS} FROM outbox WHERE channel = ? AND ${CLAIMABLE}
       AND NOT EXISTS (SELECT 1 FROM outbox o2 WHERE o2.channel = outbox.channel AND o2.chat_id = outbox.chat_id
                         AND o2.status IN ('pending', 'sending') AND o2.id < outbox.id)
     ORDER BY next_attempt_at, id LIMIT ?`,
  );
  const claim = c.prepare(
    `UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimed_by = ?, lease_until = ? WHERE id = ? AND ${CLAIMABLE}`,
  );
  const FENCE = `WHERE id = ? AND status = 'sending' AND attempts = ? AND claimed_by = ?`;
  const renew = c.prepare(`UPDATE outbox SET lease_until = ? ${FENCE}`);
  const sent = c.prepare(`UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL ${FENCE}`);
  const retry = c.prepare(`UPDATE outbox SET status = 'pending', last_error = ?, next_attempt_at = ? ${FENCE}`);
  const failed = c.prepare(`UPDATE outbox SET status = 'failed', last_error = ? ${FENCE}`);
  const unreachable = c.prepare(`UPDATE outbox SET status = 'unreachable', last_error = ? ${FENCE}`);
  const hold = c.prepare(`UPDATE outbox SET status = 'unreachable', last_error = ? WHERE id = ? AND status = 'pending' AND attempts = 0`);
  // The part of the key before `@<channel>` names the notification and its recipient (see delivery/dedupe-key.ts).
  const requeue = c.prepare(
    `UPDATE outbox SET status = 'pending', next_attempt_at = ?
     WHERE channel = ? AND chat_id = ? AND status = 'unreachable' AND last_error = ? AND created_at > ?
       AND NOT EXISTS (SELECT 1 FROM outbox o2
         WHERE o2.dedupe_key LIKE substr(outbox.dedupe_key, 1, length(outbox.dedupe_key) - length(outbox.channel) - 1) || '@%'
           AND o2.channel <> outbox.channel AND o2.status IN ('pending', 'sending', 'sent'))`,
  );
  const forChat = c.prepare(`SELECT ${COLUMNS} FROM outbox WHERE channel = ? AND chat_id = ? AND status = 'pending' ORDER BY id`);
  const markTaken = c.prepare(`UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL WHERE id = ?`);
  const counts = c.prepare('SELECT status, count(*) AS n FROM outbox WHERE channel = ? GROUP BY status');

  return {
    async enqueue(input) {
      const id: unknown = insert.get(
        input.dedupeKey,
        input.channel,
        input.chatId,
        input.personId ?? null,
        input.purpose,
        JSON.stringify(input.messages),
        input.now,
        input.now,
      );
      if (typeof id === 'number') return { id, created: true };
      const existing: unknown = byKey.get(input.dedupeKey);
      if (typeof existing !== 'number') throw new Error('outbox: row vanished');
      return { id: existing, created: false };
    },
    async exists(dedupeKey) {
      return byKey.get(dedupeKey) !== undefined;
    },
    async claimDue(channel, now, limit, claimer) {
      const rows = due.all(channel, now, now, limit).map((r) => outboxItemRow.parse(r));
      const out: ClaimedOutboxItem[] = [];
      for (const row of rows) {
        if (claim.run(claimer.instanceId, now + claimer.leaseMs, row.id, now, now).changes === 0) continue;
        const attempt = row.attempts + 1;
        out.push({ ...toOutboxItem(row), attempts: attempt, claim: { id: row.id, attempt, claimedBy: claimer.instanceId } });
      }
      return out;
    },
    async renewClaims(claims, leaseUntil) {
      const sorted = [...claims].sort((a, b) => a.id - b.id);
      return sorted.filter((cl) => renew.run(leaseUntil, cl.id, cl.attempt, cl.claimedBy).changes > 0).map((cl) => cl.id);
    },
    async markSent(claim, now) {
      return sent.run(now, claim.id, claim.attempt, claim.claimedBy).changes > 0;
    },
    async markRetry(claim, error, nextAttemptAt) {
      return retry.run(error.slice(0, MAX_OUTBOX_ERROR), nextAttemptAt, claim.id, claim.attempt, claim.claimedBy).changes > 0;
    },
    async markFailed(claim, error) {
      return failed.run(error.slice(0, MAX_OUTBOX_ERROR), claim.id, claim.attempt, claim.claimedBy).changes > 0;
    },
    async markUnreachable(claim, reason) {
      return unreachable.run(reason, claim.id, claim.attempt, claim.claimedBy).changes > 0;
    },
    async hold(id, reason) {
      hold.run(reason, id);
    },
    async requeueHeld(channel, chatId, reason, since, now) {
      return requeue.run(now, channel, chatId, reason, since).changes;
    },
    async takeForChat(channel, chatId, now) {
      const rows = forChat.all(channel, chatId).map((r) => outboxItemRow.parse(r));
      for (const r of rows) markTaken.run(now, r.id);
      return rows.map(toOutboxItem);
    },
    async listForPeople(personIds, since) {
      if (personIds.length === 0) return [];
      const rows: OutboxRow[] = [];
      // Bounded IN lists (SQLite's and PostgreSQL's parameter limits).
      for (let i = 0; i < personIds.length; i += 500) {
        const ids = personIds.slice(i, i + 500);
        const stmt = c.prepare(
          `SELECT ${COLUMNS}, status, last_error, next_attempt_at, created_at, sent_at FROM outbox
           WHERE person_id IN (${ids.map(() => '?').join(', ')}) AND created_at >= ?`,
        );
        for (const raw of stmt.all(...ids, since)) rows.push(toOutboxRow(raw));
      }
      return rows.sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
    },
    async countByStatus(channel) {
      return toStatusCounts(counts.all(channel));
    },
  };
}
