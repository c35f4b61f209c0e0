/**
 * The rows behind every official result (the honour list, `/diem`, the CLI's leaderboard and year, the approval
 * export): people × periods of a unit, each with their submission. Why rows only: ranking, means and bands are pure
 * rules (`src/results/`), the same for every database.
 */
import type { Role } from '../scoring/rubric-schema.js';
import type { PeriodStatus, SubmissionStatus } from './assessment.js';

/**
 * One person in one period of the unit. Everyone active in the unit is listed, and anyone inactive who has a
 * submission in that period. A period of a unit with nobody gives one row whose person fields are null.
 */
export interface ResultRow {
  periodId: number;
  code: string;
  year: number;
  quarter: number;
  periodStatus: PeriodStatus;
  rubricVersionId: number;
  /** The period's last day (`YYYY-MM-DD`). */
  periodEndsOn?: string;
  /** The day the person joined the unit, when recorded (`yearScore: mean-of-present` leaves earlier quarters out). */
  joinedOn?: string | null;
  personId: number | null;
  fullName: string | null;
  departmentId: number | null;
  departmentName: string | null;
  /** Every role the person holds (empty for the no-person row). */
  roles: Role[];
  /** The submission's status; null when the person has not started. */
  status: SubmissionStatus | null;
  selfTotal: number | null;
  reviewedTotal: number | null;
  classified: boolean | null;
}

export interface ResultsRepository {
  /** The rows of one period of the unit (by normalised code `2026-Q4`), ordered by person id; [] when no such period. */
  quarterRows(unitId: string, periodCode: string): Promise<ResultRow[]>;
  /** The rows of every period of the unit's year, ordered by quarter then person id; [] when none. */
  yearRows(unitId: string, year: number): Promise<ResultRow[]>;
}
