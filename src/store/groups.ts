/**
 * Registered group chats: a unit's announcement targets (a Telegram group, a Zalo GMF group) where the honour list
 * is posted. Why a repository: channels register groups (/dangkynhom), the honours service posts to them, and
 * neither touches the database.
 *
 * Plain TypeScript types only. (Created by the honours/scheduler area with what it reads; the Telegram and Zalo
 * areas add registration here.)
 */

export const GROUP_CHANNELS = ['telegram', 'zalo'] as const;
export type GroupChannel = (typeof GROUP_CHANNELS)[number];

/** A registered announcement group. `title` is shown to the office (never logged). */
export interface AnnouncementTarget {
  id: number;
  unitId: string;
  channel: GroupChannel;
  chatId: string;
  title: string | null;
  registeredById: number | null;
  registeredAt: number;
  active: boolean;
}

/** A group chat registered (or re-registered) as a unit's announcement target. */
export interface GroupRegistration {
  unitId: string;
  channel: GroupChannel;
  chatId: string;
  title: string | null;
  registeredById: number | null;
  registeredAt: number;
}

export interface GroupRepository {
  /** The unit's active announcement groups, in registration order. */
  activeTargets(unitId: string): Promise<AnnouncementTarget[]>;
  /** The target registered for a group chat, active or not (a chat belongs to at most one unit). */
  findByChat(channel: GroupChannel, chatId: string): Promise<AnnouncementTarget | null>;
  /**
   * Makes the chat the unit's active announcement target: a new row, or the chat's existing row re-pointed to
   * this unit and registrant and re-activated. Returns the row as stored.
   */
  register(registration: GroupRegistration): Promise<AnnouncementTarget>;
  /** Stops posting to a target (the bot was removed from the group); `/dangkynhom` activates it again. */
  deactivate(targetId: number): Promise<void>;
  /** A group upgraded to a supergroup: the target follows its new chat id. */
  moveChat(targetId: number, toChatId: string): Promise<void>;
}
