/**
 * Zalo webhook signature: `X-ZEvent-Signature: mac=<hex>` where hex = sha256(appId + rawBody + timestamp +
 * OAsecretKey) — a plain SHA-256 of the concatenation (not an HMAC), over the raw bytes as received (re-serialised
 * JSON would change the digest), with `timestamp` taken from the body. Compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-zevent-signature';

/** The expected hex digest. */
export function computeZaloSignature(appId: string, rawBody: Uint8Array, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256').update(appId, 'utf8').update(rawBody).update(timestamp, 'utf8').update(oaSecretKey, 'utf8').digest('hex');
}

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'missing' | 'malformed_header' | 'unreadable_body' | 'mismatch' };

const TIMESTAMP_RE = /"timestamp"\s*:\s*"?(\d{1,20})"?/;

/** Verifies `header` (with or without the `mac=` prefix) for `rawBody`, using the configured app id. */
export function verifyZaloSignature(input: {
  rawBody: Uint8Array;
  header: string | undefined;
  appId: string;
  oaSecretKey: string;
}): SignatureCheck {
  const header = input.header?.trim();
  if (!header) return { ok: false, reason: 'missing' };
  const got = (header.startsWith('mac=') ? header.slice(4) : header).trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(got)) return { ok: false, reason: 'malformed_header' };
  const timestamp = readTimestamp(input.rawBody);
  if (timestamp === null) return { ok: false, reason: 'unreadable_body' };
  const want = computeZaloSignature(input.appId, input.rawBody, timestamp, input.oaSecretKey);
  return timingSafeEqual(Buffer.from(got, 'ascii'), Buffer.from(want, 'ascii')) ? { ok: true } : { ok: false, reason: 'mismatch' };
}

/** The body's top-level `timestamp` (string or number), exactly as written. */
function readTimestamp(rawBody: Uint8Array): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength).toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || !('timestamp' in parsed)) return null;
  const ts = (parsed as { timestamp: unknown }).timestamp;
  if (typeof ts === 'string' && /^\d{1,20}$/.test(ts)) return ts;
  if (typeof ts === 'number' && Number.isSafeInteger(ts) && ts >= 0) return String(ts);
  // A number too big for a double: take the digits as written.
  if (typeof ts === 'number') {
    const m = TIMESTAMP_RE.exec(Buffer.from(rawBody).toString('utf8'));
    return m?.[1] ?? null;
  }
  return null;
}
