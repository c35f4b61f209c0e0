/**
 * One Telegram update, start to finish: dedupe by `update_id`, translate, verify button signatures, download
 * files, hand the event to the engine, deliver its replies to the sender's chat (directly, through the rate
 * limiter) and answer the button press. (Notifications the engine produced are placed by the dispatcher, which wakes
 * the right channel's outbox worker.)
 *
 * Never throws: a failure is logged (ids only) and recorded on the update, and the person gets a short message
 * when something they sent could not be taken.
 */
import { and, eq } from 'drizzle-orm';
import type { Telegram } from 'telegraf';
import { chatAccounts } from '../../../db/schema.js';
import type { AppServices } from '../../app/services.js';
import type { InboundEvent, OutboundMessage } from '../../conversation/types.js';
import { DeliveryError, type UnreachableReason } from '../../delivery/channel-sender.js';
import type { CallbackSigner } from './callback-data.js';
import { downloadFile, FileDownloadError } from './download-file.js';
import { deactivateGroup, GROUP_REGISTRATION_COMMAND, migrateGroup, registerGroup } from './group-registration.js';
import type { DeliverContext, TelegramSender } from './telegram-sender.js';
import { toInbound, updateSchema, type TelegramInbound } from './to-inbound.js';
import type { UpdateLog } from './update-log.js';

export const UPDATE_TEXTS = {
  unsupported:
    'Thi Đua Số chưa đọc được loại tin nhắn này (ví dụ nhãn dán, tin nhắn thoại). Anh/chị vui lòng gõ chữ, bấm nút hoặc gửi ảnh/tệp minh chứng. Gõ /huongdan để xem hướng dẫn.',
  /** A command other than /dangkynhom typed in a group: personal work happens in the private chat. */
  groupOnly:
    'Trong nhóm chung, Thi Đua Số chỉ đăng thông báo. Để tự đánh giá, duyệt hoặc xem điểm, anh/chị vui lòng mở cuộc trò chuyện riêng với Thi Đua Số rồi gõ lệnh ở đó.',
  badButton: 'Nút này không hợp lệ. Gõ /tudanhgia để tiếp tục.',
  fileFailed: 'Không tải được tệp từ Telegram. Anh/chị vui lòng gửi lại.',
} as const;

export interface UpdateHandlerDeps {
  services: AppServices;
  telegram: Telegram;
  sender: TelegramSender;
  signer: CallbackSigner;
  updateLog: UpdateLog;
  /** The bot's username (commands `/x@other_bot` are ignored). */
  botUsername: () => string | undefined;
  now: () => number;
}

export type UpdateHandler = (raw: unknown) => Promise<void>;

export function createUpdateHandler(deps: UpdateHandlerDeps): UpdateHandler {
  const { services, updateLog, now } = deps;
  const log = services.logger.child({ channel: 'telegram' });
  return async (raw) => {
    const parsed = updateSchema.safeParse(raw);
    if (!parsed.success) {
      log.warn({ issues: parsed.error.issues.length }, 'telegram: update not understood');
      return;
    }
    const update = parsed.data;
    const updateId = update.update_id;
    if (updateLog.begin(updateId, now()) === 'duplicate') {
      log.debug({ updateId }, 'telegram: duplicate update ignored');
      return;
    }
    try {
      await route(deps, toInbound(update, deps.botUsername(), new Date(now())));
      updateLog.finish(updateId, 'done', now());
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown';
      updateLog.finish(updateId, 'failed', now(), message);
      log.error({ updateId, err: error }, 'telegram: update failed');
    }
  };
}

async function route(deps: UpdateHandlerDeps, inbound: TelegramInbound): Promise<void> {
  const { services, now } = deps;
  switch (inbound.type) {
    case 'ignore':
      if (inbound.callbackQueryId) await answerPress(deps, inbound.callbackQueryId);
      return;
    case 'membership':
      onMembership(deps, inbound.chatId, inbound.isGroup, inbound.status);
      return;
    case 'migrate':
      migrateGroup(services.db, inbound.fromChatId, inbound.toChatId, now());
      return;
    case 'group-command': {
      // Plain group chatter never gets here (it is ignored); a command for us gets one pointer to the private chat.
      if (inbound.name !== GROUP_REGISTRATION_COMMAND) {
        await reply(deps, inbound.base.chatId, [{ kind: 'text', text: UPDATE_TEXTS.groupOnly }]);
        return;
      }
      const result = registerGroup(services.db, {
        chatId: inbound.base.chatId,
        userId: inbound.base.userId,
        ...(inbound.title !== undefined ? { title: inbound.title } : {}),
        now: now(),
      });
      services.logger.info({ channel: 'telegram', status: result.status }, 'telegram: group registration');
      await reply(deps, inbound.base.chatId, [{ kind: 'text', text: result.text }]);
      return;
    }
    case 'unsupported':
      await reply(deps, inbound.base.chatId, [{ kind: 'text', text: UPDATE_TEXTS.unsupported }]);
      return;
    case 'button': {
      const payload = deps.signer.verify(inbound.base.chatId, inbound.data);
      if (payload === null) {
        services.logger.warn({ channel: 'telegram', eventId: inbound.base.eventId }, 'telegram: forged or foreign button');
        await answerPress(deps, inbound.callbackQueryId, UPDATE_TEXTS.badButton);
        return;
      }
      try {
        await runEngine(deps, { ...inbound.base, kind: 'button', payload }, { pressed: pressedOf(inbound.message) });
      } finally {
        await answerPress(deps, inbound.callbackQueryId);
      }
      return;
    }
    case 'file': {
      let file;
      try {
        file = await downloadFile(deps.telegram, inbound.file);
      } catch (error) {
        if (!(error instanceof FileDownloadError)) throw error;
        services.logger.warn({ channel: 'telegram', eventId: inbound.base.eventId, err: error.message }, 'telegram: file not downloaded');
        await reply(deps, inbound.base.chatId, [{ kind: 'text', text: UPDATE_TEXTS.fileFailed }]);
        return;
      }
      const caption = inbound.caption !== undefined ? { caption: inbound.caption } : {};
      await runEngine(deps, { ...inbound.base, kind: 'file', file, ...caption }, {});
      return;
    }
    case 'event':
      await runEngine(deps, inbound.event, inbound.event.kind === 'contact' ? { afterContact: true } : {});
      return;
  }
}

async function runEngine(deps: UpdateHandlerDeps, event: InboundEvent, context: DeliverContext): Promise<void> {
  const result = await deps.services.handleInbound(event);
  if (result.duplicate || result.replies.length === 0) return;
  await reply(deps, event.chatId, result.replies, context);
}

/** Replies go straight to the sender's chat (not through the outbox): the person is waiting for them. */
async function reply(deps: UpdateHandlerDeps, chatId: string, messages: OutboundMessage[], context: DeliverContext = {}): Promise<void> {
  try {
    await deps.sender.deliver(chatId, messages, context);
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    if (error.kind === 'unreachable') markUnreachable(deps, chatId, error.details.reason ?? 'chat_not_found');
    deps.services.logger.warn({ channel: 'telegram', chatId, kind: error.kind, status: error.details.status }, 'telegram: reply not delivered');
  }
}

/** Stops the button's progress indicator; a query too old to answer is not an error worth more than a debug line. */
async function answerPress(deps: UpdateHandlerDeps, callbackQueryId: string, text?: string): Promise<void> {
  try {
    await deps.telegram.answerCbQuery(callbackQueryId, text);
  } catch (error) {
    deps.services.logger.debug({ channel: 'telegram', err: error instanceof Error ? error.message : 'unknown' }, 'telegram: press not answered');
  }
}

function pressedOf(message: { id: number; text?: string }): DeliverContext['pressed'] {
  return { messageId: message.id, ...(message.text !== undefined ? { text: message.text } : {}) };
}

/** Marks the chat's account unreachable the same way the outbox does (the office's lists show it). */
function markUnreachable(deps: UpdateHandlerDeps, chatId: string, reason: UnreachableReason): void {
  deps.services.dispatcher.handleUnreachable(
    { id: 0, dedupeKey: `reply:${chatId}`, channel: 'telegram', chatId, personId: null, purpose: 'reply', messages: [], attempts: 0 },
    reason,
    deps.now(),
  );
}

/** `my_chat_member`: the person blocked (or unblocked) the bot; the bot left or was removed from a group. */
function onMembership(deps: UpdateHandlerDeps, chatId: string, isGroup: boolean, status: string): void {
  const { db } = deps.services;
  if (isGroup) {
    if (status === 'left' || status === 'kicked') deactivateGroup(db, chatId, deps.now());
    return;
  }
  if (status === 'kicked') {
    markUnreachable(deps, chatId, 'blocked');
  } else if (status === 'member') {
    db.update(chatAccounts)
      .set({ status: 'active', statusReason: null })
      .where(and(eq(chatAccounts.channel, 'telegram'), eq(chatAccounts.chatId, chatId), eq(chatAccounts.status, 'blocked')))
      .run();
  }
}
