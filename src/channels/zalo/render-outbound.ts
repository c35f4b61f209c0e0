/**
 * OutboundMessage → what the Zalo API can send. Buttons render on Zalo MOBILE only, so every question also lists
 * its choices by number and says what to type; more than 5 choices are spread over several messages of ≤ 5 buttons
 * (the typed list always covers all of them). Review buttons (approve, adjust, return) have no typed form, so their
 * messages say to open them on the phone instead. Button payloads carry the `#td:` prefix so a tap — which Zalo
 * delivers as an ordinary `user_send_text` — is recognised as a button event. Groups get no buttons at all.
 */
import { parsePayload, PAYLOAD_PREFIX as APPROVAL_PAYLOAD_PREFIX } from '../../workflows/approval/payloads.js';
import type { OutboundMessage } from '../../conversation/types.js';
import { ZALO_MAX_BUTTONS, type ZaloButton } from './zalo-client.js';

/** Prefix of our button payloads (engine payloads are opaque ASCII ≤ 48 bytes). */
export const BUTTON_PREFIX = '#td:';

export type ZaloPart =
  | { type: 'text'; text: string }
  | { type: 'buttons'; text: string; buttons: ZaloButton[] }
  | { type: 'image'; path: string; caption?: string; mime?: string }
  | { type: 'file'; path: string; name: string; caption?: string; mime?: string }
  /** A `request_user_info` card (phone sharing for account linking). */
  | { type: 'request_info'; title: string; subtitle: string };

export interface RenderOptions {
  /** Group chats: no buttons, no info cards; `[@…]` mentions in text are neutralised. */
  group?: boolean;
  /** Keep `[@user_id]` mentions (only for texts the bot composed itself, e.g. the group fallback). */
  allowMentions?: boolean;
}

export function renderOutbound(messages: readonly OutboundMessage[], options: RenderOptions = {}): ZaloPart[] {
  const parts: ZaloPart[] = [];
  // Zalo cannot edit the question to show the chosen answer (and a tapped hidden button leaves no trace in the
  // chat), so the confirmation leads the next text instead of costing a message of its own.
  let confirm = '';
  const withConfirm = (text: string) => {
    const out = confirm ? `${confirm}\n\n${text}` : text;
    confirm = '';
    return out;
  };
  for (const m of messages) {
    switch (m.kind) {
      case 'text':
        parts.push({ type: 'text', text: clean(withConfirm(m.text), options) });
        break;
      case 'choices':
        parts.push(...renderChoices({ ...m, text: withConfirm(m.text) }, options));
        break;
      case 'image':
        parts.push({ type: 'image', path: m.path, caption: m.caption === undefined ? undefined : clean(m.caption, options), mime: m.mime });
        break;
      case 'file':
        parts.push({ type: 'file', path: m.path, name: m.name, caption: m.caption === undefined ? undefined : clean(m.caption, options), mime: m.mime });
        break;
      case 'request-phone':
        parts.push({ type: 'text', text: clean(m.text, options) });
        if (!options.group) {
          parts.push({
            type: 'request_info',
            title: 'Chia sẻ số điện thoại để liên kết tài khoản',
            subtitle: 'Bấm vào đây để gửi số điện thoại Zalo của anh/chị. Trên Zalo máy tính, hãy gõ mã kích hoạt do Văn phòng cấp.',
          });
        }
        break;
      case 'answered':
        confirm = confirm ? `${confirm}\n${m.text}` : m.text;
        break;
    }
  }
  if (confirm) parts.push({ type: 'text', text: clean(confirm, options) });
  return parts;
}

/** Assessment questions: Zalo on a computer shows no buttons, but a typed answer works. */
const TYPE_ANSWER_HINT = '(Nút bấm chỉ hiện trên Zalo điện thoại; trên máy tính, hãy gõ câu trả lời.)';
/** Review actions (approve, adjust, return) have no typed form: they need the phone app. */
const APPROVAL_DESKTOP_HINT =
  '(Trên Zalo máy tính không có nút bấm. Để Duyệt, Điều chỉnh hoặc Trả lại, anh/chị vui lòng mở tin nhắn này trên Zalo điện thoại.)';

/** A confirmation before an irreversible step (Xác nhận / Huỷ): also no typed form, but /huy cancels. */
const CONFIRM_DESKTOP_HINT =
  '(Trên Zalo máy tính không có nút bấm. Để Xác nhận, anh/chị vui lòng mở tin nhắn này trên Zalo điện thoại; gõ /huy để thôi.)';

function isConfirmation(choices: readonly { payload: string }[]): boolean {
  return choices.some((c) => {
    const action = parsePayload(c.payload)?.action;
    return action === 'sl' || action === 'ac' || action === 'tc' || action === 'fc';
  });
}

/** True when the buttons are the review workflow's (typing a number does not press them). */
function isApproval(choices: readonly { payload: string }[]): boolean {
  return choices.some((c) => c.payload.startsWith(APPROVAL_PAYLOAD_PREFIX));
}

/** A question: text + numbered list + how to type, and up to 5 buttons per message. */
export function renderChoices(m: Extract<OutboundMessage, { kind: 'choices' }>, options: RenderOptions = {}): ZaloPart[] {
  const n = m.choices.length;
  const list = m.choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n');
  const hint = m.typeHint ?? (n > 0 ? `Gõ số thứ tự (1–${n}) để trả lời.` : '');
  if (options.group || n === 0) {
    return [{ type: 'text', text: clean([m.text, list, hint].filter(Boolean).join('\n\n'), options) }];
  }
  const howTo = isApproval(m.choices)
    ? [m.typeHint, isConfirmation(m.choices) ? CONFIRM_DESKTOP_HINT : APPROVAL_DESKTOP_HINT].filter(Boolean).join('\n')
    : `${hint}\n${TYPE_ANSWER_HINT}`;
  const parts: ZaloPart[] = [];
  for (let start = 0; start < n; start += ZALO_MAX_BUTTONS) {
    const page = m.choices.slice(start, start + ZALO_MAX_BUTTONS);
    const text = start === 0 ? `${m.text}\n\n${list}\n\n${howTo}` : `Lựa chọn ${start + 1}–${start + page.length}:`;
    parts.push({
      type: 'buttons',
      text,
      buttons: page.map((c) => ({ title: c.label, type: 'oa.query.hide', payload: BUTTON_PREFIX + c.payload })),
    });
  }
  return parts;
}

/** Neutralises `[@id]` mention syntax in group posts so names typed by people cannot ping the whole group. */
function clean(text: string, options: RenderOptions): string {
  return options.group && !options.allowMentions ? text.replace(/\[@/g, '[ @') : text;
}
