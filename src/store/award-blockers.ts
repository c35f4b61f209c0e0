/**
 * Award blockers: a person who is not to be considered for a year's awards, and why. Why a table of its own: the
 * rule comes from somewhere else than the person's own scores (seed 001: a leader below 50% in the contest "chưa
 * xem xét khen thưởng năm 2024"), and the yearly nominations must read it whatever produced it. `source` says what
 * produced the row (`contest`, with the contest id as `sourceRef`); a source replaces all of its own rows at once
 * when it recomputes (results republished after a correction).
 */

export const AWARD_BLOCKER_SOURCES = ['contest'] as const;
export type AwardBlockerSource = (typeof AWARD_BLOCKER_SOURCES)[number];

export interface AwardBlockerRecord {
  personId: number;
  year: number;
  source: AwardBlockerSource;
  /** The producing record's id (the contest id). */
  sourceRef: string;
  /** The rule's wording ("chưa xem xét khen thưởng"). */
  reason: string;
  /** The figures behind it, in Vietnamese. */
  detail: string;
}

export interface AwardBlockerRepository {
  /** Replaces every row of one source record (e.g. one contest's blockers) with `rows`. */
  replaceFrom(source: AwardBlockerSource, sourceRef: string, rows: readonly Omit<AwardBlockerRecord, 'source' | 'sourceRef'>[]): Promise<void>;
  /** The blockers of a year, by person id then source. */
  ofYear(year: number): Promise<AwardBlockerRecord[]>;
  /** One person's blockers for a year (empty: nothing blocks them). */
  ofPerson(personId: number, year: number): Promise<AwardBlockerRecord[]>;
}
