/**
 * The web chat's HTTP surface: the page, login by one-time code, the event API, uploads, pulled notifications and
 * media. Sessions are httpOnly SameSite=Strict cookies; state-changing calls also refuse a foreign `Origin`.
 */
import express, { type RequestHandler, type Response, type Router } from 'express';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { hashInviteCode, normaliseInviteCode } from '../../conversation/invite-code.js';
import type { EngineResult, InboundEvent, OutboundMessage } from '../../conversation/types.js';
import { HttpError } from '../../http/create-http-app.js';
import { readCookie, sameOrigin } from '../../http/request-guards.js';
import type { Logger } from '../../logger.js';
import { projectPath } from '../../project-root.js';
import type { FileStore, ReceivedFile } from '../../store/file-store.js';
import { FileTooLargeError, receiveStream } from '../../store/files/receive-stream.js';
import type { QuickCommand } from '../../workflows/quick-commands.js';
import type { LoginLimiter } from './login-limiter.js';
import { renderForWeb, type MediaLinks } from './render-outbound.js';
import { fileEvent, toInboundEvent, webEventSchema } from './to-inbound.js';
import type { WebLoginResult } from './web-login.js';
import { webChatIdOf, type WebSession } from './web-sessions.js';

export const STATIC_DIR = projectPath('src', 'channels', 'web', 'static');
export const SESSION_COOKIE = 'thidua_session';
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** Who the logged-in person is, for the page header (shown to that person only, never logged). */
export interface WebProfile {
  personId: number;
  fullName: string;
  roles: string[];
  departmentName: string | null;
  /** The button bar's commands for this person's roles (`src/workflows/quick-commands.ts`). */
  quick: QuickCommand[];
}

export interface UploadLimits {
  dataDir: string;
  perPerson: number;
  total: number;
}

/** What the routes need; `web-channel.ts` wires it to the store and the engine. */
export interface WebRouterDeps {
  logger: Logger;
  now: () => Date;
  /** Signs and checks the page's media links. */
  media: MediaLinks;
  /** Where linked evidence files are read from. */
  files: FileStore;
  limiter: LoginLimiter;
  /** Where uploads stream to (the data folder) and how many may be in flight per person and in total. */
  uploads: UploadLimits;
  sessionTtlMs: number;
  /** Set the `Secure` cookie flag (served over https). */
  secureCookie: boolean;
  /** Redeems the code and opens the session in one unit of work (`web-login.ts`). */
  login(code: string, now: Date): Promise<WebLoginResult>;
  /** The live session of a cookie token, or null. */
  session(token: string, now: number): Promise<WebSession | null>;
  logout(token: string): Promise<void>;
  profile(personId: number): Promise<WebProfile | null>;
  /** The person's pending outbox messages, taken (marked sent) in order. */
  pull(chatId: string, now: number): Promise<OutboundMessage[][]>;
  handle(event: InboundEvent): Promise<EngineResult>;
}

const LOGIN_REFUSED: Record<'unknown' | 'expired' | 'used' | 'refused', string> = {
  unknown: 'Mã kích hoạt không đúng. Anh/chị vui lòng kiểm tra lại mã kích hoạt do Văn phòng cấp.',
  expired: 'Mã kích hoạt đã hết hạn. Anh/chị vui lòng đề nghị Văn phòng cấp mã mới.',
  used: 'Mã kích hoạt này đã được dùng. Mỗi mã chỉ dùng được một lần; anh/chị vui lòng đề nghị Văn phòng cấp mã mới.',
  refused: 'Không đăng nhập được bằng mã này. Vui lòng liên hệ Văn phòng.',
};
const NOT_LOGGED_IN = 'Anh/chị chưa đăng nhập hoặc phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại bằng mã kích hoạt do Văn phòng cấp.';
const TOO_LARGE = 'Tệp quá lớn: mỗi tệp tối đa 20 MB. Hãy nén tệp hoặc gửi đường liên kết (Google Drive, OneDrive…).';
const UPLOADS_PER_PERSON = (n: number) =>
  `Anh/chị đang tải lên ${n} tệp cùng lúc. Vui lòng chờ các tệp này tải xong rồi gửi tiếp.`;
const LINK_EXPIRED = 'Đường dẫn tới tệp đã hết hạn. Anh/chị vui lòng mở lại mục cần xem trong cuộc trò chuyện để nhận đường dẫn mới.';
const FILE_NOT_FOUND = 'Không tìm thấy tệp hoặc anh/chị không có quyền xem tệp này.';
const UPLOADS_BUSY = 'Hệ thống đang nhận nhiều tệp cùng lúc. Vui lòng thử lại sau ít phút.';

const loginSchema = z.object({ code: z.string().trim().min(4).max(64) }).strict();
const uploadHeaders = z.object({
  name: z.string().min(1).max(255),
  mime: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/).max(127),
  eventId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  caption: z.string().max(1000).optional(),
});

export function createWebRouter(deps: WebRouterDeps): Router {
  const router = express.Router();
  const json = express.json({ limit: '64kb' });
  const noStore: RequestHandler = (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };

  router.get('/chat', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(STATIC_DIR, 'chat.html'));
  });
  router.use('/chat', express.static(STATIC_DIR, { index: false, dotfiles: 'deny', setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }));

  router.use('/api/web', noStore, sameOrigin);

  router.post('/api/web/login', json, async (req, res) => {
    const now = deps.now();
    const nowMs = now.getTime();
    const ip = req.ip ?? 'unknown';
    const tooMany = (waitMs: number): HttpError => {
      res.setHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
      return new HttpError(429, `Anh/chị đã nhập sai mã quá nhiều lần. Vui lòng thử lại sau ${Math.max(1, Math.ceil(waitMs / 60_000))} phút.`);
    };
    const body = loginSchema.safeParse(req.body);
    const canonical = body.success ? normaliseInviteCode(body.data.code) : null;
    const codeHash = canonical ? hashInviteCode(canonical) : null;
    const gate = await deps.limiter.gate(ip, codeHash, nowMs);
    if (gate.blockedMs > 0) throw tooMany(gate.blockedMs);
    if (!body.success) {
      await deps.limiter.recordFailure(ip, null, nowMs);
      if (gate.addressWaitMs > 0) throw tooMany(gate.addressWaitMs);
      throw new HttpError(400, 'Vui lòng nhập mã kích hoạt do Văn phòng cấp.');
    }
    // Over the per-address limit, the code is still checked: a right one logs in (one office, one NAT address).
    const result = await deps.login(body.data.code, now);
    if (!result.ok) {
      await deps.limiter.recordFailure(ip, codeHash, nowMs);
      deps.logger.info({ channel: 'web', reason: result.reason, limited: gate.addressWaitMs > 0 }, 'web: login refused');
      if (gate.addressWaitMs > 0) throw tooMany(gate.addressWaitMs);
      throw new HttpError(401, LOGIN_REFUSED[result.reason], { reason: result.reason });
    }
    setSessionCookie(res, result.token, deps.sessionTtlMs, deps.secureCookie);
    deps.logger.info({ channel: 'web', personId: result.personId }, 'web: logged in');
    const profile = await deps.profile(result.personId);
    res.json({ ok: true, profile, replies: renderForWeb(result.replies, result.personId, deps.media) });
  });

  router.post('/api/web/logout', async (req, res) => {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) await deps.logout(token);
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.secureCookie });
    res.json({ ok: true });
  });

  const auth: RequestHandler = async (req, res, next) => {
    const token = readCookie(req, SESSION_COOKIE);
    const session = token ? await deps.session(token, deps.now().getTime()) : null;
    if (!session) throw new HttpError(401, NOT_LOGGED_IN);
    res.locals.personId = session.personId;
    next();
  };
  const personOf = (res: Response): number => res.locals.personId as number;

  router.get('/api/web/me', auth, async (_req, res) => {
    const profile = await deps.profile(personOf(res));
    if (!profile) throw new HttpError(401, NOT_LOGGED_IN);
    res.json({ profile });
  });

  router.post('/api/web/events', auth, json, async (req, res) => {
    const parsed = webEventSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, 'Tin nhắn gửi lên không hợp lệ.');
    const personId = personOf(res);
    const event = toInboundEvent(parsed.data, { chatId: webChatIdOf(personId) }, deps.now());
    const result = await deps.handle(event);
    res.json({ duplicate: result.duplicate, replies: renderForWeb(result.replies, personId, deps.media) });
  });

  // Uploads stream to a temporary file under the data folder (hashed as they arrive, cut at the size limit), so
  // memory stays flat however many arrive; how many may be in flight is capped per person and in total (issue 18,
  // item 1). A slot is held until the engine has decided on the file.
  const inFlight = { total: 0, byPerson: new Map<number, number>() };
  router.post('/api/web/upload', auth, async (req, res) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_UPLOAD_BYTES) throw new HttpError(413, TOO_LARGE);
    const headers = uploadHeaders.safeParse({
      name: decodeHeader(req.headers['x-file-name']),
      mime: (req.headers['content-type'] ?? 'application/octet-stream').split(';')[0]?.trim(),
      eventId: req.headers['x-event-id'],
      caption: decodeHeader(req.headers['x-caption']),
    });
    if (!headers.success) throw new HttpError(400, 'Thiếu tên tệp hoặc mã sự kiện khi tải tệp lên.');
    const personId = personOf(res);
    const mine = inFlight.byPerson.get(personId) ?? 0;
    if (mine >= deps.uploads.perPerson) {
      res.setHeader('Retry-After', '5');
      throw new HttpError(429, UPLOADS_PER_PERSON(deps.uploads.perPerson));
    }
    if (inFlight.total >= deps.uploads.total) {
      res.setHeader('Retry-After', '10');
      throw new HttpError(503, UPLOADS_BUSY);
    }
    inFlight.total += 1;
    inFlight.byPerson.set(personId, mine + 1);
    try {
      let received: ReceivedFile;
      try {
        received = await receiveStream(req, { dataDir: deps.uploads.dataDir, maxBytes: MAX_UPLOAD_BYTES });
      } catch (error) {
        if (error instanceof FileTooLargeError) throw new HttpError(413, TOO_LARGE);
        throw new HttpError(400, 'Tải tệp lên bị gián đoạn. Vui lòng gửi lại tệp.');
      }
      if (received.size === 0) {
        await unlink(received.tempPath).catch(() => undefined);
        throw new HttpError(400, 'Tệp rỗng: vui lòng chọn lại tệp minh chứng.');
      }
      const { name, mime, eventId, caption } = headers.data;
      // The engine keeps the file only if a step records it, and removes the temporary file in every case.
      const file = { name, mime, size: received.size, data: null, received };
      const event = fileEvent({ chatId: webChatIdOf(personId) }, eventId, file, deps.now(), caption);
      const result = await deps.handle(event);
      deps.logger.info({ channel: 'web', personId, size: received.size }, 'web: file received');
      res.json({ duplicate: result.duplicate, replies: renderForWeb(result.replies, personId, deps.media) });
    } finally {
      inFlight.total -= 1;
      const left = (inFlight.byPerson.get(personId) ?? 1) - 1;
      if (left > 0) inFlight.byPerson.set(personId, left);
      else inFlight.byPerson.delete(personId);
    }
  });

  router.get('/api/web/messages', auth, async (_req, res) => {
    const personId = personOf(res);
    const items = await deps.pull(webChatIdOf(personId), deps.now().getTime());
    const messages = items.flatMap((item) => renderForWeb(item, personId, deps.media));
    res.json({ messages });
  });

  router.get('/api/web/media/:id', auth, async (req, res) => {
    const entry = deps.media.lookup(String(req.params.id), personOf(res));
    if (entry === 'expired') throw new HttpError(410, LINK_EXPIRED);
    if (!entry) throw new HttpError(404, FILE_NOT_FOUND);
    // Cached privately, never beyond the link's own expiry.
    const maxAge = Math.max(0, Math.min(3600, Math.floor((entry.expiresAt - deps.now().getTime()) / 1000)));
    if (entry.absPath) {
      if (entry.mime) res.type(entry.mime);
      if (entry.name) res.attachment(entry.name);
      res.setHeader('Cache-Control', `private, max-age=${maxAge}`);
      res.sendFile(entry.absPath, { dotfiles: 'deny' });
      return;
    }
    const opened = entry.storePath ? await deps.files.open(entry.storePath) : null;
    if (!opened) throw new HttpError(404, FILE_NOT_FOUND);
    res.type(entry.mime ?? 'application/octet-stream');
    if (entry.name) res.attachment(entry.name);
    res.setHeader('Cache-Control', `private, max-age=${maxAge}`);
    res.setHeader('Content-Length', String(opened.size));
    try {
      await pipeline(opened.stream, res);
    } catch (error) {
      // The reader went away, or the store failed mid-file: the response is already started, so it is cut.
      deps.logger.warn({ channel: 'web', errName: error instanceof Error ? error.name : 'unknown' }, 'web: file not fully sent');
    }
  });

  return router;
}

function setSessionCookie(res: Response, token: string, ttlMs: number, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: ttlMs });
}

function decodeHeader(value: string | string[] | undefined): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
