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

/** The body as the caller already parsed it (`ok: false` when it is not JSON). */
export type ParsedBody = { ok: true; value: unknown } | { ok: false };

/**
 * Verifies `header` (with or without the `mac=` prefix) for `rawBody`, using the configured app id. The webhook
 * passes `parsed` (the body it parsed once for its own use) so the body is not parsed twice; without it the body is
 * parsed here.
 */
export function verifyZaloSignature(input: {
  rawBody: Uint8Array;
  header: string | undefined;
  appId: string;
  oaSecretKey: string;
  parsed?: ParsedBody;
}): SignatureCheck {
  const header = input.header?.trim();
  if (!header) return { ok: false, reason: 'missing' };
  const got = (header.startsWith('mac=') ? header.slice(4) : header).trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(got)) return { ok: false, reason: 'malformed_header' };
  const timestamp = readTimestamp(input.rawBody, input.parsed ?? parseBody(input.rawBody));
  if (timestamp === null) return { ok: false, reason: 'unreadable_body' };
  const want = computeZaloSignature(input.appId, input.rawBody, timestamp, input.oaSecretKey);
  return timingSafeEqual(Buffer.from(got, 'ascii'), Buffer.from(want, 'ascii')) ? { ok: true } : { ok: false, reason: 'mismatch' };
}

/** Parses the raw bytes as JSON — once, by the webhook, which passes the result to {@link verifyZaloSignature}. */
export function parseBody(rawBody: Uint8Array): ParsedBody {
  try {
    return { ok: true, value: JSON.parse(Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength).toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/** The body's top-level `timestamp` (string or number), exactly as written. */
function readTimestamp(rawBody: Uint8Array, body: ParsedBody): string | null {
  if (!body.ok) return null;
  const parsed = body.value;
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
