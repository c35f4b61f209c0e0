/**
 * Signed inline-button data. Telegram echoes `callback_data` back verbatim, but a modified client can send any
 * bytes; the engine already rejects stale or replayed buttons by their per-question nonce, and this layer rejects
 * FORGED data before the engine sees it: every button carries a short HMAC over (chat id, payload), keyed by a
 * secret derived from the bot token, so data is valid only in the chat it was sent to.
 *
 * Layout: `<sig:10 base64url chars><payload>`; payload ≤ 48 ASCII bytes (the engine's limit), total ≤ 58 bytes,
 * within Telegram's 64-byte limit.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { MAX_BUTTON_PAYLOAD_BYTES } from '../../conversation/types.js';

/** Telegram's limit for `callback_data`, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;
/** 10 base64url characters = 60 bits of HMAC: forging one needs ~2^59 tries, each a visible button press. */
const SIG_CHARS = 10;
const PAYLOAD_PATTERN = /^[\x21-\x7e]+$/;
const KEY_LABEL = 'thidua/telegram/callback-data/v1';

/** Signs and verifies callback data for one bot (one token). */
export class CallbackSigner {
  private readonly key: Buffer;

  constructor(botToken: string) {
    this.key = createHmac('sha256', botToken).update(KEY_LABEL).digest();
  }

  /** The `callback_data` for an engine payload shown in `chatId`. Throws on a payload the engine must not emit. */
  sign(chatId: string, payload: string): string {
    if (payload.length === 0 || payload.length > MAX_BUTTON_PAYLOAD_BYTES || !PAYLOAD_PATTERN.test(payload)) {
      throw new Error(`button payload must be 1–${MAX_BUTTON_PAYLOAD_BYTES} printable ASCII bytes`);
    }
    return this.signature(chatId, payload) + payload;
  }

  /** The engine payload inside `data` pressed in `chatId`, or null when the data is forged, altered or foreign. */
  verify(chatId: string, data: string | undefined): string | null {
    if (!data || Buffer.byteLength(data) > CALLBACK_DATA_MAX_BYTES || data.length <= SIG_CHARS) return null;
    const payload = data.slice(SIG_CHARS);
    if (!PAYLOAD_PATTERN.test(payload)) return null;
    const given = Buffer.from(data.slice(0, SIG_CHARS));
    const expected = Buffer.from(this.signature(chatId, payload));
    return given.length === expected.length && timingSafeEqual(given, expected) ? payload : null;
  }

  private signature(chatId: string, payload: string): string {
    return createHmac('sha256', this.key).update(`${chatId}\n${payload}`).digest('base64url').slice(0, SIG_CHARS);
  }
}
