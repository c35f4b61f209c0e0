/**
 * Reads what an honour board needs in a unit of work (the unit's name, the period's state, the official results
 * through `src/results/`) and hands it to the pure `compute-honours.ts`.
 */
import { blockerLine, blockersByPerson } from '../awards/blockers.js';
import { unitLeaderboard, yearResults } from '../results/index.js';
import type { Tx } from '../store/store.js';
import { quarterHonours, yearHonours, type HonourBoard } from './compute-honours.js';
import { loadTieChoice } from './tie-choice.js';

/** Which list: a quarter (`2026-Q4`) or a year (`2026`). */
export interface HonourRef {
  unitId: string;
  kind: 'quarter' | 'year';
  /** `2026-Q4` for a quarter, `2026` for a year. */
  periodCode: string;
}

export type LoadedBoard =
  | { board: HonourBoard; provisional: boolean }
  | { board: null; reason: 'not_final' | 'no_period' }
  /** Ties the director has to choose among first (tie rule `director-chooses`); never posted like this. */
  | { board: null; reason: 'needs_choice'; pending: HonourBoard };

/**
 * The board of a finalised quarter (or of a year whose Q4 is final); null with the reason otherwise. With
 * `allowProvisional` an unfinalised period gives a board too, and `provisional` says so (the preview marks it).
 */
export async function loadHonourBoard(tx: Tx, ref: HonourRef, topN = 5, options: { allowProvisional?: boolean } = {}): Promise<LoadedBoard> {
  const unitName = (await tx.settings.getUnit(ref.unitId))?.name ?? ref.unitId;
  const quarterCode = ref.kind === 'quarter' ? ref.periodCode : `${ref.periodCode}-Q4`;
  const period = await tx.periods.find(ref.unitId, quarterCode);
  if (!period) return { board: null, reason: 'no_period' };
  const final = period.status === 'finalised';
  if (!final && !options.allowProvisional) return { board: null, reason: 'not_final' };
  const provisional = !final;
  // Award blockers (issue 14 item 3) keep people off the lists of their year, and the board says why.
  const blockers = await blockersByPerson(tx, ref.unitId, period.year);
  if (ref.kind === 'quarter') {
    const exclude = new Set(blockers.keys());
    const lb = await unitLeaderboard(tx, { unitId: ref.unitId, periodCode: ref.periodCode, n: topN, provisional, exclude });
    if (!lb) return { board: null, reason: 'no_period' };
    // Who would have been on the list without the blockers.
    const unfiltered = exclude.size > 0 ? await unitLeaderboard(tx, { unitId: ref.unitId, periodCode: ref.periodCode, n: topN, provisional }) : null;
    const leftOut = (unfiltered?.top ?? [])
      .filter((e) => exclude.has(e.id))
      .map((e) => ({ personId: e.id, fullName: e.fullName, reasons: (blockers.get(e.id) ?? []).map(blockerLine) }));
    const board = quarterHonours(lb, unitName, topN, await loadTieChoice(tx, period.id), leftOut);
    // A preview shows the pending choice on the board; posting waits for the director.
    if (board.pendingChoice && !options.allowProvisional) return { board: null, reason: 'needs_choice', pending: board };
    return { board, provisional };
  }
  const year = await yearResults(tx, { unitId: ref.unitId, year: Number(ref.periodCode), n: topN, provisional });
  const blocked = new Map([...blockers].map(([id, list]) => [id, list.map(blockerLine)]));
  return { board: yearHonours(year, unitName, topN, { blocked }), provisional };
}
