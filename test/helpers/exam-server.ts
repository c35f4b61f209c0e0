/**
 * The exam room alone on 127.0.0.1:0 over a given store (tests, the crash child, the bench), and a small HTTP
 * client with its own cookie jar (one per exam-room computer).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ContestCatalogue } from '../../src/contest-service/catalogue.js';
import { createExamRoom, type ExamRoom } from '../../src/exam-room/exam-room.js';
import { createHttpApp } from '../../src/http/create-http-app.js';
import { silentLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/store.js';

export interface ExamServer {
  url: string;
  room: ExamRoom;
  close(): Promise<void>;
}

export async function startExamServer(store: Store, catalogue: ContestCatalogue, contestId: string, now: () => number = Date.now): Promise<ExamServer> {
  const room = createExamRoom({ store, catalogue, contestId, logger: silentLogger(), now });
  const app = createHttpApp({ logger: silentLogger(), mounts: [(a) => room.mount(a)] });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    room,
    async close() {
      await room.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** One computer: requests with its own cookies; every response body is kept (the wire check reads them). */
export class ExamClient {
  private cookies = new Map<string, string>();
  readonly bodies: string[] = [];
  constructor(readonly base: string) {}

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; data: Record<string, unknown>; text: string }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair?.indexOf('=') ?? -1;
      if (pair && i > 0) {
        const value = pair.slice(i + 1);
        if (value === '') this.cookies.delete(pair.slice(0, i));
        else this.cookies.set(pair.slice(0, i), value);
      }
    }
    const text = await res.text();
    this.bodies.push(text);
    let data: Record<string, unknown> = {};
    try {
      data = JSON.parse(text) as Record<string, unknown>;
    } catch {
      data = {};
    }
    return { status: res.status, data, text };
  }

  /** Takes over another client's cookies (the same browser after the server restarted). */
  adoptCookies(other: ExamClient): void {
    this.cookies = new Map(other.cookies);
  }

  signIn(candidateNumber: string, roomCode: string) {
    return this.call('POST', '/api/exam/sign-in', { candidateNumber, roomCode });
  }
  state() {
    return this.call('GET', '/api/exam/state');
  }
  answer(n: number, label: string) {
    return this.call('POST', '/api/exam/answer', { n, label });
  }
}
