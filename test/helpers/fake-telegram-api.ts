/**
 * A fake Telegram Bot API server on 127.0.0.1 (port 0) for tests and the benchmark: routes
 * `/bot<token>/<method>` (JSON and multipart bodies), `/file/bot<token>/<path>` downloads, a `getUpdates` queue
 * with long polling, realistic results, a record of every call, and fault injection (429 with `retry_after`,
 * 403, 400, 5xx). With `limits` it enforces Telegram's flood limits the way the real server does: a request over
 * a limit is recorded as a violation and answered 429.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TelegramLimits } from '../../src/channels/telegram/rate-limiter.js';
import { readBody } from './read-body.js';

export const FAKE_BOT = { id: 7_000_000_001, is_bot: true, first_name: 'Thi Đua Số', username: 'thiduaso_bot' } as const;

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  /** Uploaded files by field name. */
  files: Record<string, { filename: string; size: number }>;
  /** performance.now() when the request arrived. */
  at: number;
  status: number;
  /** The `result` answered (message ids of sent messages). */
  result?: unknown;
}

export type Fault =
  | { status: 429; retryAfter: number }
  | { status: 403; description?: string }
  | { status: 400; description: string; parameters?: Record<string, unknown> }
  | { status: 500 | 502 | 503 };

interface FaultRule {
  fault: Fault;
  method?: string;
  chatId?: string;
  remaining: number;
}

const SEND_METHODS = new Set(['sendMessage', 'sendPhoto', 'sendDocument']);
const EDIT_METHODS = new Set(['editMessageText', 'editMessageReplyMarkup', 'editMessageCaption']);
const MAX_DOWNLOAD = 20 * 1024 * 1024;

export class FakeTelegramApi {
  readonly calls: RecordedCall[] = [];
  /** Errors thrown while handling a request (a bug in the fake or a test): answered 500 and kept here. */
  readonly errors: unknown[] = [];
  /** Limit breaches seen (only with `limits`). */
  readonly violations: string[] = [];
  private readonly faults: FaultRule[] = [];
  private readonly updates: unknown[] = [];
  private readonly files = new Map<string, { data: Buffer; path: string }>();
  private waiters: (() => void)[] = [];
  private nextMessageId = 1000;
  private readonly arrivals = { global: [] as number[], chats: new Map<string, number[]>() };
  private server!: Server;
  url = '';

  private constructor(
    readonly token: string,
    private readonly limits?: TelegramLimits,
    /** Longest a `getUpdates` call is held open (tests stop quickly). */
    private readonly maxHoldMs = 300,
  ) {}

  static async start(options: { token: string; limits?: TelegramLimits; maxHoldMs?: number }): Promise<FakeTelegramApi> {
    const fake = new FakeTelegramApi(options.token, options.limits, options.maxHoldMs);
    fake.server = createServer((req, res) => {
      fake.onRequest(req, res).catch((error: unknown) => fake.requestFailed(res, error));
    });
    fake.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    for (const w of this.waiters) w();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `times` matching calls fail with `fault`. */
  inject(fault: Fault, match: { method?: string; chatId?: string; times?: number } = {}): void {
    this.faults.push({ fault, remaining: match.times ?? 1, ...(match.method ? { method: match.method } : {}), ...(match.chatId ? { chatId: match.chatId } : {}) });
  }

  /** Queues an update for `getUpdates` (long polling). */
  pushUpdate(update: unknown): void {
    this.updates.push(update);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Makes a file downloadable through `getFile`. */
  addFile(fileId: string, data: Buffer): void {
    this.files.set(fileId, { data, path: `documents/${fileId}.bin` });
  }

  /** Successful calls of `method`. */
  ok(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200);
  }

  /** Successful message sends (sendMessage/sendPhoto/sendDocument) to `chatId` (or all). */
  sent(chatId?: string): RecordedCall[] {
    return this.calls.filter((c) => SEND_METHODS.has(c.method) && c.status === 200 && (chatId === undefined || String(c.body.chat_id) === chatId));
  }

  /** Resolves when `predicate` holds (polls every 5 ms). */
  async waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('fake telegram: condition not reached in time');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private requestFailed(res: ServerResponse, error: unknown): void {
    this.errors.push(error);
    console.error('fake telegram: request handler failed:', error);
    if (res.headersSent) res.destroy();
    else res.writeHead(500).end();
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const filePrefix = `/file/bot${this.token}/`;
    if (url.pathname.startsWith(filePrefix)) {
      const path = url.pathname.slice(filePrefix.length);
      const file = [...this.files.values()].find((f) => f.path === path);
      res.writeHead(file ? 200 : 404, { 'content-type': 'application/octet-stream' }).end(file?.data ?? '');
      return;
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!match) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (match[1] !== this.token) return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2] as string;
    const { body, files } = parseBody(req.headers['content-type'] ?? '', raw, url);
    const call: RecordedCall = { method, body, files, at, status: 200 };
    this.calls.push(call);
    const chatId = body.chat_id === undefined ? undefined : String(body.chat_id);
    const failure = this.takeFault(method, chatId) ?? this.checkLimits(method, chatId, at);
    if (failure) {
      call.status = failure.status;
      return reply(res, failure.status, errorBody(failure));
    }
    if (method === 'getUpdates') return this.getUpdates(body, res);
    const result = this.result(method, body, files);
    if (result instanceof Error) {
      call.status = 400;
      return reply(res, 400, { ok: false, error_code: 400, description: result.message });
    }
    call.result = result;
    reply(res, 200, { ok: true, result });
  }

  private takeFault(method: string, chatId: string | undefined): Fault | null {
    const rule = this.faults.find(
      (f) => f.remaining > 0 && (!f.method || f.method === method) && (!f.chatId || f.chatId === chatId),
    );
    if (!rule) return null;
    rule.remaining--;
    return rule.fault;
  }

  /** Sliding windows over arrival times, like Telegram's flood control. */
  private checkLimits(method: string, chatId: string | undefined, at: number): Fault | null {
    const l = this.limits;
    const send = SEND_METHODS.has(method);
    if (!l || chatId === undefined || (!send && !EDIT_METHODS.has(method))) return null;
    const group = chatId.startsWith('-');
    const recent = (list: number[], windowMs: number) => list.filter((t) => t > at - windowMs).length;
    const chatList = this.arrivals.chats.get(chatId) ?? [];
    const problems: string[] = [];
    if (recent(this.arrivals.global, l.globalWindowMs) + 1 > l.globalPer) problems.push('global');
    if (group && recent(chatList, l.groupWindowMs) + 1 > l.groupPer) problems.push(`group ${chatId}`);
    if (!group && send && recent(chatList, l.privateWindowMs) + 1 > l.privatePer) problems.push(`chat ${chatId}`);
    if (problems.length > 0) {
      this.violations.push(`${method} at ${at.toFixed(1)}: ${problems.join(', ')}`);
      return { status: 429, retryAfter: 1 };
    }
    this.arrivals.global.push(at);
    if (group || send) this.arrivals.chats.set(chatId, [...chatList.filter((t) => t > at - l.groupWindowMs), at]);
    if (this.arrivals.global.length > 4 * l.globalPer) this.arrivals.global = this.arrivals.global.filter((t) => t > at - l.globalWindowMs);
    return null;
  }

  private getUpdates(body: Record<string, unknown>, res: ServerResponse): void {
    const offset = Number(body.offset ?? 0);
    const pending = () => {
      const idx = this.updates.findIndex((u) => Number((u as { update_id: number }).update_id) >= offset);
      if (offset > 0) this.updates.splice(0, idx === -1 ? this.updates.length : idx);
      return this.updates.filter((u) => Number((u as { update_id: number }).update_id) >= offset);
    };
    const ready = pending();
    const holdMs = Math.min(Number(body.timeout ?? 0) * 1000, this.maxHoldMs);
    if (ready.length > 0 || holdMs === 0) return reply(res, 200, { ok: true, result: ready });
    const timer = setTimeout(() => done(), holdMs);
    const done = () => {
      clearTimeout(timer);
      this.waiters = this.waiters.filter((w) => w !== done);
      if (!res.writableEnded && !res.destroyed) reply(res, 200, { ok: true, result: pending() });
    };
    this.waiters.push(done);
    res.on('close', () => {
      clearTimeout(timer);
      this.waiters = this.waiters.filter((w) => w !== done);
    });
  }

  private result(method: string, body: Record<string, unknown>, files: RecordedCall['files']): unknown {
    const date = Math.floor(Date.now() / 1000);
    const chat = chatOf(body.chat_id);
    switch (method) {
      case 'getMe':
        return { ...FAKE_BOT, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
      case 'sendMessage':
        return { message_id: this.nextMessageId++, date, chat, from: FAKE_BOT, text: body.text, ...markup(body) };
      case 'sendPhoto': {
        const size = files.photo?.size ?? 0;
        const photo = [{ file_id: `ph${this.nextMessageId}`, file_unique_id: `uph${this.nextMessageId}`, width: 1280, height: 720, file_size: size }];
        return { message_id: this.nextMessageId++, date, chat, from: FAKE_BOT, photo, ...(body.caption ? { caption: body.caption } : {}) };
      }
      case 'sendDocument': {
        const f = files.document;
        const document = { file_id: `doc${this.nextMessageId}`, file_unique_id: `udoc${this.nextMessageId}`, file_name: f?.filename, file_size: f?.size ?? 0 };
        return { message_id: this.nextMessageId++, date, chat, from: FAKE_BOT, document, ...(body.caption ? { caption: body.caption } : {}) };
      }
      case 'editMessageText':
        return { message_id: Number(body.message_id), date, edit_date: date, chat, from: FAKE_BOT, text: body.text, ...markup(body) };
      case 'editMessageReplyMarkup':
        return { message_id: Number(body.message_id), date, edit_date: date, chat, from: FAKE_BOT, ...markup(body) };
      case 'getFile': {
        const file = this.files.get(String(body.file_id));
        if (!file) return new Error('Bad Request: invalid file_id');
        if (file.data.length > MAX_DOWNLOAD) return new Error('Bad Request: file is too big');
        return { file_id: body.file_id, file_unique_id: `u${String(body.file_id)}`, file_size: file.data.length, file_path: file.path };
      }
      case 'getWebhookInfo':
        return { url: '', has_custom_certificate: false, pending_update_count: this.updates.length };
      case 'answerCallbackQuery':
      case 'setWebhook':
      case 'deleteWebhook':
      case 'setMyCommands':
        return true;
      default:
        return new Error(`Bad Request: method ${method} not supported by the fake`);
    }
  }
}

function chatOf(chatId: unknown): Record<string, unknown> {
  const id = Number(chatId);
  return id < 0 ? { id, type: 'supergroup', title: 'Nhóm thử nghiệm' } : { id, type: 'private', first_name: 'Người dùng' };
}

function markup(body: Record<string, unknown>): Record<string, unknown> {
  const m = body.reply_markup as { inline_keyboard?: unknown[] } | undefined;
  return m?.inline_keyboard && m.inline_keyboard.length > 0 ? { reply_markup: m } : {};
}

function errorBody(fault: Fault): Record<string, unknown> {
  switch (fault.status) {
    case 429:
      return { ok: false, error_code: 429, description: `Too Many Requests: retry after ${fault.retryAfter}`, parameters: { retry_after: fault.retryAfter } };
    case 403:
      return { ok: false, error_code: 403, description: fault.description ?? 'Forbidden: bot was blocked by the user' };
    case 400:
      return { ok: false, error_code: 400, description: fault.description, ...(fault.parameters ? { parameters: fault.parameters } : {}) };
    default:
      return { ok: false, error_code: fault.status, description: 'Bad Gateway' };
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
  const retryAfter = (body as { parameters?: { retry_after?: number } }).parameters?.retry_after;
  if (status === 429 && retryAfter !== undefined) headers['retry-after'] = retryAfter;
  res.writeHead(status, headers).end(text);
}

/** JSON, multipart (telegraf's uploads) or query-string bodies. */
function parseBody(contentType: string, raw: Buffer, url: URL): { body: Record<string, unknown>; files: RecordedCall['files'] } {
  const files: RecordedCall['files'] = {};
  if (contentType.includes('application/json') && raw.length > 0) return { body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, files };
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (!boundary) return { body: Object.fromEntries(url.searchParams), files };
  const body: Record<string, unknown> = {};
  const text = raw.toString('latin1');
  for (const part of text.split(`--${boundary}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) continue;
    const headers = part.slice(0, headerEnd);
    const content = part.slice(headerEnd + 4).replace(/\r\n$/, '');
    const name = /name="([^"]+)"/.exec(headers)?.[1];
    if (!name) continue;
    const filename = /filename="([^"]*)"/.exec(headers)?.[1];
    if (filename !== undefined) {
      files[name] = { filename: Buffer.from(filename, 'latin1').toString('utf8'), size: Buffer.byteLength(content, 'latin1') };
      continue;
    }
    const value = Buffer.from(content, 'latin1').toString('utf8');
    body[name] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return { body, files };
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
