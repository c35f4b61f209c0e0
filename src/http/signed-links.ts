/**
 * Short-lived signed links to files (evidence, honour boards), served by our own HTTP.
 *
 * Why our own HMAC links rather than S3 presigned URLs: one scheme for both file stores (a local folder cannot
 * presign), so whichever instance the load balancer picks can serve any link (no in-memory id map that the other
 * instance does not have); the bucket stays private on the internal network, never exposed to browsers; the link is
 * bound to the person it was sent to and checked against their session; and we set the file name and type.
 * The cost, bytes passing through the app, is small: files are at most tens of MB and are streamed.
 *
 * A token is `<payload>.<mac>`, both base64url: the payload holds the path, the person, the file name and type and
 * the expiry (ms); the mac is HMAC-SHA256 over the payload with the deployment's secret (`FILE_LINK_SECRET`, the same
 * on every instance). Without the secret a token cannot be made or altered (256-bit mac, compared in constant time),
 * and it stops working at its expiry.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What a link grants: one file, to one person, until `expiresAt`. */
export interface FileLinkClaims {
  /** A file store path (`evidence/ab/….pdf`) or an absolute path under the data folder (a rendered board). */
  path: string;
  personId: number;
  name?: string;
  mime?: string;
}

export type VerifiedLink =
  | { ok: true; claims: FileLinkClaims; expiresAt: number }
  | { ok: false; reason: 'invalid' | 'expired' };

const payloadSchema = z
  .object({
    p: z.string().min(1).max(1024),
    u: z.number().int().nonnegative(),
    n: z.string().max(255).optional(),
    m: z.string().max(127).optional(),
    e: z.number().int().positive(),
  })
  .strict();

/** A token as it may appear in a URL path segment. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,2048}\.[A-Za-z0-9_-]{43}$/;

export interface SignedLinksOptions {
  /** At least 32 bytes; the same on every instance. */
  secret: string | Uint8Array;
  /** How long a link works. */
  ttlMs: number;
  now: () => number;
}

export class SignedLinks {
  private readonly secret: Uint8Array;

  constructor(private readonly options: SignedLinksOptions) {
    this.secret = typeof options.secret === 'string' ? Buffer.from(options.secret, 'utf8') : options.secret;
    if (this.secret.byteLength < 32) throw new Error('signed links: the secret must have at least 32 bytes');
  }

  /** A token for `claims`, valid for the configured time from now. */
  sign(claims: FileLinkClaims): string {
    const payload = {
      p: claims.path,
      u: claims.personId,
      ...(claims.name !== undefined ? { n: claims.name } : {}),
      ...(claims.mime !== undefined ? { m: claims.mime } : {}),
      e: this.options.now() + this.options.ttlMs,
    };
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The claims of an untampered, unexpired token. */
  verify(token: string): VerifiedLink {
    if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: 'invalid' };
    const [body = '', mac = ''] = token.split('.');
    const expected = Buffer.from(this.mac(body), 'base64url');
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
    let parsed: z.infer<typeof payloadSchema>;
    try {
      parsed = payloadSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (parsed.e <= this.options.now()) return { ok: false, reason: 'expired' };
    const claims: FileLinkClaims = { path: parsed.p, personId: parsed.u };
    if (parsed.n !== undefined) claims.name = parsed.n;
    if (parsed.m !== undefined) claims.mime = parsed.m;
    return { ok: true, claims, expiresAt: parsed.e };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
