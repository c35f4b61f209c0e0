/**
 * `npm run bench:telegram`: the Telegram webhook path driven the way Telegram drives it, from ANOTHER process
 * (`telegram-load.ts`: keep-alive, ≤ 32 in flight, every update from a distinct private chat), at the real app
 * (createApp: secret check, telegraf, engine with its inbound-event log, reply through the rate limiter and telegraf's client to
 * the fake Bot API hosted by the load process). Each update is a `/start` from a new person; the bot answers with
 * its contact-sharing prompt. The webhook answers 200 after the reply call, so latency covers the whole path.
 *
 * Floor, measured in the same run under the same load: a bare express route that parses the JSON, writes one
 * SQLite row (same pragmas) and makes one HTTP reply call (keep-alive) to the same fake.
 *
 * Limits: per-chat pacing stays on; the global 30 msg/s cap is lifted for the run (it would measure Telegram's
 * quota, not this code; each update here comes from a different chat).
 *
 * Targets: ≥ 1,500 updates/s, p99 < 30 ms, ≥ 40% of the floor's rate.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { createApp } from '../../src/app/create-app.js';
import { silentLogger } from '../../src/logger.js';
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { telegramEnv, testConfig } from '../helpers/test-config.js';
import type { LoadResult, LoadRun } from './telegram-load.js';

const TOKEN = '7000000001:AABenchTokenForLoopbackOnly_0123456789';
const SECRET = 'bench-webhook-secret_0123456789';
const EVENTS = Number(process.env.BENCH_UPDATES ?? 10_000);
const WARMUP = 2_000;
const TARGET_RATE = 1_500;
const TARGET_P99_MS = 30;
const TARGET_RATIO = 0.4;

const child = fork(new URL('./telegram-load.ts', import.meta.url), [TOKEN], { execArgv: ['--import', 'tsx'] });
const { apiUrl } = await new Promise<{ apiUrl: string }>((resolve) => child.once('message', (m) => resolve(m as { apiUrl: string })));
let nextId = 1;
function drive(label: string, url: string, events: number, secret?: string): Promise<LoadResult> {
  const firstId = nextId;
  nextId += events;
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as LoadResult));
    child.send({ type: 'run', label, url, events, firstId, ...(secret ? { secret } : {}) } satisfies LoadRun);
  });
}

/** Peak RSS of this process while `fn` runs (sampled every 10 ms). */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'thidua-tg-bench-'));

// (a) The floor: parse JSON, one SQLite row, one reply call to the fake, 200.
const floorDb = openSqlite(join(dir, 'floor.db'));
floorDb.$client.exec('CREATE TABLE floor_updates (update_id INTEGER PRIMARY KEY, received_at INTEGER NOT NULL)');
const insert = floorDb.$client.prepare('INSERT INTO floor_updates (update_id, received_at) VALUES (?, ?)');
const replyAgent = new Agent({ keepAlive: true, maxSockets: 64 });
const sendMessageUrl = new URL(`./bot${TOKEN}/sendMessage`, apiUrl);
function replyCall(chatId: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ chat_id: chatId, text: 'Xin chào! Bạn hãy chia sẻ số điện thoại để bắt đầu.' });
    const req = request(sendMessageUrl, { method: 'POST', agent: replyAgent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`reply ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const floorApp = express();
floorApp.post('/floor', express.json(), async (req, res) => {
  const update = req.body as { update_id: number; message: { chat: { id: number } } };
  insert.run(update.update_id, Date.now());
  await replyCall(update.message.chat.id);
  res.status(200).end();
});
const floor = await listen(floorApp);

// (b) The app in webhook mode, replies to the fake Bot API.
const config = testConfig(dir, telegramEnv({ token: TOKEN, secret: SECRET, apiRoot: apiUrl, mode: 'webhook' }));
const app = await createApp({ config, logger: silentLogger(), telegram: { limits: { globalPer: 1_000_000 } } });
await seedUnit(app.store as SqliteStore);
const { url } = await app.start();
const webhook = `${url}/telegram/webhook`;

await drive('warm-floor', `${floor.url}/floor`, WARMUP);
await drive('warm-telegram', webhook, WARMUP, SECRET);
const floorRun = await withPeakRss(() => drive('floor', `${floor.url}/floor`, EVENTS));
const botRun = await withPeakRss(() => drive('telegram', webhook, EVENTS, SECRET));

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const rate = (r: LoadResult) => r.events / r.seconds;
const row = (name: string, r: LoadResult, peakMb: number) =>
  `${name.padEnd(22)} ${String(Math.round(rate(r))).padStart(9)} ${pct(r.ackMs, 50).toFixed(2).padStart(8)} ${pct(r.ackMs, 99).toFixed(2).padStart(8)} ${peakMb.toFixed(0).padStart(9)} ${String(r.replies).padStart(8)} ${String(r.errors).padStart(7)}`;

console.log(`\nTelegram webhook benchmark — ${EVENTS} updates per run, ≤ 32 in flight, distinct chats, load from another process`);
console.log('(latency = POST sent → 200 received; the 200 comes after the bot\'s reply call reached the fake Bot API)\n');
console.log('run                     updates/s  p50 ms   p99 ms  peak RSS MB  replies  errors');
console.log(row('floor (express+row+call)', floorRun.result, floorRun.peakMb));
console.log(row('telegram webhook', botRun.result, botRun.peakMb));
const ratio = rate(botRun.result) / rate(floorRun.result);
const p99 = pct(botRun.result.ackMs, 99);
const checks = [
  [`updates/s ≥ ${TARGET_RATE}`, rate(botRun.result) >= TARGET_RATE, Math.round(rate(botRun.result)).toString()],
  [`p99 < ${TARGET_P99_MS} ms`, p99 < TARGET_P99_MS, `${p99.toFixed(2)} ms`],
  [`≥ ${TARGET_RATIO * 100}% of the floor`, ratio >= TARGET_RATIO, `${(ratio * 100).toFixed(0)}% (${ratio.toFixed(2)}×)`],
  ['every update answered once, no errors', botRun.result.replies === EVENTS && botRun.result.errors === 0, `${botRun.result.replies} replies, ${botRun.result.errors} errors`],
] as const;
console.log('');
for (const [name, ok, value] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name.padEnd(38)} ${value}`);

child.send({ type: 'exit' });
await app.stop();
floor.server.close();
replyAgent.destroy();
floorDb.$client.close();
rmSync(dir, { recursive: true, force: true });
process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;

function listen(a: express.Express): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = a.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}
