/**
 * `npm run bench:score`: a province-sized data set (50,000 people in 300 units, one quarter of answers for the
 * `dak-nong-chien-binh-so-2024` rubric plus earlier quarters' totals) in a temp SQLite file, then
 *   (a) the full computation (`score-full.ts`): classify the whole quarter from the stored answers (scoreAnswers
 *       × 50,000, one ordered scan), each unit's leaderboard (top 5 with ties) and department means, year means;
 *   (b) the baseline: plain SQL aggregates over the same rows: the quarter's answers (SUM of points per
 *       submission, joined to people and units; also printed alone as b1) and the earlier quarters' totals per
 *       person as the year score takes them (seed 000 III.2.a: the classified totals summed and divided by 4, an
 *       unclassified quarter counting 0);
 *   (c) for information, the production read path: unitLeaderboard + yearResults for every unit from stored totals
 *       (`src/results/`, through `store.read`); its figures must equal (a)'s (checked once, printed as a line).
 * Prints medians of several runs, the ratio (a)/(b), peak RSS, and PASS/FAIL against the targets: (a) within 2×
 * of (b) and under 1 s.
 *   (d) the organisation index (`score-org.ts`): 300 units × the 49 indicators of seed 003 scored and ranked,
 *       next to a floor measured in the same run; target under 200 ms.
 *
 * `npm run bench:score -- --store postgres` (issue 12): the same data set copied into a throwaway PostgreSQL
 * database (score-pg.ts), (a) and (b) read from PostgreSQL, compared in wall time (the server does most of the
 * work, in another process); (a) must reproduce the SQLite computation's figures and the product's (c).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { unitLeaderboard, yearResults } from '../../src/results/index.js';
import { loadRubricsFromDir } from '../../src/scoring/load-rubrics.js';
import { periodCode } from '../../src/scoring/period-calendar.js';
import type { Rubric } from '../../src/scoring/rubric-schema.js';
import { round2 } from '../../src/scoring/round.js';
import type { Db } from '../../src/store/sqlite/open-sqlite.js';
import { createSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { benchPgConfig, benchStore, createBenchDatabase, serverVersion } from './bench-postgres.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { buildDataset, type DatasetSize } from './score-dataset.js';
import { answersAggregatePg, baselinePg, copyDataset, fullComputationPg } from './score-pg.js';
import { fullComputation, type Summary } from './score-full.js';
import { organisationCase } from './score-org.js';

const SIZE: DatasetSize = { people: 50_000, units: 300, departmentsPerUnit: 8, year: 2026, quarter: 4 };
const RUNS = 5;
const TARGET_RATIO = 2;
const TARGET_MS = 1_000;
const RUBRIC_ID = 'dak-nong-chien-binh-so-2024';

const ANSWERS_AGGREGATE_SQL = `
SELECT a.submission_id, SUM(COALESCE(a.reviewed_points, a.self_points)), p.unit_id, p.department_id
FROM answers a JOIN submissions s ON s.id = a.submission_id JOIN people p ON p.id = s.person_id
JOIN units u ON u.id = p.unit_id
GROUP BY a.submission_id`;

/** The earlier quarters' part of each person's year score: classified totals summed, / 4 (unclassified count 0). */
const YEAR_AGGREGATE_SQL = `
SELECT s.person_id,
       SUM(CASE WHEN s.classified = 1 THEN COALESCE(s.reviewed_total, s.self_total) ELSE 0 END) / 4.0,
       MIN(COALESCE(s.classified, 0))
FROM periods pe JOIN submissions s ON s.period_id = pe.id
WHERE pe.year = ? AND pe.quarter < ? AND s.status = 'approved'
GROUP BY s.person_id`;

/** (b1) The plain SQL aggregate of the quarter's answers: points summed per submission, joined to people/units. */
function answersAggregate(db: Db): number {
  return db.$client.prepare(ANSWERS_AGGREGATE_SQL).raw().all().length;
}

/**
 * (b) The plain SQL aggregate over the same rows as (a): the quarter's answers (b1) and the earlier quarters'
 * totals that (a) reads for the year scores, per person as the year score takes them.
 */
function baseline(db: Db): number {
  const year = db.$client.prepare(YEAR_AGGREGATE_SQL).raw().all(SIZE.year, SIZE.quarter).length;
  return answersAggregate(db) + year;
}

/** What the bot actually calls per unit: the leaderboard and the year results, read through the store. */
async function repoPath(store: Store, unitIds: readonly string[]): Promise<number> {
  let n = 0;
  const code = periodCode(SIZE.year, SIZE.quarter);
  for (const unitId of unitIds) {
    n += (await store.read((tx) => unitLeaderboard(tx, { unitId, periodCode: code })))?.top.length ?? 0;
    n += (await store.read((tx) => yearResults(tx, { unitId, year: SIZE.year }))).people.length;
  }
  return n;
}

/** (c)'s figures comparable with (a)'s: top entries, year scores and best year department means per unit. */
async function productFigures(store: Store, unitIds: readonly string[]): Promise<Partial<Summary>> {
  const code = periodCode(SIZE.year, SIZE.quarter);
  let topEntries = 0;
  let yearScored = 0;
  let yearTotal = 0;
  let yearBestMeans = 0;
  for (const unitId of unitIds) {
    const board = await store.read((tx) => unitLeaderboard(tx, { unitId, periodCode: code }));
    topEntries += board?.top.length ?? 0;
    const year = await store.read((tx) => yearResults(tx, { unitId, year: SIZE.year }));
    for (const person of year.people) {
      if (person.score === null) continue;
      yearScored++;
      yearTotal += person.score;
    }
    yearBestMeans += year.best?.best.mean ?? 0;
  }
  return { topEntries, yearScored, yearTotal: round2(yearTotal), yearBestMeans: round2(yearBestMeans) };
}

/** Wall time and this process's CPU time (user + system) of one call, in ms. */
function measure<T>(fn: () => T): { ms: number; cpuMs: number; value: T } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = fn();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, value };
}

/** `measure` for an async call (the store's reads are async; the process does nothing else meanwhile). */
async function measureAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await fn();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, value };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

type Sample = { ms: number; cpuMs: number };

function line(label: string, samples: readonly Sample[]): string {
  const wall = median(samples.map((x) => x.ms));
  const cpu = median(samples.map((x) => x.cpuMs));
  const runs = samples.map((x) => x.ms.toFixed(0)).join(' ');
  return `${label.padEnd(26)} median ${wall.toFixed(0).padStart(5)} ms wall, ${cpu.toFixed(0).padStart(5)} ms CPU  (wall runs: ${runs})`;
}

async function main(): Promise<number> {
  const rubrics = loadRubricsFromDir('flows');
  const rubric = rubrics.get(RUBRIC_ID);
  if (!rubric) throw new Error(`rubric ${RUBRIC_ID} not found in flows/`);
  const dti = rubrics.get('huong-huu-dti-2024');
  if (!dti) throw new Error('rubric huong-huu-dti-2024 not found in flows/');
  const orgPass = organisationCase(dti);
  const dir = mkdtempSync(join(tmpdir(), 'thidua-bench-'));
  try {
    const store = createSqliteStore(join(dir, 'bench.db'));
    const db = store.db;
    const built = await measureAsync(() => buildDataset(store, rubric, SIZE));
    const { people, submissions, answers } = built.value;
    console.log(
      `Data set: ${people} people, ${SIZE.units} units, ${submissions} submissions, ${answers} answers ` +
        `(built in ${(built.ms / 1000).toFixed(1)} s)`,
    );
    const unitIds = db.$client.prepare('SELECT id FROM units ORDER BY id').pluck().all() as string[];
    // Warm-up (page cache, JIT) and the reference result every run must reproduce.
    const reference = fullComputation(db, rubric, SIZE.year, SIZE.quarter);
    if (benchStore() === 'postgres') return (await postgresCase(store, rubric, reference, unitIds)) && orgPass ? 0 : 1;
    baseline(db);
    await repoPath(store, unitIds);
    // (a) computes the product's rules: its figures must equal what the product's read path gives.
    const product = await productFigures(store, unitIds);
    const mismatches = (Object.keys(product) as (keyof Summary)[]).filter(
      (key) => Math.abs((product[key] ?? NaN) - reference[key]) > 0.011,
    );
    const full: Sample[] = [];
    const base: Sample[] = [];
    const answersOnly: Sample[] = [];
    const repo: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      const f = measure(() => fullComputation(db, rubric, SIZE.year, SIZE.quarter));
      if (JSON.stringify(f.value) !== JSON.stringify(reference)) throw new Error('full computation is not deterministic');
      full.push(f);
      base.push(measure(() => baseline(db)));
      answersOnly.push(measure(() => answersAggregate(db)));
      repo.push(await measureAsync(() => repoPath(store, unitIds)));
    }
    await store.close();
    console.log(
      `Scored ${reference.scored} (classified ${reference.classified}), ${reference.leaderboards} leaderboards ` +
        `(${reference.topEntries} top entries), ${reference.yearScored} year scores`,
    );
    const agree = mismatches.length === 0;
    console.log(
      agree
        ? `(a) agrees with the product (c): top entries, year scores (sum ${reference.yearTotal}), best year department means (sum ${reference.yearBestMeans})`
        : `MISMATCH (a) vs product (c): ${mismatches.map((k) => `${k} ${reference[k]} ≠ ${product[k]}`).join(', ')}`,
    );
    console.log(line('(a) full computation', full));
    console.log(line('(b) plain SQL, same rows', base));
    console.log(line('(b1) answers aggregate only', answersOnly));
    console.log(line(`(c) repo path, ${unitIds.length} units`, repo));
    // On a shared machine wall time includes waiting for a CPU; this process's CPU time is the steadier figure,
    // and equals wall time on an idle machine (single-threaded, the database is in the page cache).
    const wall = { full: median(full.map((x) => x.ms)), base: median(base.map((x) => x.ms)) };
    const cpu = { full: median(full.map((x) => x.cpuMs)), base: median(base.map((x) => x.cpuMs)) };
    const ratio = cpu.full / cpu.base;
    const rssMb = (process.resourceUsage().maxRSS / 1024).toFixed(0);
    console.log(
      `ratio (a)/(b): ${ratio.toFixed(2)}× CPU, ${(wall.full / wall.base).toFixed(2)}× wall   ` +
        `(a)/(b1): ${(cpu.full / median(answersOnly.map((x) => x.cpuMs))).toFixed(2)}× CPU   ` +
        `(c)/(b): ${(median(repo.map((x) => x.cpuMs)) / cpu.base).toFixed(2)}× CPU   peak RSS ${rssMb} MB`,
    );
    const pass = ratio <= TARGET_RATIO && cpu.full < TARGET_MS;
    console.log(
      `${pass ? 'PASS' : 'FAIL'}: full computation ${ratio.toFixed(2)}× the plain SQL aggregate of the same rows (target ≤ ${TARGET_RATIO}×), ` +
        `${cpu.full.toFixed(0)} ms CPU (target < ${TARGET_MS} ms)`,
    );
    return pass && orgPass && agree ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** (a), (b), (b1), (c) on PostgreSQL over a copy of the SQLite data set; (a) must reproduce SQLite's figures. */
async function postgresCase(sqlite: SqliteStore, rubric: Rubric, reference: Summary, unitIds: readonly string[]): Promise<boolean> {
  const database = await createBenchDatabase('thidua_bench_score');
  try {
    const store = await openPostgresStore(benchPgConfig(database.url));
    try {
      const copy = await measureAsync(() => copyDataset(sqlite.db, store.pool));
      // The product's read path on SQLite, to compare with the same path on PostgreSQL (dialect parity).
      const productSqlite = await productFigures(sqlite, unitIds);
      await sqlite.close();
      console.log(`PostgreSQL ${await serverVersion(database.url)} (same machine): ${copy.value} rows copied in ${(copy.ms / 1000).toFixed(1)} s`);
      const first = await fullComputationPg(store.pool, rubric, SIZE.year, SIZE.quarter);
      await baselinePg(store.pool, SIZE.year, SIZE.quarter);
      const product = await productFigures(store, unitIds);
      const sameAsSqlite = JSON.stringify(first) === JSON.stringify(reference);
      const productParity = JSON.stringify(product) === JSON.stringify(productSqlite);
      const mismatches = (Object.keys(product) as (keyof Summary)[]).filter((key) => Math.abs((product[key] ?? NaN) - first[key]) > 0.011);
      const full: Sample[] = [];
      const base: Sample[] = [];
      const answersOnly: Sample[] = [];
      const repo: Sample[] = [];
      for (let i = 0; i < RUNS; i++) {
        const f = await measureAsync(() => fullComputationPg(store.pool, rubric, SIZE.year, SIZE.quarter));
        if (JSON.stringify(f.value) !== JSON.stringify(first)) throw new Error('full computation is not deterministic');
        full.push(f);
        base.push(await measureAsync(() => baselinePg(store.pool, SIZE.year, SIZE.quarter)));
        answersOnly.push(await measureAsync(() => answersAggregatePg(store.pool)));
        repo.push(await measureAsync(() => repoPath(store, unitIds)));
      }
      console.log(
        `(a) on PostgreSQL ${sameAsSqlite ? 'reproduces' : 'DIFFERS FROM'} the SQLite computation; the product's read path (c) gives ` +
          `${productParity ? 'the same figures' : 'DIFFERENT figures'} on both dialects ${JSON.stringify(product)}` +
          (mismatches.length === 0 ? '; (a) agrees with (c)' : `; (a) vs (c) differ in ${mismatches.map((k) => `${k} ${first[k]} ≠ ${product[k]}`).join(', ')}`),
      );
      console.log(line('(a) full computation', full));
      console.log(line('(b) plain SQL, same rows', base));
      console.log(line('(b1) answers aggregate only', answersOnly));
      console.log(line(`(c) repo path, ${unitIds.length} units`, repo));
      const wall = { full: median(full.map((x) => x.ms)), base: median(base.map((x) => x.ms)) };
      const ratio = wall.full / wall.base;
      console.log(
        `ratio (a)/(b): ${ratio.toFixed(2)}× wall   (a)/(b1): ${(wall.full / median(answersOnly.map((x) => x.ms))).toFixed(2)}× wall   ` +
          `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (this process)`,
      );
      const pass = ratio <= TARGET_RATIO && sameAsSqlite && productParity;
      console.log(
        `${pass ? 'PASS' : 'FAIL'}: full computation on PostgreSQL ${ratio.toFixed(2)}× the plain SQL aggregate of the same rows ` +
          `(target ≤ ${TARGET_RATIO}×, wall time), ${wall.full.toFixed(0)} ms`,
      );
      return pass;
    } finally {
      await store.close();
    }
  } finally {
    await database.drop();
  }
}

process.exitCode = await main();
