/**
 * Issue 18 item 8: processed inbound events, old login attempts and day-old evidence files no row names (issue 12
 * item 5) are purged daily by the scheduler (the
 * `housekeeping` job, 03:30 local, recorded once in job_runs), wired by the composition root: at start the catch-up
 * runs the latest missed slot; a second start the same day does not run it again.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inboundEvents, jobRuns, loginAttempts, outbox } from '../../db/schema.js';
import { createApp, type App } from '../../src/app/create-app.js';
import { INBOUND_EVENT_RETENTION_MS } from '../../src/channels/zalo/inbound-retention.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { vn } from './harness.js';

let app: App | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('daily housekeeping', () => {
  it('purges old processed inbound events and login attempts from the scheduler, once a day', async () => {
    dir = mkdtempSync(join(tmpdir(), 'thidua-housekeeping-'));
    const now = vn(2026, 12, 2, 9, 0);
    const config = loadConfig({ DATABASE_PATH: join(dir, 'thidua.db'), PORT: '0', SCHEDULER: 'on', LOG_LEVEL: 'silent', DEMO_DATA: 'off' });
    const start = async () => {
      app = await createApp({ config, logger: silentLogger(), clock: { now: () => now } });
      return app;
    };
    const first = await start();
    const db = (first.store as SqliteStore).db;
    const t = now.getTime();
    const old = t - INBOUND_EVENT_RETENTION_MS - 3600_000;
    db.insert(inboundEvents)
      .values([
        { channel: 'zalo', eventId: 'old-done', status: 'done', receivedAt: old, processedAt: old },
        { channel: 'telegram', eventId: 'old-pending', status: 'pending', receivedAt: old },
        { channel: 'web', eventId: 'recent', status: 'done', receivedAt: t - 3600_000, processedAt: t - 3600_000 },
      ])
      .run();
    db.insert(loginAttempts)
      .values([
        { key: 'ip:10.0.0.1', at: t - 24 * 3600_000 },
        { key: 'telegram:42', at: t - 2 * 3600_000 },
        { key: 'ip:10.0.0.2', at: t - 60_000 },
      ])
      .run();
    // Evidence files: a day-old one no row names (a unit of work failed after writing it), one a queued message
    // names, and a recent unnamed one (its unit of work may still be under way).
    const evidence = (name: string, hoursAgo: number) => {
      mkdirSync(join(dir!, 'evidence', 'ab'), { recursive: true });
      const path = `evidence/ab/${name}.pdf`;
      writeFileSync(join(dir!, path), name);
      const at = (t - hoursAgo * 3600_000) / 1000;
      utimesSync(join(dir!, path), at, at);
      return path;
    };
    const orphan = evidence('ab01', 25);
    const named = evidence('ab02', 48);
    const young = evidence('ab03', 23);
    db.insert(outbox)
      .values({ dedupeKey: 'board', channel: 'telegram', chatId: '1', purpose: 'notice', payload: [{ kind: 'image', path: named }], nextAttemptAt: t })
      .run();
    await first.start();
    expect([orphan, named, young].map((p) => existsSync(join(dir!, p)))).toEqual([false, true, true]);
    expect(db.select({ id: inboundEvents.eventId }).from(inboundEvents).all().map((r) => r.id).sort()).toEqual(['old-pending', 'recent']);
    expect(db.select({ key: loginAttempts.key }).from(loginAttempts).all().map((r) => r.key)).toEqual(['ip:10.0.0.2']);
    const runs = db.select().from(jobRuns).all().filter((r) => r.jobName === 'housekeeping');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ unitId: '*', slot: vn(2026, 12, 2, 3, 30).getTime(), status: 'done' });
    expect(runs[0]?.detail).toMatchObject({ 'inbound-events': 1, 'login-attempts': 2, 'web-sessions': 0, 'evidence-files': 1 });
    await first.stop();

    // Restarted the same day: the slot is done, nothing runs again (a new old row stays until tomorrow's run).
    app = undefined;
    const second = await start();
    const db2 = (second.store as SqliteStore).db;
    db2.insert(loginAttempts).values({ key: 'ip:10.0.0.3', at: old }).run();
    await second.start();
    expect(db2.select({ key: loginAttempts.key }).from(loginAttempts).all().map((r) => r.key).sort()).toEqual(['ip:10.0.0.2', 'ip:10.0.0.3']);
    expect(db2.select().from(jobRuns).all().filter((r) => r.jobName === 'housekeeping')).toHaveLength(1);
  });

  it('removes temporary upload files a crash left in <dataDir>/tmp at start-up, keeping recent ones (issue 18 items 1–2)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'thidua-tmp-sweep-'));
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const old = join(tmp, 'recv-0123456789abcdef.tmp');
    const recent = join(tmp, 'recv-fedcba9876543210.tmp');
    writeFileSync(old, 'half an upload');
    writeFileSync(recent, 'an upload in flight on another instance');
    const twoHoursAgo = (Date.now() - 2 * 3600_000) / 1000;
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    const config = loadConfig({ DATABASE_PATH: join(dir, 'thidua.db'), PORT: '0', SCHEDULER: 'off', LOG_LEVEL: 'silent', DEMO_DATA: 'off' });
    app = await createApp({ config, logger: silentLogger() });
    await app.start();
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });
});
