/**
 * `npm run bench:dashboard`: the dashboard's progress page for a 50,000-person province (one unit, 500 departments
 * of 100, a quarter with every submission state and 2,500 people the last reminder did not reach), requested over
 * HTTP by a signed-in office on the real app (createApp, SQLite file). Next to it, in the same run, two floors: the
 * same counts as ONE plain SQL aggregate over the same rows, and a bare route of the same server (`/healthz`).
 * Target: p95 < 300 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { departments, jobRuns, people, personRoles, reminderDeliveries, submissions, units } from '../../db/schema.js';
import { createApprovalService } from '../../src/approval/approval-service.js';
import { createApp } from '../../src/app/create-app.js';
import { progressData } from '../../src/dashboard/dashboard-data.js';
import { loadConfig } from '../../src/config.js';
import { issueInviteCode } from '../../src/directory/issue-invite-code.js';
import { createLogger } from '../../src/logger.js';
import { openPeriod } from '../../src/periods/open-period.js';
import { loadRubricFile } from '../../src/scoring/load-rubrics.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const UNIT = 'tinh-bench';
const DEPARTMENTS = Number(process.env.BENCH_DASHBOARD_DEPARTMENTS ?? 500);
const PER_DEPARTMENT = 100;
const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 30);
const NOW = Date.parse('2026-03-05T03:00:00Z');
const service = createApprovalService();
const STATUSES = ['approved', 'approved', 'submitted', 'returned', 'draft'] as const;

async function seed(dbPath: string): Promise<{ officeId: number; periodId: number }> {
  const store = createSqliteStore(dbPath);
  const { db } = store;
  db.insert(units).values({ id: UNIT, name: 'Tỉnh đo hiệu năng', createdAt: 0 }).run();
  const period = await store.transaction((tx) => openPeriod(tx, { unitId: UNIT, rubric: loadRubricFile('flows/dak-nong-chien-binh-so-2024.yaml'), code: '2026-Q1' }));
  let officeId = 0;
  db.$client.transaction(() => {
    const slot = NOW - 86_400_000;
    db.insert(jobRuns).values({ jobName: 'self-reminder', unitId: UNIT, slot, status: 'done', startedAt: slot }).run();
    for (let d = 0; d < DEPARTMENTS; d++) {
      const dept = db.insert(departments).values({ unitId: UNIT, name: `Sở/Phòng ${d + 1}` }).returning({ id: departments.id }).get().id;
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
          const total = 40 + (n % 60);
          db.insert(submissions)
            .values({
              periodId: period.id,
              personId: id,
              status,
              selfTotal: total,
              reviewedTotal: status === 'approved' ? total : null,
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
  return { officeId, periodId: period.id };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function timed(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'thidua-bench-dashboard-'));
  const dbPath = join(dir, 'thidua.db');
  try {
    const t0 = performance.now();
    const { officeId, periodId } = await seed(dbPath);
    console.log(`seeded ${DEPARTMENTS * PER_DEPARTMENT} people in ${DEPARTMENTS} departments in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const config = loadConfig({ DATABASE_PATH: dbPath, DATA_DIR: join(dir, 'data'), PORT: '0', HOST: '127.0.0.1', DEMO_DATA: 'off', SCHEDULER: 'off', LOG_LEVEL: 'silent' });
    const app = await createApp({ config, logger: createLogger('silent'), clock: { now: () => new Date(NOW) } });
    const { url } = await app.start();
    try {
      let t = performance.now();
      const { code } = await app.store.transaction((tx) => issueInviteCode(tx, officeId, NOW, 86_400_000));
      const login = await fetch(`${url}/dang-nhap`, { method: 'POST', body: new URLSearchParams({ code }), redirect: 'manual' });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      if (login.status !== 303 || !cookie) throw new Error(`login failed: ${login.status}`);
      console.log(`login ${(performance.now() - t).toFixed(0)} ms`);
      t = performance.now();
      const page = await fetch(`${url}/tien-do`, { headers: { cookie } });
      const body = await page.text();
      console.log(`first progress page ${(performance.now() - t).toFixed(0)} ms`);
      if (page.status !== 200 || !body.includes(`Sở/Phòng ${DEPARTMENTS}`) || !body.includes('chưa liên kết')) throw new Error(`progress page wrong: ${page.status}`);

      const sqlite = createSqliteStore(dbPath);
      const floorSql = await timed(RUNS, async () =>
        sqlite.db.$client
          .prepare(
            `SELECT p.department_id, coalesce(s.status, 'missing') AS status, count(*) AS n
             FROM people p LEFT JOIN submissions s ON s.person_id = p.id AND s.period_id = ?
             WHERE p.unit_id = ? GROUP BY p.department_id, status`,
          )
          .all(periodId, UNIT),
      );
      await sqlite.close();
      const floorHttp = await timed(RUNS, async () => (await fetch(`${url}/healthz`)).text());
      const progress = await timed(RUNS, async () => {
        const r = await fetch(`${url}/tien-do`, { headers: { cookie } });
        if (r.status !== 200) throw new Error(`status ${r.status}`);
        return r.text();
      });
      const direct = await timed(RUNS, () => app.store.read((tx) => progressData(tx, { actorId: officeId, now: new Date(NOW), channel: 'web' }, null)));
      const fmt = (x: { p50: number; p95: number }) => `p50 ${x.p50.toFixed(1)} ms, p95 ${x.p95.toFixed(1)} ms`;
      console.log(`floor, one SQL aggregate of the same rows: ${fmt(floorSql)}`);
      console.log(`floor, bare route /healthz:                ${fmt(floorHttp)}`);
      console.log(`progress page /tien-do (${(body.length / 1024).toFixed(0)} KB HTML):   ${fmt(progress)} = ${(progress.p95 / Math.max(floorSql.p95, 0.001)).toFixed(1)}× the SQL floor`);
      console.log(`progress data in process (no HTTP, no HTML):  ${fmt(direct)}`);
      console.log(progress.p95 < 300 ? 'target p95 < 300 ms ✔' : 'target p95 < 300 ms ✘');
      if (progress.p95 >= 300) process.exitCode = 1;
    } finally {
      await app.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
