/**
 * The other process of `npm run bench:zalo`: hosts the fake Zalo servers (so the arrival of each reply is timed
 * on the same clock as its request) and drives signed webhook events at the app, at most 32 in flight.
 * Protocol (IPC): parent sends `{ type: 'run', … }`; child answers `{ type: 'ready', apiUrl, oauthUrl, … }` first,
 * then `{ type: 'result', … }` per run.
 */
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { FakeZalo } from '../helpers/fake-zalo.js';

export interface RunRequest {
  type: 'run';
  label: string;
  url: string;
  /** Events per second; 0 = as fast as 32 in flight allow. */
  rate: number;
  events: number;
  users: string[];
  appId: string;
  oaSecretKey: string;
  /** Wait for the bot's reply to reach the fake server. */
  awaitReplies: boolean;
}

export interface RunResult {
  type: 'result';
  label: string;
  events: number;
  seconds: number;
  ackMs: number[];
  replyMs: number[];
  errors: number;
}

const IN_FLIGHT = 32;
const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

const fake = await FakeZalo.start();
/** Per user, the send times of events still waiting for their reply (FIFO). */
const waiting = new Map<string, number[]>();
const replyMs: number[] = [];
let onReply: (() => void) | undefined;
fake.onSent = (m) => {
  const q = m.userId ? waiting.get(m.userId) : undefined;
  const sentAt = q?.shift();
  if (sentAt === undefined) return;
  replyMs.push(performance.now() - sentAt);
  onReply?.();
};
const pair = fake.issuePair();
process.send?.({ type: 'ready', apiUrl: fake.apiUrl, oauthUrl: fake.oauthUrl, appId: fake.appId, appSecret: fake.appSecret, refreshToken: pair.refreshToken });

process.on('message', (msg: RunRequest | { type: 'exit' }) => {
  if (msg.type === 'exit') {
    fake
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('closing the fake Zalo failed:', error);
        process.exit(1);
      });
    return;
  }
  run(msg)
    .then((r) => process.send?.(r))
    .catch((error: unknown) => {
      // The parent waits for this run's result: exit, so it does not wait forever.
      console.error('load run failed:', error);
      process.exit(1);
    });
});

function post(url: string, body: string, signature: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-zevent-signature': signature },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function run(r: RunRequest): Promise<RunResult> {
  const ackMs: number[] = [];
  replyMs.length = 0;
  waiting.clear();
  let errors = 0;
  let inFlight = 0;
  let slot: (() => void) | undefined;
  const started = performance.now();
  const all: Promise<void>[] = [];
  for (let i = 0; i < r.events; i++) {
    if (r.rate > 0) {
      const due = started + (i * 1000) / r.rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((res) => setTimeout(res, wait));
    }
    while (inFlight >= IN_FLIGHT) await new Promise<void>((res) => (slot = res));
    const user = r.users[i % r.users.length]!;
    const timestamp = String(Date.now());
    const body = JSON.stringify({
      app_id: r.appId,
      sender: { id: user },
      user_id_by_app: '552177279717587730',
      recipient: { id: '388613280878808645' },
      event_name: 'user_send_text',
      message: { text: 'xin chào', msg_id: `${r.label}-${i}` },
      timestamp,
    });
    const signature = `mac=${createHash('sha256').update(r.appId + body + timestamp + r.oaSecretKey).digest('hex')}`;
    inFlight += 1;
    const t0 = performance.now();
    if (r.awaitReplies) {
      const q = waiting.get(user) ?? [];
      q.push(t0);
      waiting.set(user, q);
    }
    all.push(
      post(r.url, body, signature)
        .then((status) => {
          if (status !== 200) errors += 1;
          ackMs.push(performance.now() - t0);
        })
        .catch(() => void (errors += 1))
        .finally(() => {
          inFlight -= 1;
          slot?.();
          slot = undefined;
        }),
    );
  }
  await Promise.all(all);
  const seconds = (performance.now() - started) / 1000;
  if (r.awaitReplies) {
    const deadline = performance.now() + 60_000;
    while (replyMs.length < r.events && performance.now() < deadline) {
      await new Promise<void>((res) => {
        onReply = res;
        setTimeout(res, 200);
      });
    }
  }
  return { type: 'result', label: r.label, events: r.events, seconds, ackMs, replyMs: [...replyMs], errors };
}
