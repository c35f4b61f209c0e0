/**
 * What delivery needs to know about people's chat accounts and their units' group chats: which accounts a
 * person can be messaged on (most recently used first), when each last interacted (Zalo's 7-day window), and
 * which accounts turned out unreachable. (Group chats are in `groups`.) Why a repository apart from the directory: the dispatcher, the outbox
 * workers and the channels read and mark accounts for delivery, while linking stays the conversation's business.
 */
import type { ChannelName } from '../conversation/types.js';
import type { AccountStatus } from './statuses.js';

/** A linked chat account as the dispatcher sees it. */
export interface DeliveryAccount {
  id: number;
  personId: number;
  channel: ChannelName;
  chatId: string;
  status: AccountStatus;
  /** Last time the person wrote on this account (epoch ms); null when never recorded. */
  lastInteractionAt: number | null;
}

/** A Zalo account of an active person with an open window (candidates for a nudge). */
export interface WindowAccount {
  accountId: number;
  personId: number;
  chatId: string;
  lastInteractionAt: number;
}

/** Whether and where a person may be mentioned in a group. */
export interface MentionTarget {
  unitId: string;
  noGroupMention: boolean;
}

export interface DeliveryRepository {
  /** The person's accounts, most recently used first (then most recently linked). */
  accountsOf(personId: number): Promise<DeliveryAccount[]>;
  /** The account `chatId` of `channel`, if linked. */
  accountByChat(channel: ChannelName, chatId: string): Promise<DeliveryAccount | null>;
  /** Marks the account(s) of `chatId` on `channel` blocked or unfollowed, with the reason. */
  markAccount(channel: ChannelName, chatId: string, status: Exclude<AccountStatus, 'active'>, reason: string): Promise<void>;
  /**
   * Records an interaction by platform user id: `last_interaction_at` moves forward only, and an account marked
   * blocked/unfollowed becomes active again (they just wrote to us). Returns false when no account is linked.
   */
  recordInteraction(channel: ChannelName, externalUserId: string, at: number): Promise<boolean>;
  /** Marks the account of a platform user id (e.g. a Zalo `unfollow`). */
  markAccountByUser(channel: ChannelName, externalUserId: string, status: Exclude<AccountStatus, 'active'>, reason: string): Promise<void>;
  /** Active accounts of active people of `unitId` on `channel` with a recorded interaction. */
  activeAccountsOfUnit(channel: ChannelName, unitId: string): Promise<WindowAccount[]>;
  /** The person's unit and mention preference (null when unknown). */
  mentionTarget(personId: number): Promise<MentionTarget | null>;
}
