/**
 * Award blockers (issue 14 item 3): a per-person, per-year record that keeps someone from the year's awards, with
 * its source and reason. Why stored: the reasons come from different places and times — seed 001's contest below
 * 50% ("chưa xem xét khen thưởng"), seed 000's "không hoàn thành nhiệm vụ" (no article), a disciplinary note by the
 * office — and every honour list and nomination must say why someone is left out, long after the source was read.
 */

/** `contest` (seed 001), `duty` (seed 000: "không hoàn thành nhiệm vụ" — no article, documents not signed), `discipline`. */
export const BLOCKER_SOURCES = ['contest', 'duty', 'discipline'] as const;
export type BlockerSource = (typeof BLOCKER_SOURCES)[number];

export interface NewAwardBlocker {
  unitId: string;
  personId: number;
  year: number;
  source: BlockerSource;
  /** What in the source (`<contestId>#<candidateNumber>`, `2026-Q2:dk.bai-viet`, the office's note number): one record per ref. */
  sourceRef: string;
  reason: string;
  detail: string | null;
  recordedById: number | null;
  recordedAt: number;
}

export interface AwardBlockerRecord extends NewAwardBlocker {
  id: number;
  /** Lifted by the office (a note withdrawn, a result corrected): no longer blocks. */
  lifted: { at: number; byId: number | null; reason: string } | null;
}

export interface AwardBlockerRepository {
  /** Adds a blocker; an existing one with the same person, year, source and ref is kept (created: false). */
  add(blocker: NewAwardBlocker): Promise<{ id: number; created: boolean }>;
  get(id: number): Promise<AwardBlockerRecord | null>;
  /** Every blocker of a unit's year (lifted ones too), by person then id. */
  forYear(unitId: string, year: number): Promise<AwardBlockerRecord[]>;
  /** Lifts a blocker; false when it does not exist or is lifted already. */
  lift(id: number, lifted: { at: number; byId: number | null; reason: string }): Promise<boolean>;
}
