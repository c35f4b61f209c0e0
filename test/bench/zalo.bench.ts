/**
 * `npm run bench:zalo`: signed Zalo webhook events driven from ANOTHER process (`zalo-load.ts`, ≤ 32 in flight)
 * at the Zalo channel wired like the composition root wires it (store, dispatcher, the real engine and workflows,
 * `createZaloChannel`: signature check, the event recorded in the inbound-event log, 200, then engine + reply
 * through the real client to the fake Zalo server hosted by the load process). Measured in the same run:
 *   (a) floor: a bare express route (raw body → 200) under the same load;
 *   (b) the Zalo webhook: request → 200 answer, and request → the bot's reply reaching the fake Zalo server.
 * Each at 1,000 events/s (paced) and flat out (32 in flight). Prints events/s, p50/p99 and the ratio to the
 * floor, and PASS/FAIL for the target: the 200 answer's p99 under 20 ms at 1,000 events/s.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { chatAccounts, people, personRoles } from '../../db/schema.js';
import { createZaloChannel } from '../../src/channels/zalo/create-zalo-channel.js';
import { ConversationEngine } from '../../src/conversation/engine.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { silentLogger } from '../../src/logger.js';
import { createLocalFileStore } from '../../src/store/files/local-file-store.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { createApprovalWorkflow } from '../../src/workflows/approval/approval-workflow.js';
import { preferencesWorkflow } from '../../src/workflows/preferences/preferences-workflow.js';
import { selfAssessmentWorkflow } from '../../src/workflows/self-assessment/self-assessment-workflow.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { testConfig, zaloEnv } from '../helpers/test-config.js';
import type { RunRequest, RunResult } from './zalo-load.js';

const RATE = 1000;
const EVENTS = 5000;
const USERS = 500;
const TARGET_P99_MS = 20;
const OA_SECRET = 'bench-oa-secret';

interface Ready {
  type: 'ready';
  apiUrl: string;
  oauthUrl: string;
  appId: string;
  appSecret: string;
  refreshToken: string;
}

const child = fork(new URL('./zalo-load.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] });
const ready = await new Promise<Ready>((resolve) => child.once('message', (m) => resolve(m as Ready)));
const runs: RunResult[] = [];
function drive(req: Omit<RunRequest, 'type' | 'appId' | 'oaSecretKey' | 'users'>, users: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as RunResult));
    child.send({ type: 'run', appId: ready.appId, oaSecretKey: OA_SECRET, users, ...req } satisfies RunRequest);
  });
}

// (a) The floor.
const floorApp = express();
floorApp.post('/floor', express.raw({ type: () => true }), (_req, res) => void res.status(200).json({ ok: true }));
const floor = await listen(floorApp);

// (b) The app with the Zalo channel, a seeded unit and USERS linked Zalo followers.
const dir = mkdtempSync(join(tmpdir(), 'thidua-zalo-bench-'));
const config = testConfig(dir, zaloEnv(ready, { oaSecretKey: OA_SECRET, refreshToken: ready.refreshToken }));
const zaloConfig = config.zalo;
if (!zaloConfig) throw new Error('bench config has no zalo');
const store = createSqliteStore(config.databasePath);
const logger = silentLogger();
const clock = { now: () => new Date() };
const unit = await seedUnit(store);
const db = store.db;
const users: string[] = [];
db.$client.transaction(() => {
  for (let i = 0; i < USERS; i++) {
    const personId = db
      .insert(people)
      .values({ unitId: unit.unitId, departmentId: unit.departmentIds[0], fullName: `Cán bộ ${i}`, phone: `09130${String(i).padStart(5, '0')}` })
      .returning({ id: people.id })
      .get().id;
    db.insert(personRoles).values({ personId, role: 'staff' }).run();
    const uid = `90000000000${String(i).padStart(8, '0')}`;
    db.insert(chatAccounts).values({ personId, channel: 'zalo', externalUserId: uid, chatId: uid, linkedAt: Date.now(), linkedVia: 'phone', lastInteractionAt: Date.now() }).run();
    users.push(uid);
  }
})();
const dispatcher = new Dispatcher({ enabledChannels: new Set(['web', 'zalo']), onQueued: () => zalo.worker.notify() });
const engine = new ConversationEngine({
  store,
  files: createLocalFileStore({ dataDir: config.dataDir }),
  notifier: dispatcher,
  clock,
  logger,
  workflows: [selfAssessmentWorkflow, createApprovalWorkflow(), preferencesWorkflow],
});
const zalo = createZaloChannel({ store, handle: (event) => engine.handle(event), dispatcher, config: { ...config, zalo: zaloConfig }, logger, clock });
for (const policy of zalo.policies ?? []) dispatcher.addPolicy(policy);
for (const fallback of zalo.fallbacks ?? []) dispatcher.addFallback(fallback);
const zaloApp = express();
zalo.mount?.(zaloApp);
const { server: zaloServer, url } = await listen(zaloApp);
await zalo.start();
zalo.worker.start();
const webhook = `${url}/zalo/webhook`;

// Warm-up (JIT, connection pools, token refresh), then the measured runs.
await drive({ label: 'warm-floor', url: `${floor.url}/floor`, rate: 0, events: 1000, awaitReplies: false }, users);
await drive({ label: 'warm-zalo', url: webhook, rate: 0, events: 1000, awaitReplies: true }, users);
runs.push(await drive({ label: 'floor @1000/s', url: `${floor.url}/floor`, rate: RATE, events: EVENTS, awaitReplies: false }, users));
runs.push(await drive({ label: 'zalo  @1000/s', url: webhook, rate: RATE, events: EVENTS, awaitReplies: true }, users));
runs.push(await drive({ label: 'floor max', url: `${floor.url}/floor`, rate: 0, events: EVENTS, awaitReplies: false }, users));
runs.push(await drive({ label: 'zalo  max', url: webhook, rate: 0, events: EVENTS, awaitReplies: true }, users));

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const f = (n: number) => (Number.isFinite(n) ? n.toFixed(2).padStart(8) : '       –');
console.log(`\nZalo webhook benchmark — ${EVENTS} events per run, ≤ 32 in flight, ${USERS} users, load from another process\n`);
console.log('run              events/s   200 p50   200 p99  reply p50  reply p99  replies  errors');
for (const r of runs) {
  console.log(
    `${r.label.padEnd(15)} ${String(Math.round(r.events / r.seconds)).padStart(9)} ${f(pct(r.ackMs, 50))} ${f(pct(r.ackMs, 99))} ${f(pct(r.replyMs, 50))}  ${f(pct(r.replyMs, 99))} ${String(r.replyMs.length).padStart(8)} ${String(r.errors).padStart(7)}`,
  );
}
const [floorPaced, zaloPaced, floorMax, zaloMax] = runs as [RunResult, RunResult, RunResult, RunResult];
const p99 = pct(zaloPaced.ackMs, 99);
console.log(`\n200 answer p99 at ${RATE}/s: ${p99.toFixed(2)} ms = ${(p99 / pct(floorPaced.ackMs, 99)).toFixed(1)}× the express floor`);
console.log(`max throughput: ${Math.round(zaloMax.events / zaloMax.seconds)} events/s = ${((zaloMax.events / zaloMax.seconds) / (floorMax.events / floorMax.seconds)).toFixed(2)}× the floor`);
console.log(`target: 200 p99 < ${TARGET_P99_MS} ms at ${RATE}/s → ${p99 < TARGET_P99_MS && zaloPaced.errors === 0 ? 'PASS' : 'FAIL'}`);

child.send({ type: 'exit' });
zaloServer.close();
await zalo.stop();
await zalo.worker.stop();
await store.close();
floor.server.close();
rmSync(dir, { recursive: true, force: true });

function listen(a: express.Express): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = a.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}
