/**
 * `npm run bench:reminders:instances -- [--instances 2] [--reminders 3000] [--signal SIGKILL|SIGTERM]
 * [--phases steady,kill] [--lease-ttl 5000]`: several app instances (child processes running the real server) on ONE throwaway
 * PostgreSQL database, and one reminder slot of 3,000 people (queued first by the scheduler's own runSlot, then the
 * instances start) through the durable outbox to the fake Bot API, which enforces Telegram's limits (30 msg/s
 * overall, 1 msg/s per chat) and answers 429 over them. Only the `sender:telegram` lease holder sends.
 *
 * Two phases, each on its own database, fake Bot API and instances (issue 12's criterion: "≥ 28.5 msg/s for the whole
 * deployment, 0 × 429, 0 duplicates, also when the sender's leader is killed"):
 * - `steady`: nothing is killed. Prints the whole deployment's rate (first to last message at the fake API), and
 *   checks that every item was claimed by the one lease holder (`outbox.claimed_by`).
 * - `kill`: halfway, the process holding `sender:telegram` is killed (`--signal`, default SIGKILL); another instance
 *   takes the lease over once it expires (LEASE_TTL_MS: `--lease-ttl`, 5000 ms by default here; SIGTERM releases it at once) and delivers the rest,
 *   including the items the dead leader had claimed. Prints the sustained rate before the kill and after the
 *   takeover, the takeover gap and the overall rate.
 * Both print the 429s, the limit violations and the duplicates (chats that received their reminder more than once).
 * Targets: ≥ 28.5 msg/s (steady: wall; kill: sustained before and after), 0 × 429, 0 duplicates. Exit code 1 when a
 * phase misses one.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TELEGRAM_LIMITS } from '../../src/channels/telegram/rate-limiter.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { silentLogger } from '../../src/logger.js';
import { createScheduler } from '../../src/scheduler/start-scheduler.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { AppInstance, freePort, seedLinkedPeople, until } from '../helpers/app-instances.js';
import { FakeTelegramApi } from '../helpers/fake-telegram-api.js';

const TOKEN = '7000000003:AAFakeTokenForTheInstancesBenchmark_01';
const SECRET = 'instances-bench-secret_0123456789';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

const INSTANCES = Number(arg('instances', '2'));
const REMINDERS = Number(arg('reminders', '3000'));
const SIGNAL = arg('signal', 'SIGKILL') as NodeJS.Signals;
const PHASES = arg('phases', 'steady,kill').split(',') as Phase[];
/** The instances' LEASE_TTL_MS: a dead sender is replaced when its lease runs out, so the kill phase's gap is about this long. */
const LEASE_TTL = Number(arg('lease-ttl', '5000'));
if (!Number.isInteger(INSTANCES) || INSTANCES < 2) throw new Error('--instances: at least 2');
if (!Number.isInteger(LEASE_TTL) || LEASE_TTL < 1000) throw new Error('--lease-ttl: at least 1000 (ms)');
if (PHASES.length === 0 || PHASES.some((p) => p !== 'steady' && p !== 'kill')) throw new Error('--phases: steady, kill or steady,kill');

type Phase = 'steady' | 'kill';
const TARGET = 28.5;
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const rate = (n: number, ms: number) => (ms > 0 ? (n * 1000) / ms : 0);

/** One phase on its own database, fake Bot API and instances; prints its figures and returns whether it met the targets. */
async function runPhase(phase: Phase): Promise<boolean> {
  const dbName = `thidua_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  const dbUrl = u.toString();
  await admin(`CREATE DATABASE ${dbName}`);
  const fake = await FakeTelegramApi.start({ token: TOKEN, limits: TELEGRAM_LIMITS });
  const env: Record<string, string> = {
    DATABASE_URL: dbUrl,
    DATABASE_POOL_SIZE: '8',
    SCHEDULER: 'off',
    DEMO_DATA: 'off',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    LEASE_TTL_MS: String(LEASE_TTL),
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    PUBLIC_URL: 'https://thidua.example.gov.vn',
    TELEGRAM_API_ROOT: fake.url,
  };
  const instances: AppInstance[] = [];
  // Migrated here (under the same migration lock the instances take); the slot is queued before any instance runs,
  // so the senders' rate is measured on its own, not against the queueing job's CPU.
  const store = await openPostgresStore({ url: dbUrl, poolSize: 4, statementTimeoutMs: 120_000, idleInTransactionTimeoutMs: 120_000 });
  try {
    await seedLinkedPeople(store, { telegram: REMINDERS, zalo: 0 });
    const leaderOf = async (): Promise<AppInstance | undefined> => {
      for (const instance of instances) {
        if (instance.child?.exitCode !== null || instance.child.signalCode !== null) continue;
        const health = await instance.health().catch(() => null);
        if (health?.roles?.some((r) => r.name === 'sender:telegram' && r.leader)) return instance;
      }
      return undefined;
    };
    // The slot, run once (the scheduler's own runSlot: job_runs claim, per-person records, outbox rows).
    const scheduler = createScheduler({
      store,
      dispatcher: new Dispatcher({ enabledChannels: new Set(['telegram', 'web']) }),
      postToGroup: async () => undefined,
      logger: silentLogger(),
      dataDir: '.',
      clock: { now: () => new Date() },
      timeZone: 'Asia/Ho_Chi_Minh',
      instanceId: 'bench-scheduler',
    });
    const queuedAt = performance.now();
    const outcome = await scheduler.runSlot('self-reminder', 'u1', Date.now() - 60_000);
    if (outcome !== 'ran') throw new Error(`slot ${outcome}`);
    const queued = performance.now() - queuedAt;
    for (let i = 0; i < INSTANCES; i++) {
      const instance = new AppInstance(`bench-${String.fromCharCode(97 + i)}`, await freePort(), env);
      instances.push(instance);
      await instance.start(60_000);
    }

    const chatsReached = () => new Set(fake.sent().map((c) => String(c.body.chat_id))).size;
    const duplicatesOf = () => fake.sent().length - chatsReached();
    const tooMany = () => fake.calls.filter((c) => c.status === 429).length;
    await until(() => fake.sent().length > 0, 30_000, 'the first reminder');
    const t0 = fake.sent()[0]?.at ?? performance.now();
    console.log(`bench:reminders:instances [${phase}] — ${INSTANCES} instances on one PostgreSQL, ${REMINDERS} reminders${phase === 'kill' ? `, leader killed with ${SIGNAL}` : ', nothing killed'}`);
    console.log(`  queued (one slot, outbox rows)         ${(queued / 1000).toFixed(1)} s`);

    if (phase === 'steady') {
      const leader = await leaderOf();
      await until(() => chatsReached() >= REMINDERS, 600_000, 'every reminder');
      const lastAt = fake.sent().at(-1)?.at ?? performance.now();
      await new Promise((r) => setTimeout(r, 3_000)); // anything sent twice would arrive by now
      const claimers = await store.pool.query<{ claimed_by: string | null; n: string }>(
        `SELECT claimed_by, count(*) AS n FROM outbox WHERE channel = 'telegram' GROUP BY 1 ORDER BY 1`,
      );
      const byClaimer = claimers.rows.map((r) => `${r.claimed_by ?? '-'} ${r.n}`).join(', ');
      const onlyLeader = claimers.rows.length === 1 && claimers.rows[0]?.claimed_by === leader?.id;
      const overall = rate(REMINDERS, lastAt - t0);
      const ok = overall >= TARGET && tooMany() === 0 && duplicatesOf() === 0 && fake.violations.length === 0 && onlyLeader;
      console.log(`  whole deployment                       ${overall.toFixed(1)} msg/s wall (${REMINDERS} messages in ${((lastAt - t0) / 1000).toFixed(1)} s)`);
      console.log(`  sent by (outbox claims)                ${byClaimer}; sender:telegram ${leader?.id ?? '?'}`);
      console.log(`  429s ${tooMany()}, limit violations ${fake.violations.length}, duplicates ${duplicatesOf()}, reached ${chatsReached()}/${REMINDERS}`);
      console.log(`  targets (≥ ${TARGET} msg/s wall, 0 × 429, 0 duplicates, one sender): ${ok ? 'met' : 'NOT met'}`);
      return ok;
    }

    await until(() => fake.sent().length >= REMINDERS / 2, 300_000, 'half of the reminders');
    // The sender's leader now (leadership can move under load: a late renewal makes a leader step down).
    const leader = await leaderOf();
    if (!leader) throw new Error('no instance holds sender:telegram');
    const sentAtKill = fake.sent().length;
    const lastBeforeKill = fake.sent().at(-1)?.at ?? performance.now();
    await leader.stop(SIGNAL);
    await until(() => chatsReached() >= REMINDERS, 600_000, 'every reminder');
    const newLeader = await leaderOf();
    const lastAt = fake.sent().at(-1)?.at ?? performance.now();
    // The takeover: the longest silence after the kill (requests already on the wire may still arrive just after it).
    const afterKill = fake.sent().filter((c) => c.at >= lastBeforeKill);
    let gapStart = lastBeforeKill;
    let resumedAt = lastBeforeKill;
    for (let i = 1; i < afterKill.length; i++) {
      const [prev, cur] = [afterKill[i - 1]?.at ?? 0, afterKill[i]?.at ?? 0];
      if (cur - prev > resumedAt - gapStart) [gapStart, resumedAt] = [prev, cur];
    }
    // Items the dead leader had claimed come back when their claim's lease (2 × LEASE_TTL_MS) ends: wait past it.
    await new Promise((r) => setTimeout(r, 12_000));

    const afterResume = fake.sent().filter((c) => c.at >= resumedAt);
    const before = rate(sentAtKill, lastBeforeKill - t0);
    const after = rate(afterResume.length - 1, lastAt - resumedAt);
    const overall = rate(REMINDERS, lastAt - t0);
    const overallActive = rate(REMINDERS, lastAt - t0 - (resumedAt - gapStart));
    const ok = before >= TARGET && after >= TARGET && tooMany() === 0 && duplicatesOf() === 0 && fake.violations.length === 0;
    console.log(`  sender before the kill (${leader.id})     ${before.toFixed(1)} msg/s (${sentAtKill} messages)`);
    console.log(`  takeover gap (longest silence)         ${((resumedAt - gapStart) / 1000).toFixed(1)} s (LEASE_TTL_MS=${LEASE_TTL}), new sender ${newLeader?.id ?? '?'}`);
    console.log(`  sender after the takeover              ${after.toFixed(1)} msg/s (${afterResume.length} messages)`);
    console.log(`  whole deployment                       ${overall.toFixed(1)} msg/s wall, ${overallActive.toFixed(1)} msg/s without the gap`);
    console.log(`  429s ${tooMany()}, limit violations ${fake.violations.length}, duplicates ${duplicatesOf()}, reached ${chatsReached()}/${REMINDERS}`);
    console.log(`  targets (≥ ${TARGET} msg/s sustained before and after, 0 × 429, 0 duplicates): ${ok ? 'met' : 'NOT met'}`);
    return ok;
  } finally {
    for (const instance of instances) await instance.stop('SIGKILL').catch(() => undefined);
    await store.close();
    await fake.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  }
}

let met = true;
for (const phase of PHASES) met = (await runPhase(phase)) && met;
process.exitCode = met ? 0 : 1;
