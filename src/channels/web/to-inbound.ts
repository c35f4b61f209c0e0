/**
 * What the chat page may send (validated with zod) and its translation to the engine's `InboundEvent`.
 *
 * The event id comes from the page (a random id per action, reused when the page retries), so a retried POST
 * changes nothing. It is prefixed with the person's chat id so one person can never collide with another's ids.
 */
import { z } from 'zod';
import type { InboundEvent, InboundFile } from '../../conversation/types.js';

const eventId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'eventId: 8–64 ký tự A-Z, a-z, 0-9, _ hoặc -');

export const webEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), eventId, text: z.string().trim().min(1).max(4000) }).strict(),
  z.object({ kind: z.literal('button'), eventId, payload: z.string().min(1).max(64) }).strict(),
  z
    .object({
      kind: z.literal('link'),
      eventId,
      url: z.string().trim().min(1).max(2000),
      text: z.string().trim().max(1000).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('command'),
      eventId,
      name: z.string().regex(/^[a-z0-9_]{1,32}$/i),
      args: z.string().max(1000).default(''),
    })
    .strict(),
  z.object({ kind: z.literal('start'), eventId }).strict(),
]);
export type WebEvent = z.infer<typeof webEventSchema>;

/** The person's web chat, as the engine sees it. */
export interface WebChatRef {
  chatId: string;
}

export function scopedEventId(chat: WebChatRef, clientEventId: string): string {
  return `${chat.chatId}:${clientEventId}`;
}

/** Translates a validated page event. Typed text starting with `/` is a command (`/nop` → `nop`). */
export function toInboundEvent(event: WebEvent, chat: WebChatRef, receivedAt: Date): InboundEvent {
  const base = {
    channel: 'web' as const,
    userId: chat.chatId,
    chatId: chat.chatId,
    eventId: scopedEventId(chat, event.eventId),
    receivedAt,
  };
  switch (event.kind) {
    case 'text': {
      const command = /^\/([a-z0-9_]{1,32})(?:@\S+)?(?:\s+([\s\S]*))?$/i.exec(event.text);
      if (command?.[1]) return { ...base, kind: 'command', name: command[1].toLowerCase(), args: (command[2] ?? '').trim() };
      return { ...base, kind: 'text', text: event.text };
    }
    case 'button':
      return { ...base, kind: 'button', payload: event.payload };
    case 'link':
      return { ...base, kind: 'link', url: event.url, ...(event.text ? { text: event.text } : {}) };
    case 'command':
      return { ...base, kind: 'command', name: event.name.toLowerCase(), args: event.args.trim() };
    case 'start':
      return { ...base, kind: 'start' };
  }
}

/** A `file` event from an upload. */
export function fileEvent(chat: WebChatRef, clientEventId: string, file: InboundFile, receivedAt: Date, caption?: string): InboundEvent {
  return {
    channel: 'web',
    userId: chat.chatId,
    chatId: chat.chatId,
    eventId: scopedEventId(chat, clientEventId),
    receivedAt,
    kind: 'file',
    file,
    ...(caption ? { caption } : {}),
  };
}
