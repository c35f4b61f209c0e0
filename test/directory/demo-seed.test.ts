/** The demo unit seeded on a first `npm start` (moved from test/web/app-lifecycle.test.ts, now through the store). */
import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { departments, inviteCodes, people, periods, personRoles, units } from '../../db/schema.js';
import { DEMO_UNIT_ID, seedDemoIfEmpty } from '../../src/app/demo-seed.js';
import { loadRubricsFromDir } from '../../src/scoring/load-rubrics.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { testStore } from '../helpers/test-store.js';

const T0 = Date.parse('2026-11-21T03:00:00Z');

let store: SqliteStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('demo seed', () => {
  it('creates the demo unit, people, roles and the current quarter once', async () => {
    store = testStore();
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
  });

  it('writes nothing when a step fails (one unit of work)', async () => {
    store = testStore();
    // The seed 000 rubric's version is already stored with another definition: opening the period throws after the
    // staff was imported and before the codes are issued.
    const rubrics = loadRubricsFromDir('flows');
    const rubric = rubrics.get('dak-nong-chien-binh-so-2024');
    if (!rubric) throw new Error('seed 000 rubric missing');
    await store.transaction(async (tx) => {
      await tx.periods.insertRubricVersion({ rubricId: rubric.id, version: rubric.version, sha256: 'other', definition: '{}' });
    });
    await expect(seedDemoIfEmpty(store, rubrics, new Date(T0))).rejects.toThrow(/nội dung khác/);
    expect(store.db.select({ n: count() }).from(units).get()?.n).toBe(0);
    expect(store.db.select({ n: count() }).from(people).get()?.n).toBe(0);
    expect(store.db.select({ n: count() }).from(inviteCodes).get()?.n).toBe(0);
  });

  it('refuses to seed without the seed 000 rubric', async () => {
    store = testStore();
    await expect(seedDemoIfEmpty(store, new Map(), new Date(T0))).rejects.toThrow('Thiếu bảng điểm dak-nong-chien-binh-so-2024');
  });
});
