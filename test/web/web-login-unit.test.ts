/**
 * The web login on its own (the web channel over a real SQLite store, the engine replaced by a greeting script):
 * one unit of work redeems the code, links the web chat on a first login and opens the session, so five browsers
 * sending the same code at once get ONE session and the others "code already used" (issue 18, item 3).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, chatAccounts, inviteCodes, people, personRoles, units, webSessions } from '../../db/schema.js';
import { createWebChannel } from '../../src/channels/web/web-channel.js';
import type { InboundEvent } from '../../src/conversation/types.js';
import { issueInviteCode } from '../../src/directory/issue-invite-code.js';
import { createHttpApp } from '../../src/http/create-http-app.js';
import { silentLogger } from '../../src/logger.js';
import { createSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

interface World {
  store: SqliteStore;
  url: string;
  events: InboundEvent[];
  close(): Promise<void>;
}

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const T0 = Date.parse('2026-11-21T03:00:00Z');

async function start(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'thidua-web-login-'));
  const store = createSqliteStore(join(dir, 'thidua.db'), { backgroundCheckpoints: false });
  const events: InboundEvent[] = [];
  const channel = createWebChannel(
    {
      store,
      handle: async (event) => {
        events.push(event);
        return { replies: [{ kind: 'text', text: 'Xin chào!' }], duplicate: false };
      },
      config: { dataDir: dir },
      logger: silentLogger(),
      clock: { now: () => new Date(T0) },
    },
    { loginMaxFailures: 100 },
  );
  await channel.start();
  const http = createHttpApp({ logger: silentLogger(), mounts: [(app) => channel.mount?.(app)], health: () => store.ping() });
  const server: Server = await new Promise((resolve) => {
    const s = http.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    store,
    url,
    events,
    async close() {
      await channel.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function seedPerson(store: SqliteStore, active = true): number {
  const db = store.db;
  if (!db.select().from(units).get()) db.insert(units).values({ id: 'u1', name: 'Sở Thông tin và Truyền thông' }).run();
  const person = db.insert(people).values({ unitId: 'u1', fullName: 'Trần Thị Lan', active }).returning().get();
  db.insert(personRoles).values({ personId: person.id, role: 'staff' }).run();
  return person.id;
}

const login = (url: string, code: string) =>
  fetch(`${url}/api/web/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });

describe('web login in one unit of work', () => {
  it('five concurrent first logins with one code give ONE session; the others are told the code was used', async () => {
    world = await start();
    const { store } = world;
    const personId = seedPerson(store);
    const { code } = await store.transaction((tx) => issueInviteCode(tx, personId, T0, 3600_000));

    const responses = await Promise.all(Array.from({ length: 5 }, () => login(world!.url, code)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 401, 401, 401, 401]);
    const refused = await Promise.all(responses.filter((r) => r.status === 401).map(async (r) => (await r.json()) as { error: string; reason: string }));
    for (const body of refused) {
      expect(body.reason).toBe('used');
      expect(body.error).toContain('đã được dùng');
    }
    expect(responses.filter((r) => r.headers.get('set-cookie'))).toHaveLength(1);

    const db = store.db;
    expect(db.select().from(webSessions).all()).toHaveLength(1);
    expect(db.select().from(webSessions).get()?.personId).toBe(personId);
    const accounts = db.select().from(chatAccounts).where(and(eq(chatAccounts.channel, 'web'), eq(chatAccounts.personId, personId))).all();
    expect(accounts).toMatchObject([{ chatId: `person-${personId}`, externalUserId: `person-${personId}`, linkedVia: 'code', status: 'active' }]);
    const linked = db.select().from(auditLog).where(eq(auditLog.action, 'account.linked')).all();
    expect(linked).toMatchObject([{ subjectPersonId: personId, actorPersonId: personId, channel: 'web', entityType: 'chat_account' }]);
    expect(db.select().from(inviteCodes).get()?.usedAt).toBe(T0);
    // The engine was asked for its greeting once, for the linked chat (no code in it).
    expect(world.events).toMatchObject([{ kind: 'start', channel: 'web', chatId: `person-${personId}`, userId: `person-${personId}` }]);
    expect(world.events[0]).not.toHaveProperty('param');
  });

  it('five concurrent logins of an already linked person with one new code also give one session, audited as a login', async () => {
    world = await start();
    const { store } = world;
    const personId = seedPerson(store);
    const first = await store.transaction((tx) => issueInviteCode(tx, personId, T0, 3600_000));
    expect((await login(world.url, first.code)).status).toBe(200);
    const { code } = await store.transaction((tx) => issueInviteCode(tx, personId, T0, 3600_000));
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => login(world!.url, code)))).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 401, 401, 401, 401]);
    expect(store.db.select().from(webSessions).all()).toHaveLength(2);
    expect(store.db.select().from(auditLog).where(eq(auditLog.action, 'web.login')).all()).toHaveLength(1);
  });

  it('refuses a deactivated person and leaves the code unused; the health check asks the store', async () => {
    world = await start();
    const { store } = world;
    const personId = seedPerson(store, false);
    const { code } = await store.transaction((tx) => issueInviteCode(tx, personId, T0, 3600_000));
    const response = await login(world.url, code);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { reason: string }).reason).toBe('refused');
    expect(store.db.select().from(inviteCodes).get()?.usedAt).toBeNull();
    expect(store.db.select().from(webSessions).all()).toEqual([]);
    expect(world.events).toEqual([]);

    const health = await fetch(`${world.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
  });
});
