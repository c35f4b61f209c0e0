/**
 * One-time linking codes (`K7Q2-M9XH`): 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), so
 * they can be read over the phone. Only the sha256 of the canonical form is stored.
 */
import { createHash, randomBytes } from 'node:crypto';

export const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const INVITE_CODE_LENGTH = 8;
/** Codes expire after 7 days unless the office asks otherwise. */
export const DEFAULT_INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const CANONICAL = new RegExp(`^[${INVITE_ALPHABET}]{${INVITE_CODE_LENGTH}}$`);

/** A fresh random code in canonical form (`K7Q2M9XH`), without modulo bias. */
export function generateInviteCode(random: (n: number) => Uint8Array = randomBytes): string {
  let code = '';
  const limit = 256 - (256 % INVITE_ALPHABET.length);
  while (code.length < INVITE_CODE_LENGTH) {
    for (const byte of random(16)) {
      if (byte < limit && code.length < INVITE_CODE_LENGTH) code += INVITE_ALPHABET[byte % INVITE_ALPHABET.length];
    }
  }
  return code;
}

/** `k7q2 m9xh`, `K7Q2-M9XH` → `K7Q2M9XH`; null when it cannot be a code. */
export function normaliseInviteCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  return CANONICAL.test(compact) ? compact : null;
}

export function hashInviteCode(canonical: string): string {
  return createHash('sha256').update(canonical).digest('hex');
}

/** `K7Q2M9XH` → `K7Q2-M9XH` (how it is printed). */
export function formatInviteCode(canonical: string): string {
  return `${canonical.slice(0, 4)}-${canonical.slice(4)}`;
}
