/**
 * The port every channel implements to deliver outbound messages, and the error taxonomy the outbox relies on
 * to decide between "try again later", "this person cannot be reached here" and "give up".
 */
import type { ChannelName, OutboundMessage } from '../conversation/types.js';

export type DeliveryPurpose = 'approval' | 'notice' | 'reminder' | 'announcement' | 'reply';

export interface ChannelSender {
  readonly channel: ChannelName;
  /**
   * Delivers `messages` to one chat, in order, within the platform's limits (the sender owns its rate limiter).
   * Resolves when the platform accepted every message; throws `DeliveryError` otherwise.
   */
  send(chatId: string, messages: OutboundMessage[], purpose: DeliveryPurpose): Promise<void>;
}

/**
 * Why a delivery failed.
 * - `unreachable`: the person cannot be reached on this account (blocked the bot, unfollowed the OA, outside Zalo's
 *   7-day window, chat not found): mark it and route elsewhere, do not retry.
 * - `retry`: transient (429, 5xx, network); retry after `retryAfterMs` (or backoff).
 * - `fatal`: the request itself is wrong (400); retrying will not help.
 */
export type DeliveryFailureKind = 'unreachable' | 'retry' | 'fatal';

export type UnreachableReason = 'blocked' | 'unfollowed' | 'outside_window' | 'chat_not_found' | 'not_linked';

export class DeliveryError extends Error {
  constructor(
    readonly kind: DeliveryFailureKind,
    message: string,
    readonly details: { reason?: UnreachableReason; retryAfterMs?: number; status?: number } = {},
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Vietnamese labels for the office's delivery reports. */
export const UNREACHABLE_LABELS: Record<UnreachableReason, string> = {
  blocked: 'đã chặn Thi Đua Số',
  unfollowed: 'đã bỏ quan tâm tài khoản Zalo Thi Đua Số',
  outside_window: 'ngoài thời hạn 7 ngày tương tác của Zalo',
  chat_not_found: 'không tìm thấy cuộc trò chuyện',
  not_linked: 'chưa liên kết tài khoản chat',
};
