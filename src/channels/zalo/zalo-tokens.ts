/**
 * The OA token pair and its refresh (OAuth v4).
 *
 * Zalo refresh tokens are SINGLE-USE: every refresh returns a new pair and invalidates the old refresh token, so
 * losing the new pair means a human must re-authorise the OA. Hence: the new pair is committed to SQLite (one
 * unit of work of the store) before the access token is handed to anyone; concurrent callers share one refresh (single flight);
 * a restart reads the stored pair, and `ZALO_REFRESH_TOKEN` only seeds an empty store. A failed refresh is
 * reported with a clear error and not retried before a back-off delay (never a loop). Tokens are never logged.
 *
 * Several instances share the pair: ONE of them refreshes, the others re-read the stored pair. The refresher holds the
 * `zalo-token-refresh` lease (so no other instance calls OAuth with the same refresh token meanwhile) and reads the
 * latest committed pair under a row lock (`zaloTokens.loadForUpdate()`; another instance may have rotated it a moment
 * ago, and then its pair is simply used) and saves the new pair under that lock. An instance that finds the lease
 * held waits for the stored pair to become usable (or the lease to be free again), never calling OAuth itself.
 */
import { z } from 'zod';
import type { Store } from '../../store/store.js';
import type { StoredTokenPair } from '../../store/zalo-tokens.js';
import { ZaloAuthError, ZaloError } from './zalo-errors.js';

export type { StoredTokenPair } from '../../store/zalo-tokens.js';

/** What the API client needs: a valid access token, and a fresh one after Zalo rejected `rejected`. */
export interface TokenProvider {
  getAccessToken(): Promise<string>;
  /** Called after -216/-220: refreshes unless another caller already replaced `rejected`; returns the new token. */
  refreshAfterRejection(rejected: string): Promise<string>;
}

/** Zalo: refresh tokens live 3 months. */
const REFRESH_LIFETIME_MS = 90 * 24 * 3600_000;
/** Refresh the access token this long before its (25 h) expiry. */
const DEFAULT_MARGIN_MS = 3600_000;
/** Rotate the refresh token this long before it would expire, even when idle. */
const ROTATE_BEFORE_MS = 14 * 24 * 3600_000;
const FAILURE_BACKOFF_MS = [15_000, 60_000, 300_000, 900_000];
/** The lease that makes one instance of the deployment the refresher. */
export const TOKEN_REFRESH_LEASE = 'zalo-token-refresh';
/** How long the refresher's lease lasts (longer than the OAuth call's timeout). */
const DEFAULT_REFRESH_LEASE_MS = 30_000;
/** How often an instance waiting for another's refresh re-reads the stored pair. */
const DEFAULT_WAIT_POLL_MS = 200;

/** A new pair as returned by the OAuth endpoint. */
export interface TokenGrant {
  accessToken: string;
  refreshToken: string;
  expiresInSec: number;
}

const grantSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
});
const oauthErrorSchema = z.looseObject({
  error: z.coerce.number().optional(),
  error_name: z.string().optional(),
  error_reason: z.string().optional(),
  error_description: z.string().optional(),
  message: z.string().optional(),
});

export interface ZaloOAuthOptions {
  oauthRoot: string;
  appId: string;
  appSecret: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const OAUTH_PATH = '/v4/oa/access_token';

/** `POST {oauthRoot}/v4/oa/access_token` (form body, `secret_key` header) for `grant_type=refresh_token`. */
export async function refreshZaloToken(options: ZaloOAuthOptions, refreshToken: string): Promise<TokenGrant> {
  const doFetch = options.fetch ?? fetch;
  const body = new URLSearchParams({ refresh_token: refreshToken, app_id: options.appId, grant_type: 'refresh_token' });
  let response: Response;
  let json: unknown;
  try {
    response = await doFetch(new URL(OAUTH_PATH, options.oauthRoot), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: options.appSecret },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    json = await response.json();
  } catch (error) {
    const why = error instanceof Error ? error.name : 'lỗi';
    throw new ZaloError('network', 0, `Zalo OAuth ${OAUTH_PATH}: không gọi được (${why})`, OAUTH_PATH);
  }
  const grant = grantSchema.safeParse(json);
  if (grant.success) {
    return { accessToken: grant.data.access_token, refreshToken: grant.data.refresh_token, expiresInSec: grant.data.expires_in };
  }
  const err = oauthErrorSchema.safeParse(json);
  const code = err.success ? (err.data.error ?? 0) : 0;
  const reason = err.success
    ? (err.data.error_name ?? err.data.error_reason ?? err.data.error_description ?? err.data.message ?? 'không rõ')
    : 'câu trả lời không đúng dạng';
  throw new ZaloError('auth', code, `Zalo OAuth: làm mới token thất bại (HTTP ${response.status}, ${code}: ${reason.slice(0, 200)})`, OAUTH_PATH);
}

/** Minimal logger surface (pino-compatible). */
export interface TokenLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ZaloTokenManagerOptions {
  /** The pair lives in `tx.zaloTokens`; each save is its own unit of work (committed before use). */
  store: Store;
  /** Exchanges a refresh token for a new pair (`refreshZaloToken` bound to the app's credentials). */
  refresh: (refreshToken: string) => Promise<TokenGrant>;
  /** `ZALO_REFRESH_TOKEN`: used only when the store is empty. */
  seedRefreshToken?: string;
  now?: () => number;
  logger: TokenLogger;
  marginMs?: number;
  /** This instance (`INSTANCE_ID`), the holder of the refresh lease while it refreshes. Default `local`. */
  instanceId?: string;
  /** The refresh lease's length (default 30 s, more than the OAuth timeout); also how long another's refresh is awaited. */
  refreshLeaseMs?: number;
  /** How often a waiting instance re-reads the stored pair (default 200 ms). */
  waitPollMs?: number;
}

/** Single-flight, persist-before-use token provider over the store's `zaloTokens` repository. */
export class ZaloTokenManager implements TokenProvider {
  private cached: StoredTokenPair | null = null;
  private inflight: Promise<string> | null = null;
  private failures = 0;
  private blockedUntil = 0;
  private lastFailure: ZaloError | null = null;
  /** Refresh calls made by this process (tests and health checks). */
  refreshCount = 0;
  private readonly now: () => number;

  constructor(private readonly options: ZaloTokenManagerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Seeds the store from the environment when empty and loads the stored pair. */
  async init(): Promise<void> {
    const seed = this.options.seedRefreshToken;
    const now = this.now();
    const seeded = seed ? await this.options.store.transaction((tx) => tx.zaloTokens.seed(seed, now)) : false;
    if (seeded) this.options.logger.info({}, 'zalo: token store seeded from ZALO_REFRESH_TOKEN');
    this.cached = await this.load();
  }

  async getAccessToken(): Promise<string> {
    const pair = await this.current();
    const now = this.now();
    const margin = this.options.marginMs ?? DEFAULT_MARGIN_MS;
    const stale = pair.accessToken === '' || pair.accessExpiresAt - margin <= now;
    const rotate = pair.refreshExpiresAt !== null && pair.refreshExpiresAt - ROTATE_BEFORE_MS <= now;
    if (!stale && !rotate) return pair.accessToken;
    if (!stale && this.inflight === null && now < this.blockedUntil) return pair.accessToken;
    try {
      return await this.refresh();
    } catch (error) {
      // A still-valid access token keeps working while the early refresh is retried later.
      if (pair.accessToken !== '' && pair.accessExpiresAt > now) return pair.accessToken;
      throw error;
    }
  }

  async refreshAfterRejection(rejected: string): Promise<string> {
    const pair = await this.current();
    if (pair.accessToken !== rejected && pair.accessToken !== '') return pair.accessToken;
    return this.refresh(rejected);
  }

  /**
   * A usable access token after a refresh (shared by concurrent callers): this instance's own refresh, or the pair
   * another instance stored meanwhile. `rejected`: the access token Zalo refused (never handed out again). Throws
   * `ZaloAuthError` during the back-off after a failure.
   */
  refresh(rejected?: string): Promise<string> {
    if (this.inflight) return this.inflight;
    const now = this.now();
    if (now < this.blockedUntil && this.lastFailure) {
      return Promise.reject(
        new ZaloAuthError(this.lastFailure.code, this.lastFailure.message, this.lastFailure.endpoint, this.blockedUntil - now),
      );
    }
    this.inflight = this.refreshOnce(rejected).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** Whether `pair` cannot be handed out: no or refused access token, (nearly) expired, or its refresh token due for rotation. */
  private needsRefresh(pair: StoredTokenPair, rejected: string | undefined): boolean {
    const now = this.now();
    const margin = this.options.marginMs ?? DEFAULT_MARGIN_MS;
    if (pair.accessToken === '' || pair.accessToken === rejected || pair.accessExpiresAt - margin <= now) return true;
    return pair.refreshExpiresAt !== null && pair.refreshExpiresAt - ROTATE_BEFORE_MS <= now;
  }

  /**
   * One instance refreshes (see the file comment): the stored pair is used when another instance made it usable;
   * otherwise this instance refreshes if it gets the `zalo-token-refresh` lease, or waits (re-reading the pair) while
   * another holds it.
   */
  private async refreshOnce(rejected: string | undefined): Promise<string> {
    const { store } = this.options;
    const instanceId = this.options.instanceId ?? 'local';
    const leaseMs = this.options.refreshLeaseMs ?? DEFAULT_REFRESH_LEASE_MS;
    // Real time: the injected clock of a test may stand still.
    const giveUpAt = Date.now() + leaseMs;
    for (;;) {
      const stored = await this.load();
      if (stored && !this.needsRefresh(stored, rejected)) {
        this.cached = stored;
        return stored.accessToken;
      }
      const lease = await store.transaction((tx) => tx.leases.acquire(TOKEN_REFRESH_LEASE, instanceId, this.now(), leaseMs));
      if (lease) {
        try {
          return await this.refreshHolding(rejected);
        } finally {
          await store.transaction((tx) => tx.leases.release(lease, this.now())).catch(() => undefined);
        }
      }
      if (Date.now() >= giveUpAt) {
        throw new ZaloAuthError(0, 'Zalo: một phiên bản khác đang làm mới token OA, chưa xong', OAUTH_PATH, 5_000);
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.waitPollMs ?? DEFAULT_WAIT_POLL_MS));
    }
  }

  /** Refreshes while holding the lease: the latest pair read under its row lock, the new one saved under it. */
  private async refreshHolding(rejected: string | undefined): Promise<string> {
    const locked = await this.options.store.transaction((tx) => tx.zaloTokens.loadForUpdate());
    const pair = locked ?? (await this.current());
    if (!this.needsRefresh(pair, rejected)) {
      this.cached = pair;
      return pair.accessToken;
    }
    this.refreshCount += 1;
    try {
      const grant = await this.options.refresh(pair.refreshToken);
      const now = this.now();
      const next: StoredTokenPair = {
        accessToken: grant.accessToken,
        refreshToken: grant.refreshToken,
        accessExpiresAt: now + grant.expiresInSec * 1000,
        refreshExpiresAt: now + REFRESH_LIFETIME_MS,
        updatedAt: now,
      };
      await this.options.store.transaction(async (tx) => {
        await tx.zaloTokens.loadForUpdate();
        await tx.zaloTokens.save(next);
      });
      this.cached = next;
      this.failures = 0;
      this.blockedUntil = 0;
      this.lastFailure = null;
      this.options.logger.info({ accessExpiresAt: next.accessExpiresAt }, 'zalo: access token refreshed');
      return next.accessToken;
    } catch (error) {
      const failure =
        error instanceof ZaloError ? error : new ZaloError('auth', 0, 'Zalo OAuth: làm mới token thất bại', OAUTH_PATH);
      const delay = FAILURE_BACKOFF_MS[Math.min(this.failures, FAILURE_BACKOFF_MS.length - 1)] ?? 900_000;
      this.failures += 1;
      this.blockedUntil = this.now() + delay;
      this.lastFailure = failure;
      this.options.logger.error(
        { code: failure.code, kind: failure.kind, failures: this.failures, retryInMs: delay },
        'zalo: token refresh failed — check ZALO_APP_ID/ZALO_APP_SECRET or re-authorise the OA',
      );
      throw new ZaloAuthError(failure.code, failure.message, failure.endpoint, delay);
    }
  }

  private load(): Promise<StoredTokenPair | null> {
    return this.options.store.read((tx) => tx.zaloTokens.load());
  }

  private async current(): Promise<StoredTokenPair> {
    if (!this.cached) this.cached = await this.load();
    if (!this.cached) {
      throw new ZaloAuthError(0, 'Zalo: chưa có token OA (đặt ZALO_REFRESH_TOKEN lần đầu)', OAUTH_PATH, 300_000);
    }
    return this.cached;
  }
}
