/**
 * "Recognised initiatives of a unit, a department or a person in a year" (issue 14 item 1): the one query seed
 * 004's +10/+30 bonus (the organisation index), seed 002's individual rule and seed 000's "Sáng kiến đổi mới" read.
 * An initiative counts in the year of its recognition decision.
 */
import type { InitiativeRecord, RecognitionLevel } from '../store/initiatives.js';
import type { Tx } from '../store/store.js';

export interface RecognisedQuery {
  unitId: string;
  /** One year, or an inclusive range (seed 002 looks at 2021–2025). */
  year: number | { from: number; to: number };
  /** Only those this person authored. */
  personId?: number;
  /** Only those owned by this department. */
  departmentId?: number;
  /** Only these levels. */
  levels?: readonly RecognitionLevel[];
}

export async function recognisedInitiatives(tx: Pick<Tx, 'initiatives'>, q: RecognisedQuery): Promise<InitiativeRecord[]> {
  const { from, to } = typeof q.year === 'number' ? { from: q.year, to: q.year } : q.year;
  const all: InitiativeRecord[] = [];
  for (let y = from; y <= to; y += 1) all.push(...(await tx.initiatives.recognisedIn(q.unitId, y)));
  return all.filter(
    (i) =>
      (q.personId === undefined || i.authorIds.includes(q.personId)) &&
      (q.departmentId === undefined || i.departmentId === q.departmentId) &&
      (q.levels === undefined || (i.recognition !== null && q.levels.includes(i.recognition.level))),
  );
}

/** How many of a unit's (or department's) initiatives were recognised in the year: seed 004's bonus counts these. */
export async function recognisedCount(tx: Pick<Tx, 'initiatives'>, q: RecognisedQuery): Promise<number> {
  return (await recognisedInitiatives(tx, q)).length;
}
