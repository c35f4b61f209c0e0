/**
 * `npm run bench:reminders`: 3,000 reminders of one slot through the real path (scheduler job → dispatcher →
 * durable outbox → Telegram outbox worker → rate limiter → telegraf) to the fake Bot API, which enforces
 * Telegram's documented limits (30 msg/s overall, 1 msg/s per chat) and answers 429 when they are exceeded.
 *
 * Phase 1 (baseline, same run): 300 messages straight through the Telegram channel's limiter + sender, no outbox.
 * Phase 2: the slot's 3,000 reminders in a child process, killed with SIGKILL halfway; then a restarted process
 * (new app on the same database: catch-up at 09:00 + outbox recovery) delivers the rest.
 * Prints the sustained rate of each part (and as a ratio of the baseline and of the 30/s limit), the 429s and the
 * duplicates (chats that received more than one reminder). Targets: ≥ 28.5 msg/s, no 429, no duplicates.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chatAccounts, departments, people, personRoles, units } from '../../db/schema.js';
import { createApp, type App } from '../../src/app/create-app.js';
import type { TelegramChannel } from '../../src/channels/telegram/create-telegram-channel.js';
import { TELEGRAM_LIMITS } from '../../src/channels/telegram/rate-limiter.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openPeriod } from '../../src/periods/open-period.js';
import { createScheduler } from '../../src/scheduler/start-scheduler.js';
import { zonedTimeToUtc } from '../../src/scheduler/slots.js';
import { loadRubricFile } from '../../src/scoring/load-rubrics.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { FakeTelegramApi } from '../helpers/fake-telegram-api.js';

const TOKEN = '123456:bench-token-abcdefghijklmnopqrstuv';
const RECIPIENTS = 3000;
const BASELINE = 300;
const UNIT = 'bench';
const TZ = 'Asia/Ho_Chi_Minh';
const CHAT_BASE = 500_000;

function appFor(dbPath: string, apiRoot: string, dataDir: string): Promise<App> {
  const config = loadConfig({
    DATABASE_PATH: dbPath,
    DATA_DIR: dataDir,
    PORT: '0',
    DEMO_DATA: 'off',
    SCHEDULER: 'off',
    LOG_LEVEL: 'silent',
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_MODE: 'polling',
    TELEGRAM_API_ROOT: apiRoot,
  });
  return createApp({ config, logger: createLogger('silent') });
}

/** Starts the app and runs (or catches up) the 10 March slot; `hour` is the local hour the process "starts". */
async function runProcess(dbPath: string, apiRoot: string, dataDir: string, hour: number): Promise<App> {
  const app = await appFor(dbPath, apiRoot, dataDir);
  await app.start();
  const telegram = app.channels.find((c) => c.name === 'telegram');
  const at = new Date(zonedTimeToUtc(2026, 3, 10, hour, 0, TZ));
  // The app's honours deps (store, dispatcher, group posting, logger, data dir) plus a clock and the time zone.
  const scheduler = createScheduler({ ...app.honours, dataDir, timeZone: TZ, clock: { now: () => at } });
  await scheduler.catchUp(at);
  (telegram as TelegramChannel | undefined)?.notify();
  return app;
}

async function seed(dbPath: string): Promise<void> {
  const store = createSqliteStore(dbPath);
  const { db } = store;
  db.insert(units).values({ id: UNIT, name: 'Đơn vị đo hiệu năng', createdAt: 0 }).run();
  const dept = db.insert(departments).values({ unitId: UNIT, name: 'Phòng Thử nghiệm' }).returning({ id: departments.id }).get().id;
  db.$client.transaction(() => {
    for (let i = 0; i < RECIPIENTS; i++) {
      const id = db.insert(people).values({ unitId: UNIT, departmentId: dept, fullName: `Cán bộ ${i + 1}` }).returning({ id: people.id }).get().id;
      db.insert(personRoles).values({ personId: id, role: 'staff' }).run();
      const chat = String(CHAT_BASE + i);
      db.insert(chatAccounts).values({ personId: id, channel: 'telegram', externalUserId: chat, chatId: chat, linkedAt: 1, linkedVia: 'phone' }).run();
    }
  })();
  await store.transaction((tx) => openPeriod(tx, { unitId: UNIT, rubric: loadRubricFile('flows/dak-nong-chien-binh-so-2024.yaml'), code: '2026-Q1', by: null }));
  await store.close();
}

function rate(times: number[]): number {
  if (times.length < 2) return 0;
  const first = times[0] ?? 0;
  const last = times.at(-1) ?? 0;
  return ((times.length - 1) * 1000) / (last - first);
}

async function baseline(fake: FakeTelegramApi, dataDir: string): Promise<number> {
  const app = await appFor(join(dataDir, 'baseline.db'), fake.url, dataDir);
  const telegram = app.channels.find((c): c is TelegramChannel => c.name === 'telegram');
  if (!telegram) throw new Error('no telegram channel');
  const from = fake.calls.length;
  await Promise.all(
    Array.from({ length: BASELINE }, (_, i) => telegram.sender.send(String(900_000 + i), [{ kind: 'text', text: `Thử ${i}` }], 'reminder')),
  );
  await app.stop();
  return rate(fake.calls.slice(from).filter((c) => c.method === 'sendMessage' && c.status === 200).map((c) => c.at));
}

async function main(): Promise<void> {
  const [, , mode, dbPathArg, apiRoot, dataDirArg] = process.argv;
  if (mode === '--child' && dbPathArg && apiRoot && dataDirArg) {
    await runProcess(dbPathArg, apiRoot, dataDirArg, Number(process.argv[6] ?? 8));
    await new Promise(() => undefined); // run until killed
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'thidua-bench-'));
  const dbPath = join(dir, 'bench.db');
  await seed(dbPath);
  const fake = await FakeTelegramApi.start({ token: TOKEN, limits: { ...TELEGRAM_LIMITS } });

  const base = await baseline(fake, dir);
  const baseCalls = fake.calls.length;
  console.log(`baseline (limiter + sender only, ${BASELINE} msgs): ${base.toFixed(2)} msg/s`);

  const reminderSends = () => fake.calls.slice(baseCalls).filter((c) => c.method === 'sendMessage' && Number(c.body.chat_id) >= CHAT_BASE);
  const startProcess = (hour: number) =>
    spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', dbPath, fake.url, dir, String(hour)], { stdio: 'inherit' });
  const child = startProcess(8);
  const half = RECIPIENTS / 2;
  while (reminderSends().filter((c) => c.status === 200).length < half) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const phase1 = reminderSends().filter((c) => c.status === 200).map((c) => c.at);
  console.log(`killed the first process (SIGKILL) after ${phase1.length} reminders`);

  // The restart is a new process (as after a real crash): it starts at 09:00 local, catches up, recovers the outbox.
  const restartAt = fake.calls.length;
  const restarted = startProcess(9);
  const ok = () => new Set(reminderSends().filter((c) => c.status === 200).map((c) => String(c.body.chat_id))).size;
  const deadline = Date.now() + 240_000;
  while (ok() < RECIPIENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 1500)); // anything still in flight
  restarted.kill('SIGTERM');
  await new Promise((r) => restarted.once('exit', r));
  await fake.close();

  const phase2 = fake.calls.slice(restartAt).filter((c) => c.method === 'sendMessage' && c.status === 200 && Number(c.body.chat_id) >= CHAT_BASE).map((c) => c.at);
  const all = reminderSends();
  const counts = new Map<string, number>();
  for (const c of all.filter((x) => x.status === 200)) counts.set(String(c.body.chat_id), (counts.get(String(c.body.chat_id)) ?? 0) + 1);
  const duplicates = [...counts.values()].filter((n) => n > 1).reduce((a, n) => a + n - 1, 0);
  const r1 = rate(phase1);
  const r2 = rate(phase2);
  const limit = TELEGRAM_LIMITS.globalPer;
  console.log(`reminders delivered: ${counts.size}/${RECIPIENTS}`);
  console.log(`first process:  ${phase1.length} msgs, ${r1.toFixed(2)} msg/s (${(r1 / base).toFixed(3)}× baseline, ${(r1 / limit).toFixed(3)}× the 30/s limit)`);
  console.log(`after restart:  ${phase2.length} msgs, ${r2.toFixed(2)} msg/s (${(r2 / base).toFixed(3)}× baseline, ${(r2 / limit).toFixed(3)}× the 30/s limit)`);
  const n429 = (from: number, to: number) => fake.calls.slice(from, to).filter((c) => c.status === 429).length;
  console.log(
    `429 answers: ${n429(0, fake.calls.length)} (baseline ${n429(0, baseCalls)}, first process ${n429(baseCalls, restartAt)}, after restart ${n429(restartAt, fake.calls.length)}); limit violations: ${fake.violations.length}`,
  );
  console.log(`duplicates: ${duplicates}`);
  const pass = r1 >= 28.5 && r2 >= 28.5 && duplicates === 0 && fake.violations.length === 0 && counts.size === RECIPIENTS;
  console.log(pass ? 'TARGETS MET' : 'TARGETS NOT MET');
  process.exitCode = pass ? 0 : 1;
}

await main();
