import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, chatAccounts, inviteCodes, webSessions } from '../../db/schema.js';
import { join } from 'node:path';
import { createApp } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config.js';
import { issueInviteCode } from '../../src/directory/issue-invite-code.js';
import { silentLogger } from '../../src/logger.js';
import { postJson, startHarness, type CookieJar, type Harness } from './web-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('web login', () => {
  it('links the web chat with a good code and sets an httpOnly SameSite=Strict session cookie', async () => {
    h = await startHarness();
    const staff = h.demo.logins[0];
    if (!staff) throw new Error('no demo login');
    const jar: CookieJar = {};
    const response = await h.request('/api/web/login', postJson({ code: staff.code.toLowerCase() }, jar));
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^thidua_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const body = (await response.json()) as { profile: { personId: number; fullName: string }; replies: unknown[] };
    expect(body.profile.personId).toBe(staff.personId);
    expect(body.replies.length).toBeGreaterThan(0);

    const token = jar.cookie?.split('=')[1] ?? '';
    const db = h.db;
    const session = db.select().from(webSessions).where(eq(webSessions.tokenHash, createHash('sha256').update(token).digest('hex'))).get();
    expect(session?.personId).toBe(staff.personId);
    const account = db
      .select()
      .from(chatAccounts)
      .where(and(eq(chatAccounts.channel, 'web'), eq(chatAccounts.personId, staff.personId)))
      .get();
    expect(account).toMatchObject({ chatId: `person-${staff.personId}`, linkedVia: 'code', status: 'active' });
    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'account.linked')).all();
    expect(audit.map((a) => a.subjectPersonId)).toContain(staff.personId);

    const me = await h.request('/api/web/me', { jar });
    expect(me.status).toBe(200);

    // The code is spent.
    const again = await h.request('/api/web/login', postJson({ code: staff.code }));
    expect(again.status).toBe(401);
    expect(((await again.json()) as { error: string }).error).toContain('đã được dùng');

    // Logging out ends the session.
    expect((await h.request('/api/web/logout', postJson({}, jar))).status).toBe(200);
    expect((await h.request('/api/web/me', { jar: { cookie: `thidua_session=${token}` } })).status).toBe(401);
  });

  it('refuses unknown and expired codes in Vietnamese', async () => {
    h = await startHarness();
    const bad = await h.request('/api/web/login', postJson({ code: 'ABCD-EFGH' }));
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: string }).error).toContain('không đúng');

    const staff = h.demo.logins[0];
    if (!staff) throw new Error('no demo login');
    h.clock.advance(8 * 24 * 3600 * 1000);
    const expired = await h.request('/api/web/login', postJson({ code: staff.code }));
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: string }).error).toContain('hết hạn');
    const row = h.db.select().from(inviteCodes).where(eq(inviteCodes.personId, staff.personId)).get();
    expect(row?.usedAt).toBeNull();
  });

  it('lets an already linked person log in on another browser with a new code, once', async () => {
    h = await startHarness();
    const head = h.demo.logins[1];
    if (!head) throw new Error('no demo login');
    expect((await h.request('/api/web/login', postJson({ code: head.code }))).status).toBe(200);
    const { code } = await h.store.transaction((tx) => issueInviteCode(tx, head.personId, h!.clock.now().getTime(), 3600_000));
    const jar: CookieJar = {};
    expect((await h.request('/api/web/login', postJson({ code }, jar))).status).toBe(200);
    expect((await h.request('/api/web/me', { jar })).status).toBe(200);
    expect((await h.request('/api/web/login', postJson({ code }))).status).toBe(401);
  });

  it('rate-limits failed attempts per address, yet lets a right code through (one office behind one NAT address)', async () => {
    h = await startHarness({ web: { loginMaxFailures: 3, loginWindowMs: 60_000 } });
    for (let i = 0; i < 3; i++) {
      expect((await h.request('/api/web/login', postJson({ code: `WRONG${i}XYZ` }))).status).toBe(401);
    }
    // Over the limit: a wrong code is answered "too many attempts"…
    const limited = await h.request('/api/web/login', postJson({ code: 'WRNG-QQQQ' }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    expect(((await limited.json()) as { error: string }).error).toContain('quá nhiều lần');
    // …but a colleague at the same address with a right code logs in (issue 18, item 6).
    expect((await h.request('/api/web/login', postJson({ code: h.demo.logins[0]?.code }))).status).toBe(200);
    h.clock.advance(61_000);
    expect((await h.request('/api/web/login', postJson({ code: 'WRNG-QQQR' }))).status).toBe(401);
  });

  it('refuses everything from an address past the hard ceiling, and a code tried too often', async () => {
    h = await startHarness({ web: { loginMaxFailures: 2, loginWindowMs: 60_000 } });
    for (let i = 0; i < 5; i++) expect((await h.request('/api/web/login', postJson({ code: 'WRNG-QQQQ' }))).status).not.toBe(200);
    // The same typed code: blocked (per code) without being checked.
    expect((await h.request('/api/web/login', postJson({ code: 'WRNG-QQQQ' }))).status).toBe(429);
    for (let i = 0; i < 15; i++) await h.request('/api/web/login', postJson({ code: `WRNG-QQ${'ABCDEFGHJKMNPQRS'[i]}A` }));
    // 20 failures = 10 × the limit of 2: even a right code waits.
    expect((await h.request('/api/web/login', postJson({ code: h.demo.logins[0]?.code }))).status).toBe(429);
  });

  it('keeps the counters in the database: a restart does not clear them', async () => {
    h = await startHarness({ web: { loginMaxFailures: 3, loginWindowMs: 60_000 } });
    for (let i = 0; i < 3; i++) await h.request('/api/web/login', postJson({ code: `WRONG${i}XYZ` }));
    await h.app.stop();
    const config = loadConfig({ DATABASE_PATH: join(h.dir, 'thidua.db'), PORT: '0', HOST: '127.0.0.1', SCHEDULER: 'off', LOG_LEVEL: 'silent' });
    const again = await createApp({ config, logger: silentLogger(), clock: h.clock, web: { loginMaxFailures: 3, loginWindowMs: 60_000 } });
    const { url } = await again.start();
    try {
      const post = (code: string) => fetch(`${url}/api/web/login`, postJson({ code }));
      expect((await post('WRNG-QQQQ')).status).toBe(429);
      expect((await post(h.demo.logins[0]?.code ?? '')).status).toBe(200);
      const keys = await again.store.read(async (tx) => tx.loginAttempts.retryAfter('ip:127.0.0.1', h!.clock.now().getTime(), { maxFailures: 4, windowMs: 60_000 }));
      expect(keys).toBeGreaterThan(0);
    } finally {
      await again.stop();
    }
  });
});
