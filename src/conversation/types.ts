/**
 * The one inbound and one outbound message model every channel translates to and from.
 *
 * Channels (web chat, Telegram, Zalo) know their platform; the engine knows only these types. That keeps the
 * conversation testable as data and lets a channel be swapped (telegraf is unmaintained) without touching it.
 */
import type { ReceivedFile } from '../store/file-store.js';

export const CHANNELS = ['web', 'telegram', 'zalo'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** A file the person sent, already downloaded by the channel (platform links expire; we keep the bytes). */
export interface InboundFile {
  name: string;
  mime: string;
  size: number;
  /** Bytes, or null when the channel refused to download it (too big) or streamed it to `received`. */
  data: Uint8Array | null;
  /**
   * The file already streamed to a temporary file and hashed (web uploads: never the whole body in memory). The
   * engine keeps it only if a step records it, and removes the temporary file in every case.
   */
  received?: ReceivedFile;
}

/** Fields every inbound event carries. */
interface InboundBase {
  channel: ChannelName;
  /** Platform user id of the sender (Telegram `from.id`, Zalo `sender.id`, web session person). */
  userId: string;
  /** Where replies go (Telegram chat id, Zalo user id, web session id). */
  chatId: string;
  /** The platform's event id (Telegram `update_id`, Zalo `msg_id`, web client id): repeated ids change nothing. */
  eventId: string;
  receivedAt: Date;
  /** True when the event comes from a group chat (only group registration is answered there). */
  inGroup?: boolean;
  /** Display name from the platform (never logged). */
  displayName?: string;
}

export type InboundEvent =
  | (InboundBase & { kind: 'start'; /** deep-link / start parameter, e.g. a one-time code */ param?: string })
  | (InboundBase & { kind: 'text'; text: string })
  /** A button press; `payload` is what the engine put in the choice (channels keep it opaque). */
  | (InboundBase & { kind: 'button'; payload: string })
  /** A shared phone number. `verified` is false when the platform cannot prove it is the sender's own. */
  | (InboundBase & { kind: 'contact'; phone: string; verified: boolean })
  | (InboundBase & { kind: 'link'; url: string; text?: string })
  | (InboundBase & { kind: 'file'; file: InboundFile; caption?: string })
  /** A slash command, already split: `/nop` → `{ name: 'nop', args: '' }`. */
  | (InboundBase & { kind: 'command'; name: string; args: string });

export type InboundKind = InboundEvent['kind'];

/** Maximum button payload size (Telegram callback_data is 64 bytes; we keep a margin). */
export const MAX_BUTTON_PAYLOAD_BYTES = 48;

/** A choice shown as a button; `payload` comes back in a `button` event. At most 48 ASCII bytes. */
export interface Choice {
  label: string;
  payload: string;
}

export type OutboundMessage =
  | { kind: 'text'; text: string }
  /**
   * A question with buttons. `typeHint` tells people whose client shows no buttons what to type
   * (Zalo desktop, some web views); channels that cannot show buttons print it.
   */
  | {
      kind: 'choices';
      text: string;
      choices: Choice[];
      typeHint?: string;
      /** choices per row */
      columns?: number;
      /**
       * A card whose buttons stay usable after a press and after newer messages (a review prompt, its details, a
       * department list, the director's summary): every press is re-checked against the current state, so an old
       * card is safe to press. Without it the buttons are a question's, retired when answered or replaced.
       */
      persistent?: boolean;
    }
  | { kind: 'image'; path: string; caption?: string; mime?: string }
  | { kind: 'file'; path: string; name: string; caption?: string; mime?: string }
  /** Ask the person to share their phone number (Telegram contact button, Zalo `request_user_info`). */
  | { kind: 'request-phone'; text: string }
  /** Replace the previous question's buttons with the chosen answer (Telegram edits that message; others ignore). */
  | { kind: 'answered'; text: string };

/** A message for someone other than the sender (a head's approval prompt, a person told of an adjustment). */
export interface Notification {
  personId: number;
  /** Stable key so the same notification is never sent twice (outbox dedupe). */
  dedupeKey: string;
  purpose: 'approval' | 'notice' | 'reminder' | 'announcement';
  messages: OutboundMessage[];
}

/** What handling one inbound event produced (its notifications are already in the outbox). */
export interface EngineResult {
  replies: OutboundMessage[];
  /** True when the event id was seen before and nothing was done. */
  duplicate: boolean;
}

/** The chat key used for conversation state: `telegram:<chatId>`, `zalo:<userId>`, `web:<sessionId>`. */
export function chatKeyOf(event: Pick<InboundBase, 'channel' | 'chatId'>): string {
  return `${event.channel}:${event.chatId}`;
}
