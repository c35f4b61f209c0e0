/**
 * Issue 12: two app processes (the real server, configured by the environment) on ONE PostgreSQL database, behind
 * a load of Telegram webhook updates and Zalo events for 200 linked chats spread over both, with one instance
 * SIGKILLed midway and restarted, and a reminder slot run by two schedulers at once. Checked afterwards:
 * - 0 acknowledged answers lost: every answer whose webhook was acknowledged (Telegram: 200 after the step committed;
 *   Zalo: 200 once the event is queued) is stored;
 * - 0 duplicate replies and per-chat order: each chat received the confirmation of question k exactly once, in order;
 * - the reminder slot ran once and every person received its reminder exactly once;
 * - the fake Bot API, enforcing Telegram's limits as the real server does, saw no request over a limit (the two
 *   instances share ONE 30 msg/s budget: only the `sender:telegram` lease holder sends, the other queues its replies);
 * - /healthz of each instance reports its roles, and each role has exactly one leader.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { TELEGRAM_LIMITS } from '../../src/channels/telegram/rate-limiter.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { silentLogger } from '../../src/logger.js';
import { createScheduler } from '../../src/scheduler/start-scheduler.js';
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { AppInstance, askedQuestions, confirmedQuestions, freePort, seedLinkedPeople, telegramChat, telegramTextUpdate, until, zaloUser } from '../helpers/app-instances.js';
import { FakeTelegramApi } from '../helpers/fake-telegram-api.js';
import { FakeZalo } from '../helpers/fake-zalo.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg-test-db.js';
import { telegramEnv, zaloEnv } from '../helpers/test-config.js';
import { postSigned, zaloEvent } from '../helpers/zalo-events.js';

const TOKEN = '7000000002:AAFakeTokenForMultiInstanceTests_01234';
const SECRET = 'multi-instance-secret_0123456789';
const OA_SECRET = 'oa-secret-multi-instance';
const TELEGRAM_CHATS = 100;
const ZALO_CHATS = 100;
/** Answers per chat after `/tudanhgia` (the seed 000 rubric's first questions are yes/no: "đạt"). */
const ANSWERS = 3;
/** The load generator's concurrency (chats in flight at once; each chat's events go one after the other). */
const IN_FLIGHT = 40;

let db: TestDatabase | undefined;
let store: PostgresStore | undefined;
let fakeTg: FakeTelegramApi | undefined;
let fakeZalo: FakeZalo | undefined;
const instances: AppInstance[] = [];
afterAll(async () => {
  for (const instance of instances) await instance.stop('SIGKILL').catch(() => undefined);
  await store?.close();
  await fakeTg?.close();
  await fakeZalo?.close();
  await db?.drop();
});

describe('two app instances on one PostgreSQL database', () => {
  it('loses no acknowledged answer, sends no reply twice, keeps each chat in order and one Telegram budget, across a SIGKILL', async () => {
    db = await createTestDatabase();
    store = createPostgresStore(db.config, { skipMigrations: true });
    await seedLinkedPeople(store, { telegram: TELEGRAM_CHATS, zalo: ZALO_CHATS });
    fakeTg = await FakeTelegramApi.start({ token: TOKEN, limits: TELEGRAM_LIMITS });
    fakeZalo = await FakeZalo.start();
    const tg = fakeTg;
    const zalo = fakeZalo;
    const env = {
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: '10',
      SCHEDULER: 'on',
      DEMO_DATA: 'off',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      LEASE_TTL_MS: '5000',
      ...telegramEnv({ token: TOKEN, secret: SECRET, apiRoot: tg.url, mode: 'webhook' }),
      ...zaloEnv(zalo, { oaSecretKey: OA_SECRET, refreshToken: zalo.issuePair().refreshToken }),
    } as Record<string, string>;
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const a = new AppInstance('app-a', await freePort(), env);
    const b = new AppInstance('app-b', await freePort(), env);
    instances.push(a, b);
    // A first: it takes every lease (and the Zalo token pair); B then finds them held.
    await a.start();
    await b.start();
    const roleNames = ['scheduler', 'sender:telegram', 'sender:zalo'];
    for (const h of [await a.health(), await b.health()]) {
      expect(h.ok).toBe(true);
      expect(h.roles?.map((r) => r.name).sort()).toEqual([...roleNames].sort());
    }
    const leadersOf = async () => {
      const [ha, hb] = [await a.health(), await b.health()];
      return roleNames.map((name) => [ha, hb].filter((h) => h.roles?.find((r) => r.name === name)?.leader).map((h) => h.instance));
    };
    expect(await leadersOf()).toEqual(roleNames.map(() => ['app-a']));

    // The load: every chat sends /tudanhgia then ANSWERS × "đạt", each event after the previous one was
    // acknowledged, to alternating instances; a refused connection (the killed instance) goes to the other one.
    let updateId = 1_000;
    let acknowledged = 0;
    const ackedAnswers = new Map<string, number>();
    const targets = [a, b];
    const post = async (first: number, send: (instance: AppInstance) => Promise<number>): Promise<void> => {
      for (let attempt = 0; attempt < 40; attempt++) {
        const instance = targets[(first + attempt) % 2] as AppInstance;
        try {
          const status = await send(instance);
          if (status === 200) return;
        } catch {
          // connection refused or reset: the instance is down; try the other
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('no instance acknowledged the event');
    };
    const telegramChatLoad = async (i: number) => {
      const chatId = telegramChat(i);
      for (let k = 0; k <= ANSWERS; k++) {
        const update = telegramTextUpdate(++updateId, chatId, k === 0 ? '/tudanhgia' : 'đạt');
        await post(i + k, async (instance) => {
          const res = await fetch(`${instance.url}/telegram/webhook`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
            body: JSON.stringify(update),
          });
          await res.arrayBuffer();
          return res.status;
        });
        acknowledged++;
        if (k > 0) ackedAnswers.set(chatId, k);
      }
    };
    let msg = 0;
    const zaloChatLoad = async (i: number) => {
      const userId = zaloUser(i);
      for (let k = 0; k <= ANSWERS; k++) {
        const event = zaloEvent('user_send_text', { userId, msgId: `m${++msg}`, text: k === 0 ? '/tudanhgia' : 'đạt', timestamp: String(Date.now()), appId: zalo.appId });
        await post(i + k, (instance) => postSigned(`${instance.url}/zalo/webhook`, event, zalo.appId, OA_SECRET));
        acknowledged++;
        if (k > 0) ackedAnswers.set(userId, k);
        // Zalo acknowledges on queueing (the event is processed after the 200): a person reads the reply first.
        const answered = () => (k === 0 ? zalo.sentTo(userId).some((m) => textOf(m).includes('Câu 1/')) : confirmedQuestions(zalo.sentTo(userId).map(textOf)).length >= k);
        await until(answered, 45_000, `zalo ${userId} event ${k}`);
      }
    };
    const total = (TELEGRAM_CHATS + ZALO_CHATS) * (ANSWERS + 1);
    const t0 = performance.now();
    let next = 0;
    const lanes = Array.from({ length: IN_FLIGHT }, async () => {
      for (;;) {
        const job = interleaved(TELEGRAM_CHATS, ZALO_CHATS, next++);
        if (!job) return;
        await (job.kind === 'telegram' ? telegramChatLoad(job.i) : zaloChatLoad(job.i));
      }
    });
    // Midway: B is SIGKILLed (webhooks in flight to it fail and go to A), then restarted under the same id.
    let killedAt = 0;
    let restartedAt = 0;
    let killedHealth = '';
    let outputBeforeKill = '';
    const killer = (async () => {
      await until(() => acknowledged >= total * 0.4, 60_000, 'the load reaching 40 %');
      killedHealth = JSON.stringify(await leadersOf().catch(() => null));
      expect(await b.stop('SIGKILL')).toBeNull();
      killedAt = performance.now();
      outputBeforeKill = b.output;
      await new Promise((r) => setTimeout(r, 500));
      await b.start();
      restartedAt = performance.now();
    })();
    try {
      await Promise.all([...lanes, killer]);
    } catch (error) {
      console.error(`load failed at ${((performance.now() - t0) / 1000).toFixed(1)} s; B killed at ${((killedAt - t0) / 1000).toFixed(1)} s, restarted at ${((restartedAt - t0) / 1000).toFixed(1)} s\nA: ${problems(a.output)}\nB: ${problems(b.output)}`);
      throw error;
    }

    // The reminder slot: two schedulers (two instances' worth) run the same slot at once.
    const slot = Date.now() - 60_000; // inside the quarter the seed opened
    const dispatcher = new Dispatcher({ enabledChannels: new Set(['telegram', 'zalo', 'web']) });
    const scheduler = (instanceId: string) =>
      createScheduler({
        store: store as PostgresStore,
        dispatcher,
        postToGroup: async () => undefined,
        logger: silentLogger(),
        dataDir: '.',
        clock: { now: () => new Date() },
        timeZone: 'Asia/Ho_Chi_Minh',
        instanceId,
      });
    const outcomes = await Promise.all([scheduler('cron-a').runSlot('self-reminder', 'u1', slot), scheduler('cron-b').runSlot('self-reminder', 'u1', slot)]);
    expect(outcomes.sort()).toEqual(['ran', 'taken']);
    const reminderRows = await store.pool.query<{ chat_id: string; channel: string; payload: { text?: string }[] }>(
      `SELECT chat_id, channel, payload FROM outbox WHERE purpose = 'reminder'`,
    );
    expect(reminderRows.rowCount).toBe(TELEGRAM_CHATS + ZALO_CHATS);

    // Everything delivered: the last confirmation in every chat, and every reminder.
    const reminderText = (row: (typeof reminderRows.rows)[number]) => String(row.payload[0]?.text ?? '');
    const tgTexts = (chatId: string) => tg.sent(chatId).map((c) => String(c.body.text ?? ''));
    const zaloTexts = (userId: string) => zalo.sentTo(userId).map(textOf);
    const textsOf = (row: { chat_id: string; channel: string }) => (row.channel === 'telegram' ? tgTexts(row.chat_id) : zaloTexts(row.chat_id));
    const missingTelegram = () => Array.from({ length: TELEGRAM_CHATS }, (_, i) => telegramChat(i)).filter((c) => askedQuestions(tgTexts(c)).length < ANSWERS + 1);
    const missingReminders = () => reminderRows.rows.filter((row) => !textsOf(row).includes(reminderText(row)));
    const loadDone = performance.now();
    try {
      await until(() => missingTelegram().length === 0 && missingReminders().length === 0, 40_000, 'every confirmation and reminder delivered');
    } catch (error) {
      const outbox = await (store as PostgresStore).pool.query(`SELECT channel, purpose, status, count(*) AS n FROM outbox GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
      const first = missingTelegram()[0];
      console.error(
        `missing telegram ${missingTelegram().length}, reminders ${missingReminders().length}; outbox ${JSON.stringify(outbox.rows)}; ` +
          `first missing chat ${first}: ${JSON.stringify(first ? tgTexts(first).map((t) => t.slice(0, 12)) : [])}\n` +
          `A: ${leaderLines(a.output)}\nB: ${leaderLines(b.output)}\nhealth ${JSON.stringify(await leadersOf())}`,
      );
      throw error;
    }
    console.info(`load ${((loadDone - t0) / 1000).toFixed(1)} s, delivery after it ${((performance.now() - loadDone) / 1000).toFixed(1)} s`);
    const elapsed = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 1_500)); // anything sent twice would arrive by now

    // 0 acknowledged answers lost.
    expect(ackedAnswers.size).toBe(TELEGRAM_CHATS + ZALO_CHATS);
    const stored = await store.pool.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM answers a JOIN submissions s ON s.id = a.submission_id`,
    );
    expect(Number(stored.rows[0]?.n)).toBe([...ackedAnswers.values()].reduce((x, y) => x + y, 0));
    // 0 duplicate replies, per-chat order kept: questions 1..ANSWERS+1 asked once each, in order; on Zalo the
    // confirmations 1..ANSWERS too (Telegram shows a typed answer by editing the question it answers).
    const confirmed = Array.from({ length: ANSWERS }, (_, k) => k + 1);
    const asked = [...confirmed, ANSWERS + 1];
    const twice = Array.from({ length: TELEGRAM_CHATS }, (_, i) => telegramChat(i)).filter((c) => askedQuestions(tgTexts(c)).length > asked.length);
    if (twice.length > 0) {
      const rows = await store.pool.query(`SELECT id, dedupe_key, status, attempts, claimed_by, created_at, sent_at FROM outbox WHERE chat_id = ANY($1) AND channel = 'telegram' ORDER BY id`, [twice]);
      const at = (c: { at: number }) => ((c.at - t0) / 1000).toFixed(2);
      console.error(
        `DIAG sent twice in ${twice.length} chats; leaders at the kill ${killedHealth}; killed at ${((killedAt - t0) / 1000).toFixed(2)} s\n` +
          `rows ${JSON.stringify(rows.rows)}\nsends ${JSON.stringify(twice.map((c) => tg.sent(c).map((x) => [at(x), String(x.body.text ?? '').slice(0, 8)])))}\n` +
          `A: ${leaderLines(a.output)}\nB before the kill: ${leaderLines(outputBeforeKill)}\nB: ${leaderLines(b.output)}`,
      );
    }
    for (let i = 0; i < TELEGRAM_CHATS; i++) {
      const chatId = telegramChat(i);
      expect(askedQuestions(tgTexts(chatId)), `telegram chat ${i}`).toEqual(asked);
      const edits = tg.calls.filter((c) => c.method === 'editMessageText' && c.status === 200 && String(c.body.chat_id) === chatId);
      const editedTo = confirmedQuestions(edits.map((c) => String(c.body.text ?? '')));
      expect(new Set(editedTo).size, `telegram chat ${i} edits`).toBe(editedTo.length);
    }
    for (let i = 0; i < ZALO_CHATS; i++) {
      expect(confirmedQuestions(zaloTexts(zaloUser(i))), `zalo user ${i}`).toEqual(confirmed);
      expect(askedQuestions(zaloTexts(zaloUser(i))), `zalo user ${i}`).toEqual(asked);
    }
    // The reminder slot: once per person.
    for (const row of reminderRows.rows) expect(textsOf(row).filter((t) => t === reminderText(row)), `${row.channel} ${row.chat_id}`).toHaveLength(1);
    const runs = await store.pool.query(`SELECT status FROM job_runs WHERE job_name = 'self-reminder'`);
    expect(runs.rows).toEqual([{ status: 'done' }]);
    // One Telegram budget for the deployment: never over a limit, never a 429.
    expect(tg.violations).toEqual([]);
    expect(tg.calls.filter((c) => c.status === 429)).toEqual([]);
    // Each role has exactly one leader (which one depends on how leadership moved during the load).
    expect((await leadersOf()).map((holders) => holders.length)).toEqual(roleNames.map(() => 1));
    const sentTelegram = tg.sent().length;
    console.info(
      `multi-instance: ${total} events acknowledged, ${sentTelegram} Telegram messages, ${reminderRows.rowCount} reminders, ` +
        `${(elapsed / 1000).toFixed(1)} s; B killed and restarted; 0 lost, 0 duplicates, 0 × 429`,
    );
  }, 120_000);
});

/** The app's warnings and errors, short. */
function problems(output: string): string {
  return output
    .split('\n')
    .filter((l) => /"level":(40|50|60)/.test(l))
    .map((l) => l.replace(/"(app|time)":[^,]*,/g, '').slice(0, 300))
    .slice(-25)
    .join('\n');
}

/** The app's leadership log lines (role changes), short. */
function leaderLines(output: string): string {
  return output
    .split('\n')
    .filter((l) => l.includes('leadership') || l.includes('"level":50'))
    .map((l) => l.replace(/"(app|level)":[^,]*,/g, '').slice(0, 220))
    .join('\n');
}

function textOf(m: { message: Record<string, unknown> } | undefined): string {
  return typeof m?.message.text === 'string' ? m.message.text : '';
}

/** The n-th chat of the load, alternating Telegram and Zalo so both run at once. */
function interleaved(telegram: number, zalo: number, n: number): { kind: 'telegram' | 'zalo'; i: number } | undefined {
  const pairs = Math.min(telegram, zalo);
  if (n < 2 * pairs) return { kind: n % 2 === 0 ? 'telegram' : 'zalo', i: Math.floor(n / 2) };
  const rest = n - 2 * pairs;
  if (telegram > pairs && rest < telegram - pairs) return { kind: 'telegram', i: pairs + rest };
  if (zalo > pairs && rest < zalo - pairs) return { kind: 'zalo', i: pairs + rest };
  return undefined;
}
