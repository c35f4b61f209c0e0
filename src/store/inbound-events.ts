/**
 * The idempotency log of platform events, shared by every channel and the engine. Why one log: webhooks are
 * redelivered, a Telegram update may arrive by polling and webhook, a web client retries; a repeated
 * `(channel, eventId)` must change nothing, whoever sees it first.
 */
import type { ChannelName } from '../conversation/types.js';

export interface InboundEventRepository {
  /** Records `(channel, eventId)`; false when it was already recorded (the event is a duplicate). */
  markProcessed(channel: ChannelName, eventId: string, at: number): Promise<boolean>;
  /** Deletes processed events older than `before` (retention); returns how many. */
  purgeProcessed(before: number): Promise<number>;
}
