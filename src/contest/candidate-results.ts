/**
 * A candidate's result: theory and practical points scaled to their weights, the total, the percentage of the
 * total's maximum, and the 50% rule. All exact (see `ratio.ts`): the rule compares `percent < threshold` on
 * fractions, so 49.995% is below 50% even though it would round to 50.00. Shown figures are truncated to 2
 * decimals ("49,99"), never rounded up across the line.
 */
import type { Contest, LevelId } from './contest-schema.js';
import { resultSettings, type ResultSettings } from './open-values.js';
import type { PracticalScore } from './practical-score.js';
import { Ratio, viDecimal } from './ratio.js';
import type { TheoryScore } from './theory-score.js';

/** Who a result belongs to: enough to rank, group by unit and block awards without looking anything up. */
export interface CandidateRef {
  candidateNumber: string;
  personId: string;
  fullName: string;
  unitId: string;
  level: LevelId;
}

/** What happened at the contest for one candidate: absent, or both parts' scores. */
export type CandidateOutcome = CandidateRef &
  ({ attendance: 'absent' } | { attendance: 'present'; theory: TheoryScore; practical: PracticalScore });

/** Figures as shown to people (Vietnamese decimals, truncated to 2 places). */
export interface ShownFigures {
  theory: string;
  practical: string;
  total: string;
  totalMax: string;
  percent: string;
}

/** A present candidate's result. */
export interface PresentResult extends CandidateRef {
  attendance: 'present';
  theoryPoints: Ratio;
  practicalPoints: Ratio;
  total: Ratio;
  totalMax: Ratio;
  /** Exact percentage of `totalMax` (0…100). */
  percent: Ratio;
  /** The 50% rule: strictly below the threshold percentage. */
  belowThreshold: boolean;
  shown: ShownFigures;
}

/** An absent candidate (vắng thi): no scores; the contest's absent rule decides the rest. */
export interface AbsentResult extends CandidateRef {
  attendance: 'absent';
}

export type CandidateResult = PresentResult | AbsentResult;

/** The results of a set of candidates, and those that cannot be computed yet (practical marks missing). */
export interface ContestResults {
  results: CandidateResult[];
  pending: Array<{ candidateNumber: string; fullName: string; message: string }>;
}

/** Whether `percent` (exact) is below the threshold percentage: the 50% rule. */
export function isBelowThreshold(percent: Ratio, thresholdPercent: Ratio): boolean {
  return percent.compare(thresholdPercent) < 0;
}

/** One present candidate's result from their scores; the practical score must be final (`scored`). */
export function presentResult(
  settings: ResultSettings,
  ref: CandidateRef,
  theory: TheoryScore,
  practical: Extract<PracticalScore, { status: 'scored' }>,
): PresentResult {
  if (theory.questionCount <= 0) throw new RangeError(`Thí sinh ${ref.candidateNumber}: bài thi lý thuyết không có câu hỏi nào.`);
  const theoryPoints = Ratio.of(theory.correct, theory.questionCount).mul(settings.theoryWeight);
  const practicalPoints = practical.points.div(settings.practicalMax).mul(settings.practicalWeight);
  const total = theoryPoints.add(practicalPoints);
  const percent = total.div(settings.totalMax).mul(Ratio.of(100));
  return {
    ...pickRef(ref),
    attendance: 'present',
    theoryPoints,
    practicalPoints,
    total,
    totalMax: settings.totalMax,
    percent,
    belowThreshold: isBelowThreshold(percent, settings.thresholdPercent),
    shown: {
      theory: viDecimal(theoryPoints),
      practical: viDecimal(practicalPoints),
      total: viDecimal(total),
      totalMax: viDecimal(settings.totalMax),
      percent: viDecimal(percent),
    },
  };
}

function pickRef(ref: CandidateRef): CandidateRef {
  return {
    candidateNumber: ref.candidateNumber,
    personId: ref.personId,
    fullName: ref.fullName,
    unitId: ref.unitId,
    level: ref.level,
  };
}

/**
 * Every candidate's result. Refuses (ContestNotSettledError) while the weights or the practical scale are open;
 * candidates whose practical score is not final are listed in `pending` with the reason.
 */
export function computeResults(contest: Contest, outcomes: readonly CandidateOutcome[]): ContestResults {
  const settings = resultSettings(contest);
  const out: ContestResults = { results: [], pending: [] };
  for (const outcome of outcomes) {
    if (outcome.attendance === 'absent') {
      out.results.push({ ...pickRef(outcome), attendance: 'absent' });
    } else if (outcome.practical.status !== 'scored') {
      out.pending.push({ candidateNumber: outcome.candidateNumber, fullName: outcome.fullName, message: outcome.practical.message });
    } else {
      out.results.push(presentResult(settings, outcome, outcome.theory, outcome.practical));
    }
  }
  return out;
}
