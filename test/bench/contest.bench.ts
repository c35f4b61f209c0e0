/**
 * Contest benchmark (issue 15): 500 candidates taking the theory test at once against ONE exam-room server (its own
 * process, SQLite file in WAL, as deployed), each clicking an answer every 2–5 s (uniformly random), and every click
 * saved before it is acknowledged. Prints answer-save latency p50/p99 as the candidate's computer sees it (HTTP round
 * trip: parse, session check, the attempt's clock, the unit of work with its COMMIT) and the lost answers (the
 * database compared with the last acknowledged click of every question of every candidate) next to a floor measured
 * in the same run: the same 500 clients at the same pace calling `GET /bench/floor` (what `/healthz` does: HTTP + express + a database ping).
 *
 * Phases: floor (real pace), answers at real pace (2–5 s), then the same with time compressed ×5 (0.4–1 s per click,
 * ≈ 5 times the real load) to show the head room. Durations: BENCH_CONTEST_SECONDS (default 40 s per answer phase,
 * 20 s for the floor and the compressed phase); candidates: BENCH_CONTEST_CANDIDATES (default 500).
 *
 * Both are printed: the round trip as the candidates' computers see it (client side, sharing this machine's CPUs with
 * the simulated candidates) and the time inside the server (request arrival → response finished).
 *
 * Run: npm run bench:contest   Target: answer-save p99 < 50 ms at real pace, 0 lost answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedContestWorld } from '../helpers/contest-world.js';
import { ExamClient } from '../helpers/exam-server.js';

const CANDIDATES = Number(process.env.BENCH_CONTEST_CANDIDATES ?? 500);
const SECONDS = Number(process.env.BENCH_CONTEST_SECONDS ?? 40);
const dir = mkdtempSync(join(tmpdir(), 'thidua-bench-contest-'));
const dbPath = join(dir, 'contest.sqlite');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

type ServerStats = Record<string, { n: number; p50: number; p99: number }>;

interface BenchServer {
  child: ChildProcess;
  url: string;
  /** The server's own request timings (arrival → response finished) since the last call. */
  stats(): Promise<ServerStats>;
}

async function startServer(): Promise<BenchServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'contest-server.ts'), dbPath], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    let waiting: ((s: ServerStats) => void) | null = null;
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^PORT (\d+)$/m.exec(out);
      if (m && !url) {
        url = `http://127.0.0.1:${m[1]}`;
        resolve({
          child,
          url,
          stats: () =>
            new Promise((r) => {
              waiting = r;
              child.stdin?.write('DUMP\n');
            }),
        });
      }
      const s = /^STATS (.*)$/m.exec(out);
      if (s?.[1] && waiting) {
        out = out.slice((s.index ?? 0) + s[0].length);
        const w = waiting;
        waiting = null;
        w(JSON.parse(s[1]) as ServerStats);
      }
    });
    let url = '';
    child.on('exit', (code) => reject(new Error(`server ended (${code}) before listening`)));
  });
}

interface Candidate {
  number: string;
  pc: ExamClient;
  /** Last acknowledged label per question number. */
  acked: Map<number, string>;
}

interface PhaseResult {
  name: string;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
}

async function phase(name: string, candidates: Candidate[], seconds: number, minMs: number, maxMs: number, call: (c: Candidate) => Promise<boolean>): Promise<PhaseResult> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    candidates.map(async (c) => {
      // Spread the first clicks over one interval, as candidates do not click in step.
      await new Promise((r) => setTimeout(r, Math.random() * maxMs));
      while (performance.now() < end) {
        const t0 = performance.now();
        const ok = await call(c).catch(() => false);
        latencies.push(performance.now() - t0);
        if (!ok) errors += 1;
        await new Promise((r) => setTimeout(r, minMs + Math.random() * (maxMs - minMs)));
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { name, requests: latencies.length, errors, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN, perSecond: latencies.length / wall };
}

async function main(): Promise<void> {
  const seedStore = createSqliteStore(dbPath);
  const units = Math.ceil(CANDIDATES / 2);
  const world = await seedContestWorld(seedStore, { cityUnits: Math.ceil(units / 2), districtUnits: Math.floor(units / 2), roomCapacity: 30, now: Date.now(), announced: { theoryMinutes: 60 } });
  await seedStore.close();
  const server = await startServer();
  const { child, url } = server;
  try {
    const candidates: Candidate[] = world.candidates.slice(0, CANDIDATES).map((c) => ({ number: c.candidateNumber, pc: new ExamClient(url), acked: new Map() }));
    for (const c of candidates) {
      c.pc.bodies.length = 0;
      const res = await c.pc.signIn(c.number, world.roomCodes.get(world.candidates.find((x) => x.candidateNumber === c.number)?.roomId ?? '') ?? '');
      if (res.status !== 200) throw new Error(`sign-in ${c.number}: ${res.status} ${res.text}`);
      await c.pc.state();
      c.pc.bodies.length = 0;
    }
    const click = async (c: Candidate): Promise<boolean> => {
      const n = 1 + Math.floor(Math.random() * 40);
      const label = 'ABCD'[Math.floor(Math.random() * 4)] ?? 'A';
      const res = await c.pc.answer(n, label);
      c.pc.bodies.length = 0;
      if (res.status !== 200) return false;
      c.acked.set(n, label);
      return true;
    };
    const health = async (c: Candidate): Promise<boolean> => (await c.pc.call('GET', '/bench/floor')).status === 200 && (c.pc.bodies.length = 0) === 0;
    await server.stats();
    const results: PhaseResult[] = [];
    const inServer: Array<{ n: number; p50: number; p99: number } | undefined> = [];
    for (const [name, seconds, min, max, call, route] of [
      ['floor: GET /bench/floor, 2–5 s', Math.max(10, SECONDS / 2), 2000, 5000, health, 'GET /bench/floor'],
      ['answer save, 2–5 s (real pace)', SECONDS, 2000, 5000, click, 'POST /api/exam/answer'],
      ['answer save, ×5 compressed (0.4–1 s)', Math.max(10, SECONDS / 2), 400, 1000, click, 'POST /api/exam/answer'],
    ] as const) {
      results.push(await phase(name, candidates, seconds, min, max, call));
      inServer.push((await server.stats())[route]);
    }

    const db = new Database(dbPath, { readonly: true });
    const stored = db.prepare('SELECT x.question_number AS n, x.label FROM contest_answers x JOIN contest_attempts a ON a.id = x.attempt_id WHERE a.candidate_number = ?');
    let lost = 0;
    let acked = 0;
    for (const c of candidates) {
      const rows = new Map((stored.all(c.number) as Array<{ n: number; label: string }>).map((r) => [r.n, r.label]));
      for (const [n, label] of c.acked) {
        acked += 1;
        if (rows.get(n) !== label) lost += 1;
      }
    }
    db.close();

    const ok = (b: boolean) => (b ? '✔' : '✘');
    console.log(`bench:contest — ${candidates.length} candidates, one exam-room server (SQLite WAL, separate process); ${availableParallelism()} CPUs, load ${loadavg()[0]?.toFixed(2)}`);
    console.log('                                           round trip (client)                              in the server');
    console.log('phase                                      requests   req/s   p50 ms   p99 ms   max ms  errors   p50 ms   p99 ms');
    results.forEach((r, i) => {
      const s = inServer[i];
      console.log(
        `${r.name.padEnd(42)} ${String(r.requests).padStart(8)} ${r.perSecond.toFixed(0).padStart(7)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${r.max.toFixed(1).padStart(8)} ${String(r.errors).padStart(7)} ${(s?.p50 ?? NaN).toFixed(2).padStart(8)} ${(s?.p99 ?? NaN).toFixed(2).padStart(8)}`,
      );
    });
    const real = results[1];
    console.log(
      `${ok((real?.p99 ?? Infinity) < 50)} answer-save p99 at real pace ${real?.p99.toFixed(2)} ms round trip, ${inServer[1]?.p99.toFixed(2)} ms in the server (target < 50 ms; floor p99 ${results[0]?.p99.toFixed(2)} / ${inServer[0]?.p99.toFixed(2)} ms)`,
    );
    console.log(`${ok(lost === 0)} lost answers: ${lost} of ${acked} acknowledged (question × candidate, last click)`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
