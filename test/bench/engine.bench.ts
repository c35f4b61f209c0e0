/**
 * Engine benchmark: 50,000 inbound events from 5,000 concurrent conversations through the real engine with real
 * SQLite persistence (temp file, WAL). Prints events/s, p50/p99 per event and peak RSS, next to a floor measured in
 * the same run: the same number of single-row SQLite writes (autocommit INSERTs) on the same kind of database.
 *
 * Each conversation: share phone (link) → /tudanhgia → 8 answers, alternating typed text and button presses taken
 * from the previous reply. All 5,000 conversations run at once (interleaved, closed loop: a conversation sends its
 * next event as soon as it has the reply, and keeps only the button it will press, as a chat client would); per-chat
 * order is kept by the engine.
 *
 * What is measured:
 * - events/s: all 50,000 events over the wall-clock time of the run (queueing included);
 * - "per event" is the service time: from the moment the engine starts processing the event (the start of its
 *   group-commit batch) to the moment its result is durable (the end of that batch's COMMIT); each event is charged
 *   its whole batch, so this is an upper bound of its own work. Waiting in line behind the other 4,999
 *   conversations' events is not included: with 5,000 events in flight it is ≈ 5,000 ÷ throughput, whatever the
 *   engine does (Little's law). It is printed for information ("in flight") and is what events/s already measures.
 * - peak RSS of the process that runs the engine: the workload runs in a fresh child process over the database
 *   seeded by the parent, so building 5,000 people with drizzle does not count; everything the child does (node,
 *   modules, opening the database, the 5,000 conversations) does. The floor runs in the parent, once just before
 *   and once just after the engine's run (the baseline is their mean).
 * - the engine process runs the code as `npm start` runs it: compiled by scripts/build.mjs (this file included,
 *   into node_modules/.cache/), with plain node. `BENCH_ENGINE_RUNTIME=tsx` runs it through tsx instead, for
 *   comparison.
 *
 * Run: npm run bench:engine   Targets (issue 11): ≥ 5,000 events/s, p99 < 10 ms, peak RSS < 200 MB, ≥ 20% of the floor's rate.
 *
 * PostgreSQL (issue 12): `npm run bench:engine -- --store postgres` runs the same workload on the PostgreSQL store
 * (a throwaway database on BENCH_DATABASE_URL / TEST_DATABASE_URL / the local server, pool of BENCH_PG_POOL = 10
 * connections: the server's default DATABASE_POOL_SIZE). Each event is one transaction holding the chat's
 * advisory lock; "per event" is then the unit's service time (connection held → COMMIT done). The floor: the same
 * number of single-row transactions (autocommit INSERTs) on the same server from as many connections as the
 * store's pool, measured just before and just after. Targets: ≥ 1,500 events/s, p99 < 50 ms, ≥ 40% of the floor.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ConversationEngine } from '../../src/conversation/engine.js';
import type { EngineLogger } from '../../src/conversation/engine-logger.js';
import { T } from '../../src/conversation/render/texts.js';
import type { EngineResult, InboundEvent, OutboundMessage } from '../../src/conversation/types.js';
import { createLocalFileStore } from '../../src/store/files/local-file-store.js';
import { createPostgresStore, openPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js';
import { createSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { preferencesWorkflow } from '../../src/workflows/preferences/preferences-workflow.js';
import { selfAssessmentWorkflow } from '../../src/workflows/self-assessment/self-assessment-workflow.js';
import type { SeedPerson } from '../helpers/seed-unit.js';
import { BENCH_POOL_SIZE, benchPgConfig, benchStore, createBenchDatabase, measurePgFloor, serverCpuSeconds, serverVersion } from './bench-postgres.js';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 5_000);
const EVENTS_PER_CONVERSATION = 10;
const TOTAL = CONVERSATIONS * EVENTS_PER_CONVERSATION;
const WORKLOAD_FLAG = '--workload';
/** V8 flags of the engine process: the server's own (`npm start`), unless BENCH_ENGINE_NODE_FLAGS says. */
async function engineNodeFlags(): Promise<string[]> {
  const custom = process.env.BENCH_ENGINE_NODE_FLAGS;
  if (custom !== undefined) return custom.split(' ').filter(Boolean);
  const { serverNodeFlags } = await import('../../scripts/build.mjs');
  return serverNodeFlags();
}
const RUNTIME = process.env.BENCH_ENGINE_RUNTIME === 'tsx' ? 'tsx' : 'compiled';
/** The store under test: the parent reads `--store`, the engine process the BENCH_STORE the parent sets. */
const STORE = benchStore();
/** The PostgreSQL database of this run (set by the parent for the engine process). */
const PG_URL_ENV = 'BENCH_ENGINE_PG_URL';
/** Where the parent compiles the engine and this file for the child (inside the project: see scripts/build.mjs). */
const BUILD_DIR = 'node_modules/.cache/thidua-bench-engine';

const silent: EngineLogger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

/** What the child process reports (JSON in `<dir>/report.json`). */
interface WorkloadReport {
  sent: number;
  failures: number;
  seconds: number;
  cpuSeconds: number;
  p50: number;
  p99: number;
  max: number;
  inFlightP50: number;
  batches: number;
  peakRss: number;
  rssBefore: number;
  answers: number;
  linked: number;
}

function phoneOf(i: number): string {
  return `09${String(10_000_000 + i).padStart(8, '0')}`;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function measureFloor(dir: string, name: string): number {
  const db = openSqlite(join(dir, `${name}.db`));
  db.$client.exec('CREATE TABLE floor (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v TEXT NOT NULL, at INTEGER NOT NULL)');
  const insert = db.$client.prepare('INSERT INTO floor (k, v, at) VALUES (?, ?, ?)');
  const t0 = performance.now();
  for (let i = 0; i < TOTAL; i += 1) insert.run(`k${i}`, '{"schemaVersion":1,"dialog":{"type":"idle"}}', i);
  const seconds = (performance.now() - t0) / 1000;
  db.$client.close();
  return TOTAL / seconds;
}

/** Runs in the parent: the seeding helper (YAML rubric loader) is not loaded by the engine process. */
async function seed(store: Store): Promise<void> {
  const { seedUnit } = await import('../helpers/seed-unit.js');
  const people: SeedPerson[] = Array.from({ length: CONVERSATIONS }, (_, i) => ({
    key: `p${i}`,
    fullName: `Cán bộ ${i}`,
    phone: phoneOf(i),
    department: i % 2,
    roles: i % 50 === 0 ? ['head', 'staff'] : ['staff'],
  }));
  await seedUnit(store, { people, leaderInCharge: null });
  if (store.dialect === 'sqlite') (store as SqliteStore).db.$client.pragma('wal_checkpoint(TRUNCATE)');
  else await analyzeSeededTables(store as PostgresStore);
  await store.close();
}

/**
 * VACUUM ANALYZE of the tables the seed filled, and only those: the others stay as a fresh deployment has them (never
 * analysed, so the planner assumes they may grow). Why not a VACUUM ANALYZE of everything: it records the empty
 * tables as empty, the first plans then scan them sequentially, and the app's prepared statements keep those plans
 * while the tables grow, until autovacuum's next ANALYZE (up to a minute) replaces them — longer than this whole run.
 * A running deployment's tables have the statistics of their real size.
 */
async function analyzeSeededTables(store: PostgresStore): Promise<void> {
  const tables = await store.pool.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
  for (const { name } of tables.rows) {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    const filled = await store.pool.query(`SELECT 1 FROM ${quoted} LIMIT 1`);
    if (filled.rowCount) await store.pool.query(`VACUUM ANALYZE ${quoted}`);
  }
}

/** `SELECT count(*)` on the store's own database (the report's row check). */
async function countRows(store: Store, table: 'answers' | 'chat_accounts'): Promise<number> {
  if (store.dialect === 'sqlite') return (store as SqliteStore).db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).pluck().get() as number;
  return Number((await (store as PostgresStore).pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);
}

/** The engine's answer to an event it could not handle (see ConversationEngine.failed). */
function isApology(reply: OutboundMessage): boolean {
  return reply.kind === 'text' && reply.text === T.error;
}

/** The button a person presses next: the "pass" answer of the question on screen, if any. */
function passButton(result: EngineResult): string | null {
  for (const reply of result.replies) {
    if (reply.kind !== 'choices') continue;
    for (const c of reply.choices) if (c.payload.startsWith('q:') && c.payload.endsWith(':pass')) return c.payload;
  }
  return null;
}

/** Runs in the child process: the measured workload over the seeded database. */
async function workload(dir: string): Promise<WorkloadReport> {
  let clockMs = Date.UTC(2026, 11, 3, 2, 0);
  const latencies = new Float64Array(TOTAL);
  let n = 0;
  let batches = 0;
  const onBatch = ({ size, ms }: { size: number; ms: number }) => {
    batches += 1;
    for (let k = 0; k < size && n < TOTAL; k += 1) latencies[n++] = ms;
  };
  const pgUrl = process.env[PG_URL_ENV];
  const store: Store =
    STORE === 'postgres' && pgUrl
      ? createPostgresStore(benchPgConfig(pgUrl), { skipMigrations: true, onUnit: ({ ms }) => onBatch({ size: 1, ms }) })
      : createSqliteStore(join(dir, 'engine.db'), { onBatch });
  const engine = new ConversationEngine({
    store,
    files: createLocalFileStore({ dataDir: dir }),
    // Nobody is prompted in this workload (no one submits); a notification would be a bug here.
    notifier: { dispatch: () => Promise.reject(new Error('unexpected notification')) },
    clock: { now: () => new Date((clockMs += 1)) },
    logger: silent,
    workflows: [selfAssessmentWorkflow, preferencesWorkflow],
  });

  const inFlight = new Float64Array(TOTAL);
  let sent = 0;
  let failures = 0;
  let firstError: unknown;
  let peakRss = process.memoryUsage().rss;
  const typed = ['dat', 'khong dat', 'có', 'đạt'];

  /**
   * One person's chat, as a small state machine rather than an async function: a waiting conversation holds only
   * this object and its pending event (the client's own memory counts in the engine process's RSS).
   */
  class Conversation {
    private readonly userId: string;
    private step = 0;
    private pass: string | null = null;
    private started = 0;
    private index = 0;
    private resolveDone: () => void = () => {};
    readonly done = new Promise<void>((resolve) => {
      this.resolveDone = resolve;
    });

    constructor(private readonly i: number) {
      this.userId = `u${i}`;
      this.send();
    }

    /** Built field by field, as a channel adapter does (no spread of a shared base). */
    private event(): InboundEvent {
      const { userId, i, step } = this;
      const eventId = `${userId}-${step + 1}`;
      const receivedAt = new Date(clockMs);
      const channel = 'telegram';
      if (step === 0) return { channel, userId, chatId: userId, eventId, receivedAt, kind: 'contact', phone: phoneOf(i), verified: true };
      if (step === 1) return { channel, userId, chatId: userId, eventId, receivedAt, kind: 'command', name: 'tudanhgia', args: '' };
      const q = step - 2;
      if (q % 2 === 1 && this.pass) return { channel, userId, chatId: userId, eventId, receivedAt, kind: 'button', payload: this.pass };
      return { channel, userId, chatId: userId, eventId, receivedAt, kind: 'text', text: typed[(i + q) % typed.length] ?? 'dat' };
    }

    /** One callback per conversation, not one per event. */
    private readonly onResult = (result: EngineResult): void => this.received(result);
    /** A rejected step counts as a failure and ends this conversation (the run still completes and reports it). */
    private readonly onError = (error: unknown): void => {
      failures += 1;
      firstError ??= error;
      this.resolveDone();
    };

    private send(): void {
      this.index = sent;
      sent += 1;
      if (sent % 5_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
      this.started = performance.now();
      engine.handle(this.event()).then(this.onResult).catch(this.onError);
    }

    private received(result: EngineResult): void {
      inFlight[this.index] = performance.now() - this.started;
      if (result.replies.length === 0 || result.replies.some(isApology)) failures += 1;
      this.pass = passButton(result);
      this.step += 1;
      if (this.step < EVENTS_PER_CONVERSATION) this.send();
      else this.resolveDone();
    }
  }

  const rssBefore = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const conversations = Array.from({ length: CONVERSATIONS }, (_, i) => new Conversation(i));
  for (const c of conversations) await c.done;
  if (firstError !== undefined) console.error('engine.handle rejected (first of the failures):', firstError);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);

  const answers = await countRows(store, 'answers');
  const linked = await countRows(store, 'chat_accounts');
  await store.close();
  const sorted = latencies.slice(0, n).sort();
  const queued = inFlight.slice(0, sent).sort();
  return {
    sent,
    failures,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? 0,
    inFlightP50: percentile(queued, 50),
    batches,
    peakRss,
    rssBefore,
    answers,
    linked,
  };
}

/** The store's database for this run: SQLite in `dir`, or a throwaway PostgreSQL database (seeded, migrated). */
interface Target {
  label: string;
  /** Transactions per second of the floor (called before and after the engine's run). */
  floor(name: string): Promise<number>;
  floorLabel: string;
  env: Record<string, string>;
  targets: { rate: number; ratio: number; p99: number };
  perEvent: string;
  /** The database server's CPU seconds so far, when it is a separate process on this machine (PostgreSQL). */
  serverCpu(): Promise<number | null>;
  close(): Promise<void>;
}

async function prepare(dir: string): Promise<Target> {
  if (STORE === 'sqlite') {
    await seed(createSqliteStore(join(dir, 'engine.db'), { backgroundCheckpoints: false }));
    return {
      label: 'SQLite WAL (temp file)',
      floor: async (name) => measureFloor(dir, name),
      floorLabel: `${TOTAL} autocommit INSERTs`,
      env: {},
      targets: { rate: 5_000, ratio: 0.2, p99: 10 },
      perEvent: 'its group-commit batch, start → COMMIT done',
      serverCpu: async () => null,
      close: async () => undefined,
    };
  }
  const db = await createBenchDatabase('thidua_bench_engine');
  try {
    await seed(await openPostgresStore(benchPgConfig(db.url)));
    const version = await serverVersion(db.url);
    return {
      label: `PostgreSQL ${version} (same machine), pool of ${BENCH_POOL_SIZE} connections`,
      floor: (name) => measurePgFloor(db.url, BENCH_POOL_SIZE, TOTAL, name),
      floorLabel: `${TOTAL} single-row transactions (autocommit INSERTs) from ${BENCH_POOL_SIZE} connections at once`,
      env: { BENCH_STORE: 'postgres', [PG_URL_ENV]: db.url },
      targets: { rate: 1_500, ratio: 0.4, p99: 50 },
      perEvent: 'its transaction, connection held → COMMIT done',
      serverCpu: () => serverCpuSeconds(db.url),
      close: () => db.drop(),
    };
  } catch (error) {
    await db.drop();
    throw error;
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'thidua-bench-'));
  let target: Target | undefined;
  try {
    // The floor is measured just before and just after the engine's run, and their mean is the baseline: this
    // machine's speed drifts by ±15% over minutes (shared host), and the engine run lies between the two.
    target = await prepare(dir);
    const floorBefore = await target.floor('floor_before');
    const flags = await engineNodeFlags();
    let child: string[];
    if (RUNTIME === 'tsx') child = [...process.execArgv, ...flags, fileURLToPath(import.meta.url)];
    else {
      const { build, ROOT } = await import('../../scripts/build.mjs');
      await build({ extra: ['test/bench/engine.bench.ts', 'test/bench/bench-postgres.ts'], outdir: join(ROOT, BUILD_DIR) });
      child = [...flags, join(ROOT, BUILD_DIR, 'test/bench/engine.bench.js')];
    }
    const serverCpuBefore = await target.serverCpu();
    execFileSync(process.execPath, [...child, WORKLOAD_FLAG, dir], {
      stdio: 'inherit',
      env: { ...process.env, ...target.env },
    });
    const serverCpuAfter = await target.serverCpu();
    const floorAfter = await target.floor('floor_after');
    const floorRate = (floorBefore + floorAfter) / 2;
    const r = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as WorkloadReport;
    const rate = r.sent / r.seconds;
    const ratio = rate / floorRate;
    const mb = r.peakRss / (1024 * 1024);
    const ok = (b: boolean) => (b ? 'OK ' : 'FAIL');
    const goal = target.targets;
    console.log(`engine benchmark — ${r.sent} events, ${CONVERSATIONS} concurrent conversations, ${target.label}`);
    console.log(`  rows: ${r.linked} chat accounts linked, ${r.answers} answers stored; failed events: ${r.failures}`);
    const fmt = (n: number) => Math.round(n).toLocaleString('en');
    console.log(`  floor: ${fmt(floorRate)} single-row writes/s (${target.floorLabel}; ${fmt(floorBefore)} before the engine's run, ${fmt(floorAfter)} after)`);
    console.log(`  ${ok(rate >= goal.rate)} throughput: ${Math.round(rate).toLocaleString('en')} events/s (target ≥ ${fmt(goal.rate)})`);
    console.log(`  ${ok(ratio >= goal.ratio)} ratio to floor: ${(ratio * 100).toFixed(1)}% (target ≥ ${goal.ratio * 100}%)`);
    console.log(
      `  ${ok(r.p99 < goal.p99)} per event (service: ${target.perEvent}): p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms, max ${r.max.toFixed(2)} ms (target p99 < ${goal.p99} ms); ${r.batches} batches, ${(r.sent / r.batches).toFixed(1)} events each`,
    );
    console.log(
      `  info: in flight (queue + service, ${CONVERSATIONS} events outstanding at all times): p50 ${r.inFlightP50.toFixed(0)} ms ≈ ${CONVERSATIONS} ÷ throughput`,
    );
    console.log(
      `  cpu: ${r.cpuSeconds.toFixed(2)} s for ${r.seconds.toFixed(2)} s wall → ${Math.round(r.sent / r.cpuSeconds).toLocaleString('en')} events per CPU-second (engine process); load average ${(loadavg()[0] ?? 0).toFixed(1)} on ${availableParallelism()} CPUs; engine process RSS before the run ${(r.rssBefore / 1048576).toFixed(0)} MB`,
    );
    if (serverCpuBefore !== null && serverCpuAfter !== null) {
      const server = serverCpuAfter - serverCpuBefore;
      const perEvent = (s: number) => `${((s * 1e6) / r.sent).toFixed(0)} µs`;
      console.log(
        `  cpu per event: engine process ${perEvent(r.cpuSeconds)} + database server ${perEvent(server)} = ${perEvent(r.cpuSeconds + server)} → at most ${fmt((availableParallelism() * r.sent) / (r.cpuSeconds + server))} events/s on ${availableParallelism()} CPUs with nothing else running`,
      );
    }
    console.log(
      `  ${ok(mb < 200)} peak RSS (engine process, ${RUNTIME}, node ${flags.join(' ') || 'defaults'}): ${mb.toFixed(0)} MB (target < 200 MB)`,
    );
    if (r.failures > 0 || r.answers !== CONVERSATIONS * (EVENTS_PER_CONVERSATION - 2)) process.exitCode = 1;
  } finally {
    await target?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === WORKLOAD_FLAG) {
  const dir = process.argv[3];
  if (!dir) throw new Error('usage: engine.bench.ts --workload <dir>');
  writeFileSync(join(dir, 'report.json'), JSON.stringify(await workload(dir)));
} else {
  await main();
}
