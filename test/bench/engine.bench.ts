/**
 * Engine benchmark: 50,000 inbound events from 5,000 concurrent conversations through the real engine with real
 * SQLite persistence (temp file, WAL). Prints events/s, p50/p99 per event and peak RSS, next to a floor measured in
 * the same run: the same number of single-row SQLite writes (autocommit INSERTs) on the same kind of database.
 *
 * Each conversation: share phone (link) → /tudanhgia → 8 answers, alternating typed text and button presses taken
 * from the previous reply. All 5,000 conversations run at once (interleaved); per-chat order is kept by the engine.
 * "Per event" is the service time: from the moment the engine starts processing the event (the start of its
 * group-commit batch) to the moment its result is durable (the end of that batch's COMMIT). Waiting in line behind
 * the other 4,999 conversations' events is not included (with 5,000 events in flight it is ≈ 5,000 ÷ throughput,
 * whatever the engine does — Little's law); the wall-clock run time is, through the events/s figure.
 *
 * Run: npm run bench:engine   Targets: ≥ 5,000 events/s, p99 < 5 ms, peak RSS < 200 MB, ≥ 30% of the floor's rate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConversationEngine } from '../../src/conversation/engine.js';
import type { EngineLogger } from '../../src/conversation/ports.js';
import type { EngineResult, InboundEvent } from '../../src/conversation/types.js';
import { createEnginePorts } from '../../src/persistence/engine-ports.js';
import { inTransaction, openDb } from '../../src/persistence/open-db.js';
import { seedUnit, type SeedPerson } from '../helpers/seed-unit.js';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 5_000);
const EVENTS_PER_CONVERSATION = 10;
const TOTAL = CONVERSATIONS * EVENTS_PER_CONVERSATION;

const silent: EngineLogger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

function phoneOf(i: number): string {
  return `09${String(10_000_000 + i).padStart(8, '0')}`;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function measureFloor(dir: string): number {
  const db = openDb(join(dir, 'floor.db'));
  db.$client.exec('CREATE TABLE floor (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v TEXT NOT NULL, at INTEGER NOT NULL)');
  const insert = db.$client.prepare('INSERT INTO floor (k, v, at) VALUES (?, ?, ?)');
  const t0 = performance.now();
  for (let i = 0; i < TOTAL; i += 1) insert.run(`k${i}`, '{"schemaVersion":1,"dialog":{"type":"idle"}}', i);
  const seconds = (performance.now() - t0) / 1000;
  db.$client.close();
  return TOTAL / seconds;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'thidua-bench-'));
  try {
    const floorRate = measureFloor(dir);

    const db = openDb(join(dir, 'engine.db'));
    const people: SeedPerson[] = Array.from({ length: CONVERSATIONS }, (_, i) => ({
      key: `p${i}`,
      fullName: `Cán bộ ${i}`,
      phone: phoneOf(i),
      department: i % 2,
      roles: i % 50 === 0 ? ['head', 'staff'] : ['staff'],
    }));
    inTransaction(db, () => seedUnit(db, { people, leaderInCharge: null }));
    let clockMs = Date.UTC(2026, 11, 3, 2, 0);
    const latencies = new Float64Array(TOTAL);
    let n = 0;
    const onBatch = ({ size, ms }: { size: number; ms: number }) => {
      for (let k = 0; k < size && n < TOTAL; k += 1) latencies[n++] = ms;
    };
    const engine = new ConversationEngine({
      ports: createEnginePorts(db, { dataDir: dir, batching: { onBatch } }),
      clock: { now: () => new Date((clockMs += 1)) },
      logger: silent,
    });

    let sent = 0;
    let failures = 0;
    let peakRss = process.memoryUsage().rss;
    const typed = ['dat', 'khong dat', 'có', 'đạt'];

    async function conversation(i: number): Promise<void> {
      const userId = `u${i}`;
      let seq = 0;
      let last: EngineResult | null = null;
      const send = async (body: Record<string, unknown>): Promise<void> => {
        const event = {
          channel: 'telegram',
          userId,
          chatId: userId,
          eventId: `${userId}-${(seq += 1)}`,
          receivedAt: new Date(clockMs),
          ...body,
        } as InboundEvent;
        sent += 1;
        if (sent % 5_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
        last = await engine.handle(event);
        if (last.replies.length === 0 || last.replies.some((r) => 'text' in r && r.text.includes('có lỗi'))) failures += 1;
      };
      await send({ kind: 'contact', phone: phoneOf(i), verified: true });
      await send({ kind: 'command', name: 'tudanhgia', args: '' });
      for (let q = 0; q < EVENTS_PER_CONVERSATION - 2; q += 1) {
        const choices = (last as EngineResult | null)?.replies.flatMap((r) => (r.kind === 'choices' ? r.choices : [])) ?? [];
        const pass = choices.find((c) => c.payload.startsWith('q:') && c.payload.endsWith(':pass'));
        if (q % 2 === 1 && pass) await send({ kind: 'button', payload: pass.payload });
        else await send({ kind: 'text', text: typed[(i + q) % typed.length] });
      }
    }

    const rssBefore = process.memoryUsage().rss;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONVERSATIONS }, (_, i) => conversation(i)));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const load = loadavg()[0] ?? 0;
    peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);

    const answers = db.$client.prepare('SELECT count(*) AS n FROM answers').get() as { n: number };
    const linked = db.$client.prepare('SELECT count(*) AS n FROM chat_accounts').get() as { n: number };
    db.$client.close();

    const sorted = latencies.slice(0, n).sort();
    const rate = sent / seconds;
    const ratio = rate / floorRate;
    const mb = peakRss / (1024 * 1024);
    const ok = (b: boolean) => (b ? 'OK ' : 'FAIL');
    console.log(`engine benchmark — ${sent} events, ${CONVERSATIONS} concurrent conversations, SQLite WAL (temp file)`);
    console.log(`  rows: ${linked.n} chat accounts linked, ${answers.n} answers stored; failed events: ${failures}`);
    console.log(`  floor: ${Math.round(floorRate).toLocaleString('en')} single-row writes/s (${TOTAL} autocommit INSERTs)`);
    console.log(`  ${ok(rate >= 5000)} throughput: ${Math.round(rate).toLocaleString('en')} events/s (target ≥ 5,000)`);
    console.log(`  ${ok(ratio >= 0.3)} ratio to floor: ${(ratio * 100).toFixed(1)}% (target ≥ 30%)`);
    console.log(
      `  ${ok(percentile(sorted, 99) < 5)} per event: p50 ${percentile(sorted, 50).toFixed(3)} ms, p99 ${percentile(sorted, 99).toFixed(3)} ms, max ${(sorted[sorted.length - 1] ?? 0).toFixed(2)} ms (target p99 < 5 ms)`,
    );
    console.log(
      `  cpu: ${cpuSeconds.toFixed(2)} s for ${seconds.toFixed(2)} s wall → ${Math.round(sent / cpuSeconds).toLocaleString('en')} events per CPU-second; load average ${load.toFixed(1)} on ${availableParallelism()} CPUs; RSS before run ${(rssBefore / 1048576).toFixed(0)} MB`,
    );
    console.log(`  ${ok(mb < 200)} peak RSS: ${mb.toFixed(0)} MB (target < 200 MB)`);
    if (failures > 0 || answers.n !== CONVERSATIONS * (EVENTS_PER_CONVERSATION - 2)) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
