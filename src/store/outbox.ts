/**
 * The durable outbox: every message that must not be lost (approval prompts, notices, reminders, announcements,
 * replies that could not go out at once) is written here first — in the same transaction as the change that
 * caused it — and a per-channel worker delivers it afterwards.
 *
 * Why a repository with a claim: delivery is network I/O and must never run inside a transaction. A worker claims
 * due items in one unit of work, sends them outside any transaction, and records each outcome in another unit of
 * work. A claimed item carries a {@link OutboxClaim}; the mark methods take it and change nothing when the claim is
 * no longer the current one (a crash recovery or another instance took the item over), so a late answer never
 * overwrites a newer outcome.
 *
 * Several instances: a claim is a lease. The claimer writes its instance id (`claimed_by`) and `lease_until`; a
 * `sending` row whose lease has passed (its claimer died, or stalled) is claimable again by any instance, and every
 * claim counts an attempt, so a mark is fenced by the attempt AND the claimer. On PostgreSQL the claim takes the rows
 * with `FOR UPDATE SKIP LOCKED`, so two instances' workers never claim the same row. There is no "reset everything
 * in flight at start-up": that would resend another live instance's items.
 *
 * Delivery is at-least-once: a crash between "sent" and "recorded" resends that one item once its lease runs out.
 */
import type { ChannelName, OutboundMessage } from '../conversation/types.js';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unreachable'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** What to deliver; `dedupeKey` makes enqueueing idempotent (it must name the recipient and the channel). */
export interface OutboxEnqueue {
  dedupeKey: string;
  channel: ChannelName;
  chatId: string;
  /** The person it is for, when known (null for group posts and replies to an unlinked chat). */
  personId?: number | null;
  purpose: string;
  messages: OutboundMessage[];
  /** Not delivered before this instant (epoch ms); usually now. */
  now: number;
}

export interface OutboxItem {
  id: number;
  dedupeKey: string;
  channel: ChannelName;
  chatId: string;
  personId: number | null;
  purpose: string;
  messages: OutboundMessage[];
  /** Attempts so far, this one included when the item was claimed. */
  attempts: number;
}

/** Who claims items, and for how long they stay theirs. */
export interface OutboxClaimer {
  /** The claiming instance (`INSTANCE_ID`). */
  instanceId: string;
  /** A claimed item left `sending` this long is claimable again (longer than any one delivery takes). */
  leaseMs: number;
}

/** Proof that the holder claimed an item: marks are applied only while it is still the current claim. */
export interface OutboxClaim {
  id: number;
  /** The attempt this claim is for. */
  attempt: number;
  /** The instance that claimed it. */
  claimedBy: string;
}

/** A claimed item: deliver it, then mark it with its claim. */
export interface ClaimedOutboxItem extends OutboxItem {
  claim: OutboxClaim;
}

/** One row as the office's pages show it (who was missed and why). */
export interface OutboxRow extends OutboxItem {
  status: OutboxStatus;
  lastError: string | null;
  nextAttemptAt: number;
  createdAt: number;
  sentAt: number | null;
}

export interface OutboxRepository {
  /** Adds an item unless the same `dedupeKey` was enqueued before; returns the row id and whether it is new. */
  enqueue(input: OutboxEnqueue): Promise<{ id: number; created: boolean }>;
  /** Whether an item with this key exists (in any state). */
  exists(dedupeKey: string): Promise<boolean>;
  /**
   * Claims up to `limit` items of `channel` for `claimer` until `now + claimer.leaseMs`, oldest first: pending items
   * due by `now` and `sending` items whose lease has passed; only a chat's oldest unfinished item (pending or
   * sending), so a chat's messages go out in order. Counts the attempt. Concurrent claimers (other instances) never
   * get the same item.
   */
  claimDue(channel: ChannelName, now: number, limit: number, claimer: OutboxClaimer): Promise<ClaimedOutboxItem[]>;
  /**
   * Extends the lease of claims still in flight to `leaseUntil` (a sender renews while it sends, so a slow but live
   * send is never claimed and sent again by another instance). Fenced like the marks: only rows still `sending` under
   * the same attempt and claimer are extended. Returns the ids whose claim is still current, in ascending order.
   */
  renewClaims(claims: readonly OutboxClaim[], leaseUntil: number): Promise<number[]>;
  /** Each returns false when the claim is no longer current (nothing was changed). */
  markSent(claim: OutboxClaim, now: number): Promise<boolean>;
  markRetry(claim: OutboxClaim, error: string, nextAttemptAt: number): Promise<boolean>;
  markFailed(claim: OutboxClaim, error: string): Promise<boolean>;
  markUnreachable(claim: OutboxClaim, reason: string): Promise<boolean>;
  /**
   * Holds a freshly enqueued item as `unreachable` with `reason` without trying it (Zalo's window is closed: it is
   * sent when the person writes again). Only a `pending` item that was never attempted is changed.
   */
  hold(id: number, reason: string): Promise<void>;
  /**
   * Items of `chatId` held as unreachable for `reason` since `since` go back to `pending` at `now`, unless another
   * channel already has the same notification (same key before `@channel`) pending, in flight or sent.
   */
  requeueHeld(channel: ChannelName, chatId: string, reason: string, since: number, now: number): Promise<number>;
  /** Pending items of a chat, marked sent (the web chat pulls its messages instead of being pushed to). */
  takeForChat(channel: ChannelName, chatId: string, now: number): Promise<OutboxItem[]>;
  /** Items for people of `personIds` created since `since`, newest first (office lists of delivery outcomes). */
  listForPeople(personIds: readonly number[], since: number): Promise<OutboxRow[]>;
  /** Counts by status for a channel (health, benchmarks). */
  countByStatus(channel: ChannelName): Promise<Partial<Record<OutboxStatus, number>>>;
}
