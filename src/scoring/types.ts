/**
 * Types of the scoring API (implemented as pure functions in this folder, no I/O).
 */
import type { Role } from './rubric-schema.js';
import type { UnitSettings } from './unit-settings.js';

/** An answer value as stored: a level key (`"c"`, `"b.2"`), `"pass"`/`"fail"`, a bonus flag, a count/rate,
 *  a list of part keys, or free text for information-only criteria. */
export type AnswerValue = string | number | boolean | string[];
export type Answers = Readonly<Record<string, AnswerValue>>;

/** Who is being scored: the role decides which criteria apply; the department may refine levels. */
export interface ScoreContext {
  role: Role;
  departmentName?: string | null;
  /**
   * Indicators marked "không đánh giá" for this subject (seed 003: dti.1, dti.25, dti.40). Only criteria with
   * `notApplicableWhen` may be marked; they leave the maximum instead of counting 0. Others are reported in
   * `ScoreResult.refused` and scored as usual.
   */
  notApplicable?: readonly string[];
  /**
   * The unit's readings (its stored rules, `src/settings/unit-rules.ts`), carried with the person so every scoring
   * call made for them uses the unit's rules; an explicit `settings` argument wins. Omitted: the seed defaults.
   */
  settings?: UnitSettings;
}

/** Why a score does not count for classification. */
export interface NotClassifiedReason {
  /**
   * `gate` (a Công dân số criterion failed or unanswered), `condition` (dk.* unmet or unanswered), `missing`
   * (unanswered), `laborer`, `department-condition` (the department's own article is missing and the unit uses
   * the stricter reading).
   */
  code: 'gate' | 'condition' | 'missing' | 'laborer' | 'department-condition';
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
  /**
   * A Công dân số criterion was answered "fail": the score does not count for classification (seed 000 III.2.c),
   * but this alone is not "không hoàn thành nhiệm vụ".
   */
  gateFailed: boolean;
  /**
   * A condition was answered and not met (no digital signing, no article; or the department's article under the
   * stricter setting): "không xếp loại và không hoàn thành nhiệm vụ", which feeds the civil servant's annual
   * evaluation (seed 000 III.2.c), so it is kept apart from `gateFailed`.
   */
  dutyNotCompleted: boolean;
  /** One word for the outcome; see `classificationLabel` for the Vietnamese text. */
  status: ScoreStatus;
  /** Criteria marked "không đánh giá" and left out of `max`. */
  notApplicable: string[];
  /** Marks or answers refused, with the Vietnamese reason (e.g. "không đánh giá" on an indicator that has no such case). */
  refused: { criterionId: string; message: string }[];
}

/**
 * `classified`; `duty-not-completed` (a condition answered and unmet); `gate-failed` (a Công dân số criterion
 * failed, conditions met or unanswered); `incomplete` (only unanswered items block it); `not-ranked` (laborers).
 */
export type ScoreStatus = 'classified' | 'duty-not-completed' | 'gate-failed' | 'incomplete' | 'not-ranked';

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
