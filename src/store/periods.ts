/**
 * Assessment periods (quarters) of a unit and the rubric versions they are scored with.
 *
 * Why a repository of its own: the scheduler (deadlines, reminders), the review workflow (status changes), the
 * honour list and the CLI all read and move periods; the rules (valid codes, dates in order, a rubric version never
 * changes its definition) live in `src/periods/` and the rows live here. Nothing here imports the database.
 */
import type { PeriodDates } from '../scoring/period-calendar.js';
import type { PeriodStatus, PeriodView } from './assessment.js';

/** A stored period: the engine's {@link PeriodView} plus every deadline. Dates are local `YYYY-MM-DD` (Asia/Ho_Chi_Minh). */
export interface PeriodRecord extends PeriodView, PeriodDates {
  /** Epoch ms of the director's approval; null unless `finalised`. */
  finalisedAt: number | null;
}

/** A period to insert (already checked by `openPeriod` in `src/periods/open-period.ts`). */
export interface NewPeriod extends PeriodDates {
  unitId: string;
  rubricVersionId: number;
  /** Normalised `2026-Q4`. */
  code: string;
  year: number;
  quarter: number;
}

/** A stored rubric version's identity (the definition itself is read with `tx.assessment.getRubric(id)`). */
export interface RubricVersionRef {
  id: number;
  rubricId: string;
  version: string;
  /** sha256 hex of the JSON definition. */
  sha256: string;
}

export interface PeriodRepository {
  /** The period by id, or null. */
  get(periodId: number): Promise<PeriodRecord | null>;
  /** The unit's period with this (normalised, `2026-Q4`) code, or null. */
  find(unitId: string, code: string): Promise<PeriodRecord | null>;
  /** The unit's periods (optionally of one year), oldest first. */
  list(unitId: string, year?: number): Promise<PeriodRecord[]>;
  /** The unit's newest period (by year, quarter) whose status is one of `statuses`, or null. */
  newest(unitId: string, statuses: readonly PeriodStatus[]): Promise<PeriodRecord | null>;
  /** Every period in one of `statuses`, across units, oldest first (the scheduler's daily walk). */
  listByStatus(statuses: readonly PeriodStatus[]): Promise<PeriodRecord[]>;
  /** Inserts a period (status `open`). The caller checked the code is free (unique per unit). */
  insert(period: NewPeriod): Promise<PeriodRecord>;
  /** Moves a period to `status`; `finalisedAt` is set to `now` when `finalised`, cleared otherwise. */
  setStatus(periodId: number, status: PeriodStatus, now: number): Promise<void>;
  /** Changes deadlines of a period (only the given ones). */
  setDates(periodId: number, dates: Partial<PeriodDates>): Promise<PeriodRecord>;
  /** The stored version of a rubric id + version, or null. */
  findRubricVersion(rubricId: string, version: string): Promise<RubricVersionRef | null>;
  /** Stores a rubric definition (JSON text) as a new version; returns its id. */
  insertRubricVersion(version: Omit<RubricVersionRef, 'id'> & { definition: string }): Promise<number>;
}
