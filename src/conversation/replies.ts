/**
 * The replies to one inbound event as ONE outbox item, keyed by the event: `reply:<eventId>@<channel>`.
 *
 * Why one key per event: a reply must never be lost (the person is waiting) nor sent twice (a redelivered event, a
 * recovery sweep, a fallback after a failed direct send). The key makes every path that queues an event's replies
 * idempotent: on PostgreSQL the engine writes them in the step's own transaction (so a crash after the commit still
 * delivers them, through the channel's `sender:<channel>` lease holder); on SQLite and in the web chat they go out at
 * once and a channel queues them under the same key only when that direct send failed.
 */
import type { Tx } from '../store/store.js';
import type { ChannelName, OutboundMessage } from './types.js';

/** The outbox key of an event's replies (the part after `@` names the channel, as in delivery/dedupe-key.ts). */
export function replyKey(eventId: string, channel: ChannelName): string {
  return `reply:${eventId}@${channel}`;
}

/** Which event the replies answer and where they go. */
export interface ReplyTarget {
  eventId: string;
  channel: ChannelName;
  chatId: string;
  /** The linked person, when known (null for an unlinked chat). */
  personId: number | null;
}

/**
 * Queues `replies` to `target` in `tx` (due at `now`); returns whether the item is new (false: this event's replies
 * were queued before and nothing was written).
 */
export async function queueReplies(tx: Tx, target: ReplyTarget, replies: OutboundMessage[], now: number): Promise<boolean> {
  const { created } = await tx.outbox.enqueue({
    dedupeKey: replyKey(target.eventId, target.channel),
    channel: target.channel,
    chatId: target.chatId,
    personId: target.personId,
    purpose: 'reply',
    messages: replies,
    now,
  });
  return created;
}
