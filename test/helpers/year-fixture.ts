/**
 * A finalised year for award tests: the four quarters of `year` opened with the seed's rubric, one approved and
 * classified submission per person with the given total each quarter, and Q4 finalised (rows through the test
 * store's drizzle handle, periods through the store).
 */
import { periods, submissions } from '../../db/schema.js';
import { openPeriod } from '../../src/periods/open-period.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { SeededUnit } from './seed-unit.js';
import { eq } from 'drizzle-orm';

export async function seedFinalisedYear(store: SqliteStore, seeded: SeededUnit, year: number, totals: Record<number, number>): Promise<void> {
  for (const q of [1, 2, 3, 4]) {
    const code = `${year}-Q${q}`;
    const period = (await store.read((tx) => tx.periods.find(seeded.unitId, code))) ?? (await store.transaction((tx) => openPeriod(tx, { unitId: seeded.unitId, rubric: seeded.rubric, code, by: null })));
    for (const [personId, total] of Object.entries(totals)) {
      store.db
        .insert(submissions)
        .values({ periodId: period.id, personId: Number(personId), status: 'approved', selfTotal: total, reviewedTotal: total, classified: true, updatedAt: 0 })
        .run();
    }
    store.db.update(periods).set({ status: 'finalised', finalisedAt: Date.UTC(year, 11, 1) }).where(eq(periods.id, period.id)).run();
  }
}
