/**
 * A results row as a person's quarter result (pure): the agreed total (reviewed ?? self) counts only when approved
 * (or, provisionally, submitted), the band comes from the period's own rubric, the role decides ranking.
 */
import { primaryRole } from '../directory/staff-roles.js';
import { bandFor } from '../scoring/aggregate.js';
import type { Role, Rubric } from '../scoring/rubric-schema.js';
import type { UnitSettings } from '../scoring/unit-settings.js';
import { isRankedRole } from '../scoring/role-criteria.js';
import type { PeriodStatus, SubmissionStatus } from '../store/assessment.js';
import type { ResultRow } from '../store/results.js';

export type { SubmissionStatus } from '../store/assessment.js';

export interface ResultOptions {
  /** Count submitted (not yet approved) self-assessments too. Default false: official results only. */
  provisional?: boolean;
}

/** The period a result belongs to. */
export interface ResultPeriod {
  id: number;
  code: string;
  year: number;
  quarter: number;
  status: PeriodStatus;
}

/** One person's result for a quarter. Everyone active in the unit is listed, with or without a submission. */
export interface PersonQuarterResult {
  personId: number;
  fullName: string;
  departmentId: number | null;
  departmentName: string | null;
  /** The person's highest role (see `primaryRole`); decides whether they are ranked. */
  role: Role;
  /** Submission status; `none` when the person has not started. */
  status: SubmissionStatus | 'none';
  /** True when the submission counts (approved; or submitted, when provisional). */
  counted: boolean;
  /** The agreed total (reviewed ?? self) when counted, else null. */
  total: number | null;
  /** Band id and label for the total; null when not counted or not classified. */
  band: string | null;
  bandLabel: string | null;
  classified: boolean;
  /** Whether the person's role is ranked by points (laborers are not). */
  ranked: boolean;
  /**
   * Not classified because the department's own article of the quarter is missing (seed 000 III.2.c, setting
   * `departmentArticle: members-too`); the duty is then not completed either.
   */
  departmentConditionUnmet?: boolean;
  /**
   * Set with `departmentConditionUnmet`: whether the person's own result was classified before the department's rule
   * took it away. Why: the leaderboard names only the people the rule kept off its list, not those unclassified anyway.
   */
  classifiedWithoutDepartment?: boolean;
}

/**
 * A row as a person's quarter result, using the period's rubric and the unit's rules (`settings`: the 95% gap of a
 * percent rubric; a laborer who volunteered the Chiến binh số part under `accept-and-rank` is ranked like a civil
 * servant — their stored total is then above 0, where a laborer's pass/fail total is 0).
 */
export function toResult(row: ResultRow, rubric: Rubric, provisional: boolean, settings?: UnitSettings): PersonQuarterResult {
  const role = primaryRole(row.roles);
  const counted = row.status === 'approved' || (provisional && row.status === 'submitted');
  const total = counted ? (row.reviewedTotal ?? row.selfTotal) : null;
  const classified = counted && total !== null && row.classified === true;
  const volunteered = settings?.laborerChienBinhSo === 'accept-and-rank' && total !== null && total > 0;
  const ranked = isRankedRole(rubric, role) || volunteered;
  const band = classified && total !== null ? bandFor(rubric, total, { settings: settings ?? null }) : null;
  return {
    personId: row.personId ?? 0,
    fullName: row.fullName ?? '',
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    role,
    status: row.status ?? 'none',
    counted: counted && total !== null,
    total,
    band: band?.id ?? null,
    bandLabel: band?.label ?? null,
    classified,
    ranked,
  };
}

/** The period columns of a row. */
export function periodOf(row: ResultRow): ResultPeriod {
  return { id: row.periodId, code: row.code, year: row.year, quarter: row.quarter, status: row.periodStatus };
}
