/**
 * The office's dashboard in the browser (issue 16): `/` and its pages, mounted on the same express app as the web
 * chat (`/chat`). Sign-in reuses the web chat's one-time code login, sessions and login limits (same tables), with
 * a long, renewable lifetime (`dashboard-sessions.ts`).
 */
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import type { ApprovalService } from '../approval/approval-service.js';
import { LoginLimiter } from '../channels/web/login-limiter.js';
import { loginWithCode } from '../channels/web/web-login.js';
import type { Clock } from '../conversation/engine-logger.js';
import type { Notifier } from '../conversation/notifier.js';
import type { EngineResult, InboundEvent } from '../conversation/types.js';
import type { Logger } from '../logger.js';
import type { FileStore } from '../store/file-store.js';
import type { Store } from '../store/store.js';
import { createDashboardRouter } from './dashboard-router.js';
import { DashboardSessions, DEFAULT_DASHBOARD_SESSION_TTL_MS } from './dashboard-sessions.js';

/** What the dashboard needs from the composition root. */
export interface DashboardDeps {
  store: Store;
  /** The chat's approval service (one instance: its finalisation hook posts the honour list). */
  service: ApprovalService;
  /** The dispatcher: actions' notices go to the outbox in the action's unit of work. */
  notifier: Notifier;
  /** The engine's entry point (the login links the person's web chat and asks for its greeting). */
  handle(event: InboundEvent): Promise<EngineResult>;
  clock: Clock;
  logger: Logger;
  /** Evidence files (the same store the channels keep them in). */
  files: FileStore;
  config: { publicUrl?: string };
}

export interface DashboardOptions {
  /** Session lifetime since the last visit (default 120 days; renewed at most daily). */
  sessionTtlMs?: number;
  loginMaxFailures?: number;
  loginWindowMs?: number;
}

export interface Dashboard {
  mount(app: Express): void;
}

export function createDashboard(deps: DashboardDeps, options: DashboardOptions = {}): Dashboard {
  const sessions = new DashboardSessions(deps.store, options.sessionTtlMs ?? DEFAULT_DASHBOARD_SESSION_TTL_MS);
  const limiter = new LoginLimiter(deps.store, { maxFailures: options.loginMaxFailures ?? 10, windowMs: options.loginWindowMs ?? 15 * 60 * 1000 });
  const loginDeps = {
    store: deps.store,
    handle: deps.handle,
    sessionTtlMs: sessions.ttlMs,
    newEventId: () => `login-${randomBytes(12).toString('base64url')}`,
  };
  const router = createDashboardRouter({
    store: deps.store,
    service: deps.service,
    notifier: deps.notifier,
    sessions,
    limiter,
    login: (code, now) => loginWithCode(loginDeps, code, now),
    now: () => deps.clock.now(),
    logger: deps.logger,
    secureCookie: deps.config.publicUrl?.startsWith('https://') ?? false,
    files: deps.files,
  });
  return {
    mount(app) {
      app.use(router);
    },
  };
}
