/**
 * The staff directory and chat-account links. Why a repository: linking and role rules live in the engine and the
 * workflows, rows in the database.
 */
import type { ChannelName } from '../conversation/types.js';
import type { Role } from '../scoring/rubric-schema.js';

/** A directory entry as the conversation needs it (never logged: contains a name). */
export interface PersonView {
  id: number;
  unitId: string;
  fullName: string;
  departmentId: number | null;
  departmentName: string | null;
  /** The department's leader in charge (reviews the head's own self-assessment). */
  leaderInChargeId: number | null;
  roles: readonly Role[];
  active: boolean;
}

/** A linked chat account. */
export interface AccountView {
  id: number;
  personId: number;
  status: 'active' | 'blocked' | 'unfollowed';
}

/** Outcome of redeeming a one-time code. */
export type InviteRedeemResult = { ok: true; personId: number } | { ok: false; reason: 'unknown' | 'expired' | 'used' };

export interface LinkAccountInput {
  personId: number;
  channel: ChannelName;
  externalUserId: string;
  chatId: string;
  via: 'phone' | 'code' | 'demo';
  now: number;
}

export interface DirectoryRepository {
  findAccount(channel: ChannelName, externalUserId: string): Promise<AccountView | null>;
  /**
   * `findAccount` and, when there is an account, `getPerson` of its person (null when that person is gone). Why one
   * method: the engine reads both on every event, and on PostgreSQL it is one round trip instead of two.
   */
  findAccountWithPerson(channel: ChannelName, externalUserId: string): Promise<{ account: AccountView; person: PersonView | null } | null>;
  getPerson(personId: number): Promise<PersonView | null>;
  /** Active people whose stored (normalised) phone equals `phone`, across units. */
  findPeopleByPhone(phone: string): Promise<PersonView[]>;
  /** Marks the code (given as its sha256 hex) used, if it exists, is unused and not expired. */
  redeemInvite(codeHash: string, now: number): Promise<InviteRedeemResult>;
  /** Links (or re-links) a chat account to a person; idempotent by (channel, externalUserId). */
  linkAccount(link: LinkAccountInput): Promise<AccountView>;
  /** Records the last interaction time (reminders and delivery prefer recently used accounts). */
  touchAccount(accountId: number, now: number): Promise<void>;
  /** The head(s) of a department, for notifications. */
  headsOf(departmentId: number): Promise<number[]>;
  /** Whether the person asked not to be mentioned by handle in group chats (`/nhacten`). */
  noGroupMention(personId: number): Promise<boolean>;
  /** Sets that preference; returns the previous value (for the audit entry). */
  setNoGroupMention(personId: number, value: boolean, now: number): Promise<boolean>;
}
