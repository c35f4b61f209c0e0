/**
 * The dashboard's HTTP routes: server-rendered pages (no script), POST forms with a per-session CSRF token, and
 * every page and action authorised by the same checks as the chat (the approval service's gates and
 * `src/approval/authorize.ts`). A refusal answers with its status (403 for "not yours", 404, 409 for "not now",
 * 400 for bad input) and the chat's Vietnamese text; a done action redirects (303) to a page saying what happened.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { join } from 'node:path';
import { z } from 'zod';
import type { ApprovalService, Who } from '../approval/approval-service.js';
import type { ActionResult } from '../approval/approval-types.js';
import type { Refusal } from '../approval/refusals.js';
import { activeActor } from '../approval/review-target.js';
import { SESSION_COOKIE } from '../channels/web/web-router.js';
import { readCookie } from '../http/request-guards.js';
import type { LoginLimiter } from '../channels/web/login-limiter.js';
import type { WebLoginResult } from '../channels/web/web-login.js';
import type { Notifier } from '../conversation/notifier.js';
import { hashInviteCode, normaliseInviteCode } from '../conversation/invite-code.js';
import { HttpError } from '../http/create-http-app.js';
import type { Logger } from '../logger.js';
import { projectPath } from '../project-root.js';
import type { FileStore } from '../store/file-store.js';
import type { Store, Tx } from '../store/store.js';
import { dispatchNotices } from '../workflows/approval/render-notices.js';
import { refusalText } from '../workflows/approval/render-refusal.js';
import { createFormAction, type FormAction } from './form-action.js';
import { registerAuditRoutes } from './routes/audit-routes.js';
import { registerCommentRoutes } from './routes/comment-routes.js';
import { registerSettingsRoutes } from './routes/settings-routes.js';
import { homeData } from './dashboard-data.js';
import { csrfOf, type DashboardSessions } from './dashboard-sessions.js';
import { homePage } from './views/home-view.js';
import { errorPage, type Viewer } from './views/layout.js';
import { loginPage } from './views/login-view.js';
import { directoryRoutes } from './routes/directory-routes.js';
import { registerListRoutes } from './routes/list-routes.js';
import { registerResultsRoutes } from './routes/results-routes.js';
import { registerReviewRoutes } from './routes/review-routes.js';
import { periodRoutes } from './routes/period-routes.js';

export const DASHBOARD_STATIC = projectPath('src', 'dashboard', 'static');

/** What the routes need; `create-dashboard.ts` wires it from the composition root. */
export interface DashboardRouterDeps {
  store: Store;
  /** The same approval service instance as the chat (its finalisation hook posts the honour list). */
  service: ApprovalService;
  /** Writes the notices of an action to the outbox in the action's unit of work (the dispatcher). */
  notifier: Notifier;
  sessions: DashboardSessions;
  limiter: LoginLimiter;
  /** Redeems a one-time code and opens a session (the web chat's login, with the dashboard's lifetime). */
  login(code: string, now: Date): Promise<WebLoginResult>;
  now: () => Date;
  logger: Logger;
  secureCookie: boolean;
  /** Where evidence files are kept (the local folder or a bucket): files are streamed from it after `canView`. */
  files: FileStore;
}

/** The status a refusal answers with. */
export function statusOf(refusal: Refusal): number {
  switch (refusal.code) {
    case 'not-allowed':
    case 'own-submission':
    case 'not-reviewer':
    case 'not-department-head':
    case 'no-department':
    case 'not-leader-in-charge':
    case 'office-only':
    case 'director-only':
    case 'progress-not-allowed':
    case 'progress-staff':
    case 'audit-not-allowed':
      return 403;
    case 'submission-not-found':
    case 'list-not-found':
    case 'period-not-found':
    case 'no-active-period':
    case 'no-period':
      return 404;
    case 'reason-too-short':
    case 'reason-too-long':
    case 'invalid-value':
    case 'not-adjustable':
    case 'not-answered':
      return 400;
    default:
      return 409;
  }
}

/** A refusal thrown out of a page or action: answered with {@link statusOf} and the chat's text. */
export class Refused extends Error {
  override name = 'Refused';
  constructor(readonly refusal: Refusal) {
    super(refusal.code);
  }
}

/** The outcome of a service call, or {@link Refused}. */
export function unwrap<T>(result: ActionResult<T>): T {
  if (!result.ok) throw new Refused(result.refusal);
  return result.outcome;
}

const FLASH: Record<string, string> = {
  'da-duyet': 'Đã duyệt; người nộp đã được báo kết quả.',
  'da-dieu-chinh': 'Đã điều chỉnh; người nộp đã được báo điểm mới và lý do.',
  'da-tra-lai': 'Đã trả lại; người nộp đã được báo lý do.',
  'da-gui': 'Đã gửi danh sách cho Văn phòng.',
  'da-tiep-nhan': 'Đã tiếp nhận danh sách.',
  'da-tra-lai-ds': 'Đã trả lại danh sách; Trưởng phòng đã được báo lý do.',
  'da-trinh': 'Đã trình Giám đốc danh sách toàn cơ quan.',
  'da-phe-duyet': 'Đã phê duyệt kết quả. Kết quả đã chính thức; mọi người đã được báo.',
  'da-tra-lai-vp': 'Đã trả lại danh sách cho Văn phòng.',
};

/** The message of a done review or list action (`?ok=<key>` after its redirect), or null. */
export function flash(req: Request): string | null {
  return typeof req.query.ok === 'string' ? (FLASH[req.query.ok] ?? null) : null;
}

const codeForm = z.object({ code: z.string().trim().min(4).max(64), next: z.string().max(200).optional() });
/** A return form's reason (`lyDo`); the review and list return forms share it. */
/** A numeric id in a route's path (`/duyet/:id`): the routes answer 404 for anything else. */
export const idParam = z.coerce.number().int().positive();

export const reasonForm = z.object({ lyDo: z.string().trim().max(2000) });
/** The reason typed in a return form; '' when missing (the service refuses it with its Vietnamese message). */
export function reasonOf(req: Request): string {
  const body = reasonForm.safeParse(req.body);
  return body.success ? body.data.lyDo : '';
}

const LOGIN_REFUSED: Record<string, string> = {
  unknown: 'Mã kích hoạt không đúng. Anh/chị vui lòng kiểm tra lại mã do Văn phòng cấp.',
  expired: 'Mã kích hoạt đã hết hạn. Anh/chị vui lòng đề nghị Văn phòng cấp mã mới.',
  used: 'Mã kích hoạt này đã được dùng. Mỗi mã chỉ dùng được một lần; vui lòng đề nghị Văn phòng cấp mã mới.',
  refused: 'Không đăng nhập được bằng mã này. Vui lòng liên hệ Văn phòng.',
};

/** A same-site path to go to after sign-in (never another site). */
function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) && !next.startsWith('/dang-') ? next : '/';
}

/**
 * What a page file (`routes/*.ts`) is given to add its pages: the router, the deps and the router's own helpers
 * (session and CSRF check, refusals as pages, the signed-in viewer), so every page is guarded the same way.
 */
export interface DashboardPageKit {
  router: Router;
  deps: DashboardRouterDeps;
  /** Parses a urlencoded form (32 kB). */
  form: RequestHandler;
  /** Loads the session and the viewer; checks a POST's CSRF token (`req.body.csrf`). */
  auth: RequestHandler;
  /** Runs a page or an action; {@link Refused} and HttpError become an HTML page with their status. */
  page: (fn: (req: Request, res: Response) => Promise<void>) => RequestHandler;
  html: (res: Response, status: number, body: string) => void;
  viewerOf: (res: Response) => Viewer;
  whoOf: (res: Response) => Who;
  /** A form action: the form read with zod, the role check and the service call in one unit of work, a redirect. */
  formAction: FormAction;
  /** A form action through the approval service (its own gate): the request read first, then one unit of work with its notices, then a redirect. */
  action: <T>(path: string, prepare: (req: Request) => (tx: Tx, who: Who) => Promise<ActionResult<T>>, to: (req: Request) => string) => void;
}

export function createDashboardRouter(deps: DashboardRouterDeps): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 50 });
  const html = (res: Response, status: number, body: string) => {
    res.status(status).type('html').setHeader('Cache-Control', 'no-store');
    res.send(body);
  };

  router.get('/tai-nguyen/dashboard.css', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.sendFile(join(DASHBOARD_STATIC, 'dashboard.css'));
  });

  router.get('/dang-nhap', (req, res) => html(res, 200, loginPage(null, safeNext(typeof req.query.next === 'string' ? req.query.next : undefined))));

  router.post('/dang-nhap', form, async (req, res) => {
    const now = deps.now();
    const nowMs = now.getTime();
    const ip = req.ip ?? 'unknown';
    const body = codeForm.safeParse(req.body);
    const next = safeNext(body.success ? body.data.next : undefined);
    const canonical = body.success ? normaliseInviteCode(body.data.code) : null;
    const codeHash = canonical ? hashInviteCode(canonical) : null;
    const gate = await deps.limiter.gate(ip, codeHash, nowMs);
    const tooMany = (ms: number) => {
      res.setHeader('Retry-After', String(Math.ceil(ms / 1000)));
      html(res, 429, loginPage(`Anh/chị đã nhập sai mã quá nhiều lần. Vui lòng thử lại sau ${Math.max(1, Math.ceil(ms / 60_000))} phút.`, next));
    };
    if (gate.blockedMs > 0) return tooMany(gate.blockedMs);
    if (!body.success) {
      await deps.limiter.recordFailure(ip, null, nowMs);
      return html(res, 400, loginPage('Vui lòng nhập mã kích hoạt do Văn phòng cấp.', next));
    }
    const result = await deps.login(body.data.code, now);
    if (!result.ok) {
      await deps.limiter.recordFailure(ip, codeHash, nowMs);
      deps.logger.info({ channel: 'dashboard', reason: result.reason }, 'dashboard: login refused');
      if (gate.addressWaitMs > 0) return tooMany(gate.addressWaitMs);
      return html(res, 401, loginPage(LOGIN_REFUSED[result.reason] ?? LOGIN_REFUSED.refused ?? '', next));
    }
    setCookie(res, result.token, deps.sessions.ttlMs, deps.secureCookie);
    deps.logger.info({ channel: 'dashboard', personId: result.personId }, 'dashboard: logged in');
    res.redirect(303, next);
  });

  /** Loads the session (renewing it) and the viewer; GET without one goes to the sign-in page. */
  const auth: RequestHandler = async (req, res, next) => {
    const token = readCookie(req, SESSION_COOKIE);
    const now = deps.now().getTime();
    const session = token ? await deps.sessions.resolve(token, now) : null;
    const member = session ? await deps.store.read((tx) => activeActor(tx, session.personId)) : null;
    if (!session || !member) {
      if (req.method === 'GET') return res.redirect(303, `/dang-nhap?next=${encodeURIComponent(req.originalUrl)}`);
      return html(res, 401, loginPage('Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.'));
    }
    if (session.renewed) setCookie(res, session.token, deps.sessions.ttlMs, deps.secureCookie);
    const viewer: Viewer = { personId: member.id, fullName: member.fullName, roles: member.roles, departmentName: member.departmentName, csrf: csrfOf(session.token) };
    res.locals.viewer = viewer;
    res.locals.token = session.token;
    if (req.method === 'POST') {
      const sent = (req.body as Record<string, unknown> | undefined)?.csrf;
      if (typeof sent !== 'string' || sent !== viewer.csrf) {
        return html(res, 403, errorPage(viewer, 403, 'Biểu mẫu đã hết hạn hoặc không gửi từ trang Thi Đua Số. Vui lòng tải lại trang rồi thử lại.'));
      }
    }
    next();
  };
  const viewerOf = (res: Response): Viewer => res.locals.viewer as Viewer;
  const whoOf = (res: Response): Who => ({ actorId: viewerOf(res).personId, now: deps.now(), channel: 'web' });

  /** Runs a page or an action; refusals and HttpErrors become an HTML page with their status. */
  const page =
    (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
    async (req, res) => {
      try {
        await fn(req, res);
      } catch (error) {
        if (error instanceof Refused) return html(res, statusOf(error.refusal), errorPage(viewerOf(res), statusOf(error.refusal), refusalText(error.refusal)));
        if (error instanceof HttpError) return html(res, error.status, errorPage(viewerOf(res), error.status, error.message));
        throw error;
      }
    };

  const formAction = createFormAction({ router, store: deps.store, form, auth, page, html, whoOf });
  /**
   * An approval-service action: `prepare` reads the request (a bad id or form is refused before any unit of work),
   * the service call runs in one unit of work with its notices (the outbox, rolled back together), then the browser
   * goes to `to`; a refusal is answered after the unit of work, as the service returned it.
   */
  const action = <T>(path: string, prepare: (req: Request) => (tx: Tx, who: Who) => Promise<ActionResult<T>>, to: (req: Request) => string): void =>
    formAction(path, {
      schema: z.unknown(),
      invalid: '',
      prepare: ({ req }) => prepare(req),
      run: async (tx, { who, prepared }) => {
        const r = await prepared(tx, who);
        if (r.ok) await dispatchNotices(tx, deps.notifier, r.notices, who.now.getTime());
        return r;
      },
      redirect: (r, { req }) => {
        unwrap(r);
        return to(req);
      },
    });

  router.post('/dang-xuat', form, auth, async (_req, res) => {
    await deps.sessions.logout(res.locals.token as string);
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.secureCookie });
    res.redirect(303, '/dang-nhap');
  });

  router.get(
    '/',
    auth,
    page(async (req, res) => {
      const data = await deps.store.read((tx) => homeData(tx, deps.service, whoOf(res)));
      html(res, 200, homePage(viewerOf(res), data, flash(req)));
    }),
  );

  const kit: DashboardPageKit = { router, deps, form, auth, page, html, viewerOf, whoOf, formAction, action };
  registerReviewRoutes(kit);
  registerListRoutes(kit);
  registerResultsRoutes(kit);
  directoryRoutes(kit);
  periodRoutes(kit);
  registerAuditRoutes(kit);
  registerSettingsRoutes(kit);
  registerCommentRoutes(kit);

  return router;
}

function setCookie(res: Response, token: string, ttlMs: number, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: ttlMs });
}
