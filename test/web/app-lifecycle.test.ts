import { count, eq } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { departments, inviteCodes, people, periods, personRoles, units } from '../../db/schema.js';
import { createApp } from '../../src/app/create-app.js';
import { DEMO_UNIT_ID, seedDemoIfEmpty } from '../../src/app/demo-seed.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js';
import { loadRubricsFromDir } from '../../src/scoring/load-rubrics.js';
import { testStore } from '../helpers/test-store.js';
import { startHarness, T0, type Harness } from './web-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('demo seed', () => {
  it('creates the demo unit, people, roles and the current quarter once', async () => {
    const store = testStore();
    const db = store.db;
    const rubrics = loadRubricsFromDir('flows');
    const now = new Date(T0);
    const first = await seedDemoIfEmpty(store, rubrics, now);
    expect(first).toMatchObject({ seeded: true, unitId: DEMO_UNIT_ID, periodCode: '2026-Q4' });
    expect(first.logins.map((l) => l.code)).toHaveLength(4);
    expect(new Set(first.logins.map((l) => l.code)).size).toBe(4);

    expect(db.select({ n: count() }).from(people).get()?.n).toBeGreaterThanOrEqual(15);
    const deptNames = db.select({ name: departments.name }).from(departments).all().map((d) => d.name);
    expect(deptNames.length).toBeGreaterThanOrEqual(3);
    expect(deptNames).toContain('Phòng Thông tin, Báo chí – Xuất bản');
    expect(db.select().from(departments).all().every((d) => d.leaderInChargeId !== null)).toBe(true);
    const roles = new Set(db.select({ role: personRoles.role }).from(personRoles).all().map((r) => r.role));
    expect([...roles].sort()).toEqual(['admin', 'director', 'head', 'laborer', 'leader', 'office', 'staff']);
    const heads = db.select({ personId: personRoles.personId }).from(personRoles).where(eq(personRoles.role, 'head')).all();
    const headDepts = new Set(heads.map((h) => db.select().from(people).where(eq(people.id, h.personId)).get()?.departmentId));
    expect(headDepts.size).toBe(deptNames.length);
    const period = db.select().from(periods).get();
    expect(period).toMatchObject({ code: '2026-Q4', status: 'open', unitId: DEMO_UNIT_ID });
    expect(db.select({ n: count() }).from(inviteCodes).get()?.n).toBe(4);
    // Codes are stored hashed only.
    for (const login of first.logins) {
      expect(db.select().from(inviteCodes).all().some((r) => r.codeHash.includes(login.code))).toBe(false);
    }

    const second = await seedDemoIfEmpty(store, rubrics, now);
    expect(second).toEqual({ seeded: false, logins: [] });
    expect(db.select({ n: count() }).from(units).get()?.n).toBe(1);
    expect(db.select({ n: count() }).from(inviteCodes).get()?.n).toBe(4);
    await store.close();
  });
});

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
    expect(() => createApp({ config, logger: silentLogger(), flowsDir: dir })).toThrow(/broken\.yaml/);
    rmSync(dir, { recursive: true, force: true });
  });
});
