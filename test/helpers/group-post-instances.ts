/**
 * The harness of the group-post tests on several instances (test/app/group-post*-instances.test.ts): app instances
 * on one PostgreSQL database, each with its own fake Bot API, on a real-time clock that starts just after Quarter
 * IV/2026's ceremony slot (so a finalisation posts at once), and everything they start closed after the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.js';
import { silentLogger } from '../../src/logger.js';
import { SECRET, TEST_LIMITS, TEST_SCALE, TOKEN } from '../telegram/telegram-harness.js';
import { FakeTelegramApi } from './fake-telegram-api.js';
import { seedHonoursUnit } from './honours-walk.js';
import { createTestDatabase, type TestDatabase } from './pg-test-db.js';
import { telegramEnv, testConfig } from './test-config.js';

/** Wednesday 6 January 2027, 09:00 in Hà Nội: after Quarter IV/2026's ceremony slot, so a finalisation posts at once. */
export const AFTER_CEREMONY = Date.parse('2027-01-06T02:00:00Z');

export interface GroupPostInstances {
  /** Real time from AFTER_CEREMONY on: the leases (LEASE_TTL_MS) run on this clock and must not jump. */
  clock: { now: () => Date };
  /** What to undo after the file (run in reverse order). */
  cleanup: (() => Promise<unknown>)[];
  /** An app instance `id` on `db` (scheduler on, 5 s leases, Telegram webhook mode) with its own fake Bot API. */
  instance(id: string, db: TestDatabase, dir: string): Promise<{ app: App; fake: FakeTelegramApi }>;
  /**
   * Instances A and B (not started) on a new database, sharing one data folder (the board B renders is kept in the
   * file store A reads it from: S3 in production), and the honours unit with its Telegram `group`.
   */
  twoInstances(group: string): Promise<{ a: { app: App; fake: FakeTelegramApi }; b: { app: App; fake: FakeTelegramApi }; unit: Awaited<ReturnType<typeof seedHonoursUnit>> }>;
}

/** Call at the top of a test file: registers the file's `afterAll` clean-up. */
export function groupPostInstances(): GroupPostInstances {
  const started = performance.now();
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
  async function twoInstances(group: string) {
    const db = await createTestDatabase();
    cleanup.push(() => db.drop());
    const dir = mkdtempSync(join(tmpdir(), 'thidua-group-instances-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const a = await instance('app-a', db, dir);
    const b = await instance('app-b', db, dir);
    const unit = await seedHonoursUnit(b.app.store, group, clock.now().getTime());
    return { a, b, unit };
  }
  return { clock, cleanup, instance, twoInstances };
}
