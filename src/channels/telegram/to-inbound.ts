/**
 * Telegram updates → the engine's inbound model. Pure: no I/O. Files are returned as references (the channel
 * downloads them with `getFile`), button data is returned raw (the channel verifies its signature), group
 * commands are returned separately (only group registration is answered in groups).
 *
 * Updates are parsed with zod: only the fields used here are required, the rest is ignored.
 */
import { z } from 'zod';
import type { InboundEvent } from '../../conversation/types.js';

const user = z.object({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
});
const chat = z.object({
  id: z.number().int(),
  type: z.enum(['private', 'group', 'supergroup', 'channel']),
  title: z.string().optional(),
});
const entity = z.object({ type: z.string(), offset: z.number().int(), length: z.number().int(), url: z.string().optional() });
const fileFields = {
  file_id: z.string().min(1),
  file_unique_id: z.string().min(1),
  file_size: z.number().int().nonnegative().optional(),
};
const message = z.object({
  message_id: z.number().int(),
  date: z.number().int(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
  entities: z.array(entity).optional(),
  caption: z.string().optional(),
  contact: z.object({ phone_number: z.string().min(1), user_id: z.number().int().optional() }).optional(),
  photo: z.array(z.object({ ...fileFields, width: z.number().int(), height: z.number().int() })).optional(),
  document: z.object({ ...fileFields, file_name: z.string().optional(), mime_type: z.string().optional() }).optional(),
  migrate_to_chat_id: z.number().int().optional(),
});
const callbackQuery = z.object({
  id: z.string().min(1),
  from: user,
  message: z.object({ message_id: z.number().int(), chat, text: z.string().optional() }).optional(),
  data: z.string().optional(),
});
const myChatMember = z.object({ chat, from: user, new_chat_member: z.object({ status: z.string() }) });

/** The part of a Telegram `Update` this channel understands. */
export const updateSchema = z.object({
  update_id: z.number().int().nonnegative(),
  message: message.optional(),
  callback_query: callbackQuery.optional(),
  my_chat_member: myChatMember.optional(),
});
export type TelegramUpdate = z.infer<typeof updateSchema>;

/** Fields shared by every inbound event of one update. */
export type EventBase = Omit<Extract<InboundEvent, { kind: 'start' }>, 'kind' | 'param'>;

/** A file to download before the engine sees it. */
export interface FileRef {
  fileId: string;
  /** Size announced by Telegram (may be absent). */
  size?: number;
  name: string;
  mime: string;
}

/** What one update means to the channel. */
export type TelegramInbound =
  | { type: 'event'; event: InboundEvent }
  | { type: 'file'; base: EventBase; file: FileRef; caption?: string }
  /** An inline-button press: `data` must be verified before becoming a `button` event. */
  | { type: 'button'; base: EventBase; callbackQueryId: string; data?: string; message: { id: number; text?: string } }
  /** A command addressed to this bot in a group or supergroup. */
  | { type: 'group-command'; base: EventBase; name: string; args: string; title?: string }
  /** The bot was blocked/unblocked in a private chat, or added to/removed from a group. */
  | { type: 'membership'; chatId: string; isGroup: boolean; status: string }
  /** A group was upgraded to a supergroup (its id changes). */
  | { type: 'migrate'; fromChatId: string; toChatId: string }
  /** A private message of a kind the bot does not take (sticker, voice…): the person is told what it accepts. */
  | { type: 'unsupported'; base: EventBase }
  /** Nothing to do; `callbackQueryId` must still be answered when present. */
  | { type: 'ignore'; reason: string; callbackQueryId?: string };

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+([\s\S]*))?$/;
const PHOTO_MIME = 'image/jpeg';

/** Translates a parsed update; `botUsername` tells whether `/cmd@name` is addressed to this bot. */
export function toInbound(update: TelegramUpdate, botUsername: string | undefined, receivedAt: Date): TelegramInbound {
  const eventId = String(update.update_id);
  if (update.callback_query) {
    const q = update.callback_query;
    if (!q.message) return { type: 'ignore', reason: 'inline-message', callbackQueryId: q.id };
    if (q.message.chat.type !== 'private') return { type: 'ignore', reason: 'group-button', callbackQueryId: q.id };
    return {
      type: 'button',
      base: baseOf(eventId, q.from, q.message.chat, receivedAt),
      callbackQueryId: q.id,
      ...(q.data !== undefined ? { data: q.data } : {}),
      message: { id: q.message.message_id, ...(q.message.text !== undefined ? { text: q.message.text } : {}) },
    };
  }
  if (update.my_chat_member) {
    const m = update.my_chat_member;
    return { type: 'membership', chatId: String(m.chat.id), isGroup: m.chat.type !== 'private', status: m.new_chat_member.status };
  }
  const msg = update.message;
  if (!msg) return { type: 'ignore', reason: 'unsupported-update' };
  if (msg.migrate_to_chat_id !== undefined) {
    return { type: 'migrate', fromChatId: String(msg.chat.id), toChatId: String(msg.migrate_to_chat_id) };
  }
  if (!msg.from || msg.from.is_bot) return { type: 'ignore', reason: 'no-human-sender' };
  if (msg.chat.type === 'channel') return { type: 'ignore', reason: 'channel' };
  const base = baseOf(eventId, msg.from, msg.chat, receivedAt);
  const command = msg.text !== undefined && msg.entities?.[0]?.type === 'bot_command' && msg.entities[0].offset === 0
    ? COMMAND.exec(msg.text.trim())
    : null;
  if (command && command[2] !== undefined && botUsername !== undefined && command[2].toLowerCase() !== botUsername.toLowerCase()) {
    return { type: 'ignore', reason: 'command-for-another-bot' };
  }
  const name = command?.[1]?.toLowerCase();
  const args = (command?.[3] ?? '').trim();
  if (msg.chat.type !== 'private') {
    if (!name) return { type: 'ignore', reason: 'group-chatter' };
    return { type: 'group-command', base, name, args, ...(msg.chat.title !== undefined ? { title: msg.chat.title } : {}) };
  }
  if (name === 'start') return { type: 'event', event: { ...base, kind: 'start', ...(args ? { param: args } : {}) } };
  if (name) return { type: 'event', event: { ...base, kind: 'command', name, args } };
  if (msg.contact) {
    const verified = msg.contact.user_id !== undefined && msg.contact.user_id === msg.from.id;
    return { type: 'event', event: { ...base, kind: 'contact', phone: msg.contact.phone_number, verified } };
  }
  const caption = msg.caption?.trim() ? { caption: msg.caption.trim() } : {};
  if (msg.photo && msg.photo.length > 0) {
    const largest = msg.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    const file: FileRef = {
      fileId: largest.file_id,
      ...(largest.file_size !== undefined ? { size: largest.file_size } : {}),
      name: `anh-${msg.message_id}.jpg`,
      mime: PHOTO_MIME,
    };
    return { type: 'file', base, file, ...caption };
  }
  if (msg.document) {
    const d = msg.document;
    const file: FileRef = {
      fileId: d.file_id,
      ...(d.file_size !== undefined ? { size: d.file_size } : {}),
      name: d.file_name?.trim() || `tep-${msg.message_id}`,
      mime: d.mime_type ?? 'application/octet-stream',
    };
    return { type: 'file', base, file, ...caption };
  }
  if (msg.text !== undefined && msg.text.trim() !== '') {
    const text = msg.text.trim();
    const link = linkOf(text, msg.entities ?? [], msg.text);
    if (link) return { type: 'event', event: { ...base, kind: 'link', url: link.url, ...(link.text ? { text: link.text } : {}) } };
    return { type: 'event', event: { ...base, kind: 'text', text } };
  }
  return { type: 'unsupported', base };
}

function baseOf(eventId: string, from: z.infer<typeof user>, c: z.infer<typeof chat>, receivedAt: Date): EventBase {
  const displayName = [from.first_name, from.last_name].filter(Boolean).join(' ');
  return {
    channel: 'telegram',
    userId: String(from.id),
    chatId: String(c.id),
    eventId,
    receivedAt,
    ...(c.type !== 'private' ? { inGroup: true } : {}),
    ...(displayName ? { displayName } : {}),
  };
}

/**
 * A message that IS a link: a text link (label + hidden URL), or a bare URL that is the whole message. Text that
 * merely contains a URL stays text (the engine finds links inside text itself).
 */
function linkOf(trimmed: string, entities: z.infer<typeof entity>[], raw: string): { url: string; text?: string } | null {
  const textLink = entities.find((e) => e.type === 'text_link' && e.url);
  if (textLink?.url) return { url: textLink.url, text: trimmed };
  const url = entities.find((e) => e.type === 'url');
  if (url) {
    // Entity offsets are in UTF-16 code units, like JavaScript string indices.
    const value = raw.slice(url.offset, url.offset + url.length);
    if (value === trimmed) return { url: value };
  }
  return null;
}
