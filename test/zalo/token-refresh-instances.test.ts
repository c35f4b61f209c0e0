/**
 * Issue 12: several instances share the Zalo OA token pair, whose refresh tokens are SINGLE-USE. Two instances (two
 * token managers on one database, each with its own instance id, as two app processes) finding the access token
 * expired at the same moment: exactly one calls OAuth (under the `zalo-token-refresh` lease, reading the pair under its
 * row lock), the other re-reads the stored pair; both end up with the same working token and the refresh token is used
 * once. Runs on both dialects (the lease and the row lock are the store's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ZaloClient } from '../../src/channels/zalo/zalo-client.js';
import { refreshZaloToken, TOKEN_REFRESH_LEASE, ZaloTokenManager } from '../../src/channels/zalo/zalo-tokens.js';
import { silentLogger } from '../../src/logger.js';
import { DIALECTS, freshStore, type FreshStore } from '../helpers/dialects.js';
import { FakeZalo } from '../helpers/fake-zalo.js';

const HOUR = 3600_000;
let fake: FakeZalo | undefined;
let fresh: FreshStore | undefined;
let dir: string | undefined;

afterEach(async () => {
  await fresh?.close();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  fresh = undefined;
  fake = undefined;
  dir = undefined;
});

describe.each(DIALECTS)('Zalo token refresh with two instances (%s)', (dialect) => {
  it('two instances refreshing at once use the single-use refresh token once and share the new pair', async () => {
    fake = await FakeZalo.start();
    const zalo = fake;
    // OAuth answers slowly, so both instances are inside their refresh at the same time.
    zalo.oauthDelayMs = 300;
    dir = mkdtempSync(join(tmpdir(), 'thidua-zalo-tokens-'));
    fresh = await freshStore(dialect, dir);
    const store = fresh.store;
    const first = zalo.issuePair();
    // The stored pair's access token has expired.
    await store.transaction((tx) =>
      tx.zaloTokens.save({ ...first, accessExpiresAt: Date.now() - HOUR, refreshExpiresAt: Date.now() + 60 * 24 * HOUR, updatedAt: Date.now() - 25 * HOUR }),
    );
    const instance = async (instanceId: string) => {
      const tokens = new ZaloTokenManager({
        store,
        refresh: (rt) => refreshZaloToken({ oauthRoot: zalo.oauthUrl, appId: zalo.appId, appSecret: zalo.appSecret }, rt),
        logger: silentLogger(),
        instanceId,
        waitPollMs: 20,
      });
      await tokens.init();
      return { tokens, client: new ZaloClient({ apiRoot: zalo.apiUrl, tokens, logger: silentLogger(), timeoutMs: 5000 }) };
    };
    const a = await instance('app-a');
    const b = await instance('app-b');

    // Both send at once (each instance's several callers share its own refresh too).
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => a.client.sendText(`a${i}`, 'xin chào')),
      ...Array.from({ length: 5 }, (_, i) => b.client.sendText(`b${i}`, 'xin chào')),
    ]);
    expect(zalo.refreshCalls).toBe(1);
    expect(zalo.refreshTokensSeen).toEqual([first.refreshToken]);
    expect(a.tokens.refreshCount + b.tokens.refreshCount).toBe(1);
    expect(zalo.sent).toHaveLength(10);
    const stored = await store.read((tx) => tx.zaloTokens.load());
    expect(stored?.refreshToken).not.toBe(first.refreshToken);
    expect(await a.tokens.getAccessToken()).toBe(stored?.accessToken);
    expect(await b.tokens.getAccessToken()).toBe(stored?.accessToken);
    // The refresher handed its lease back: the next refresh (either instance) does not wait for it to run out.
    const lease = await store.transaction((tx) => tx.leases.acquire(TOKEN_REFRESH_LEASE, 'app-c', Date.now(), 1000));
    expect(lease?.holder).toBe('app-c');
  });
});
