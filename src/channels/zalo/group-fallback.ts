/**
 * The last resort when a person cannot be messaged privately on Zalo (window closed) nor on another channel:
 * a mention in the unit's Zalo group asking them to message the OA. The mention says only THAT something is
 * waiting (never its content: it may hold scores). The original message is kept on the person's Zalo account as
 * `unreachable / outside_window` — it shows in the office's list of unreached people, and is sent as soon as they
 * write to the OA again (`touchZaloAccount`).
 */
import type { DispatchFallback } from '../../delivery/dispatcher.js';
import { outboxKey } from '../../delivery/dedupe-key.js';
import type { Tx } from '../../store/store.js';
import { purposeLabel } from './window-policy.js';
import { GROUP_CHAT_PREFIX } from './zalo-sender.js';

/**
 * The Zalo group of a unit: its registered announcement target only. `ZALO_GROUP_ID` is registered for its own
 * unit at start-up; it is never used for another unit, whose people must not be tagged in a stranger's group.
 */
export async function zaloGroupOf(tx: Tx, unitId: string): Promise<string | null> {
  const targets = await tx.groups.activeTargets(unitId);
  return targets.find((t) => t.channel === 'zalo')?.chatId ?? null;
}

export function createZaloGroupFallback(): DispatchFallback {
  return async (tx, notification, reasons, now) => {
    const { personId } = notification;
    const person = await tx.delivery.mentionTarget(personId);
    if (!person || person.noGroupMention) return null;
    const account = (await tx.delivery.accountsOf(personId)).find((a) => a.channel === 'zalo');
    if (!account) return null;
    const groupId = await zaloGroupOf(tx, person.unitId);
    if (!groupId) return null;
    if (reasons.some((r) => r.channel === 'zalo' && r.reason === 'outside_window')) {
      const held = await tx.outbox.enqueue({
        dedupeKey: outboxKey(notification.dedupeKey, personId, 'zalo'),
        channel: 'zalo',
        chatId: account.chatId,
        personId,
        purpose: notification.purpose,
        messages: notification.messages,
        now,
      });
      if (held.created) await tx.outbox.hold(held.id, 'outside_window');
    }
    const mention = `[@${account.chatId.replace(/[^0-9A-Za-z_-]/g, '')}]`;
    const { id } = await tx.outbox.enqueue({
      dedupeKey: outboxKey(notification.dedupeKey, personId, 'zalogroup'),
      channel: 'zalo',
      chatId: GROUP_CHAT_PREFIX + groupId,
      personId: null,
      purpose: notification.purpose,
      messages: [
        {
          kind: 'text',
          text:
            `${mention} Thi Đua Số có ${purposeLabel(notification.purpose)} gửi anh/chị, nhưng Zalo không cho phép nhắn riêng ` +
            'vì đã hơn 7 ngày anh/chị chưa nhắn tin cho tài khoản Zalo Thi Đua Số. ' +
            'Vui lòng mở cuộc trò chuyện với Thi Đua Số trên Zalo và gõ "ok" để nhận tin.',
        },
      ],
      now,
    });
    return { channel: 'zalo', outboxId: id };
  };
}
