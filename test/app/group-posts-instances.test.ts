/**
 * Issue 12's gap: Telegram GROUP posts and notices on several instances. Two apps (the composition root, in this
 * process) on ONE PostgreSQL database, each with its own fake Bot API, so every request shows which instance made
 * it. A holds every lease (it started first); the quarter is walked to the director and finalised through B, so B's
 * scheduler posts the honour list. Checked: the board reaches the group exactly once, and only through A (the
 * `sender:telegram` lease holder); B sends nothing at all, neither the post nor a notice answering a command typed in
 * the group through B's webhook; posting the same list again (A's retry, B's repeat) adds nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.js';
import { UPDATE_TEXTS } from '../../src/channels/telegram/handle-update.js';
import { postHonours } from '../../src/honours/post-honours.js';
import { silentLogger } from '../../src/logger.js';
import { finaliseVia, textOf } from '../helpers/approval-walk.js';
import { testSql } from '../helpers/dialects.js';
import { FakeTelegramApi } from '../helpers/fake-telegram-api.js';
import { engineDriver, seedHonoursUnit, walkQuarterToDirector } from '../helpers/honours-walk.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg-test-db.js';
import { groupCommandUpdate } from '../helpers/telegram-updates.js';
import { telegramEnv, testConfig } from '../helpers/test-config.js';
import { postUpdate, SECRET, TEST_LIMITS, TEST_SCALE, TOKEN } from '../telegram/telegram-harness.js';

const GROUP = '-1001234567890';
/** Wednesday 6 January 2027, 09:00 in Hà Nội: after Quarter IV/2026's ceremony slot, so a finalisation posts at once. */
const AFTER_CEREMONY = Date.parse('2027-01-06T02:00:00Z');
const started = performance.now();
/** Real time from AFTER_CEREMONY on: the leases (LEASE_TTL_MS) run on this clock and must not jump. */
const clock = { now: () => new Date(AFTER_CEREMONY + Math.floor(performance.now() - started)) };

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
});

async function instance(id: string, db: TestDatabase, dir: string): Promise<{ app: App; fake: FakeTelegramApi }> {
  const fake = await FakeTelegramApi.start({ token: TOKEN, limits: TEST_LIMITS });
  cleanup.push(() => fake.close());
  const config = testConfig(dir, {
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '4',
    SCHEDULER: 'on',
    INSTANCE_ID: id,
    LEASE_TTL_MS: '5000',
    ...telegramEnv({ token: TOKEN, secret: SECRET, apiRoot: fake.url, mode: 'webhook' }),
  });
  const app = await createApp({ config, logger: silentLogger(), clock, telegram: { limits: TEST_LIMITS, timeScale: TEST_SCALE, worker: { pollMs: 20 } } });
  cleanup.push(() => app.stop());
  return { app, fake };
}

const leads = (app: App, role: string) => app.leadership.status().some((r) => r.name === role && r.leader);

describe('two instances on one PostgreSQL: Telegram group posts', () => {
  it('the honour list and a group notice reach the group once, sent only by the sender:telegram lease holder', async () => {
    const db = await createTestDatabase();
    cleanup.push(() => db.drop());
    // One data folder for both: the board B renders is kept in the file store A reads it from (S3 in production).
    const dir = mkdtempSync(join(tmpdir(), 'thidua-group-instances-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const a = await instance('app-a', db, dir);
    const b = await instance('app-b', db, dir);
    const store = b.app.store;
    const unit = await seedHonoursUnit(store, GROUP, clock.now().getTime());
    await a.app.start();
    const { url: urlB } = await b.app.start();
    expect([leads(a.app, 'sender:telegram'), leads(b.app, 'sender:telegram')]).toEqual([true, false]);

    // Walked and finalised through B: B's approval service and scheduler post the list.
    const d = engineDriver(b.app, clock.now);
    await walkQuarterToDirector(d, store, unit, clock.now().getTime());
    expect(textOf(await finaliseVia(d, unit.p.director))).toContain('Đã phê duyệt');
    await a.fake.waitFor(() => a.fake.sent(GROUP).length >= 2, 15_000);
    expect(a.fake.sent(GROUP).map((c) => c.method)).toEqual(['sendPhoto', 'sendMessage']);
    expect(String(a.fake.sent(GROUP)[0]?.body.caption)).toBe('Biểu dương Chiến binh số Quý IV/2026');
    expect(a.fake.sent(GROUP)[0]?.files.photo?.size).toBeGreaterThan(1000);
    // The sender records the outcome just after the API answered: wait for the mark, not only for the request.
    const postRows = () => testSql(store, `SELECT dedupe_key, status, claimed_by FROM outbox WHERE chat_id = '${GROUP}'`);
    let posts = await postRows();
    for (const deadline = Date.now() + 10_000; posts.some((p) => p.status === 'sending') && Date.now() < deadline; posts = await postRows()) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(posts).toEqual([{ dedupe_key: expect.stringMatching(/^group:honours:quarter:.*@telegram$/), status: 'sent', claimed_by: 'app-a' }]);

    // Posting again changes nothing: A's retry finds the list posted; B's repeat of the same post is the same item.
    const ref = { unitId: unit.unitId, kind: 'quarter' as const, periodCode: unit.period?.code ?? '' };
    expect((await postHonours(a.app.honours, ref, clock.now())).status).toBe('already_posted');
    const key = String(posts[0]?.dedupe_key).replace(/^group:(.*)@telegram$/, '$1');
    await b.app.honours.postToGroup('telegram', GROUP, [{ kind: 'text', text: 'lần nữa' }], key);

    // A command typed in the group, through B's webhook: B marks it and queues the notice; A sends it.
    const res = await postUpdate(urlB, groupCommandUpdate(9_001, { id: 710_999 }, Number(GROUP), '/duyet'));
    expect(res.status).toBe(200);
    await a.fake.waitFor(() => a.fake.sent(GROUP).length === 3, 15_000);
    await new Promise((r) => setTimeout(r, 500)); // a second send would arrive by now
    expect(a.fake.sent(GROUP).map((c) => c.body.text ?? c.method)).toEqual(['sendPhoto', expect.stringContaining('BIỂU DƯƠNG'), UPDATE_TEXTS.groupOnly]);
    // B made no send at all: every reply, notification and post of its actions went out through A.
    expect(b.fake.sent()).toEqual([]);
    expect(a.fake.violations).toEqual([]);
    expect([leads(a.app, 'sender:telegram'), leads(b.app, 'sender:telegram')]).toEqual([true, false]);
  }, 60_000);
});
