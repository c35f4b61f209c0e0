/**
 * JSON requests to the Zalo Open API over node:http/https with keep-alive agents: the path every reply and outbox
 * message takes. Measured against the global fetch (undici) on loopback it costs about a quarter of the CPU per
 * request (no WHATWG streams, Headers or AbortSignal per call), which is what lets event processing keep up with the
 * webhook. Uploads (multipart) and attachment downloads, which are rare, stay on fetch.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What a JSON call needs from the answer. */
export interface JsonResponse {
  status: number;
  /** The parsed body (a non-JSON body rejects the call). */
  json: unknown;
  header(name: string): string | null;
}

export interface JsonRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** For the whole exchange, answer body included; on expiry the call rejects with an error named `TimeoutError`. */
  timeoutMs: number;
}

export type JsonTransport = (url: string, init: JsonRequest) => Promise<JsonResponse>;

/** Zalo answers are small envelopes; anything larger is not one. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Idle keep-alive sockets are closed before a typical server-side idle timeout (5 s) can race a reuse. */
const IDLE_SOCKET_MS = 4_000;

/** One transport per client: its own pools of kept-alive sockets (http and https). */
export function createJsonTransport(options: { maxSockets?: number } = {}): JsonTransport {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64, timeout: IDLE_SOCKET_MS };
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);
  return async (url, init) => {
    const target = new URL(url);
    try {
      return await once(target, init, target.protocol === 'https:' ? https : http);
    } catch (error) {
      // A kept-alive socket the server closed at the same moment: the request never reached it, send it again once.
      if (error instanceof StaleSocketError) return once(target, init, target.protocol === 'https:' ? https : http);
      throw error;
    }
  };
}

/** The same contract over an injected fetch (tests, proxies): whole-exchange timeout, parsed body. */
export function fetchJsonTransport(doFetch: typeof fetch): JsonTransport {
  return async (url, init) => {
    const res = await doFetch(url, { method: init.method, headers: init.headers, body: init.body, signal: AbortSignal.timeout(init.timeoutMs) });
    return { status: res.status, json: await res.json(), header: (name) => res.headers.get(name) };
  };
}

class StaleSocketError extends Error {
  override name = 'StaleSocketError';
}

function once(target: URL, init: JsonRequest, agent: HttpAgent): Promise<JsonResponse> {
  return new Promise<JsonResponse>((resolve, reject) => {
    const headers: Record<string, string | number> = { ...init.headers, accept: 'application/json' };
    if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: init.method, headers, agent });
    let settled = false;
    let answered = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    const timer = setTimeout(() => {
      const error = new Error('Zalo API: timeout');
      error.name = 'TimeoutError';
      fail(error);
    }, init.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      const stale = req.reusedSocket && !answered && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
      fail(stale ? new StaleSocketError(error.code ?? 'reset') : error);
    });
    req.on('response', (res: IncomingMessage) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) fail(new Error('Zalo API: answer too large'));
        else chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('close', () => {
        if (!res.complete) fail(new Error('Zalo API: connection closed mid-answer'));
      });
      res.on('end', () => {
        if (settled) return;
        let json: unknown;
        try {
          json = JSON.parse(Buffer.concat(chunks, size).toString('utf8'));
        } catch (error) {
          fail(error instanceof Error ? error : new Error('Zalo API: not JSON'));
          return;
        }
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, json, header: (name) => headerValue(res, name) });
      });
    });
    req.end(init.body);
  });
}

function headerValue(res: IncomingMessage, name: string): string | null {
  const value = res.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
