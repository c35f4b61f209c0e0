/**
 * Zalo webhook event → the engine's InboundEvent. Button taps arrive as `user_send_text` whose text is the
 * button's payload: text starting with `#td:` becomes a `button` event. Images and files are downloaded here
 * (Zalo CDN links expire) up to `maxFileBytes`; larger files reach the engine with `data: null` so it can explain.
 */
import type { InboundEvent } from '../../conversation/types.js';
import { BUTTON_PREFIX } from './render-outbound.js';
import type { ZaloAttachment, ZaloEvent } from './webhook-schemas.js';

/** Evidence files above this size are not downloaded. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export type Downloader = (url: string, maxBytes: number) => Promise<{ data: Uint8Array | null; mime: string; size: number }>;

export interface ToInboundDeps {
  download: Downloader;
  receivedAt: Date;
  maxFileBytes?: number;
}

/** Returns null for events the engine does not handle (unfollow, stickers, locations…, ignored kinds). */
export async function toInbound(event: ZaloEvent, deps: ToInboundDeps): Promise<InboundEvent | null> {
  if (event.type === 'ignored' || event.type === 'unfollow') return null;
  const base = { channel: 'zalo' as const, userId: event.userId, chatId: event.userId, eventId: event.eventId, receivedAt: deps.receivedAt };
  if (event.type === 'follow' || event.type === 'chatnow') return { ...base, kind: 'start' };
  if (event.type === 'submit_info') {
    if (!event.phone) return null;
    // The number comes from the person's own Zalo account through Zalo's info form, not typed into the chat.
    return { ...base, kind: 'contact', phone: event.phone, verified: true };
  }
  const message = event.data.message;
  const text = message.text?.trim() ?? '';
  const first = message.attachments?.[0];
  switch (event.name) {
    case 'user_send_text': {
      if (text.startsWith(BUTTON_PREFIX)) return { ...base, kind: 'button', payload: text.slice(BUTTON_PREFIX.length) };
      const command = /^\/([a-z_]+)(?:@\S+)?(?:\s+([\s\S]*))?$/i.exec(text);
      if (command) return { ...base, kind: 'command', name: command[1]!.toLowerCase(), args: (command[2] ?? '').trim() };
      if (/^https?:\/\/\S+$/i.test(text)) return { ...base, kind: 'link', url: text };
      return { ...base, kind: 'text', text };
    }
    case 'user_send_link': {
      const url = first?.payload?.url ?? extractUrl(text);
      if (!url) return text ? { ...base, kind: 'text', text } : null;
      return { ...base, kind: 'link', url, text: text || undefined };
    }
    case 'user_send_image':
    case 'user_send_gif':
    case 'user_send_file':
    case 'user_send_video': {
      if (!first?.payload?.url) return null;
      const file = await downloadAttachment(first, event.eventId, deps);
      return { ...base, kind: 'file', file, caption: text || undefined };
    }
    default:
      return null;
  }
}

async function downloadAttachment(att: ZaloAttachment, msgId: string, deps: ToInboundDeps) {
  const max = deps.maxFileBytes ?? MAX_FILE_BYTES;
  const declared = Number(att.payload?.size ?? NaN);
  const name = att.payload?.name ?? defaultName(att, msgId);
  if (Number.isFinite(declared) && declared > max) {
    return { name, mime: mimeFromName(name) ?? 'application/octet-stream', size: declared, data: null };
  }
  const got = await deps.download(att.payload!.url!, max);
  const mime = got.mime !== 'application/octet-stream' ? got.mime : (mimeFromName(name) ?? got.mime);
  return { name, mime, size: got.size, data: got.data };
}

function defaultName(att: ZaloAttachment, msgId: string): string {
  const fromUrl = /\/([^/?#]+\.[A-Za-z0-9]{2,5})(?:[?#]|$)/.exec(att.payload?.url ?? '')?.[1];
  if (fromUrl) return fromUrl;
  const ext = att.type === 'gif' ? 'gif' : att.type === 'video' ? 'mp4' : 'jpg';
  return `zalo-${att.type}-${msgId.slice(-8)}.${ext}`;
}

const MIME_BY_EXT: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  mp4: 'video/mp4',
};

function mimeFromName(name: string): string | undefined {
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  return MIME_BY_EXT[ext];
}

function extractUrl(text: string): string | undefined {
  return /https?:\/\/\S+/i.exec(text)?.[0];
}
