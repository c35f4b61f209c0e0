/**
 * The outbound model → Bot API operations. Pure: the sender executes the operations (through the rate limiter).
 *
 * - `choices` become inline keyboards with signed callback data (a `persistent` card's keyboard is never retired by a
 *   newer question); `request-phone` a one-time reply keyboard with a
 *   `request_contact` button; `answered` an edit of the question it answers (its keyboard removed).
 * - Consecutive texts are merged into the next text or question when they fit in one message: each message to a
 *   private chat costs a second of Telegram's per-chat budget, so "Đã lưu." + next question is one send.
 * - Texts over Telegram's 4,096 characters are split at line breaks; captions over 1,024 become a separate text.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'telegraf/types';
import { T } from '../../conversation/render/texts.js';
import type { OutboundMessage } from '../../conversation/types.js';
import { splitText } from '../split-text.js';

export const MAX_TEXT_CHARS = 4096;
export const MAX_CAPTION_CHARS = 1024;
/** Community-reported maximum buttons per row; more are wrapped. */
const MAX_BUTTONS_PER_ROW = 8;
/** The label the conversation's texts name ("bấm nút Chia sẻ số điện thoại"). */
export const CONTACT_BUTTON_LABEL = T.sharePhoneButton;

export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove;

export type TelegramOp =
  /** `question`: the message carries an inline keyboard (remembered as the chat's current question). */
  | { op: 'sendMessage'; text: string; replyMarkup?: ReplyMarkup; question?: boolean }
  | { op: 'sendPhoto'; path: string; caption?: string }
  | { op: 'sendDocument'; path: string; filename: string; caption?: string }
  /** Edit the answered question (message id resolved by the sender) to show `text`, without buttons. */
  | { op: 'markAnswered'; text: string };

export interface RenderOptions {
  /** Signs an engine payload for this chat (callback-data.ts). */
  sign: (payload: string) => string;
  /**
   * The person just shared their contact: the contact keyboard is taken away with the first plain text (texts
   * are then not merged into a question, whose inline keyboard cannot be combined with a keyboard removal).
   */
  removeReplyKeyboard?: boolean;
}

/** Renders the messages for one chat, in order. */
export function renderOutbound(messages: OutboundMessage[], options: RenderOptions): TelegramOp[] {
  const ops: TelegramOp[] = [];
  let pending: string[] = [];
  const flushPending = () => {
    for (const text of splitText(pending.join('\n\n'), MAX_TEXT_CHARS)) ops.push({ op: 'sendMessage', text });
    pending = [];
  };
  /** Prefixes the pending texts to `text` when the result still fits in one message. */
  const withPending = (text: string): string => {
    if (pending.length === 0) return text;
    if (options.removeReplyKeyboard) {
      flushPending();
      return text;
    }
    const merged = [...pending, text].join('\n\n');
    if (merged.length <= MAX_TEXT_CHARS) {
      pending = [];
      return merged;
    }
    flushPending();
    return text;
  };
  for (const m of messages) {
    switch (m.kind) {
      case 'text':
        if (m.text.trim() !== '') pending.push(m.text);
        break;
      case 'choices': {
        const text = withPending(m.text);
        const parts = splitText(text, MAX_TEXT_CHARS);
        const last = parts.pop() ?? '…';
        for (const p of parts) ops.push({ op: 'sendMessage', text: p });
        // A lasting card (a review prompt, a list) is not the chat's question: nothing retires its buttons.
        ops.push({ op: 'sendMessage', text: last, replyMarkup: keyboardOf(m, options.sign), question: m.persistent !== true });
        break;
      }
      case 'request-phone': {
        const parts = splitText(withPending(m.text), MAX_TEXT_CHARS);
        const last = parts.pop() ?? '…';
        for (const p of parts) ops.push({ op: 'sendMessage', text: p });
        ops.push({
          op: 'sendMessage',
          text: last,
          replyMarkup: {
            keyboard: [[{ text: CONTACT_BUTTON_LABEL, request_contact: true }]],
            resize_keyboard: true,
            one_time_keyboard: true,
          },
        });
        break;
      }
      case 'answered':
        flushPending();
        ops.push({ op: 'markAnswered', text: m.text });
        break;
      case 'image':
      case 'file': {
        flushPending();
        // Relative: a kept evidence file (read from the file store when sent); absolute: a rendered board.
        const path = m.path;
        const caption = m.caption?.trim() ?? '';
        const fits = caption.length <= MAX_CAPTION_CHARS;
        const captionField = caption && fits ? { caption } : {};
        if (m.kind === 'image') ops.push({ op: 'sendPhoto', path, ...captionField });
        else ops.push({ op: 'sendDocument', path, filename: m.name, ...captionField });
        if (caption && !fits) for (const text of splitText(caption, MAX_TEXT_CHARS)) ops.push({ op: 'sendMessage', text });
        break;
      }
    }
  }
  flushPending();
  if (options.removeReplyKeyboard) {
    const plain = ops.find((o): o is Extract<TelegramOp, { op: 'sendMessage' }> => o.op === 'sendMessage' && !o.replyMarkup);
    if (plain) plain.replyMarkup = { remove_keyboard: true };
  }
  return ops;
}

/** Inline keyboard: `columns` per row when given; otherwise short labels share a row, long ones get their own. */
export function keyboardOf(m: Extract<OutboundMessage, { kind: 'choices' }>, sign: (payload: string) => string): InlineKeyboardMarkup {
  const longest = Math.max(0, ...m.choices.map((c) => c.label.length));
  const auto = longest <= 4 ? 5 : longest <= 12 ? 2 : 1;
  const perRow = Math.min(MAX_BUTTONS_PER_ROW, Math.max(1, m.columns ?? auto));
  const rows: InlineKeyboardButton[][] = [];
  m.choices.forEach((c, i) => {
    if (i % perRow === 0) rows.push([]);
    rows[rows.length - 1]?.push({ text: c.label, callback_data: sign(c.payload) });
  });
  return { inline_keyboard: rows };
}

/** The text of an answered question: the question, then the chosen answer (within the limit). */
export function answeredText(question: string | undefined, answer: string): string {
  const tail = `\n\n${answer}`;
  if (!question) return answer.slice(0, MAX_TEXT_CHARS);
  const room = MAX_TEXT_CHARS - tail.length;
  const head = question.length > room ? `${question.slice(0, Math.max(0, room - 1))}…` : question;
  return (head + tail).slice(0, MAX_TEXT_CHARS);
}
