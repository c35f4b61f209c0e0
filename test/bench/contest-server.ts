/**
 * The server of `npm run bench:contest`, in its own process so the 500 simulated candidates do not share its event
 * loop: the exam room alone over a SQLite FILE store (WAL), the system clock, the time-out sweep running.
 * argv: <database file>. Prints `PORT <n>`. It also times every request inside the server (arrival → response
 * finished; `GET /bench/floor` is /healthz's work behind the same timing): on a `DUMP` line on stdin it prints `STATS {json}` (p50/p99 per route since the last dump) and resets.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { createExamRoom } from '../../src/exam-room/exam-room.js';
import { createHttpApp } from '../../src/http/create-http-app.js';
import { silentLogger } from '../../src/logger.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { contestCatalogue } from '../helpers/contest-world.js';

const [path] = process.argv.slice(2);
if (!path) throw new Error('usage: contest-server.ts <database file>');
const store = createSqliteStore(path);
const { catalogue, contest } = contestCatalogue({ theoryMinutes: 60 });
const room = createExamRoom({ store, catalogue, contestId: contest.id, logger: silentLogger(), now: Date.now });
const timings = new Map<string, number[]>();
const app = createHttpApp({
  logger: silentLogger(),
  mounts: [
    (a) =>
      a.use((req, res, next) => {
        const t0 = performance.now();
        res.on('finish', () => {
          const key = `${req.method} ${req.path}`;
          const list = timings.get(key) ?? [];
          list.push(performance.now() - t0);
          timings.set(key, list);
        });
        next();
      }),
    // The floor: what /healthz does (express, JSON, a database ping), behind the same timing middleware.
    (a) =>
      a.get('/bench/floor', async (_req, res) => {
        res.json({ ok: await store.ping() });
      }),
    (a) => room.mount(a),
  ],
  health: () => store.ping(),
});
const server: Server = await new Promise((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
room.start();
process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'DUMP') return;
  const stats = Object.fromEntries(
    [...timings].map(([k, v]) => {
      const s = [...v].sort((a, b) => a - b);
      return [k, { n: s.length, p50: pct(s, 50), p99: pct(s, 99) }];
    }),
  );
  timings.clear();
  process.stdout.write(`STATS ${JSON.stringify(stats)}\n`);
});
process.on('SIGTERM', () => {
  void room
    .stop()
    .then(() => new Promise<void>((r) => server.close(() => r())))
    .then(() => store.close())
    .then(() => process.exit(0));
  server.closeAllConnections();
});
