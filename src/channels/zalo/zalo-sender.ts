/**
 * The Zalo `ChannelSender`: renders OutboundMessages (`render-outbound.ts`) and sends them as consultation
 * messages, or as group (GMF) messages for chat ids `group:<group_id>`. Before a non-reply message it checks the
 * 7-day window (our record, else Zalo's quota API) so nobody outside it is sent a message blindly; Zalo's own
 * -230/-232 answer is handled the same way (`DeliveryError` unreachable/outside_window → re-routed, recorded).
 *
 * One send per chat at a time, in call order: Zalo does not order concurrent API calls, so two replies to the same
 * person (two quick taps handled one after the other) could otherwise arrive swapped. Different chats go in
 * parallel. (Event ORDER is the engine's; this only keeps the sends of one chat from overtaking each other.)
 */
import type { OutboundMessage } from '../../conversation/types.js';
import { DeliveryError, type ChannelSender, type DeliveryPurpose } from '../../delivery/channel-sender.js';
import type { Store } from '../../store/store.js';
import type { OutboundFiles } from '../outbound-files.js';
import { renderOutbound, type RenderOptions, type ZaloPart } from './render-outbound.js';
import { isWithinWindow } from './window-policy.js';
import type { ZaloClient } from './zalo-client.js';
import { toDeliveryError } from './zalo-errors.js';

/** Outbox chat ids of this form are Zalo GMF groups. */
export const GROUP_CHAT_PREFIX = 'group:';
const IMAGE_LIMIT = 1024 * 1024;
const FILE_LIMIT = 5 * 1024 * 1024;
const UPLOADABLE_FILES = /\.(pdf|docx?)$/i;
/** Shown in the request_user_info card (Zalo requires an image). */
export const DEFAULT_INFO_IMAGE_URL = 'https://developers.zalo.me/web/static/zalo.png';

export interface ZaloSenderOptions {
  client: ZaloClient;
  /** Reads the account's last interaction (the window check). */
  store: Store;
  /** Reads the files messages name (evidence from the file store, rendered boards from disk). */
  files: OutboundFiles;
  infoImageUrl?: string;
  /** The app's public address (PUBLIC_URL): files Zalo cannot carry are pointed to its web chat. */
  publicUrl?: string;
  now?: () => number;
}

export class ZaloSender implements ChannelSender {
  readonly channel = 'zalo' as const;
  private readonly now: () => number;
  /** The last send queued per chat (removed when it settles and nothing came after it). */
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly options: ZaloSenderOptions) {
    this.now = options.now ?? Date.now;
  }

  send(chatId: string, messages: OutboundMessage[], purpose: DeliveryPurpose): Promise<void> {
    const previous = this.tails.get(chatId);
    const run = (): Promise<void> => this.sendNow(chatId, messages, purpose);
    const next = previous ? previous.then(run, run) : run();
    const tail = next.catch(() => undefined);
    this.tails.set(chatId, tail);
    void tail.then(() => {
      if (this.tails.get(chatId) === tail) this.tails.delete(chatId);
    });
    return next;
  }

  private async sendNow(chatId: string, messages: OutboundMessage[], purpose: DeliveryPurpose): Promise<void> {
    try {
      if (chatId.startsWith(GROUP_CHAT_PREFIX)) {
        await this.sendToGroup(chatId.slice(GROUP_CHAT_PREFIX.length), messages, { group: true, allowMentions: true });
        return;
      }
      if (purpose !== 'reply') await this.assertWithinWindow(chatId);
      for (const part of renderOutbound(messages)) await this.sendPart(chatId, part);
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  /** Posts to a GMF group (honour list, announcements); typed text cannot inject mentions. */
  async sendToGroup(groupId: string, messages: readonly OutboundMessage[], options: RenderOptions = { group: true }): Promise<void> {
    const { client } = this.options;
    for (const part of renderOutbound(messages, { ...options, group: true })) {
      if (part.type === 'text' || part.type === 'buttons') {
        await client.sendGroupText(groupId, part.text);
      } else if (part.type === 'image') {
        const upload = await this.uploadImage(part.path, part.mime);
        if (upload) await client.sendGroupImage(groupId, { attachmentId: upload }, part.caption);
        else if (part.caption) await client.sendGroupText(groupId, part.caption);
      } else if (part.type === 'file') {
        if (part.caption) await client.sendGroupText(groupId, part.caption);
        const token = await this.uploadFile(part.path, part.name, part.mime);
        if (token) await client.sendGroupFile(groupId, token);
        else await client.sendGroupText(groupId, fileNotSent(part.name, this.options.publicUrl));
      }
    }
  }

  private async sendPart(userId: string, part: ZaloPart): Promise<void> {
    const { client } = this.options;
    switch (part.type) {
      case 'text':
        await client.sendText(userId, part.text);
        return;
      case 'buttons':
        await client.sendButtons(userId, part.text, part.buttons);
        return;
      case 'request_info':
        await client.sendRequestUserInfo(userId, {
          title: part.title,
          subtitle: part.subtitle,
          imageUrl: this.options.infoImageUrl ?? DEFAULT_INFO_IMAGE_URL,
        });
        return;
      case 'image': {
        const attachmentId = await this.uploadImage(part.path, part.mime);
        if (attachmentId) await client.sendImage(userId, { attachmentId }, part.caption);
        else await client.sendText(userId, `${part.caption ? `${part.caption}\n` : ''}${imageNotSent(this.options.publicUrl)}`);
        return;
      }
      case 'file': {
        if (part.caption) await client.sendText(userId, part.caption);
        const token = await this.uploadFile(part.path, part.name, part.mime);
        if (token) await client.sendFile(userId, token);
        else await client.sendText(userId, fileNotSent(part.name, this.options.publicUrl));
        return;
      }
    }
  }

  /** Our record first; when we have none (or it says closed), Zalo's own last-interaction time decides. */
  private async assertWithinWindow(userId: string): Promise<void> {
    const account = await this.options.store.read((tx) => tx.delivery.accountByChat('zalo', userId));
    const recorded = account?.lastInteractionAt ?? null;
    const now = this.now();
    if (isWithinWindow(recorded, now) === true) return;
    let last: number | null = null;
    try {
      last = (await this.options.client.getMessageQuota(userId)).lastInteractionAt;
    } catch {
      // Unknown: Zalo itself will refuse (-230/-232) if the window is closed, which is handled the same way.
      if (recorded === null) return;
      last = recorded;
    }
    if (isWithinWindow(last, now) !== true) {
      throw new DeliveryError('unreachable', 'Zalo: người nhận đã quá 7 ngày không tương tác với OA', { reason: 'outside_window' });
    }
  }

  /** Null (the caller says where to see it instead) when the picture is too large, of another type, or missing. */
  private async uploadImage(path: string, mime?: string): Promise<string | null> {
    const type = mime ?? (/\.png$/i.test(path) ? 'image/png' : 'image/jpeg');
    if (!/^image\/(png|jpe?g)$/.test(type)) return null;
    const file = await this.options.files.read(path, IMAGE_LIMIT);
    if (!file) return null;
    return this.options.client.uploadImage(file.bytes, baseName(path), type);
  }

  private async uploadFile(path: string, name: string, mime?: string): Promise<string | null> {
    if (!UPLOADABLE_FILES.test(name)) return null;
    const file = await this.options.files.read(path, FILE_LIMIT);
    if (!file) return null;
    return this.options.client.uploadFile(file.bytes, name, mime ?? 'application/octet-stream');
  }
}

/** Where to see what Zalo could not carry: the web chat when the app has a public address, else a re-send. */
function whereToSee(publicUrl: string | undefined): string {
  return publicUrl
    ? `Anh/chị vui lòng xem tại ${publicUrl.replace(/\/+$/, '')}/chat (đăng nhập bằng mã kích hoạt do Văn phòng cấp).`
    : 'Anh/chị vui lòng đề nghị người nộp gửi lại dưới dạng PDF.';
}

function fileNotSent(name: string, publicUrl: string | undefined): string {
  return `Tệp "${name}" không gửi được qua Zalo (Zalo chỉ nhận tệp PDF hoặc Word dưới 5 MB). ${whereToSee(publicUrl)}`;
}

function imageNotSent(publicUrl: string | undefined): string {
  return `(Ảnh quá lớn để gửi qua Zalo. ${whereToSee(publicUrl)})`;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? 'image.png';
}
