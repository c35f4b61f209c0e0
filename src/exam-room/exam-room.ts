/**
 * The exam room's HTTP surface (seed 001, issue 15 item 4): the theory test page `/thi` for candidates and the live
 * room page `/thi/giam-thi` for proctors, their JSON API under `/api/exam`, and the server's time-out (every few
 * seconds, overdue attempts are submitted). Pages are static files of this folder (no external asset; the app's
 * Content-Security-Policy allows only this server).
 *
 * Every request is one unit of work (a click is saved before the answer is acknowledged). The candidate's cookie
 * holds the attempt id and a session token (only its sha256 is stored); signing in again on another computer
 * replaces the session. Nothing the page receives carries the answer key (see `candidateView`).
 */
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import { join } from 'node:path';
import { z } from 'zod';
import { isRefusal, type ContestCatalogue, type ContestRefusal } from '../contest-service/catalogue.js';
import { DrawnTests } from '../contest-service/drawn-tests.js';
import { attemptOfSession, examState, saveExamAnswer, signIn, submitExam, submitOverdue } from '../contest-service/exam-service.js';
import { addTime, proctorOf, roomView } from '../contest-service/proctor-service.js';
import { HttpError } from '../http/create-http-app.js';
import { readCookie, sameOrigin } from '../http/request-guards.js';
import type { Logger } from '../logger.js';
import { projectPath } from '../project-root.js';
import type { AttemptRecord } from '../store/contest.js';
import type { Store, Tx } from '../store/store.js';

export const EXAM_STATIC_DIR = projectPath('src', 'exam-room', 'static');
const EXAM_COOKIE = 'thidua_exam';
const PROCTOR_COOKIE = 'thidua_proctor';
const SIGN_IN_LIMIT = { maxFailures: 10, windowMs: 10 * 60_000 };

export interface ExamRoomDeps {
  store: Store;
  catalogue: ContestCatalogue;
  /** The contest the exam room serves (a deployment runs one contest at a time). */
  contestId: string;
  logger: Logger;
  now: () => number;
  /** Set the cookies' `Secure` flag (served over https). */
  secureCookie?: boolean;
  /** How often overdue attempts are submitted (ms; default 5 s). */
  sweepEveryMs?: number;
}

export interface ExamRoom {
  mount(app: Express): void;
  start(): void;
  stop(): Promise<void>;
  /** Submits overdue attempts now (what the timer does); returns how many. */
  sweep(): Promise<number>;
}

const signInSchema = z.object({ candidateNumber: z.string().trim().min(2).max(16), roomCode: z.string().trim().min(4).max(16) }).strict();
const answerSchema = z.object({ n: z.number().int().min(1).max(500), label: z.string().regex(/^[A-F]$/) }).strict();
const proctorSignInSchema = z.object({ roomId: z.string().regex(/^[A-Za-z0-9-]{1,32}$/), code: z.string().trim().min(6).max(16) }).strict();
const addTimeSchema = z.object({ candidateNumber: z.string().trim().min(2).max(16), minutes: z.number().int().min(1).max(60), reason: z.string().trim().min(3).max(300) }).strict();

const NOT_SIGNED_IN = 'Anh/chị chưa vào phòng thi hoặc phiên thi đã chuyển sang máy khác. Nhập lại số báo danh và mã phòng thi.';

function refusal(status: number, r: ContestRefusal): HttpError {
  return new HttpError(status, r.message);
}

export function createExamRoom(deps: ExamRoomDeps): ExamRoom {
  const tests = new DrawnTests(deps.catalogue);
  const secure = deps.secureCookie ?? false;
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<number> | undefined;

  const candidateSession = (req: Request): { attemptId: number; token: string } | null => {
    const raw = readCookie(req, EXAM_COOKIE);
    const m = raw === null ? null : /^(\d{1,9})_([A-Za-z0-9_-]{20,})$/.exec(raw);
    return m?.[1] && m[2] ? { attemptId: Number(m[1]), token: m[2] } : null;
  };

  /** Runs `fn` with the signed-in candidate's attempt inside one unit of work (locked per attempt). */
  async function withAttempt<T>(req: Request, fn: (tx: Tx, attempt: AttemptRecord) => Promise<T>): Promise<T> {
    const session = candidateSession(req);
    if (!session) throw new HttpError(401, NOT_SIGNED_IN);
    return deps.store.transaction(
      async (tx) => {
        const attempt = await attemptOfSession(tx, session.attemptId, session.token);
        if (!attempt) throw new HttpError(401, NOT_SIGNED_IN);
        return fn(tx, attempt);
      },
      { lockKey: `exam:${session.attemptId}` },
    );
  }

  const proctorSession = (req: Request): { roomId: string; code: string } | null => {
    const raw = readCookie(req, PROCTOR_COOKIE);
    if (raw === null) return null;
    const [contestId, roomId, code] = Buffer.from(raw, 'base64url').toString('utf8').split('\n');
    if (contestId !== deps.contestId || !roomId || !code) return null;
    return { roomId, code };
  };

  async function withProctor<T>(req: Request, fn: (tx: Tx, proctor: { personId: number; roomId: string }) => Promise<T>): Promise<T> {
    const session = proctorSession(req);
    if (!session) throw new HttpError(401, 'Cán bộ coi thi chưa đăng nhập phòng thi.');
    return deps.store.transaction(async (tx) => {
      const found = await proctorOf(tx, { contestId: deps.contestId, roomId: session.roomId, code: session.code });
      if (!found.ok) throw refusal(401, found);
      return fn(tx, { personId: found.personId, roomId: session.roomId });
    });
  }

  const noStore: RequestHandler = (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };

  function mount(app: Express): void {
    const json = express.json({ limit: '8kb' });
    const page = (file: string) => (_req: Request, res: Response) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(EXAM_STATIC_DIR, file));
    };
    app.get('/thi', page('exam.html'));
    app.get('/thi/giam-thi', page('proctor.html'));
    app.use('/thi/assets', express.static(EXAM_STATIC_DIR, { index: false, dotfiles: 'deny', setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }));
    app.use('/api/exam', noStore, sameOrigin);

    app.post('/api/exam/sign-in', json, async (req, res) => {
      const now = deps.now();
      const body = signInSchema.safeParse(req.body);
      if (!body.success) throw new HttpError(400, 'Nhập số báo danh và mã phòng thi do cán bộ coi thi đọc.');
      // Limited per candidate number, not per address: a whole exam room shares one address.
      const key = `exam:${deps.contestId}:${body.data.candidateNumber.toUpperCase()}`;
      const outcome = await deps.store.transaction(
        async (tx) => {
          const wait = await tx.loginAttempts.retryAfter(key, now, SIGN_IN_LIMIT);
          if (wait > 0) return { ok: false as const, message: `Nhập sai quá nhiều lần. Anh/chị báo cán bộ coi thi và thử lại sau ${Math.ceil(wait / 60_000)} phút.`, limited: true };
          const result = await signIn(tx, deps.catalogue, { contestId: deps.contestId, ...body.data, now });
          return { ...result, limited: false };
        },
        { lockKey: `exam-sign-in:${body.data.candidateNumber.toUpperCase()}` },
      );
      if (!outcome.ok) {
        if (!outcome.limited) await deps.store.transaction(async (tx) => tx.loginAttempts.recordFailure([key], now));
        deps.logger.info({ channel: 'exam', limited: outcome.limited }, 'exam: sign-in refused');
        throw new HttpError(outcome.limited ? 429 : 403, outcome.message);
      }
      res.cookie(EXAM_COOKIE, `${outcome.attemptId}_${outcome.token}`, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: 12 * 3_600_000 });
      deps.logger.info({ channel: 'exam', attemptId: outcome.attemptId, started: outcome.started }, 'exam: signed in');
      res.json({ ok: true });
    });

    app.get('/api/exam/state', async (req, res) => {
      res.json(await withAttempt(req, (tx, attempt) => examState(tx, tests, attempt, deps.now())));
    });

    app.post('/api/exam/answer', json, async (req, res) => {
      const body = answerSchema.safeParse(req.body);
      if (!body.success) throw new HttpError(400, 'Câu trả lời không hợp lệ.');
      const outcome = await withAttempt(req, (tx, attempt) => saveExamAnswer(tx, tests, attempt, { questionNumber: body.data.n, label: body.data.label, now: deps.now() }));
      if (!outcome.ok) throw refusal(409, outcome);
      res.json({ ok: true, n: body.data.n, label: body.data.label, remainingMs: outcome.remainingMs });
    });

    app.post('/api/exam/ping', async (req, res) => {
      const now = deps.now();
      const state = await withAttempt(req, async (tx, attempt) => {
        if (attempt.submittedAt === null && now < attempt.deadlineAt) {
          await tx.contest.touch(attempt.id, now);
          return { status: 'in-progress', remainingMs: attempt.deadlineAt - now };
        }
        const s = await examState(tx, tests, attempt, now);
        return { status: s.status, remainingMs: s.remainingMs };
      });
      res.json(state);
    });

    app.post('/api/exam/submit', async (req, res) => {
      const outcome = await withAttempt(req, (tx, attempt) => submitExam(tx, attempt, deps.now()));
      if (!outcome.ok) throw refusal(409, outcome);
      res.json({ ok: true });
    });

    app.post('/api/exam/sign-out', (_req, res) => {
      res.clearCookie(EXAM_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure });
      res.json({ ok: true });
    });

    app.post('/api/exam/proctor/sign-in', json, async (req, res) => {
      const body = proctorSignInSchema.safeParse(req.body);
      if (!body.success) throw new HttpError(400, 'Chọn phòng thi và nhập mã cán bộ coi thi.');
      const found = await deps.store.transaction((tx) => proctorOf(tx, { contestId: deps.contestId, ...body.data }));
      if (!found.ok) throw refusal(403, found);
      const value = Buffer.from(`${deps.contestId}\n${body.data.roomId}\n${body.data.code}`).toString('base64url');
      res.cookie(PROCTOR_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: 12 * 3_600_000 });
      res.json({ ok: true, roomName: found.roomName });
    });

    app.get('/api/exam/proctor/room', async (req, res) => {
      res.json(await withProctor(req, (tx, p) => roomView(tx, deps.catalogue, { contestId: deps.contestId, roomId: p.roomId, now: deps.now() })));
    });

    app.post('/api/exam/proctor/add-time', json, async (req, res) => {
      const body = addTimeSchema.safeParse(req.body);
      if (!body.success) throw new HttpError(400, 'Nhập số báo danh, số phút (1–60) và lý do cộng thêm thời gian.');
      const outcome = await withProctor(req, (tx, p) =>
        addTime(tx, { contestId: deps.contestId, ...body.data, candidateNumber: body.data.candidateNumber.toUpperCase(), proctorId: p.personId, roomId: p.roomId, now: deps.now() }),
      );
      if (isRefusal(outcome)) throw refusal(409, outcome);
      res.json({ ok: true, deadlineAt: outcome.deadlineAt });
    });
  }

  async function sweep(): Promise<number> {
    sweeping ??= deps.store
      .transaction((tx) => submitOverdue(tx, deps.now()))
      .finally(() => {
        sweeping = undefined;
      });
    return sweeping;
  }

  return {
    mount,
    sweep,
    start() {
      timer ??= setInterval(() => {
        sweep()
          .then((n) => {
            if (n > 0) deps.logger.info({ channel: 'exam', submitted: n }, 'exam: overdue attempts submitted');
          })
          .catch((error: unknown) => deps.logger.error({ err: error }, 'exam: time-out sweep failed'));
      }, deps.sweepEveryMs ?? 5000);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await sweeping?.catch(() => 0);
    },
  };
}
