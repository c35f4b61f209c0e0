import { count } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { people } from '../../db/schema.js';
import { createApp } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js';
import { startHarness, type Harness } from './web-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

// The demo seed's own test: test/directory/demo-seed.test.ts.

describe('createApp', () => {
  it('answers /healthz, 404 in Vietnamese, and stops cleanly', async () => {
    h = await startHarness();
    const health = await h.request('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
    const missing = await h.request('/khong-co');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toContain('Không tìm thấy');

    const { app, url, db } = h;
    // WAL checkpoints run in a worker thread while the app runs: the connection's own auto-checkpoint is off.
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await app.stop();
    await app.stop();
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(db.$client.open).toBe(false);
    rmSync(h.dir, { recursive: true, force: true });
    h = undefined;
  });

  it('stops the WAL checkpointer before closing SQLite, leaving a database that reopens with its data', async () => {
    h = await startHarness();
    const { app, dir, db } = h;
    const before = db.select({ n: count() }).from(people).get()?.n ?? 0;
    expect(before).toBeGreaterThan(0);
    await app.stop();
    expect(db.$client.open).toBe(false);
    const reopened = openSqlite(join(dir, 'thidua.db'));
    expect(reopened.select({ n: count() }).from(people).get()?.n).toBe(before);
    reopened.$client.close();
    rmSync(dir, { recursive: true, force: true });
    h = undefined;
  });

  it('fails fast with the validator message when a rubric is broken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thidua-flows-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'broken.yaml'), 'id: broken\nversion: "1"\n');
    const config = loadConfig({ DATABASE_PATH: ':memory:', PORT: '0', LOG_LEVEL: 'silent' });
    await expect(createApp({ config, logger: silentLogger(), flowsDir: dir })).rejects.toThrow(/broken\.yaml/);
    rmSync(dir, { recursive: true, force: true });
  });
});
