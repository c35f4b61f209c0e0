/**
 * Award blockers (seed 001, IV.5.b): "trường hợp đạt dưới 50% số điểm theo quy định chưa xem xét khen thưởng năm
 * 2024". Why a record of its own: the yearly nominations read these to leave the person out of that year's awards,
 * with the contest as the source, whatever the person's other scores.
 */
import type { Contest } from './contest-schema.js';
import type { CandidateResult } from './candidate-results.js';
import { absentRule } from './open-values.js';

/** A person not to be considered for a year's awards, and why. */
export interface AwardBlocker {
  personId: string;
  fullName: string;
  unitId: string;
  year: number;
  /** "chưa xem xét khen thưởng" (the contest file's wording). */
  reason: string;
  /** The figures behind it, in Vietnamese. */
  detail: string;
  source: { kind: 'contest'; contestId: string; candidateNumber: string };
}

/**
 * The blockers from a contest's results: every present candidate below the threshold, and absent candidates when
 * the contest's absent rule says absence blocks awards (the rule is required only when someone was absent).
 */
export function awardBlockers(contest: Contest, results: readonly CandidateResult[]): AwardBlocker[] {
  const absent = absentRule(contest, results.some((r) => r.attendance === 'absent'));
  const threshold = contest.awardRule.thresholdPercent;
  return results.flatMap((r): AwardBlocker[] => {
    let detail: string;
    if (r.attendance === 'present') {
      if (!r.belowThreshold) return [];
      detail = `Đạt ${r.shown.total}/${r.shown.totalMax} điểm (${r.shown.percent}%), dưới ${threshold}% số điểm theo quy định.`;
    } else {
      if (absent?.blocksAwards !== true) return [];
      detail = 'Vắng thi; theo quy định của Ban Tổ chức, thí sinh vắng thi chưa được xem xét khen thưởng.';
    }
    return [
      {
        personId: r.personId,
        fullName: r.fullName,
        unitId: r.unitId,
        year: contest.awardRule.year,
        reason: contest.awardRule.reason,
        detail,
        source: { kind: 'contest', contestId: contest.id, candidateNumber: r.candidateNumber },
      },
    ];
  });
}
