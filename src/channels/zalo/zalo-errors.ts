/**
 * Typed errors for the Zalo OA Open API. Zalo answers application errors with HTTP 200 and `{ error: <negative
 * code>, message }`, so the client maps the code to one of these classes; callers branch on the class (or `kind`)
 * instead of on magic numbers. Messages carry the endpoint path and Zalo's own text — never a token.
 */
import { DeliveryError } from '../../delivery/channel-sender.js';

export type ZaloErrorKind =
  /** -216 invalid, -220 expired/removed access token: refresh once and retry once. */
  | 'token'
  /** -213 the user does not follow the OA. */
  | 'not_following'
  /** -230 / -232 no interaction in the last 7 days (consultation messages). */
  | 'outside_window'
  /** -217 blocked, -227 banned/inactive 45 days, -244 restricted this message type. */
  | 'user_unreachable'
  /** -32 per-minute API limit: retry next minute. */
  | 'rate_limited'
  /** -237 group disabled, -238/-241 asset used/disabled, -403 OA not in group. */
  | 'group'
  /** -100 uploaded attachment expired (7-day media lifetime): upload again. */
  | 'attachment_expired'
  /** App/OA set-up problems a human must fix (permissions, package, OA type, Zalo Cloud Account). */
  | 'config'
  /** The request itself is wrong (-201, -210, -233…). */
  | 'invalid_request'
  /** Anything else Zalo reports (-200 send failed…). */
  | 'api'
  /** No answer, timeout, HTTP 5xx, a body that is not the envelope. */
  | 'network'
  /** OAuth refresh failed (bad/used refresh token, wrong app secret) or no token is stored. */
  | 'auth';

/** Base class: `code` is Zalo's error code (0 when the failure is not Zalo's envelope). */
export class ZaloError extends Error {
  constructor(
    readonly kind: ZaloErrorKind,
    readonly code: number,
    message: string,
    readonly endpoint: string,
  ) {
    super(message);
    this.name = 'ZaloError';
  }
}

export class ZaloTokenError extends ZaloError {}
export class ZaloNotFollowingError extends ZaloError {}
export class ZaloWindowError extends ZaloError {}
export class ZaloUserUnreachableError extends ZaloError {}
export class ZaloRateLimitError extends ZaloError {
  /** Zalo's counter resets at the next minute. */
  readonly retryAfterMs: number = 60_000 - (Date.now() % 60_000) + 1_000;
}
export class ZaloGroupError extends ZaloError {}
export class ZaloConfigError extends ZaloError {}
export class ZaloInvalidRequestError extends ZaloError {}
/** The OAuth refresh failed; `retryAfterMs` tells callers when the next attempt is allowed (no refresh loops). */
export class ZaloAuthError extends ZaloError {
  constructor(code: number, message: string, endpoint: string, readonly retryAfterMs: number) {
    super('auth', code, message, endpoint);
  }
}

const KIND_BY_CODE = new Map<number, ZaloErrorKind>([
  [-216, 'token'],
  [-220, 'token'],
  [-213, 'not_following'],
  [-230, 'outside_window'],
  [-232, 'outside_window'],
  [-217, 'user_unreachable'],
  [-227, 'user_unreachable'],
  [-244, 'user_unreachable'],
  [-218, 'user_unreachable'],
  [-32, 'rate_limited'],
  [-237, 'group'],
  [-238, 'group'],
  [-241, 'group'],
  [-403, 'group'],
  [-100, 'attachment_expired'],
  [-201, 'invalid_request'],
  [-210, 'invalid_request'],
  [-233, 'invalid_request'],
  [-240, 'invalid_request'],
  [-248, 'invalid_request'],
  [-204, 'config'],
  [-205, 'config'],
  [-209, 'config'],
  [-211, 'config'],
  [-212, 'config'],
  [-219, 'config'],
  [-221, 'config'],
  [-223, 'config'],
  [-224, 'config'],
  [-235, 'config'],
  [-242, 'config'],
  [-320, 'config'],
  [-321, 'config'],
]);

/** Builds the typed error for an envelope `{ error: code, message }`. */
export function zaloErrorFromCode(code: number, zaloMessage: string, endpoint: string): ZaloError {
  const kind = KIND_BY_CODE.get(code) ?? 'api';
  const text = `Zalo ${endpoint}: lỗi ${code} (${zaloMessage.slice(0, 200)})`;
  switch (kind) {
    case 'token':
      return new ZaloTokenError(kind, code, text, endpoint);
    case 'not_following':
      return new ZaloNotFollowingError(kind, code, text, endpoint);
    case 'outside_window':
      return new ZaloWindowError(kind, code, text, endpoint);
    case 'user_unreachable':
      return new ZaloUserUnreachableError(kind, code, text, endpoint);
    case 'rate_limited':
      return new ZaloRateLimitError(kind, code, text, endpoint);
    case 'group':
      return new ZaloGroupError(kind, code, text, endpoint);
    case 'config':
      return new ZaloConfigError(kind, code, text, endpoint);
    case 'invalid_request':
    case 'attachment_expired':
      return new ZaloInvalidRequestError(kind, code, text, endpoint);
    default:
      return new ZaloError(kind, code, text, endpoint);
  }
}

const TOKEN_RETRY_MS = 60_000;

/**
 * Translates a client failure into the outbox's taxonomy: window/blocked/unfollowed → `unreachable` (re-routed,
 * never retried blindly), limits/network/token trouble → `retry`, everything else → `fatal`.
 */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (!(error instanceof ZaloError)) {
    return new DeliveryError('retry', error instanceof Error ? error.message : String(error));
  }
  switch (error.kind) {
    case 'outside_window':
      return new DeliveryError('unreachable', error.message, { reason: 'outside_window', status: error.code });
    case 'not_following':
      return new DeliveryError('unreachable', error.message, { reason: 'unfollowed', status: error.code });
    case 'user_unreachable':
      return new DeliveryError('unreachable', error.message, { reason: 'blocked', status: error.code });
    case 'rate_limited':
      return new DeliveryError('retry', error.message, {
        retryAfterMs: error instanceof ZaloRateLimitError ? error.retryAfterMs : 60_000,
        status: error.code,
      });
    case 'auth':
      return new DeliveryError('retry', error.message, {
        retryAfterMs: error instanceof ZaloAuthError ? error.retryAfterMs : TOKEN_RETRY_MS,
        status: error.code,
      });
    case 'token':
      return new DeliveryError('retry', error.message, { retryAfterMs: TOKEN_RETRY_MS, status: error.code });
    case 'network':
    case 'attachment_expired':
    case 'api':
      return new DeliveryError('retry', error.message, { status: error.code });
    default:
      return new DeliveryError('fatal', error.message, { status: error.code });
  }
}
