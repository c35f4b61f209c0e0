/**
 * The dashboard's HTTP routes: server-rendered pages (no script), POST forms with a per-session CSRF token, and
 * every page and action authorised by the same checks as the chat (the approval service's gates and
 * `src/approval/authorize.ts`). A refusal answers with its status (403 for "not yours", 404, 409 for "not now",
 * 400 for bad input) and the chat's Vietnamese text; a done action redirects (303) to a page saying what happened.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { ApprovalService, Who } from '../approval/approval-service.js';
import type { ActionResult } from '../approval/approval-types.js';
import { canCompile } from '../approval/authorize.js';
import { buildScoreSheet, ExportError, scoreSheetXlsx } from '../approval/export-score-sheet.js';
import { departmentArticleRows } from '../approval/department-article.js';
import { readSnapshot } from '../approval/list-snapshot.js';
import { promptInputFor } from '../approval/review-queries.js';
import type { PromptInput } from '../approval/prompt-input.js';
import type { Refusal } from '../approval/refusals.js';
import { activeActor, actorOf, adjustableCriteria, type ReviewTarget } from '../approval/review-target.js';
import { SESSION_COOKIE } from '../channels/web/web-router.js';
import { readCookie } from '../http/request-guards.js';
import type { LoginLimiter } from '../channels/web/login-limiter.js';
import type { WebLoginResult } from '../channels/web/web-login.js';
import type { Notifier } from '../conversation/notifier.js';
import { hashInviteCode, normaliseInviteCode } from '../conversation/invite-code.js';
import { loadHonourBoard } from '../honours/load-board.js';
import { renderBoardPng } from '../honours/render-board.js';
import { HttpError } from '../http/create-http-app.js';
import type { Logger } from '../logger.js';
import { projectPath } from '../project-root.js';
import { unitLeaderboard, yearResults } from '../results/index.js';
import type { Criterion, Rubric } from '../scoring/rubric-schema.js';
import { levelChoicesFor } from '../scoring/answer-points.js';
import type { AnswerValue } from '../scoring/types.js';
import type { FileStore } from '../store/file-store.js';
import type { Store, Tx } from '../store/store.js';
import { dispatchNotices } from '../workflows/approval/render-notices.js';
import { refusalText } from '../workflows/approval/render-refusal.js';
import { calibrationData } from './calibration-data.js';
import { createFormAction, type FormAction } from './form-action.js';
import { registerAuditRoutes } from './routes/audit-routes.js';
import { registerCommentRoutes } from './routes/comment-routes.js';
import { registerSettingsRoutes } from './routes/settings-routes.js';
import { calibrationPage } from './views/calibration-view.js';
import { directorData, homeData, listPreview, officeData, progressData, resultsScope } from './dashboard-data.js';
import { csrfOf, type DashboardSessions } from './dashboard-sessions.js';
import { directorPage, finaliseConfirmPage } from './views/director-view.js';
import { homePage } from './views/home-view.js';
import { errorPage, type Viewer } from './views/layout.js';
import { listConfirmPage, listPage, officeListPage, officePage, reportConfirmPage } from './views/lists-view.js';
import { loginPage } from './views/login-view.js';
import { progressPage } from './views/progress-view.js';
import { resultsPage } from './views/results-view.js';
import { queuePage, reviewPage, type AdjustOption, type ReviewActions } from './views/review-view.js';
import { directoryRoutes } from './routes/directory-routes.js';
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

const codeForm = z.object({ code: z.string().trim().min(4).max(64), next: z.string().max(200).optional() });
const reasonForm = z.object({ lyDo: z.string().trim().max(2000) });
/** The reason typed in a return form; '' when missing (the service refuses it with its Vietnamese message). */
function reasonOf(req: Request): string {
  const body = reasonForm.safeParse(req.body);
  return body.success ? body.data.lyDo : '';
}
const revisionForm = z.object({ revision: z.coerce.number().int().nonnegative().optional() });
const adjustForm = revisionForm.extend({ muc: z.string().max(300), lyDo: z.string().trim().max(2000) });
const idParam = z.coerce.number().int().positive();
const periodQuery = z.object({ ky: z.string().trim().regex(/^\d{4}-Q[1-4]$/i).optional() });
/** `?phong=<id>`: one department's page (progress, calibration); anything else: the whole unit's page. */
const departmentQuery = z.object({ phong: z.coerce.number().int().positive() });
const departmentOf = (req: Request): number | null => departmentQuery.safeParse(req.query).data?.phong ?? null;

const LOGIN_REFUSED: Record<string, string> = {
  unknown: 'Mã kích hoạt không đúng. Anh/chị vui lòng kiểm tra lại mã do Văn phòng cấp.',
  expired: 'Mã kích hoạt đã hết hạn. Anh/chị vui lòng đề nghị Văn phòng cấp mã mới.',
  used: 'Mã kích hoạt này đã được dùng. Mỗi mã chỉ dùng được một lần; vui lòng đề nghị Văn phòng cấp mã mới.',
  refused: 'Không đăng nhập được bằng mã này. Vui lòng liên hệ Văn phòng.',
};

const INLINE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf' };

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
  const flash = (req: Request): string | null => (typeof req.query.ok === 'string' ? (FLASH[req.query.ok] ?? null) : null);

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

  router.get(
    '/tien-do',
    auth,
    page(async (req, res) => {
      const q = periodQuery.safeParse(req.query);
      const data = unwrap(await deps.store.read((tx) => progressData(tx, whoOf(res), q.success ? (q.data.ky ?? null) : null, departmentOf(req))));
      html(res, 200, progressPage(viewerOf(res), data));
    }),
  );

  // Review: the queue and one submission.
  router.get(
    '/duyet',
    auth,
    page(async (req, res) => {
      const items = await deps.store.read(async (tx) => {
        const out: PromptInput[] = [];
        for (const id of await deps.service.pendingFor(tx, viewerOf(res).personId)) {
          const p = await promptInputFor(tx, id, 'pending');
          if (p) out.push(p);
        }
        return out;
      });
      html(res, 200, queuePage(viewerOf(res), items, flash(req)));
    }),
  );

  const submissionId = (req: Request): number => {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) throw new HttpError(404, 'Không tìm thấy bản tự đánh giá này.');
    return id.data;
  };

  router.get(
    '/duyet/:id',
    auth,
    page(async (req, res) => {
      const id = submissionId(req);
      const who = whoOf(res);
      const { details, actions } = await deps.store.read(async (tx) => {
        const details = unwrap(await deps.service.details(tx, who, id));
        return { details, actions: await reviewActions(tx, deps.service, who, id) };
      });
      html(res, 200, reviewPage(viewerOf(res), id, details, actions, flash(req) ? { kind: 'ok', text: flash(req) ?? '' } : null));
    }),
  );

  router.get(
    '/duyet/:id/minh-chung/:n',
    auth,
    page(async (req, res) => {
      const id = submissionId(req);
      const n = z.coerce.number().int().nonnegative().safeParse(req.params.n);
      const who = whoOf(res);
      const evidence = await deps.store.read(async (tx) => {
        unwrap(await deps.service.canView(tx, who, { submissionId: id }));
        return tx.reviews.evidence(id);
      });
      const item = n.success ? evidence[n.data] : undefined;
      const opened = item?.kind === 'file' && item.filePath ? await deps.files.open(item.filePath) : null;
      if (!item || !opened) throw new HttpError(404, 'Không tìm thấy tệp minh chứng này.');
      const ext = (item.filePath ?? '').split('.').pop()?.toLowerCase() ?? '';
      const type = INLINE_TYPES[ext];
      const name = item.originalName ?? `minh-chung.${ext}`;
      res.setHeader('Cache-Control', 'private, max-age=600');
      if (type) {
        res.type(type);
        res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`);
      } else {
        res.attachment(name);
      }
      res.setHeader('Content-Length', String(opened.size));
      await pipeline(opened.stream, res);
    }),
  );

  action(
    '/duyet/:id/duyet',
    (req) => {
      const input = { submissionId: submissionId(req), revision: revisionForm.parse(req.body).revision };
      return (tx, who) => deps.service.approve(tx, who, input);
    },
    () => '/duyet?ok=da-duyet',
  );

  action(
    '/duyet/:id/dieu-chinh',
    (req) => {
      const id = submissionId(req);
      const body = adjustForm.safeParse(req.body);
      const sep = body.success ? body.data.muc.indexOf('|') : -1;
      if (!body.success || sep < 1) throw new Refused({ code: 'invalid-value' });
      let value: unknown;
      try {
        value = JSON.parse(body.data.muc.slice(sep + 1));
      } catch {
        throw new Refused({ code: 'invalid-value' });
      }
      const parsedValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).safeParse(value);
      if (!parsedValue.success) throw new Refused({ code: 'invalid-value' });
      const input = { submissionId: id, revision: body.data.revision, criterionId: body.data.muc.slice(0, sep), value: parsedValue.data, reason: body.data.lyDo };
      return (tx, who) => deps.service.adjust(tx, who, input);
    },
    (req) => `/duyet/${submissionId(req)}?ok=da-dieu-chinh`,
  );

  action(
    '/duyet/:id/tra-lai',
    (req) => {
      const id = submissionId(req);
      const body = reasonForm.merge(revisionForm).safeParse(req.body);
      const input = { submissionId: id, revision: body.success ? body.data.revision : undefined, reason: body.success ? body.data.lyDo : '' };
      return (tx, who) => deps.service.returnSubmission(tx, who, input);
    },
    () => '/duyet?ok=da-tra-lai',
  );

  // The head's department list.
  router.get(
    '/danh-sach',
    auth,
    page(async (req, res) => {
      const p = unwrap(await deps.store.read((tx) => listPreview(tx, whoOf(res))));
      const f = flash(req);
      html(res, 200, listPage(viewerOf(res), p, f ? { kind: 'ok', text: f } : null));
    }),
  );
  router.get(
    '/danh-sach/xac-nhan',
    auth,
    page(async (_req, res) => {
      const p = unwrap(await deps.store.read((tx) => listPreview(tx, whoOf(res))));
      html(res, 200, listConfirmPage(viewerOf(res), p));
    }),
  );
  action('/danh-sach/gui', () => (tx, who) => deps.service.sendList(tx, who), () => '/danh-sach?ok=da-gui');

  // The office.
  router.get(
    '/tiep-nhan',
    auth,
    page(async (req, res) => {
      const d = unwrap(await deps.store.read((tx) => officeData(tx, deps.service, whoOf(res))));
      const f = flash(req);
      html(res, 200, officePage(viewerOf(res), d, f ? { kind: 'ok', text: f } : null));
    }),
  );
  router.get(
    '/tiep-nhan/trinh',
    auth,
    page(async (_req, res) => {
      const d = unwrap(await deps.store.read((tx) => officeData(tx, deps.service, whoOf(res))));
      html(res, 200, reportConfirmPage(viewerOf(res), d));
    }),
  );
  action('/tiep-nhan/trinh', () => (tx, who) => deps.service.submitToDirector(tx, who), () => '/tiep-nhan?ok=da-trinh');
  const listId = (req: Request): number => {
    const id = idParam.safeParse(req.params.listId);
    if (!id.success) throw new Refused({ code: 'list-not-found' });
    return id.data;
  };
  router.get(
    '/tiep-nhan/:listId',
    auth,
    page(async (req, res) => {
      const id = listId(req);
      const who = whoOf(res);
      const view = await deps.store.read(async (tx) => {
        const me = await activeActor(tx, who.actorId);
        const may = me ? canCompile(actorOf(me)) : { ok: false as const, refusal: { code: 'not-allowed' as const } };
        if (!may.ok) throw new Refused(may.refusal);
        const list = await tx.reviews.list(id);
        const dept = list ? await tx.reviews.department(list.departmentId) : null;
        const snapshot = list ? readSnapshot(list.snapshot) : null;
        if (!list || !dept || !snapshot || dept.unitId !== me?.unitId) throw new Refused({ code: 'list-not-found' });
        const heads = await tx.reviews.holdersOf(dept.unitId, 'head', dept.id);
        const headNames = (await Promise.all(heads.map((h) => tx.reviews.member(h)))).flatMap((m) => (m ? [`${m.fullName} (Trưởng phòng)`] : []));
        const accept = await deps.service.canAcceptList(tx, who, { listId: id });
        const ret = await deps.service.canReturnList(tx, who, { listId: id });
        return {
          listId: id,
          snapshot,
          status: list.status,
          headNames,
          canAccept: accept.ok ? null : refusalText(accept.refusal),
          canReturn: ret.ok ? null : refusalText(ret.refusal),
        };
      });
      html(res, 200, officeListPage(viewerOf(res), view));
    }),
  );
  action(
    '/tiep-nhan/:listId/tiep-nhan',
    (req) => {
      const input = { listId: listId(req) };
      return (tx, who) => deps.service.acceptList(tx, who, input);
    },
    () => '/tiep-nhan?ok=da-tiep-nhan',
  );
  action(
    '/tiep-nhan/:listId/tra-lai',
    (req) => {
      const input = { listId: listId(req), reason: reasonOf(req) };
      return (tx, who) => deps.service.returnList(tx, who, input);
    },
    () => '/tiep-nhan?ok=da-tra-lai-ds',
  );

  // The director.
  router.get(
    '/phe-duyet',
    auth,
    page(async (req, res) => {
      const d = unwrap(await deps.store.read((tx) => directorData(tx, deps.service, whoOf(res))));
      const f = flash(req);
      html(res, 200, directorPage(viewerOf(res), d, f ? { kind: 'ok', text: f } : null));
    }),
  );
  router.get(
    '/phe-duyet/xac-nhan',
    auth,
    page(async (_req, res) => {
      const d = unwrap(await deps.store.read((tx) => directorData(tx, deps.service, whoOf(res))));
      html(res, 200, finaliseConfirmPage(viewerOf(res), d));
    }),
  );
  action('/phe-duyet', () => (tx, who) => deps.service.finalise(tx, who), () => '/phe-duyet?ok=da-phe-duyet');
  action(
    '/phe-duyet/tra-lai',
    (req) => {
      const input = { reason: reasonOf(req) };
      return (tx, who) => deps.service.directorReturn(tx, who, input);
    },
    () => '/phe-duyet?ok=da-tra-lai-vp',
  );

  router.get(
    '/hieu-chuan',
    auth,
    page(async (req, res) => {
      const data = unwrap(await deps.store.read((tx) => calibrationData(tx, whoOf(res), departmentOf(req))));
      html(res, 200, calibrationPage(viewerOf(res), data));
    }),
  );

  // Results (office and director: the whole unit).
  const periodCodeOf = (req: Request): string | null => {
    const q = periodQuery.safeParse(req.query);
    return q.success && q.data.ky ? q.data.ky.toUpperCase() : null;
  };
  router.get(
    '/ket-qua',
    auth,
    page(async (req, res) => {
      const who = whoOf(res);
      const view = await deps.store.read(async (tx) => {
        const me = unwrap(await resultsScope(tx, who));
        const periods = await tx.periods.list(me.unitId);
        const code = periodCodeOf(req);
        const period = (code ? periods.find((p) => p.code === code) : periods[periods.length - 1]) ?? null;
        if (!period) return { periods, period: null, board: null, year: null, articles: null };
        const provisional = period.status !== 'finalised';
        const board = await unitLeaderboard(tx, { unitId: me.unitId, periodCode: period.code, n: 5, provisional });
        const year = await yearResults(tx, { unitId: me.unitId, year: period.year, provisional });
        // Seed 000 II.3.b: each department's own article of the quarter, next to its mean.
        const articles = await departmentArticleRows(tx, period, board?.departments ?? []);
        return { periods: [...periods].reverse(), period, board, year, articles };
      });
      html(res, 200, resultsPage(viewerOf(res), view));
    }),
  );
  router.get(
    '/ket-qua/vinh-danh.png',
    auth,
    page(async (req, res) => {
      const who = whoOf(res);
      const code = periodCodeOf(req);
      if (!code) throw new HttpError(400, 'Thiếu mã kỳ (ví dụ 2026-Q4).');
      const loaded = await deps.store.read(async (tx) => {
        const me = unwrap(await resultsScope(tx, who));
        return loadHonourBoard(tx, { unitId: me.unitId, kind: 'quarter', periodCode: code }, 5, { allowProvisional: true });
      });
      if (!loaded.board) throw new HttpError(404, 'Kỳ này chưa có bảng vinh danh.');
      res.type('image/png').setHeader('Cache-Control', 'private, no-cache');
      res.send(renderBoardPng(loaded.board));
    }),
  );
  router.get(
    '/ket-qua/bang-diem.xlsx',
    auth,
    page(async (req, res) => {
      const who = whoOf(res);
      const code = periodCodeOf(req);
      if (!code) throw new HttpError(400, 'Thiếu mã kỳ (ví dụ 2026-Q4).');
      let sheets;
      try {
        sheets = await deps.store.read(async (tx) => {
          const me = unwrap(await resultsScope(tx, who));
          return buildScoreSheet(tx, { unitId: me.unitId, periodCode: code, now: who.now });
        });
      } catch (error) {
        if (error instanceof ExportError) throw new HttpError(404, error.message);
        throw error;
      }
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.attachment(`bang-diem-${code}.xlsx`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.send(await scoreSheetXlsx(sheets));
    }),
  );

  const kit: DashboardPageKit = { router, deps, form, auth, page, html, viewerOf, whoOf, formAction, action };
  directoryRoutes(kit);
  periodRoutes(kit);
  registerAuditRoutes(kit);
  registerSettingsRoutes(kit);
  registerCommentRoutes(kit);

  return router;
}

/** Which review forms the page shows: the service's gates, nothing written. */
async function reviewActions(tx: Tx, service: ApprovalService, who: Who, submissionId: number): Promise<ReviewActions> {
  const approve = await service.canApprove(tx, who, { submissionId });
  const adjust = await service.canAdjust(tx, who, { submissionId });
  const ret = await service.canReturn(tx, who, { submissionId });
  const target = [approve, adjust, ret].find((r) => r.ok)?.outcome as ReviewTarget | undefined;
  const firstRefusal = [approve, adjust, ret].find((r) => !r.ok);
  return {
    revision: target?.sub.revision ?? 0,
    approve: approve.ok,
    adjust: adjust.ok ? adjustOptions(adjust.outcome) : [],
    returnable: ret.ok,
    blocked: target || !firstRefusal || firstRefusal.ok ? null : refusalText(firstRefusal.refusal),
  };
}

/** The adjustable criteria with the values a reviewer may pick (the chat's adjust picker, as one select). */
function adjustOptions(t: ReviewTarget): AdjustOption[] {
  return adjustableCriteria(t).map(({ criterion }) => ({ criterion, choices: choicesOf(t.rubric, criterion, t.subject.departmentName) }));
}

function choicesOf(rubric: Rubric, c: Criterion, departmentName: string | null): { value: AnswerValue; label: string }[] {
  switch (c.kind) {
    case 'levels':
      return levelChoicesFor(rubric, c, departmentName).map((ch) => ({ value: ch.key, label: `mức ${ch.key} (${ch.points}đ) — ${ch.label}` }));
    case 'bonus':
      return [
        { value: true, label: 'Có' },
        { value: false, label: 'Không' },
      ];
    default:
      return c.kind === 'condition' && c.test.type !== 'pass-fail'
        ? []
        : [
            { value: 'pass', label: c.kind === 'condition' ? 'Có' : 'Đạt' },
            { value: 'fail', label: c.kind === 'condition' ? 'Không' : 'Chưa đạt' },
          ];
  }
}

function setCookie(res: Response, token: string, ttlMs: number, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: ttlMs });
}
