/**
 * One Telegram update, start to finish: translate, verify button signatures, download files, hand the event to
 * the engine, deliver its replies to the sender's chat (directly, through the rate limiter, unless the engine queued
 * them) and answer the button press. (Notifications the engine produced are already in the outbox; the dispatcher
 * wakes the channel's worker.) With `noticesThroughOutbox` (several instances) the handler's own notices are queued
 * too, so nothing but the press's answer leaves this instance directly.
 *
 * Deduplication: the engine marks every event it takes in the one inbound-event log (`telegram`, `update_id`) in
 * the step's transaction. Updates that do not reach the engine (group registration, membership changes, a reply
 * to a sticker) are marked in the same log by their own unit of work, so a redelivered update is never applied
 * or answered twice, whichever path it takes.
 *
 * Never throws: a failure is logged (ids only), and the person gets a short message when something they sent
 * could not be taken.
 */
import type { Telegram } from 'telegraf';
import { queueReplies } from '../../conversation/replies.js';
import type { EngineResult, InboundEvent, OutboundMessage } from '../../conversation/types.js';
import { DeliveryError, type UnreachableReason } from '../../delivery/channel-sender.js';
import type { Store, Tx } from '../../store/store.js';
import type { CallbackSigner } from './callback-data.js';
import { downloadFile, FileDownloadError } from './download-file.js';
import { deactivateGroup, GROUP_REGISTRATION_COMMAND, migrateGroup, registerGroup } from './group-registration.js';
import { groupRegistrationText } from './render-group.js';
import type { DeliverContext, TelegramSender } from './telegram-sender.js';
import { toInbound, updateSchema, type TelegramInbound } from './to-inbound.js';

export const UPDATE_TEXTS = {
  unsupported:
    'Thi Đua Số chưa đọc được loại tin nhắn này (ví dụ nhãn dán, tin nhắn thoại). Anh/chị vui lòng gõ chữ, bấm nút hoặc gửi ảnh/tệp minh chứng. Gõ /huongdan để xem hướng dẫn.',
  /** A command other than /dangkynhom typed in a group: personal work happens in the private chat. */
  groupOnly:
    'Trong nhóm chung, Thi Đua Số chỉ đăng thông báo. Để tự đánh giá, duyệt hoặc xem điểm, anh/chị vui lòng mở cuộc trò chuyện riêng với Thi Đua Số rồi gõ lệnh ở đó.',
  badButton: 'Nút này không hợp lệ. Gõ /tudanhgia để tiếp tục.',
  fileFailed: 'Không tải được tệp từ Telegram. Anh/chị vui lòng gửi lại.',
} as const;

/** The logging the handler needs (pino satisfies it). Ids and counts only. */
export interface UpdateLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface UpdateHandlerDeps {
  store: Store;
  /** The conversation engine (dedupes, orders each chat's events, resolves once the step is durable). */
  handle(event: InboundEvent): Promise<EngineResult>;
  telegram: Telegram;
  sender: TelegramSender;
  signer: CallbackSigner;
  logger: UpdateLogger;
  /** The bot's username (commands `/x@other_bot` are ignored). */
  botUsername: () => string | undefined;
  now: () => number;
  /**
   * The handler's own notices (a command typed in a group, `/dangkynhom`'s answer, an unsupported message, a file not
   * downloaded) are queued in the outbox, in the unit of work that marks the update, for the `sender:telegram` lease
   * holder to send (several instances share one budget). Otherwise they are sent at once. The engine's replies follow
   * the engine's own setting.
   */
  noticesThroughOutbox?: boolean;
  /** Wakes the outbox worker after a notice was queued. */
  onQueued?: () => void;
}

export type UpdateHandler = (raw: unknown) => Promise<void>;

export function createUpdateHandler(deps: UpdateHandlerDeps): UpdateHandler {
  const { logger: log, now } = deps;
  return async (raw) => {
    const parsed = updateSchema.safeParse(raw);
    if (!parsed.success) {
      log.warn({ issues: parsed.error.issues.length }, 'telegram: update not understood');
      return;
    }
    const update = parsed.data;
    const updateId = update.update_id;
    try {
      await route(deps, String(updateId), toInbound(update, deps.botUsername(), new Date(now())));
    } catch (error) {
      log.error({ updateId, err: error }, 'telegram: update failed');
    }
  };
}

async function route(deps: UpdateHandlerDeps, eventId: string, inbound: TelegramInbound): Promise<void> {
  const { now, logger } = deps;
  switch (inbound.type) {
    case 'ignore':
      if (inbound.callbackQueryId) await answerPress(deps, inbound.callbackQueryId);
      return;
    case 'membership':
      await once(deps, eventId, (tx) => onMembership(tx, inbound.chatId, inbound.isGroup, inbound.status, now()));
      return;
    case 'migrate':
      await once(deps, eventId, async (tx) => void (await migrateGroup(tx, inbound.fromChatId, inbound.toChatId, now())));
      return;
    case 'group-command': {
      // Plain group chatter never gets here (it is ignored); a command for us gets one pointer to the private chat.
      if (inbound.name !== GROUP_REGISTRATION_COMMAND) {
        await answerOnce(deps, eventId, inbound.base.chatId, async () => [{ kind: 'text', text: UPDATE_TEXTS.groupOnly }]);
        return;
      }
      const input = {
        chatId: inbound.base.chatId,
        userId: inbound.base.userId,
        ...(inbound.title !== undefined ? { title: inbound.title } : {}),
        now: now(),
      };
      await answerOnce(deps, eventId, inbound.base.chatId, async (tx) => {
        const result = await registerGroup(tx, input);
        logger.info({ status: result.status }, 'telegram: group registration');
        return [{ kind: 'text', text: groupRegistrationText(result) }];
      });
      return;
    }
    case 'unsupported':
      await answerOnce(deps, eventId, inbound.base.chatId, async () => [{ kind: 'text', text: UPDATE_TEXTS.unsupported }]);
      return;
    case 'button': {
      const payload = deps.signer.verify(inbound.base.chatId, inbound.data);
      if (payload === null) {
        logger.warn({ eventId: inbound.base.eventId }, 'telegram: forged or foreign button');
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
        logger.warn({ eventId: inbound.base.eventId, err: error.message }, 'telegram: file not downloaded');
        const notice: OutboundMessage[] = [{ kind: 'text', text: UPDATE_TEXTS.fileFailed }];
        // The update is not marked (a redelivery tries the download again): the notice has a key of its own, apart
        // from the replies the engine may still queue for this update.
        if (deps.noticesThroughOutbox) await deps.store.transaction((tx) => queueNotice(deps, tx, `${eventId}.file`, inbound.base.chatId, notice));
        else await reply(deps, inbound.base.chatId, notice);
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

/**
 * Runs `fn` in a unit of work that first marks the update in the inbound-event log; resolves with its result, or
 * null when the update was processed before (nothing is run then).
 */
async function once<T>(deps: UpdateHandlerDeps, eventId: string, fn: (tx: Tx) => Promise<T>): Promise<{ value: T } | null> {
  return deps.store.transaction(async (tx) => {
    if (!(await tx.inboundEvents.markProcessed('telegram', eventId, deps.now()))) {
      deps.logger.debug({ eventId }, 'telegram: duplicate update ignored');
      return null;
    }
    return { value: await fn(tx) };
  });
}

/**
 * Marks the update once (as {@link once}) and answers it with what `fn` returns: queued in that same unit of work
 * when notices go through the outbox (durable with the mark, sent by the lease holder, never twice), else sent once
 * the unit of work has committed.
 */
async function answerOnce(deps: UpdateHandlerDeps, eventId: string, chatId: string, fn: (tx: Tx) => Promise<OutboundMessage[]>): Promise<void> {
  const done = await once(deps, eventId, async (tx) => {
    const messages = await fn(tx);
    if (deps.noticesThroughOutbox) await queueNotice(deps, tx, eventId, chatId, messages);
    return messages;
  });
  if (done && !deps.noticesThroughOutbox) await reply(deps, chatId, done.value);
}

/** Queues a notice in `tx` under the reply key of `eventId` (`conversation/replies.ts`); wakes the worker after the commit. */
async function queueNotice(deps: UpdateHandlerDeps, tx: Tx, eventId: string, chatId: string, messages: OutboundMessage[]): Promise<void> {
  const created = await queueReplies(tx, { eventId, channel: 'telegram', chatId, personId: null }, messages, deps.now());
  const onQueued = deps.onQueued;
  if (created && onQueued) tx.afterCommit(onQueued);
}

async function runEngine(deps: UpdateHandlerDeps, event: InboundEvent, context: DeliverContext): Promise<void> {
  const result = await deps.handle(event);
  if (result.duplicate || result.replies.length === 0) return;
  await reply(deps, event.chatId, result.replies, context, event.eventId);
}

/**
 * Replies go straight to the sender's chat (not through the outbox): the person is waiting for them. When the
 * engine's replies to `eventId` fail for a transient reason (429, network) they fall back to the durable outbox under
 * the event's reply key (`conversation/replies.ts`), so they are sent later, and once.
 */
async function reply(deps: UpdateHandlerDeps, chatId: string, messages: OutboundMessage[], context: DeliverContext = {}, eventId?: string): Promise<void> {
  try {
    await deps.sender.deliver(chatId, messages, context);
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    if (error.kind === 'unreachable') {
      const reason = error.details.reason ?? 'chat_not_found';
      await deps.store.transaction((tx) => markUnreachable(tx, chatId, reason));
    }
    if (error.kind === 'retry' && eventId !== undefined) {
      const at = deps.now() + (error.details.retryAfterMs ?? 0);
      await deps.store.transaction((tx) => queueReplies(tx, { eventId, channel: 'telegram', chatId, personId: null }, messages, at));
    }
    deps.logger.warn({ chatId, kind: error.kind, status: error.details.status }, 'telegram: reply not delivered');
  }
}

/** Stops the button's progress indicator; a query too old to answer is not an error worth more than a debug line. */
async function answerPress(deps: UpdateHandlerDeps, callbackQueryId: string, text?: string): Promise<void> {
  try {
    await deps.telegram.answerCbQuery(callbackQueryId, text);
  } catch (error) {
    deps.logger.debug({ err: error instanceof Error ? error.message : 'unknown' }, 'telegram: press not answered');
  }
}

function pressedOf(message: { id: number; text?: string }): DeliverContext['pressed'] {
  return { messageId: message.id, ...(message.text !== undefined ? { text: message.text } : {}) };
}

/** Marks the chat's account unreachable the same way the outbox does (the office's lists show it). */
async function markUnreachable(tx: Tx, chatId: string, reason: UnreachableReason): Promise<void> {
  if (reason !== 'blocked' && reason !== 'unfollowed' && reason !== 'chat_not_found') return;
  await tx.delivery.markAccount('telegram', chatId, reason === 'unfollowed' ? 'unfollowed' : 'blocked', reason);
}

/** `my_chat_member`: the person blocked (or unblocked) the bot; the bot left or was removed from a group. */
async function onMembership(tx: Tx, chatId: string, isGroup: boolean, status: string, now: number): Promise<void> {
  if (isGroup) {
    if (status === 'left' || status === 'kicked') await deactivateGroup(tx, chatId, now);
    return;
  }
  if (status === 'kicked') {
    await markUnreachable(tx, chatId, 'blocked');
  } else if (status === 'member') {
    // In a private chat the chat id is the user id: the person unblocked the bot, so the account is active again.
    await tx.delivery.recordInteraction('telegram', chatId, now);
  }
}
