/**
 * Seed 002 §4: "ít nhất 10 tập thể và 10 cá nhân điển hình tiên tiến" over 2021–2025, shown as progress: the
 * nominees of scheme tt-002 the council approved, by year.
 */
import type { Tx } from '../store/store.js';
import { SEED_002_PERIOD } from './eligibility.js';

export const SEED_002_TARGET = { collectives: 10, individuals: 10 } as const;

export interface TargetProgress {
  from: number;
  to: number;
  collectives: number;
  individuals: number;
  target: typeof SEED_002_TARGET;
  byYear: { year: number; collectives: number; individuals: number }[];
}

export async function seed002Progress(tx: Pick<Tx, 'nominations'>, unitId: string): Promise<TargetProgress> {
  const approved = (await tx.nominations.listScheme(unitId, 'tt-002', SEED_002_PERIOD.from, SEED_002_PERIOD.to)).filter((n) => n.decision?.approved === true);
  const byYear = [];
  for (let year = SEED_002_PERIOD.from; year <= SEED_002_PERIOD.to; year += 1) {
    const of = approved.filter((n) => n.year === year);
    byYear.push({ year, collectives: of.filter((n) => n.nomineeKind !== 'person').length, individuals: of.filter((n) => n.nomineeKind === 'person').length });
  }
  return {
    ...SEED_002_PERIOD,
    collectives: byYear.reduce((s, y) => s + y.collectives, 0),
    individuals: byYear.reduce((s, y) => s + y.individuals, 0),
    target: SEED_002_TARGET,
    byYear,
  };
}

/** "Tập thể: 3/10 · Cá nhân: 4/10 (2021–2025)". */
export function progressLine(p: TargetProgress): string {
  return `Tập thể: ${p.collectives}/${p.target.collectives} · Cá nhân: ${p.individuals}/${p.target.individuals} (giai đoạn ${p.from}–${p.to}).`;
}
