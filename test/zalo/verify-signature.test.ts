import { describe, expect, it } from 'vitest';
import { computeZaloSignature, verifyZaloSignature } from '../../src/channels/zalo/verify-signature.js';

const APP_ID = '360846524940903967';
const SECRET = 'oa-secret-key-XYZ';
const BODY =
  '{"app_id":"360846524940903967","event_name":"user_send_text","timestamp":"1733900000000","sender":{"id":"246845883529197922"},"recipient":{"id":"388613280878808645"},"message":{"text":"Chào bạn","msg_id":"abc123"}}';
/** Computed independently: `printf '%s' "$APP_ID$BODY$TIMESTAMP$SECRET" | sha256sum`. */
const KNOWN = '27cc5c84481396327344dce01ac9e4003a17bc8a09852d56af0835fddb747753';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const check = (body: string, header: string | undefined, appId = APP_ID, secret = SECRET) =>
  verifyZaloSignature({ rawBody: bytes(body), header, appId, oaSecretKey: secret });

describe('Zalo webhook signature', () => {
  it('matches the known-answer vector, with or without the mac= prefix', () => {
    expect(computeZaloSignature(APP_ID, bytes(BODY), '1733900000000', SECRET)).toBe(KNOWN);
    expect(check(BODY, `mac=${KNOWN}`)).toEqual({ ok: true });
    expect(check(BODY, KNOWN)).toEqual({ ok: true });
    expect(check(BODY, `mac=${KNOWN.toUpperCase()}`)).toEqual({ ok: true });
  });

  it('fails for a changed body, timestamp, app id or secret', () => {
    expect(check(BODY.replace('Chào bạn', 'Chào bạn!'), `mac=${KNOWN}`)).toEqual({ ok: false, reason: 'mismatch' });
    expect(check(BODY.replace('1733900000000', '1733900000001'), `mac=${KNOWN}`)).toEqual({ ok: false, reason: 'mismatch' });
    expect(check(BODY, `mac=${KNOWN}`, '360846524940903968')).toEqual({ ok: false, reason: 'mismatch' });
    expect(check(BODY, `mac=${KNOWN}`, APP_ID, 'oa-secret-key-XYz')).toEqual({ ok: false, reason: 'mismatch' });
    // Re-serialising the JSON (other spacing) changes the digest: the raw bytes are what is signed.
    expect(check(JSON.stringify(JSON.parse(BODY), null, 1), `mac=${KNOWN}`)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('rejects missing, malformed and HMAC-style signatures', () => {
    expect(check(BODY, undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(check(BODY, '')).toEqual({ ok: false, reason: 'missing' });
    expect(check(BODY, 'mac=xyz')).toEqual({ ok: false, reason: 'malformed_header' });
    expect(check('not json', `mac=${KNOWN}`)).toEqual({ ok: false, reason: 'unreadable_body' });
    expect(check(BODY, `mac=${'0'.repeat(64)}`)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('accepts a numeric timestamp as written in the body', () => {
    const body = BODY.replace('"timestamp":"1733900000000"', '"timestamp":1733900000000');
    const sig = computeZaloSignature(APP_ID, bytes(body), '1733900000000', SECRET);
    expect(check(body, `mac=${sig}`)).toEqual({ ok: true });
  });
});
