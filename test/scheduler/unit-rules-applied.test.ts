/**
 * Issue 17: the rules a unit stores are what the results compute with (one loader, no silent default): the
 * department mean (all members vs classified only) and the year score (/4 vs mean of the quarters present).
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { units } from '../../db/schema.js';
import { unitLeaderboard, yearResults } from '../../src/results/index.js';
import { createHarness } from './harness.js';

describe('stored unit rules in the results', () => {
  it('the department mean follows the stored setting; skipping quarters never raises the year under either', async () => {
    const h = await createHarness();
    // Department 0 ranks head, staff, staff2 (the laborer is not ranked): only two approved in Q4.
    h.submit('head', '2026-Q4', 'approved', { total: 90 });
    h.submit('staff', '2026-Q4', 'approved', { total: 60 });
    h.submit('staff', '2026-Q3', 'approved', { total: 80 });
    const read = () => h.store.read((tx) => unitLeaderboard(tx, { unitId: h.unit.unitId, periodCode: '2026-Q4' }));
    const dept = h.unit.departmentIds[0];
    const meanOf = async () => (await read())?.departments.find((d) => d.id === dept)?.mean;
    const year = async () => (await h.store.read((tx) => yearResults(tx, { unitId: h.unit.unitId, year: 2026 }))).people.find((p) => p.personId === h.unit.people.staff)?.score;

    // Seed defaults: (90 + 60 + 0) / 3 = 50; staff's year (80 + 60) / 4 = 35.
    expect(await meanOf()).toBe(50);
    expect(await year()).toBe(35);
    h.store.db
      .update(units)
      .set({ settings: { rules: { departmentScore: 'classified-only', yearScore: 'mean-of-present' } } })
      .where(eq(units.id, h.unit.unitId))
      .run();
    expect(await meanOf()).toBe(75);
    // mean-of-present divides by the quarters the person belonged to: in the directory all year, Q1 and Q2 without
    // a submission still count 0, so skipping quarters does not raise the year (docs/settings.md).
    expect(await year()).toBe(35);
  });
});
