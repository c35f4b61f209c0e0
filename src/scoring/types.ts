/**
 * Types of the scoring API (implemented as pure functions in this folder, no I/O).
 */
import type { Role } from './rubric-schema.js';

/** An answer value as stored: a level key (`"c"`, `"b.2"`), `"pass"`/`"fail"`, a bonus flag, a count/rate,
 *  a list of part keys, or free text for information-only criteria. */
export type AnswerValue = string | number | boolean | string[];
export type Answers = Readonly<Record<string, AnswerValue>>;

/** Who is being scored: the role decides which criteria apply; the department may refine levels. */
export interface ScoreContext {
  role: Role;
  departmentName?: string | null;
}

/** Why a score does not count for classification. */
export interface NotClassifiedReason {
  /** `gate` (a Công dân số criterion failed), `condition` (dk.* unmet), `missing` (unanswered), `laborer`. */
  code: 'gate' | 'condition' | 'missing' | 'laborer';
  criterionId?: string;
  message: string;
}

export interface ScoreResult {
  total: number;
  max: number;
  /** total / max × 100, rounded to 2 decimals. */
  percent: number;
  /** Band id, or null when not classified. */
  band: string | null;
  bandLabel: string | null;
  classified: boolean;
  reasons: NotClassifiedReason[];
  /** Points per answered point-bearing criterion (bonus included in its parent, capped). */
  criteria: Record<string, number>;
  /** Points per section after section caps. */
  sections: Record<string, number>;
  /** Criteria the context must answer that have no answer yet. */
  missing: string[];
  /** For pass/fail-only participants (laborers): whether every pass/fail criterion passed. */
  passed: boolean | null;
  /** For pass/fail-only participants: how many pass/fail criteria passed and which did not; null for ranked roles.
   *  Why: people not ranked by points are shown "Đạt (8/8 tiêu chí)" or what is missing, never "0đ". */
  passFail: PassFailResult | null;
}

/** The pass/fail outcome of a participant who is not ranked by points (laborers answer Công dân số only). */
export interface PassFailResult {
  /** Pass/fail criteria answered "pass". */
  met: number;
  /** Pass/fail criteria of the role. */
  of: number;
  /** Ids of the pass/fail criteria failed or not answered, in rubric order. */
  notMet: string[];
}

/** A choice for a levels criterion, after department sub-levels are applied. */
export interface LevelChoice {
  /** `c` or `b.2` */
  key: string;
  label: string;
  points: number;
}
