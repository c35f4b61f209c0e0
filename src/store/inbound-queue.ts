/**
 * Platform events received and acknowledged but not processed yet, kept in the one inbound-event log (the same
 * `(channel, eventId)` rows the engine's `inboundEvents.markProcessed` turns `done` in the step's transaction).
 *
 * Why: Zalo wants its webhook answered within 2 seconds and does not resend an event it got a 200 for, while
 * processing may take longer (an attachment download). The webhook records the event as `pending` before its 200;
 * a crash after the answer leaves the row pending, and start-up processes it. A redelivery of a recorded event is
 * recognised by the same key, so there is still one idempotency log.
 */
import type { ChannelName } from '../conversation/types.js';

export interface QueuedInbound {
  eventId: string;
  /** The body as received (JSON text). */
  payload: string;
  receivedAt: number;
  attempts: number;
}

export interface InboundQueueRepository {
  /** Records the event as pending; false when `(channel, eventId)` is already recorded (pending or done). */
  enqueue(channel: ChannelName, eventId: string, payload: string, receivedAt: number): Promise<boolean>;
  /** Pending events of a channel, oldest first. */
  pending(channel: ChannelName, limit: number): Promise<QueuedInbound[]>;
  /** Counts a failed attempt (the error is kept for the operator); returns the attempts so far. */
  recordFailure(channel: ChannelName, eventId: string, error: string): Promise<number>;
  /** Gives up on the event: status `failed`. */
  markFailed(channel: ChannelName, eventId: string, error: string, at: number): Promise<void>;
}
