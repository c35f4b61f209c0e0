/**
 * Fake Zalo servers on 127.0.0.1 (port 0): the OpenAPI host (`/v3.0/oa/message/cs`, `/v3.0/oa/group/message`,
 * `/v3.0/oa/quota/message`, `/v3.0/oa/user/detail`, `/v2.0/oa/upload/*`, plus `/files/*` attachment downloads)
 * and the OAuth host (`/v4/oa/access_token`, single-use refresh tokens). Answers use Zalo's envelope with HTTP 200
 * for application errors, like the real API.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './read-body.js';

export interface SentMessage {
  endpoint: string;
  userId?: string;
  groupId?: string;
  message: Record<string, unknown>;
  at: number;
}

export interface FakeZaloOptions {
  appId?: string;
  appSecret?: string;
}

export class FakeZalo {
  apiUrl = '';
  oauthUrl = '';
  readonly appId: string;
  readonly appSecret: string;
  /** Every accepted consultation / group message. */
  readonly sent: SentMessage[] = [];
  /** API calls by path (all, including rejected ones). */
  readonly calls: string[] = [];
  /** Errors thrown while handling a request (a bug in the fake or a test): answered 500 and kept here. */
  readonly errors: unknown[] = [];
  refreshCalls = 0;
  /** Refresh tokens as received by the OAuth server, in order. */
  readonly refreshTokensSeen: string[] = [];
  readonly validAccess = new Set<string>();
  readonly validRefresh = new Set<string>();
  /** Users for whom `/message/cs` answers with this error code (e.g. -230). */
  readonly csError = new Map<string, number>();
  /** What `/quota/message` reports as last interaction (epoch ms). */
  readonly lastInteraction = new Map<string, number>();
  /** Files served at `${apiUrl}/files/<name>`. */
  readonly files = new Map<string, { data: Buffer; mime: string }>();
  uploads = 0;
  /** Delay before OAuth answers (lets concurrent callers pile up). */
  oauthDelayMs = 0;
  /** When set, the OAuth server answers this error. */
  oauthError: { error: number; error_name: string } | null = null;
  /** Delay before `/message/cs` answers (lets concurrent sends overlap; tests measure it). */
  csDelayMs = 0;
  /** Most `/message/cs` requests in flight at once, overall and for any one user. */
  maxCsInFlight = 0;
  maxCsInFlightPerUser = 0;
  private csInFlight = 0;
  private readonly csInFlightByUser = new Map<string, number>();
  /** Called for every accepted message (benchmarks). */
  onSent?: (m: SentMessage) => void;
  private counter = 0;
  private api?: Server;
  private oauth?: Server;

  constructor(options: FakeZaloOptions = {}) {
    this.appId = options.appId ?? '360846524940903967';
    this.appSecret = options.appSecret ?? 'fake-app-secret';
  }

  static async start(options: FakeZaloOptions = {}): Promise<FakeZalo> {
    const fake = new FakeZalo(options);
    fake.api = createServer((req, res) => {
      fake.handleApi(req, res).catch((error: unknown) => fake.requestFailed(res, error));
    });
    fake.oauth = createServer((req, res) => {
      fake.handleOAuth(req, res).catch((error: unknown) => fake.requestFailed(res, error));
    });
    fake.apiUrl = await listen(fake.api);
    fake.oauthUrl = await listen(fake.oauth);
    return fake;
  }

  /** A fresh valid pair (what the OA admin copies from API Explorer). */
  issuePair(): { accessToken: string; refreshToken: string } {
    this.counter += 1;
    const pair = { accessToken: `AT-${this.counter}-${Math.random().toString(36).slice(2)}`, refreshToken: `RT-${this.counter}-${Math.random().toString(36).slice(2)}` };
    this.validAccess.add(pair.accessToken);
    this.validRefresh.add(pair.refreshToken);
    return pair;
  }

  /** Simulates expiry / revocation of every access token issued so far. */
  expireAccessTokens(): void {
    this.validAccess.clear();
  }

  serveFile(name: string, data: Buffer, mime: string): string {
    this.files.set(name, { data, mime });
    return `${this.apiUrl}/files/${name}`;
  }

  sentTo(userId: string): SentMessage[] {
    return this.sent.filter((m) => m.userId === userId);
  }

  async close(): Promise<void> {
    await Promise.all([this.api, this.oauth].map((s) => new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()))));
  }

  private requestFailed(res: ServerResponse, error: unknown): void {
    this.errors.push(error);
    console.error('fake zalo: request handler failed:', error);
    if (res.headersSent) res.destroy();
    else res.writeHead(500).end();
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = await readBody(req);
    this.calls.push(url.pathname);
    if (url.pathname.startsWith('/files/')) {
      const file = this.files.get(url.pathname.slice('/files/'.length));
      if (!file) return send(res, 404, { error: 'not found' });
      res.writeHead(200, { 'content-type': file.mime, 'content-length': String(file.data.length) });
      res.end(file.data);
      return;
    }
    const token = req.headers['access_token'];
    if (typeof token !== 'string' || !this.validAccess.has(token)) {
      return send(res, 200, { error: -216, message: 'Access token is invalid' });
    }
    switch (url.pathname) {
      case '/v3.0/oa/message/cs': {
        const json = JSON.parse(body.toString('utf8')) as { recipient: { user_id: string }; message: Record<string, unknown> };
        const userId = json.recipient.user_id;
        const code = this.csError.get(userId);
        if (code !== undefined) return send(res, 200, { error: code, message: 'User has not interacted with the OA in the past 7 days' });
        if (this.csDelayMs > 0) {
          this.csInFlight += 1;
          const mine = (this.csInFlightByUser.get(userId) ?? 0) + 1;
          this.csInFlightByUser.set(userId, mine);
          this.maxCsInFlight = Math.max(this.maxCsInFlight, this.csInFlight);
          this.maxCsInFlightPerUser = Math.max(this.maxCsInFlightPerUser, mine);
          await new Promise((resolve) => setTimeout(resolve, this.csDelayMs));
          this.csInFlight -= 1;
          this.csInFlightByUser.set(userId, mine - 1);
        }
        const m = { endpoint: url.pathname, userId, message: json.message, at: Date.now() };
        this.sent.push(m);
        this.onSent?.(m);
        return send(res, 200, { error: 0, message: 'Success', data: { message_id: `m${this.sent.length}`, user_id: userId, quota: { quota_type: 'reply', remain: '7', total: '8' } } });
      }
      case '/v3.0/oa/group/message': {
        const json = JSON.parse(body.toString('utf8')) as { recipient: { group_id: string }; message: Record<string, unknown> };
        const m = { endpoint: url.pathname, groupId: json.recipient.group_id, message: json.message, at: Date.now() };
        this.sent.push(m);
        this.onSent?.(m);
        return send(res, 200, { error: 0, message: 'Success', data: { message_id: `g${this.sent.length}`, group_id: json.recipient.group_id } });
      }
      case '/v3.0/oa/quota/message': {
        const json = JSON.parse(body.toString('utf8')) as { user_id: string };
        const last = this.lastInteraction.get(json.user_id);
        return send(res, 200, { error: 0, message: 'Success', data: { last_interaction: last === undefined ? null : String(last), cs_reply: { remain: 6, total: 8 } } });
      }
      case '/v3.0/oa/user/detail': {
        const data = JSON.parse(url.searchParams.get('data') ?? '{}') as { user_id?: string };
        return send(res, 200, { error: 0, message: 'Success', data: { user_id: data.user_id, display_name: 'Người dùng', user_is_follower: true, user_last_interaction_date: '01/12/2026' } });
      }
      case '/v2.0/oa/upload/image':
        this.uploads += 1;
        return send(res, 200, { error: 0, message: 'Success', data: { attachment_id: `att-${this.uploads}` } });
      case '/v2.0/oa/upload/file':
        this.uploads += 1;
        return send(res, 200, { error: 0, message: 'Success', data: { token: `file-${this.uploads}` } });
      default:
        return send(res, 200, { error: -209, message: 'You are accessing an empty or invalid API' });
    }
  }

  private async handleOAuth(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = new URLSearchParams((await readBody(req)).toString('utf8'));
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/v4/oa/access_token') return send(res, 404, { error: -1 });
    this.refreshCalls += 1;
    const refreshToken = body.get('refresh_token') ?? '';
    this.refreshTokensSeen.push(refreshToken);
    if (this.oauthDelayMs > 0) await new Promise((r) => setTimeout(r, this.oauthDelayMs));
    if (this.oauthError) return send(res, 200, this.oauthError);
    if (req.headers['secret_key'] !== this.appSecret || body.get('app_id') !== this.appId) {
      return send(res, 200, { error: -14014, error_name: 'Invalid secret key' });
    }
    if (body.get('grant_type') !== 'refresh_token' || !this.validRefresh.has(refreshToken)) {
      return send(res, 200, { error: -14020, error_name: 'Invalid refresh token' });
    }
    this.validRefresh.delete(refreshToken); // single use
    const pair = this.issuePair();
    return send(res, 200, { access_token: pair.accessToken, refresh_token: pair.refreshToken, expires_in: '90000' });
  }
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'x-ratelimit-limit': '4000', 'x-ratelimit-remain': '3999' });
  res.end(text);
}
