/**
 * Retention of the inbound-event log (`inbound_events`, every channel). Each processed event leaves a row so a
 * redelivery changes nothing; without a purge the table grows by one row per message forever.
 *
 * Why purging is safe for Zalo: a signed Zalo event older than `ZALO_EVENT_MAX_SKEW_MS` (15 minutes) is refused by
 * the webhook whatever the log says, so rows far older than that protect nothing. Telegram update ids only grow and
 * web client ids are per session; a month is far beyond any redelivery of theirs. Pending and failed rows are kept
 * (the repository deletes `done` rows only).
 *
 * The scheduler calls {@link purgeInboundEvents} once a day inside its job's unit of work.
 */
import type { Tx } from '../../store/store.js';
import { ZALO_EVENT_MAX_SKEW_MS } from './webhook.js';

/** Processed events older than this are deleted. */
export const INBOUND_EVENT_RETENTION_MS = 30 * 24 * 3600_000;

/** Deletes processed inbound events older than the retention period; returns how many. */
export async function purgeInboundEvents(tx: Tx, now: number, retentionMs: number = INBOUND_EVENT_RETENTION_MS): Promise<number> {
  // Never closer than the freshness window: a replay must always meet either the log or the freshness check.
  const keep = Math.max(retentionMs, ZALO_EVENT_MAX_SKEW_MS * 2);
  return tx.inboundEvents.purgeProcessed(now - keep);
}
