/**
 * Builds Telegram updates from the recorded fixtures in `test/fixtures/telegram/`, changing only ids, text and
 * callback data, so tests exercise the shapes Telegram really sends.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../fixtures/telegram/', import.meta.url));

export type Fixture =
  | 'message-start'
  | 'message-contact'
  | 'message-text'
  | 'message-link'
  | 'message-photo'
  | 'message-document'
  | 'message-sticker'
  | 'callback-query'
  | 'group-command'
  | 'my-chat-member-kicked';

type Json = Record<string, unknown>;

/** A fresh deep copy of a fixture. */
export function fixture(name: Fixture): Json {
  return JSON.parse(readFileSync(`${DIR}${name}.json`, 'utf8')) as Json;
}

/** A person in a private chat (chat id = user id, as Telegram does). */
export interface TgUser {
  id: number;
  firstName?: string;
}

let messageIds = 5000;

function message(name: Fixture, updateId: number, user: TgUser): { update: Json; msg: Json } {
  const update = fixture(name);
  update.update_id = updateId;
  const msg = update.message as Json;
  msg.message_id = messageIds++;
  msg.from = { ...(msg.from as Json), id: user.id, ...(user.firstName ? { first_name: user.firstName } : {}) };
  msg.chat = { ...(msg.chat as Json), id: user.id };
  return { update, msg };
}

export function startUpdate(updateId: number, user: TgUser, param?: string): Json {
  const { update, msg } = message('message-start', updateId, user);
  if (param) msg.text = `/start ${param}`;
  return update;
}

export function commandUpdate(updateId: number, user: TgUser, command: string): Json {
  const { update, msg } = message('message-start', updateId, user);
  msg.text = command;
  msg.entities = [{ offset: 0, length: command.split(' ')[0]?.length ?? command.length, type: 'bot_command' }];
  return update;
}

/** `own: false` shares someone else's contact card (no matching user_id). */
export function contactUpdate(updateId: number, user: TgUser, phone: string, own = true): Json {
  const { update, msg } = message('message-contact', updateId, user);
  const contact = msg.contact as Json;
  contact.phone_number = phone;
  contact.user_id = own ? user.id : user.id + 1;
  return update;
}

export function textUpdate(updateId: number, user: TgUser, text: string): Json {
  const { update, msg } = message('message-text', updateId, user);
  msg.text = text;
  return update;
}

export function linkUpdate(updateId: number, user: TgUser, url: string): Json {
  const { update, msg } = message('message-link', updateId, user);
  msg.text = url;
  msg.entities = [{ offset: 0, length: url.length, type: 'url' }];
  msg.link_preview_options = { url };
  return update;
}

export function photoUpdate(updateId: number, user: TgUser, fileId: string, size: number): Json {
  const { update, msg } = message('message-photo', updateId, user);
  const sizes = msg.photo as Json[];
  const last = sizes[sizes.length - 1] as Json;
  last.file_id = fileId;
  last.file_size = size;
  return update;
}

export function documentUpdate(updateId: number, user: TgUser, fileId: string, size: number): Json {
  const { update, msg } = message('message-document', updateId, user);
  msg.document = { ...(msg.document as Json), file_id: fileId, file_size: size };
  return update;
}

/** A press on `messageId` (showing `text`) in the user's private chat. */
export function pressUpdate(updateId: number, user: TgUser, data: string, messageId: number, text = 'Câu hỏi'): Json {
  const update = fixture('callback-query');
  update.update_id = updateId;
  const q = update.callback_query as Json;
  q.id = `cb${updateId}`;
  q.from = { ...(q.from as Json), id: user.id };
  q.data = data;
  q.message = { ...(q.message as Json), message_id: messageId, text, chat: { ...((q.message as Json).chat as Json), id: user.id } };
  return update;
}

export function groupCommandUpdate(updateId: number, user: TgUser, groupId: number, text = '/dangkynhom@thiduaso_bot'): Json {
  const update = fixture('group-command');
  update.update_id = updateId;
  const msg = update.message as Json;
  msg.message_id = messageIds++;
  msg.from = { ...(msg.from as Json), id: user.id };
  msg.chat = { ...(msg.chat as Json), id: groupId };
  msg.text = text;
  msg.entities = [{ offset: 0, length: text.split(' ')[0]?.length ?? text.length, type: 'bot_command' }];
  return update;
}
