/**
 * Starts the real app (createApp) on 127.0.0.1:0 over a fresh temp folder, with a movable clock. The only place
 * the web tests reach into the app's parts: its store (on SQLite also its drizzle handle for checking rows, tests
 * only) and its dispatcher (to queue a notification as a workflow would). `dialect` picks the store (default
 * SQLite in the temp folder; PostgreSQL on a fresh test database).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App, type CreateAppOptions } from '../../src/app/create-app.js';
import { seedDemoIfEmpty, type DemoSeedResult } from '../../src/app/demo-seed.js';
import { loadConfig } from '../../src/config.js';
import type { Notification } from '../../src/conversation/types.js';
import type { DispatchOutcome } from '../../src/delivery/dispatcher.js';
import { silentLogger } from '../../src/logger.js';
import type { Db } from '../../src/store/sqlite/open-sqlite.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import type { Dialect } from '../helpers/dialects.js';

export interface Harness {
  app: App;
  /** The app's store. */
  store: Store;
  /** Its drizzle handle, for checking rows (tests only; SQLite only: throws on PostgreSQL). */
  readonly db: Db;
  /** Queues a notification through the app's dispatcher, in its own unit of work. */
  dispatch(notification: Notification): Promise<DispatchOutcome>;
  url: string;
  dir: string;
  demo: DemoSeedResult;
  clock: { now(): Date; advance(ms: number): void };
  /** fetch with the session cookie of `jar` (updated from Set-Cookie). */
  request(path: string, init?: RequestInit & { jar?: CookieJar }): Promise<Response>;
  close(): Promise<void>;
}

export interface CookieJar {
  cookie?: string;
}

/** 2026-11-21 10:00 in Hà Nội. */
export const T0 = Date.parse('2026-11-21T03:00:00Z');

/**
 * `env`: extra environment (a file store, a link secret). `store`: another harness's store, for a second instance on
 * the same database (its own data folder, its own server); that store is closed by whichever instance stops first.
 * `dialect`: a fresh database of that kind (PostgreSQL from the test template).
 */
export async function startHarness(
  options: Partial<Pick<CreateAppOptions, 'web' | 'store'>> & { env?: Record<string, string | undefined>; dialect?: Dialect } = {},
): Promise<Harness> {
  const { env, dialect, ...appOptions } = options;
  const dir = mkdtempSync(join(tmpdir(), 'thidua-web-'));
  let t = T0;
  const clock = { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
  // Loaded only when asked for: upload-memory-child.ts runs this harness outside vitest.
  const database = dialect ? await (await import('../helpers/dialects.js')).freshDatabase(dialect, dir) : undefined;
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'thidua.db'),
    ...database?.env,
    PORT: '0',
    HOST: '127.0.0.1',
    SCHEDULER: 'off',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await createApp({ config, logger: silentLogger(), clock, ...appOptions });
  const store = app.store;
  const demo = await seedDemoIfEmpty(store, app.rubrics, clock.now());
  const { url } = await app.start();
  const request = async (path: string, init: RequestInit & { jar?: CookieJar } = {}) => {
    const { jar, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (jar?.cookie) headers.set('cookie', jar.cookie);
    const response = await fetch(url + path, { ...rest, headers });
    const set = response.headers.get('set-cookie');
    if (jar && set) jar.cookie = set.split(';')[0];
    return response;
  };
  return {
    app,
    store,
    get db(): Db {
      if (store.dialect !== 'sqlite') throw new Error('h.db is the SQLite drizzle handle; this harness runs on PostgreSQL');
      return (store as SqliteStore).db;
    },
    dispatch: (notification) => store.transaction((tx) => app.dispatcher.dispatch(tx, notification, clock.now().getTime())),
    url,
    dir,
    demo,
    clock,
    request,
    close: async () => {
      await app.stop();
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function postJson(body: unknown, jar?: CookieJar): RequestInit & { jar?: CookieJar } {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), jar };
}

/** Logs in with the demo code of `index` (0 = staff, 1 = head, 2 = office, 3 = director). */
export async function login(h: Harness, index = 0): Promise<CookieJar> {
  const jar: CookieJar = {};
  const code = h.demo.logins[index]?.code;
  const response = await h.request('/api/web/login', postJson({ code }, jar));
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return jar;
}
