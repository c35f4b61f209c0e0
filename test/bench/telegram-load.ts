/**
 * The other process of `npm run bench:telegram`: hosts the fake Bot API (the bot's replies go there) and drives
 * webhook POSTs at the app the way Telegram does: keep-alive connections, at most 32 in flight, every update from
 * a distinct private chat. Protocol (IPC): child sends `{ type: 'ready', apiUrl }`; parent sends `run` requests,
 * child answers one `result` each; `exit` ends it.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { FakeTelegramApi } from '../helpers/fake-telegram-api.js';

export interface LoadRun {
  type: 'run';
  label: string;
  url: string;
  secret?: string;
  events: number;
  /** First update_id and chat id offset (every run uses fresh ids and chats). */
  firstId: number;
}

export interface LoadResult {
  type: 'result';
  label: string;
  events: number;
  seconds: number;
  ackMs: number[];
  errors: number;
  /** Reply calls (sendMessage) the fake received during the run. */
  replies: number;
}

const IN_FLIGHT = 32;
const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
const token = process.argv[2] ?? '';
const fake = await FakeTelegramApi.start({ token });
process.send?.({ type: 'ready', apiUrl: fake.url });

process.on('message', (msg: LoadRun | { type: 'exit' }) => {
  if (msg.type === 'exit') {
    fake
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('closing the fake Telegram API failed:', error);
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

function post(url: string, body: string, secret: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (secret) headers['x-telegram-bot-api-secret-token'] = secret;
    const req = request(url, { method: 'POST', agent, headers });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function startUpdate(updateId: number, chatId: number): string {
  const from = { id: chatId, is_bot: false, first_name: 'Cán bộ', language_code: 'vi' };
  return JSON.stringify({
    update_id: updateId,
    message: {
      message_id: 1,
      from,
      chat: { id: chatId, first_name: 'Cán bộ', type: 'private' },
      date: Math.floor(Date.now() / 1000),
      text: '/start',
      entities: [{ offset: 0, length: 6, type: 'bot_command' }],
    },
  });
}

async function run(r: LoadRun): Promise<LoadResult> {
  const ackMs: number[] = [];
  const repliesBefore = fake.calls.filter((c) => c.method === 'sendMessage').length;
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < r.events) {
      const i = next++;
      const body = startUpdate(r.firstId + i, 6_000_000_000 + r.firstId + i);
      const t0 = performance.now();
      try {
        const status = await post(r.url, body, r.secret);
        if (status !== 200) errors += 1;
      } catch {
        errors += 1;
      }
      ackMs.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - started) / 1000;
  const replies = fake.calls.filter((c) => c.method === 'sendMessage').length - repliesBefore;
  // Keep the fake's record small across runs.
  fake.calls.length = 0;
  return { type: 'result', label: r.label, events: r.events, seconds, ackMs, errors, replies };
}
