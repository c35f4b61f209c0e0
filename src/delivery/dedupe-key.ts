/**
 * Outbox keys. A notification's own key (`Notification.dedupeKey`) names WHAT is sent (a reminder slot, an approval
 * prompt); the outbox row's key must also name WHO gets it and WHERE, or one notice sent to many people under one
 * key would reach only the first person per channel (issue 18, item 22).
 *
 * Row key: `<notification key>|p<personId>@<channel>`. Everything before `@` identifies one notification for one
 * person, so the same message re-routed to another channel gets a sibling key (see `OutboxRepository.requeueHeld`).
 */
import { createHash } from 'node:crypto';
import type { ChannelName, OutboundMessage } from '../conversation/types.js';

/** The outbox key of `notificationKey` for `personId` on `route` (a channel, or a pseudo-route like `zalogroup`). */
export function outboxKey(notificationKey: string, personId: number, route: ChannelName | 'zalogroup'): string {
  return `${notificationKey}|p${personId}@${route}`;
}

/** The notification's own key back from an outbox key written by {@link outboxKey} (other keys are returned as they are). */
export function notificationKeyOf(rowKey: string): string {
  return rowKey.replace(/\|p\d+@[a-z]+$/, '');
}

/**
 * The outbox key of a post to a group chat: `group:<postKey>@<channel>`. Group posts (honour lists, the channel's
 * notices to a group) are queued for the channel's one sender (`sender:<channel>` lease), and the key makes a
 * repeated post (a retry, the same post queued by a second instance) a no-op. Without a `postKey` the post is named
 * by its content and group, so posting the same messages to the same group twice still posts once.
 */
export function groupPostKey(channel: ChannelName, groupId: string, messages: readonly OutboundMessage[], postKey?: string): string {
  const id = postKey ?? createHash('sha256').update(JSON.stringify([groupId, messages])).digest('base64url').slice(0, 22);
  return `group:${id}@${channel}`;
}
