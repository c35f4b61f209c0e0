/**
 * The express application every channel mounts its routes on: security headers, `/healthz`, a 404 and ONE error
 * boundary that answers in Vietnamese and logs without personal data.
 *
 * There is deliberately no global `express.json()`: signature-checked webhooks (Zalo) need the raw body, so each
 * route picks its own body parser and size limit (house style §7).
 */
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Logger } from '../logger.js';

/** An error a route throws to answer `status` with a Vietnamese `message` (shown to the user as is). */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface HttpAppOptions {
  logger: Logger;
  /** Mounts routes (channels, webhooks) before the 404 and the error middleware. */
  mounts?: ((app: Express) => void)[];
  /**
   * Extra readiness check for `/healthz`, from the composition root (e.g. `store.ping`: the database answers);
   * throw, reject or return false when unhealthy.
   */
  health?: () => boolean | Promise<boolean>;
  /**
   * What `/healthz` adds about this instance (its id and the leader-only roles it holds), from the composition root.
   * Never personal data: role names, lease terms and expiry times only.
   */
  instance?: () => Record<string, unknown>;
  /**
   * express `trust proxy` (from `TRUST_PROXY`): behind a reverse proxy the client address comes from
   * `X-Forwarded-For`, so per-address limits (web login attempts) count people, not the proxy.
   */
  trustProxy?: boolean | number | string;
}

/** Content Security Policy: nothing is loaded from anywhere but this server. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  next();
};

/** Builds the app. Call it once all channels exist, so their routes are mounted before the error boundary. */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  app.set('etag', false);
  app.use(securityHeaders);

  app.get('/healthz', async (_req, res) => {
    let ok = true;
    try {
      ok = options.health ? await options.health() : true;
    } catch {
      ok = false;
    }
    const status = ok ? 'Hoạt động bình thường' : 'Không sẵn sàng';
    res.status(ok ? 200 : 503).json({ ok, status, database: ok ? 'ok' : 'unreachable', ...(options.instance?.() ?? {}) });
  });

  for (const mount of options.mounts ?? []) mount(app);

  app.use((_req, res) => {
    res.status(404).json({ error: 'Không tìm thấy địa chỉ này.' });
  });
  app.use(errorBoundary(options.logger));
  return app;
}

/** Body-parser errors carry `type` and `status`; everything else is a bug (500, logged). */
function errorBoundary(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, message, extra } = describeError(error);
    // Log the route and the error class only: paths carry no personal data here, bodies and queries might.
    const log = { method: req.method, path: req.path, status, errName: errorName(error) };
    if (status >= 500) logger.error({ ...log, stack: error instanceof Error ? error.stack : undefined }, 'http: request failed');
    else logger.warn(log, 'http: request refused');
    res.status(status).json({ error: message, ...extra });
  };
}

function describeError(error: unknown): { status: number; message: string; extra: Record<string, unknown> } {
  if (error instanceof HttpError) return { status: error.status, message: error.message, extra: error.extra };
  const e = (typeof error === 'object' && error !== null ? error : {}) as { type?: unknown; status?: unknown };
  switch (e.type) {
    case 'entity.too.large':
      return { status: 413, message: 'Nội dung gửi lên quá lớn.', extra: {} };
    case 'entity.parse.failed':
      return { status: 400, message: 'Nội dung gửi lên không phải JSON hợp lệ.', extra: {} };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, message: 'Bảng mã của nội dung không được hỗ trợ.', extra: {} };
    case 'request.aborted':
      return { status: 400, message: 'Yêu cầu bị ngắt giữa chừng.', extra: {} };
    default:
      break;
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return { status: e.status, message: 'Yêu cầu không hợp lệ.', extra: {} };
  }
  return { status: 500, message: 'Có lỗi xảy ra trên máy chủ. Vui lòng thử lại sau ít phút.', extra: {} };
}

function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  return typeof error;
}
