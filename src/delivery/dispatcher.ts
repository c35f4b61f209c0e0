/**
 * Routes a notification for a PERSON to one of their linked chat accounts and writes it to the durable outbox, in
 * the caller's transaction (the engine's step, a job's or an HTTP action's unit of work): a rolled-back step sends
 * nothing, a committed one never loses its prompt. The channel's worker is woken once the transaction commits.
 *
 * Order: active accounts on enabled channels, most recently used first; a channel may veto an account through its
 * `ReachabilityPolicy` (Zalo: no consultation message outside the 7-day window), in which case the next account is
 * tried; when none can take it, channel fallbacks run (e.g. a mention in the unit's Zalo group) and otherwise the
 * outcome is `unreachable` with every reason, so the office's lists can show who was missed and why.
 */
import type { Notifier } from '../conversation/notifier.js';
import type { ChannelName, Notification } from '../conversation/types.js';
import type { DeliveryAccount } from '../store/delivery.js';
import type { OutboxItem } from '../store/outbox.js';
import type { Tx } from '../store/store.js';
import type { UnreachableReason } from './channel-sender.js';
import { notificationKeyOf, outboxKey } from './dedupe-key.js';

export type { DeliveryAccount } from '../store/delivery.js';

/** A channel's veto: why this account cannot receive a message now, or null when it can. Reads only through `tx`. */
export interface ReachabilityPolicy {
  channel: ChannelName;
  check(tx: Tx, account: DeliveryAccount, now: number, purpose: Notification['purpose']): Promise<UnreachableReason | null>;
}

/** Where a fallback put the message. */
export interface FallbackPlacement {
  channel: ChannelName;
  outboxId: number;
}

/** Last resort when no account can take the message: writes what it queues in `tx`; null when it cannot help. */
export type DispatchFallback = (
  tx: Tx,
  notification: Notification,
  reasons: readonly DispatchReason[],
  now: number,
) => Promise<FallbackPlacement | null>;

export interface DispatchReason {
  channel: ChannelName | null;
  reason: UnreachableReason;
}

export interface DispatchOutcome {
  personId: number;
  status: 'queued' | 'fallback' | 'unreachable';
  channel?: ChannelName;
  outboxId?: number;
  /** True when this row key had been queued before (nothing new was written). */
  duplicate?: boolean;
  reasons: DispatchReason[];
}

export interface DispatcherOptions {
  /** Channels running in this process (web is always on). */
  enabledChannels: ReadonlySet<ChannelName>;
  policies?: readonly ReachabilityPolicy[];
  fallbacks?: readonly DispatchFallback[];
  /** Wakes the channel's outbox worker; called after the transaction that queued the item has committed. */
  onQueued?: (channel: ChannelName) => void;
}

export interface DispatchOptions {
  /** Channels not to use (the one that just failed). */
  exclude?: readonly ChannelName[];
}

export class Dispatcher implements Notifier {
  private readonly policies = new Map<ChannelName, ReachabilityPolicy>();
  private readonly fallbacks: DispatchFallback[] = [];

  constructor(private readonly options: DispatcherOptions) {
    for (const p of options.policies ?? []) this.policies.set(p.channel, p);
    this.fallbacks.push(...(options.fallbacks ?? []));
  }

  /** Channels register their policy and fallbacks when they are created. */
  addPolicy(policy: ReachabilityPolicy): void {
    this.policies.set(policy.channel, policy);
  }

  addFallback(fallback: DispatchFallback): void {
    this.fallbacks.push(fallback);
  }

  /** Queues `notification` in `tx` on the best reachable account; never throws for an unreachable person. */
  async dispatch(tx: Tx, notification: Notification, now: number, options: DispatchOptions = {}): Promise<DispatchOutcome> {
    const { personId } = notification;
    const reasons: DispatchReason[] = [];
    const accounts = await tx.delivery.accountsOf(personId);
    if (accounts.length === 0) reasons.push({ channel: null, reason: 'not_linked' });
    for (const account of accounts) {
      if (options.exclude?.includes(account.channel)) continue;
      if (!this.options.enabledChannels.has(account.channel)) continue;
      if (account.status !== 'active') {
        reasons.push({ channel: account.channel, reason: account.status === 'blocked' ? 'blocked' : 'unfollowed' });
        continue;
      }
      const veto = (await this.policies.get(account.channel)?.check(tx, account, now, notification.purpose)) ?? null;
      if (veto) {
        reasons.push({ channel: account.channel, reason: veto });
        continue;
      }
      const { id, created } = await tx.outbox.enqueue({
        dedupeKey: outboxKey(notification.dedupeKey, personId, account.channel),
        channel: account.channel,
        chatId: account.chatId,
        personId,
        purpose: notification.purpose,
        messages: notification.messages,
        now,
      });
      this.wake(tx, account.channel);
      return { personId, status: 'queued', channel: account.channel, outboxId: id, duplicate: !created, reasons };
    }
    for (const fallback of this.fallbacks) {
      const placed = await fallback(tx, notification, reasons, now);
      if (placed) {
        this.wake(tx, placed.channel);
        return { personId, status: 'fallback', ...placed, reasons };
      }
    }
    return { personId, status: 'unreachable', reasons };
  }

  /**
   * Called by an outbox worker, in the unit of work that marked `item` unreachable (403 blocked, Zalo -230…): marks
   * the account when the reason is permanent and re-routes the message to the person's next channel.
   */
  async handleUnreachable(tx: Tx, item: OutboxItem, reason: UnreachableReason, now: number): Promise<DispatchOutcome | null> {
    if (reason === 'blocked' || reason === 'unfollowed' || reason === 'chat_not_found') {
      await tx.delivery.markAccount(item.channel, item.chatId, reason === 'unfollowed' ? 'unfollowed' : 'blocked', reason);
    }
    if (item.personId === null) return null;
    return this.dispatch(
      tx,
      { personId: item.personId, dedupeKey: notificationKeyOf(item.dedupeKey), purpose: toPurpose(item.purpose), messages: item.messages },
      now,
      { exclude: [item.channel] },
    );
  }

  private wake(tx: Tx, channel: ChannelName): void {
    const onQueued = this.options.onQueued;
    if (onQueued) tx.afterCommit(() => onQueued(channel));
  }
}

function toPurpose(p: string): Notification['purpose'] {
  return p === 'approval' || p === 'reminder' || p === 'announcement' ? p : 'notice';
}
