import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ZaloClient } from '../../src/channels/zalo/zalo-client.js';
import { ZaloError } from '../../src/channels/zalo/zalo-errors.js';
import type { TokenProvider } from '../../src/channels/zalo/zalo-tokens.js';

/** A stand-in Open API: `handle` answers each request; counts TCP connections and requests. */
async function startApi(handle: (req: IncomingMessage, res: ServerResponse, n: number) => void) {
  let requests = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handle(req, res, ++requests));
  });
  const stats = { connections: 0 };
  server.on('connection', () => (stats.connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, stats, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const ok = (res: ServerResponse, n: number) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: 0, message: 'Success', data: { message_id: `m${n}` } }));
};

const tokens: TokenProvider = { getAccessToken: async () => 'AT', refreshAfterRejection: async () => 'AT' };
const logger = { debug: () => undefined, warn: () => undefined };
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function failure(p: Promise<unknown>): Promise<ZaloError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZaloError);
  return error as ZaloError;
}

describe('Zalo JSON transport (keep-alive node:http)', () => {
  it('sends every call over one kept-alive connection with the access token header', async () => {
    const seen: Array<string | undefined> = [];
    const api = await startApi((req, res, n) => {
      seen.push(req.headers['access_token'] as string | undefined);
      ok(res, n);
    });
    server = api.server;
    const client = new ZaloClient({ apiRoot: api.url, tokens, logger, timeoutMs: 2000 });
    for (let i = 0; i < 20; i++) expect(await client.sendText('u1', `tin ${i}`)).toEqual([{ messageId: `m${i + 1}` }]);
    expect(api.stats.connections).toBe(1);
    expect(seen).toEqual(Array(20).fill('AT'));
  });

  it('sends again on a new connection when the server dropped the kept-alive one', async () => {
    const api = await startApi((req, res, n) => {
      // The second request on the first connection: the server closes it without answering (idle-timeout race).
      if (n === 2) req.socket.destroy();
      else ok(res, n);
    });
    server = api.server;
    const client = new ZaloClient({ apiRoot: api.url, tokens, logger, timeoutMs: 2000 });
    await client.sendText('u1', 'một');
    expect(await client.sendText('u1', 'hai')).toEqual([{ messageId: 'm3' }]);
    expect(api.stats.connections).toBe(2);
  });

  it('maps a timeout, a non-JSON answer and HTTP 5xx to network errors', async () => {
    const api = await startApi((req, res, n) => {
      if (n === 1) return; // never answers
      if (n === 2) {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html>Bad gateway</html>');
        return;
      }
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: -1 }));
    });
    server = api.server;
    const client = new ZaloClient({ apiRoot: api.url, tokens, logger, timeoutMs: 150 });
    const timeout = await failure(client.sendText('u1', 'một'));
    expect([timeout.kind, timeout.message]).toEqual(['network', 'Zalo /v3.0/oa/message/cs: hết thời gian chờ']);
    const html = await failure(client.sendText('u1', 'hai'));
    expect([html.kind, html.message]).toEqual(['network', 'Zalo /v3.0/oa/message/cs: không kết nối được']);
    const unavailable = await failure(client.sendText('u1', 'ba'));
    expect([unavailable.kind, unavailable.message]).toEqual(['network', 'Zalo /v3.0/oa/message/cs: HTTP 503']);
  });

  it('maps a refused connection to a network error', async () => {
    const api = await startApi((_req, res, n) => ok(res, n));
    const url = api.url;
    await new Promise((resolve) => api.server.close(resolve));
    const client = new ZaloClient({ apiRoot: url, tokens, logger, timeoutMs: 2000 });
    const refused = await failure(client.getOaInfo());
    expect([refused.kind, refused.message]).toEqual(['network', 'Zalo /v2.0/oa/getoa: không kết nối được']);
  });
});
