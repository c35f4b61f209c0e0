/**
 * The last resort when a person cannot be messaged privately on Zalo (window closed) nor on another channel:
 * a mention in the unit's Zalo group asking them to message the OA. The mention says only THAT something is
 * waiting (never its content: it may hold scores). The original message is kept on the person's Zalo account as
 * `unreachable / outside_window` — it shows in the office's list of unreached people, and is sent as soon as they
 * write to the OA again (`touchZaloAccount`).
 */
import { and, eq } from 'drizzle-orm';
import { announcementTargets, chatAccounts, people } from '../../../db/schema.js';
import type { DispatchFallback } from '../../delivery/dispatcher.js';
import type { Db } from '../../persistence/open-db.js';
import type { OutboxRepo } from '../../persistence/outbox-repo.js';
import { GROUP_CHAT_PREFIX } from './zalo-sender.js';
import { purposeLabel } from './window-policy.js';

export interface GroupFallbackOptions {
  db: Db;
  outbox: OutboxRepo;
}

/**
 * The Zalo group of a unit: its registered announcement target only. `ZALO_GROUP_ID` is registered for its own
 * unit at start-up; it is never used for another unit, whose people must not be tagged in a stranger's group.
 */
export function zaloGroupOf(db: Db, unitId: string): string | null {
  const row = db
    .select({ chatId: announcementTargets.chatId })
    .from(announcementTargets)
    .where(and(eq(announcementTargets.unitId, unitId), eq(announcementTargets.channel, 'zalo'), eq(announcementTargets.active, true)))
    .get();
  return row?.chatId ?? null;
}

export function createZaloGroupFallback(options: GroupFallbackOptions): DispatchFallback {
  const { db, outbox } = options;
  return (notification, reasons, now) => {
    const person = db
      .select({ unitId: people.unitId, noGroupMention: people.noGroupMention })
      .from(people)
      .where(eq(people.id, notification.personId))
      .get();
    if (!person || person.noGroupMention) return null;
    const account = db
      .select({ chatId: chatAccounts.chatId })
      .from(chatAccounts)
      .where(and(eq(chatAccounts.personId, notification.personId), eq(chatAccounts.channel, 'zalo')))
      .get();
    if (!account) return null;
    const groupId = zaloGroupOf(db, person.unitId);
    if (!groupId) return null;
    if (reasons.some((r) => r.channel === 'zalo' && r.reason === 'outside_window')) {
      const held = outbox.enqueue({
        dedupeKey: `${notification.dedupeKey}@zalo`,
        channel: 'zalo',
        chatId: account.chatId,
        personId: notification.personId,
        purpose: notification.purpose,
        messages: notification.messages,
        now,
      });
      if (held.created) outbox.markUnreachable(held.id, 'outside_window');
    }
    const mention = `[@${account.chatId.replace(/[^0-9A-Za-z_-]/g, '')}]`;
    const { id } = outbox.enqueue({
      dedupeKey: `${notification.dedupeKey}@zalogroup`,
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
