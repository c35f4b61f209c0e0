import { afterEach, describe, expect, it } from 'vitest';
import { ZaloClient } from '../../src/channels/zalo/zalo-client.js';
import { ZaloAuthError, ZaloTokenError } from '../../src/channels/zalo/zalo-errors.js';
import { refreshZaloToken, ZaloTokenManager, type StoredTokenPair } from '../../src/channels/zalo/zalo-tokens.js';
import type { Store } from '../../src/store/store.js';
import { FakeZalo } from '../helpers/fake-zalo.js';
import { testStore } from '../helpers/test-store.js';

const HOUR = 3600_000;
let fake: FakeZalo;

afterEach(async () => {
  await fake?.close();
});

/** Records every log line so tests can check no token was printed. */
function captureLogger() {
  const lines: string[] = [];
  const log = (obj: object, msg?: string) => lines.push(JSON.stringify(obj) + (msg ?? ''));
  return { lines, info: log, warn: log, error: log, debug: log };
}

/** The stored pair, read through the repository. */
const load = (store: Store) => store.read((tx) => tx.zaloTokens.load());
const save = (store: Store, pair: StoredTokenPair) => store.transaction((tx) => tx.zaloTokens.save(pair));

async function build(db: Store, options: { now?: () => number; seed?: string; fetch?: typeof fetch } = {}) {
  const logger = captureLogger();
  const tokens = new ZaloTokenManager({
    store: db,
    refresh: (rt) => refreshZaloToken({ oauthRoot: fake.oauthUrl, appId: fake.appId, appSecret: fake.appSecret }, rt),
    seedRefreshToken: options.seed,
    now: options.now,
    logger,
  });
  await tokens.init();
  const client = new ZaloClient({ apiRoot: fake.apiUrl, tokens, logger, timeoutMs: 5000, fetch: options.fetch });
  return { tokens, client, logger };
}

describe('Zalo tokens', () => {
  it('seeds an empty store from ZALO_REFRESH_TOKEN, and 20 concurrent sends with an expired token refresh once', async () => {
    fake = await FakeZalo.start();
    fake.oauthDelayMs = 30;
    const db = testStore();
    const seed = fake.issuePair().refreshToken;
    const { tokens, client } = await build(db, { seed });
    await Promise.all(Array.from({ length: 20 }, (_, i) => client.sendText(`u${i}`, 'xin chào')));
    expect(fake.refreshCalls).toBe(1);
    expect(tokens.refreshCount).toBe(1);
    expect(fake.sent).toHaveLength(20);
  });

  it('20 concurrent sends rejected with -216 share one refresh and each retries once', async () => {
    fake = await FakeZalo.start();
    fake.oauthDelayMs = 20;
    const db = testStore();
    const pair = fake.issuePair();
    await save(db, { ...pair, accessExpiresAt: Date.now() + 20 * HOUR, refreshExpiresAt: null, updatedAt: Date.now() });
    const { client } = await build(db);
    fake.expireAccessTokens();
    await Promise.all(Array.from({ length: 20 }, (_, i) => client.sendText(`u${i}`, 'xin chào')));
    expect(fake.refreshCalls).toBe(1);
    expect(fake.sent).toHaveLength(20);
  });

  it('stores the rotated pair before using it, and a restart uses the stored pair, not the env seed', async () => {
    fake = await FakeZalo.start();
    const db = testStore();
    const first = fake.issuePair();
    // The access token used on every API call must already be the stored one.
    const checked: boolean[] = [];
    const checkingFetch: typeof fetch = async (input, init) => {
      const header = new Headers(init?.headers).get('access_token');
      if (header) checked.push((await load(db))?.accessToken === header);
      return fetch(input, init);
    };
    let now = Date.now();
    const one = await build(db, { seed: first.refreshToken, now: () => now, fetch: checkingFetch });
    await one.client.sendText('u1', 'một');
    const stored = await load(db);
    expect(stored?.refreshToken).not.toBe(first.refreshToken);
    expect(fake.validRefresh.has(first.refreshToken)).toBe(false);
    expect(checked).toEqual([true]);

    // Restart: a new manager over the same database, seeded with the (now used) env token: the store wins.
    const two = await build(db, { seed: first.refreshToken, now: () => now, fetch: checkingFetch });
    await two.client.sendText('u1', 'hai');
    expect(fake.refreshCalls).toBe(1);
    // 24.5 hours later the access token is refreshed early, with the rotated refresh token.
    now += 24.5 * HOUR;
    await two.client.sendText('u1', 'ba');
    expect(fake.refreshCalls).toBe(2);
    expect(fake.refreshTokensSeen).toEqual([first.refreshToken, stored?.refreshToken]);
    expect(checked.every(Boolean)).toBe(true);
    expect(fake.sent).toHaveLength(3);
  });

  it('reports a failed refresh clearly, backs off instead of looping, then recovers', async () => {
    fake = await FakeZalo.start();
    const db = testStore();
    const pair = fake.issuePair();
    let now = Date.now();
    const { client, logger } = await build(db, { seed: pair.refreshToken, now: () => now });
    fake.oauthError = { error: -14020, error_name: 'Invalid refresh token' };
    const failure = await client.sendText('u1', 'x').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ZaloAuthError);
    expect((failure as Error).message).toMatch(/làm mới token thất bại.*-14020.*Invalid refresh token/);
    expect((failure as ZaloAuthError).retryAfterMs).toBeGreaterThan(0);
    expect(fake.refreshCalls).toBe(1);
    // Within the back-off nothing is sent to the OAuth server.
    await expect(client.sendText('u1', 'x')).rejects.toBeInstanceOf(ZaloAuthError);
    await expect(client.sendText('u1', 'x')).rejects.toBeInstanceOf(ZaloAuthError);
    expect(fake.refreshCalls).toBe(1);
    // After it, one new attempt; it works once the problem is fixed.
    fake.oauthError = null;
    now += 16_000;
    await client.sendText('u1', 'x');
    expect(fake.refreshCalls).toBe(2);
    expect(fake.sent).toHaveLength(1);
    const printed = logger.lines.join('\n');
    for (const t of [pair.accessToken, pair.refreshToken, ...fake.validRefresh, ...fake.validAccess]) expect(printed).not.toContain(t);
  });

  it('refreshes once and retries once when Zalo keeps rejecting the token (no loop)', async () => {
    fake = await FakeZalo.start();
    const db = testStore();
    const pair = fake.issuePair();
    await save(db, { ...pair, accessExpiresAt: Date.now() + 20 * HOUR, refreshExpiresAt: null, updatedAt: Date.now() });
    const { client } = await build(db);
    // Every access token is rejected, even fresh ones.
    const original = fake.issuePair.bind(fake);
    fake.issuePair = () => {
      const p = original();
      fake.validAccess.delete(p.accessToken);
      return p;
    };
    fake.expireAccessTokens();
    const error = await client.sendText('u1', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZaloTokenError);
    expect((error as Error).message).not.toContain(pair.accessToken);
    expect(fake.refreshCalls).toBe(1);
    expect(fake.calls.filter((c) => c === '/v3.0/oa/message/cs')).toHaveLength(2);
  });
});
