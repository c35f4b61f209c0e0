/**
 * `npm run bench:dashboard [-- --store postgres]`: the dashboard's progress (/tien-do) and calibration (/hieu-chuan)
 * pages for a 50,000-person province (one unit, 500 departments of 100, a quarter with every submission state,
 * reviewers' adjustments, a few outliers and 2,500 people the last reminder did not reach), requested over HTTP by
 * a signed-in office on the real app (createApp on a SQLite file, or on PostgreSQL: the same rows copied with the
 * store's own `db copy`). For each page: p50/p95, statements per request and HTML size; next to them, in the same
 * run and the same number of times, the floors: the plain SQL the page needs (one aggregate or one select of the
 * same rows, on the same database) and a bare route of the same server (`/healthz`). Target: p95 < 300 ms.
 *
 * The load average is printed at the start and the end: on a shared machine, read the figures next to it.
 */
import { initialState, serialiseState, STATE_SCHEMA_VERSION } from '../../src/conversation/state.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import { departments, jobRuns, people, personRoles, reminderDeliveries, submissions, units } from '../../db/schema.js';
import { createApp } from '../../src/app/create-app.js';
import { calibrationData } from '../../src/dashboard/calibration-data.js';
import { progressData } from '../../src/dashboard/dashboard-data.js';
import { loadConfig } from '../../src/config.js';
import { issueInviteCode } from '../../src/directory/issue-invite-code.js';
import { createLogger } from '../../src/logger.js';
import { openPeriod } from '../../src/periods/open-period.js';
import { loadRubricFile } from '../../src/scoring/load-rubrics.js';
import { copyStore } from '../../src/store/copy-store.js';
import { openPostgresTableTarget } from '../../src/store/postgres/table-target.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { openSqliteTableSource } from '../../src/store/sqlite/table-source.js';
import { benchPgConfig, benchStore, createBenchDatabase, serverVersion } from './bench-postgres.js';

const UNIT = 'tinh-bench';
const DEPARTMENTS = Number(process.env.BENCH_DASHBOARD_DEPARTMENTS ?? 500);
const PER_DEPARTMENT = 100;
const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 30);
const TARGET_P95_MS = 300;
const NOW = Date.parse('2026-03-05T03:00:00Z');
const STATUSES = ['approved', 'approved', 'submitted', 'returned', 'draft'] as const;
const STORE = benchStore();

/**
 * Statements the process runs, counted where every query passes: better-sqlite3's statement methods (SQLite) and
 * pg's `Client.query` (PostgreSQL, BEGIN/COMMIT included). The bench and the app share the process.
 */
const counted = { n: 0 };
function countStatements(): void {
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = proto[method] as (...args: unknown[]) => unknown;
    proto[method] = function (this: unknown, ...args: unknown[]) {
      counted.n++;
      return original.apply(this, args);
    };
  }
  const client = pg.Client.prototype as unknown as Record<string, unknown>;
  const query = client.query as (...args: unknown[]) => unknown;
  client.query = function (this: unknown, ...args: unknown[]) {
    counted.n++;
    return query.apply(this, args);
  };
}

async function seed(dbPath: string): Promise<{ officeId: number; periodId: number; firstDepartment: number }> {
  const store = createSqliteStore(dbPath);
  const { db } = store;
  db.insert(units).values({ id: UNIT, name: 'Tỉnh đo hiệu năng', createdAt: 0 }).run();
  const period = await store.transaction((tx) => openPeriod(tx, { unitId: UNIT, rubric: loadRubricFile('flows/dak-nong-chien-binh-so-2024.yaml'), code: '2026-Q1', by: null }));
  let officeId = 0;
  let firstDepartment = 0;
  db.$client.transaction(() => {
    const slot = NOW - 86_400_000;
    db.insert(jobRuns).values({ jobName: 'self-reminder', unitId: UNIT, slot, status: 'done', startedAt: slot }).run();
    for (let d = 0; d < DEPARTMENTS; d++) {
      const dept = db.insert(departments).values({ unitId: UNIT, name: `Sở/Phòng ${d + 1}` }).returning({ id: departments.id }).get().id;
      if (d === 0) firstDepartment = dept;
      for (let i = 0; i < PER_DEPARTMENT; i++) {
        const n = d * PER_DEPARTMENT + i;
        const id = db.insert(people).values({ unitId: UNIT, departmentId: dept, fullName: `Cán bộ ${n + 1}` }).returning({ id: people.id }).get().id;
        db.insert(personRoles).values({ personId: id, role: i === 0 ? 'head' : 'staff' }).run();
        if (n === 0) {
          db.insert(personRoles).values({ personId: id, role: 'office' }).run();
          officeId = id;
        }
        const status = i % 10 === 9 ? null : STATUSES[i % STATUSES.length];
        if (status) {
          // Mostly 40–99; one in 97 far below its department (an outlier); one in 7 adjusted by the head (−5).
          const total = n % 97 === 3 ? 5 : 40 + (n % 60);
          const reviewed = status === 'approved' ? (n % 7 === 0 ? Math.max(0, total - 5) : total) : null;
          db.insert(submissions)
            .values({
              periodId: period.id,
              personId: id,
              status,
              selfTotal: total,
              reviewedTotal: reviewed,
              band: status === 'approved' ? 'chien-binh-so' : null,
              classified: status === 'approved' ? true : null,
              submittedAt: status === 'draft' ? null : NOW - 3_600_000,
              revision: 1,
              updatedAt: NOW - 3_600_000,
            })
            .run();
        }
        if (n % 20 === 7) db.insert(reminderDeliveries).values({ jobName: 'self-reminder', unitId: UNIT, slot, personId: id, outcome: 'not_linked', at: slot }).run();
      }
    }
  })();
  await store.close();
  return { officeId, periodId: period.id, firstDepartment };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

interface Timing {
  p50: number;
  p95: number;
  /** Statements of the warm-up call (the same every call). */
  statements: number;
}

async function timed(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  const before = counted.n;
  await fn(); // warm-up, and the statement count
  const statements = counted.n - before;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), statements };
}

/** The plain SQL each page needs, run on the same database as the app. */
interface Floors {
  progress(): Promise<unknown>;
  calibration(): Promise<unknown>;
  close(): Promise<void>;
}

const PROGRESS_SQL = (p: (i: number) => string) => `SELECT p.department_id, s.status, count(*) AS n
  FROM people p LEFT JOIN submissions s ON s.person_id = p.id AND s.period_id = ${p(1)}
  WHERE p.unit_id = ${p(2)} GROUP BY p.department_id, s.status`;
const CALIBRATION_SQL = (p: (i: number) => string) => `SELECT p.id, p.full_name, p.department_id, s.reviewed_total, s.self_total
  FROM submissions s JOIN people p ON p.id = s.person_id
  WHERE s.period_id = ${p(1)} AND p.unit_id = ${p(2)} AND s.status = 'approved' AND s.reviewed_total IS NOT NULL
  ORDER BY p.department_id, p.id`;

function sqliteFloors(path: string, periodId: number): Floors {
  const db = new Database(path, { readonly: true });
  const progress = db.prepare(PROGRESS_SQL(() => '?'));
  const calibration = db.prepare(CALIBRATION_SQL(() => '?'));
  return {
    progress: async () => progress.all(periodId, UNIT),
    calibration: async () => calibration.all(periodId, UNIT),
    close: async () => {
      db.close();
    },
  };
}

function postgresFloors(url: string, periodId: number): Floors {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  return {
    progress: async () => (await pool.query({ name: 'floor_progress', text: PROGRESS_SQL((i) => `$${i}`), values: [periodId, UNIT] })).rows,
    calibration: async () => (await pool.query({ name: 'floor_calibration', text: CALIBRATION_SQL((i) => `$${i}`), values: [periodId, UNIT] })).rows,
    close: () => pool.end(),
  };
}

/**
 * fetch, once more when the server had just closed the kept-alive connection (ECONNRESET): between two lines the
 * bench runs SQL for longer than the server's keep-alive timeout, and the first request may then meet a closing
 * socket. Never more than one retry; any other failure is thrown.
 */
async function fetchAgain(input: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (error) {
    const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
    if (cause?.code !== 'ECONNRESET') throw error;
    return fetch(input, init);
  }
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'thidua-bench-dashboard-'));
  const dbPath = join(dir, 'thidua.db');
  const pgDb = STORE === 'postgres' ? await createBenchDatabase('thidua_bench_dashboard') : null;
  try {
    console.log(`load average at start (1, 5, 15 min): ${load()}`);
    let t = performance.now();
    const { officeId, periodId, firstDepartment } = await seed(dbPath);
    console.log(`seeded ${DEPARTMENTS * PER_DEPARTMENT} people in ${DEPARTMENTS} departments in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    if (pgDb) {
      t = performance.now();
      const source = openSqliteTableSource(dbPath);
      const target = await openPostgresTableTarget(benchPgConfig(pgDb.url));
      try {
        await copyStore(source, target, { conversationReset: { schemaVersion: STATE_SCHEMA_VERSION, state: serialiseState(initialState()) } });
      } finally {
        await source.close();
        await target.close();
      }
      console.log(`copied to PostgreSQL ${await serverVersion(pgDb.url)} (db copy) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      const analyse = new pg.Client({ connectionString: pgDb.url });
      await analyse.connect();
      await analyse.query('ANALYZE');
      await analyse.end();
    }
    console.log(`store: ${STORE}; ${RUNS} timed requests per line, one after another`);
    const config = loadConfig({
      DATABASE_PATH: dbPath,
      ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
      DATA_DIR: join(dir, 'data'),
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO_DATA: 'off',
      SCHEDULER: 'off',
      LOG_LEVEL: 'silent',
    });
    const app = await createApp({ config, logger: createLogger('silent'), clock: { now: () => new Date(NOW) } });
    const { url } = await app.start();
    const floors = pgDb ? postgresFloors(pgDb.url, periodId) : sqliteFloors(dbPath, periodId);
    countStatements();
    try {
      const { code } = await app.store.transaction((tx) => issueInviteCode(tx, officeId, NOW, 86_400_000));
      const login = await fetch(`${url}/dang-nhap`, { method: 'POST', body: new URLSearchParams({ code }), redirect: 'manual' });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      if (login.status !== 303 || !cookie) throw new Error(`login failed: ${login.status}`);

      const sizes = new Map<string, number>();
      const getPage = (path: string, mustContain: readonly string[]) => async () => {
        const r = await fetchAgain(`${url}${path}`, { headers: { cookie } });
        const body = await r.text();
        if (r.status !== 200 || mustContain.some((s) => !body.includes(s))) throw new Error(`${path} wrong: ${r.status}`);
        sizes.set(path, Buffer.byteLength(body));
        return body;
      };
      const who = { actorId: officeId, now: new Date(NOW), channel: 'web' as const };
      const department = `/tien-do?phong=${firstDepartment}`;
      const results: [string, string | null, Timing][] = [
        ['floor: bare route /healthz', null, await timed(RUNS, async () => (await fetchAgain(`${url}/healthz`)).text())],
        ['floor: progress SQL aggregate', null, await timed(RUNS, floors.progress)],
        ['/tien-do (counts per department)', '/tien-do', await timed(RUNS, getPage('/tien-do', [`Sở/Phòng ${DEPARTMENTS}</b>`, 'bấm tên phòng']))],
        ['/tien-do?phong= (100 people)', department, await timed(RUNS, getPage(department, ['Cán bộ 100', 'chưa liên kết']))],
        ['  progress data, no HTTP/HTML', null, await timed(RUNS, () => app.store.read((tx) => progressData(tx, who, null)))],
        ['floor: calibration SQL select', null, await timed(RUNS, floors.calibration)],
        ['/hieu-chuan (summary + 1 chart)', '/hieu-chuan', await timed(RUNS, getPage('/hieu-chuan', [`Sở/Phòng ${DEPARTMENTS}</b>`, '<svg']))],
        ['  calibration data, no HTTP/HTML', null, await timed(RUNS, () => app.store.read((tx) => calibrationData(tx, who)))],
      ];
      const ms = (x: number) => `${x.toFixed(1)} ms`.padStart(10);
      console.log(`${'what'.padEnd(34)}${'p50'.padStart(10)}${'p95'.padStart(10)}  statements  HTML`);
      for (const [what, path, r] of results) {
        const size = path ? `${((sizes.get(path) ?? 0) / 1024).toFixed(0)} KB` : '';
        console.log(`${what.padEnd(34)}${ms(r.p50)}${ms(r.p95)}  ${String(r.statements).padStart(10)}  ${size}`);
      }
      console.log(`load average at end (1, 5, 15 min): ${load()}`);
      const pages = results.filter(([, path]) => path === '/tien-do' || path === '/hieu-chuan');
      const ok = pages.every(([, , r]) => r.p95 < TARGET_P95_MS);
      console.log(ok ? `target p95 < ${TARGET_P95_MS} ms on ${STORE} ✔` : `target p95 < ${TARGET_P95_MS} ms on ${STORE} ✘`);
      if (!ok) process.exitCode = 1;
    } finally {
      await floors.close();
      await app.stop();
    }
  } finally {
    await pgDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
