/**
 * Routes a notification for a PERSON to one of their linked chat accounts and writes it to the durable outbox.
 *
 * Order: active accounts on enabled channels, most recently used first; a channel may veto an account through
 * its `ReachabilityPolicy` (Zalo: no consultation message outside the 7-day window), in which case the next
 * account is tried; when none can take it, channel fallbacks run (e.g. a mention in the unit's Zalo group) and
 * otherwise the outcome is `unreachable` with every reason, so the office's lists can show who was missed and why.
 */
import { and, desc, eq } from 'drizzle-orm';
import { chatAccounts } from '../../db/schema.js';
import type { ChannelName, Notification } from '../conversation/types.js';
import type { Db } from '../persistence/open-db.js';
import type { OutboxItem, OutboxRepo } from '../persistence/outbox-repo.js';
import type { UnreachableReason } from './channel-sender.js';

export interface AccountView {
  id: number;
  personId: number;
  channel: ChannelName;
  chatId: string;
  status: 'active' | 'blocked' | 'unfollowed';
  lastInteractionAt: number | null;
}

/** A channel's veto: returns why this account cannot receive a message now, or null when it can. */
export interface ReachabilityPolicy {
  channel: ChannelName;
  check(account: AccountView, now: number, purpose: Notification['purpose']): UnreachableReason | null;
}

/** Last resort when no account can take the message (returns a description of where it went, or null). */
export type DispatchFallback = (
  notification: Notification,
  reasons: DispatchReason[],
  now: number,
) => { channel: ChannelName; outboxId: number } | null;

export interface DispatchReason {
  channel: ChannelName | null;
  reason: UnreachableReason;
}

export interface DispatchOutcome {
  personId: number;
  status: 'queued' | 'fallback' | 'unreachable';
  channel?: ChannelName;
  outboxId?: number;
  /** True when this dedupe key had been queued before (nothing new was written). */
  duplicate?: boolean;
  reasons: DispatchReason[];
}

export interface DispatcherOptions {
  db: Db;
  outbox: OutboxRepo;
  /** Channels running in this process (web is always on). */
  enabledChannels: ReadonlySet<ChannelName>;
  policies?: ReachabilityPolicy[];
  fallbacks?: DispatchFallback[];
  /** Wakes the channel's outbox worker. */
  onQueued?: (channel: ChannelName) => void;
}

export class Dispatcher {
  private readonly policies = new Map<ChannelName, ReachabilityPolicy>();
  private readonly fallbacks: DispatchFallback[] = [];

  constructor(private readonly options: DispatcherOptions) {
    for (const p of options.policies ?? []) this.policies.set(p.channel, p);
    this.fallbacks.push(...(options.fallbacks ?? []));
  }

  /** Channels register their policy and fallbacks when they start. */
  addPolicy(policy: ReachabilityPolicy): void {
    this.policies.set(policy.channel, policy);
  }

  addFallback(fallback: DispatchFallback): void {
    this.fallbacks.push(fallback);
  }

  accountsOf(personId: number): AccountView[] {
    return this.options.db
      .select({
        id: chatAccounts.id,
        personId: chatAccounts.personId,
        channel: chatAccounts.channel,
        chatId: chatAccounts.chatId,
        status: chatAccounts.status,
        lastInteractionAt: chatAccounts.lastInteractionAt,
      })
      .from(chatAccounts)
      .where(eq(chatAccounts.personId, personId))
      .orderBy(desc(chatAccounts.lastInteractionAt), desc(chatAccounts.linkedAt))
      .all();
  }

  /** Queues `notification` on the best reachable account; never throws for an unreachable person. */
  dispatch(notification: Notification, now: number, options: { exclude?: ChannelName[] } = {}): DispatchOutcome {
    const reasons: DispatchReason[] = [];
    const accounts = this.accountsOf(notification.personId);
    if (accounts.length === 0) reasons.push({ channel: null, reason: 'not_linked' });
    for (const account of accounts) {
      if (options.exclude?.includes(account.channel)) continue;
      if (!this.options.enabledChannels.has(account.channel)) continue;
      if (account.status !== 'active') {
        reasons.push({ channel: account.channel, reason: account.status === 'blocked' ? 'blocked' : 'unfollowed' });
        continue;
      }
      const veto = this.policies.get(account.channel)?.check(account, now, notification.purpose) ?? null;
      if (veto) {
        reasons.push({ channel: account.channel, reason: veto });
        continue;
      }
      const { id, created } = this.options.outbox.enqueue({
        dedupeKey: `${notification.dedupeKey}@${account.channel}`,
        channel: account.channel,
        chatId: account.chatId,
        personId: notification.personId,
        purpose: notification.purpose,
        messages: notification.messages,
        now,
      });
      this.options.onQueued?.(account.channel);
      return { personId: notification.personId, status: 'queued', channel: account.channel, outboxId: id, duplicate: !created, reasons };
    }
    for (const fallback of this.fallbacks) {
      const placed = fallback(notification, reasons, now);
      if (placed) {
        this.options.onQueued?.(placed.channel);
        return { personId: notification.personId, status: 'fallback', ...placed, reasons };
      }
    }
    return { personId: notification.personId, status: 'unreachable', reasons };
  }

  /**
   * Called by an outbox worker when an account turned out unreachable (403 blocked, Zalo -230…): marks the account
   * when the reason is permanent and re-routes the message to the person's next channel.
   */
  handleUnreachable(item: OutboxItem, reason: UnreachableReason, now: number): DispatchOutcome | null {
    if (reason === 'blocked' || reason === 'unfollowed' || reason === 'chat_not_found') {
      this.options.db
        .update(chatAccounts)
        .set({ status: reason === 'unfollowed' ? 'unfollowed' : 'blocked', statusReason: reason })
        .where(and(eq(chatAccounts.channel, item.channel), eq(chatAccounts.chatId, item.chatId)))
        .run();
    }
    if (item.personId === null) return null;
    const baseKey = item.dedupeKey.replace(/@[a-z]+$/, '');
    return this.dispatch(
      {
        personId: item.personId,
        dedupeKey: baseKey,
        purpose: toPurpose(item.purpose),
        messages: item.messages,
      },
      now,
      { exclude: [item.channel] },
    );
  }
}

function toPurpose(p: string): Notification['purpose'] {
  return p === 'approval' || p === 'reminder' || p === 'announcement' ? p : 'notice';
}
