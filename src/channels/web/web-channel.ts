/**
 * The web chat channel: pull-based (no sender), always on. People log in with a one-time code from the office;
 * the login redeems the code, links the web chat account (`person-<id>`) on a first login and opens the session
 * in ONE unit of work (`web-login.ts`), then asks the engine for its greeting.
 */
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import type { Clock } from '../../conversation/engine-logger.js';
import { CODE_ATTEMPT_LIMIT } from '../../conversation/linking.js';
import type { EngineResult, InboundEvent } from '../../conversation/types.js';
import type { Logger } from '../../logger.js';
import type { Store } from '../../store/store.js';
import type { ChannelRuntime } from '../channel-runtime.js';
import { LoginLimiter } from './login-limiter.js';
import { SignedLinks } from '../../http/signed-links.js';
import type { FileStore } from '../../store/file-store.js';
import { createLocalFileStore } from '../../store/files/local-file-store.js';
import { quickCommandsFor } from '../../workflows/quick-commands.js';
import { MediaLinks } from './render-outbound.js';
import { loginWithCode } from './web-login.js';
import { createWebRouter } from './web-router.js';
import { WebSessionStore } from './web-sessions.js';

/**
 * What the web chat needs from the rest of the application. Why its own interface: the channel imports no `app/`,
 * scheduler or other channel; the composition root passes these.
 */
export interface WebChannelDeps {
  /** Sessions, the login's unit of work (code, account link, audit), profiles, the outbox the page pulls. */
  store: Store;
  /** The conversation engine's entry point (dedupes, orders each chat's events, resolves once durable). */
  handle(event: InboundEvent): Promise<EngineResult>;
  config: {
    /** Rendered pictures (honour boards) are served from under here only; evidence comes from `files`. */
    dataDir: string;
    /** `https://…` turns on the `Secure` cookie flag. */
    publicUrl?: string;
  };
  /** Where evidence files are read from (default: the data folder). */
  files?: FileStore;
  /**
   * Signs the page's media links; several instances must share its secret (`FILE_LINK_SECRET`). Default: a random
   * secret of this process and 15-minute links.
   */
  links?: SignedLinks;
  logger: Logger;
  clock: Clock;
}

export interface WebChannelOptions {
  /** How long a login lasts (default 7 days). */
  sessionTtlMs?: number;
  /** Failed logins allowed per address and window before wrong codes get 429 (default 10 per 15 minutes; kept in the store). */
  loginMaxFailures?: number;
  loginWindowMs?: number;
  /** Uploads in flight allowed per person (default 2; beyond: 429) and in total (default 8; beyond: 503). */
  uploadsPerPerson?: number;
  uploadsInFlight?: number;
}

export const DEFAULT_SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** How long a media link works when the composition root passes no signer. */
export const DEFAULT_LINK_TTL_MS = 15 * 60 * 1000;

/** Creates the web chat runtime; `mount` adds `/chat` and `/api/web/*`. */
export function createWebChannel(deps: WebChannelDeps, options: WebChannelOptions = {}): ChannelRuntime {
  const { store, logger, clock, config } = deps;
  const sessions = new WebSessionStore(store);
  const sessionTtlMs = options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  const limiter = new LoginLimiter(store, {
    maxFailures: options.loginMaxFailures ?? 10,
    windowMs: options.loginWindowMs ?? 15 * 60 * 1000,
  });
  const links =
    deps.links ?? new SignedLinks({ secret: randomBytes(32), ttlMs: DEFAULT_LINK_TTL_MS, now: () => clock.now().getTime() });
  const media = new MediaLinks(config.dataDir, links);
  const files = deps.files ?? createLocalFileStore({ dataDir: config.dataDir });
  const loginDeps = {
    store,
    handle: deps.handle,
    sessionTtlMs,
    newEventId: () => `login-${randomBytes(12).toString('base64url')}`,
  };

  const router = createWebRouter({
    logger,
    now: () => clock.now(),
    media,
    files,
    limiter,
    uploads: { dataDir: config.dataDir, perPerson: options.uploadsPerPerson ?? 2, total: options.uploadsInFlight ?? 8 },
    sessionTtlMs,
    secureCookie: config.publicUrl?.startsWith('https://') ?? false,
    login: (code, now) => loginWithCode(loginDeps, code, now),
    session: (token, now) => sessions.find(token, now),
    logout: (token) => sessions.delete(token),
    async profile(personId) {
      const person = await store.read((tx) => tx.directory.getPerson(personId));
      if (!person || !person.active) return null;
      return {
        personId: person.id,
        fullName: person.fullName,
        departmentName: person.departmentName,
        roles: [...person.roles],
        quick: quickCommandsFor(person.roles),
      };
    },
    async pull(chatId, now) {
      const items = await store.transaction((tx) => tx.outbox.takeForChat('web', chatId, now));
      return items.map((item) => item.messages);
    },
    handle: (event) => deps.handle(event),
  });

  // Chat-typed codes are counted in the same table with their own window (src/conversation/linking.ts).
  const attemptWindowMs = Math.max(options.loginWindowMs ?? 15 * 60 * 1000, CODE_ATTEMPT_LIMIT.windowMs);
  return {
    name: 'web',
    housekeeping: [
      { name: 'login-attempts', run: (tx, now) => tx.loginAttempts.purge(now - attemptWindowMs) },
      { name: 'web-sessions', run: (tx, now) => tx.webSessions.purgeExpired(now) },
    ],
    mount(app: Express) {
      app.use(router);
    },
    // Expired sessions and old attempts go in the scheduler's daily housekeeping (above), not at every start.
    async start() {},
    async stop() {},
  };
}
