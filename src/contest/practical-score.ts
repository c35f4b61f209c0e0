/**
 * The practical score from two examiners (Ban Giám khảo). Why two: each practical paper is marked twice; when the
 * marks are further apart than the contest's margin, the jury head (Trưởng Ban Giám khảo) decides the score;
 * otherwise the score is the mean of the two marks. Marks are on the practical part's own scale (`maxPoints`).
 */
import type { PracticalSettings } from './open-values.js';
import { Ratio, viDecimal } from './ratio.js';

/** One examiner's mark for one candidate. */
export interface ExaminerMark {
  examinerId: string;
  points: number;
}

/** The jury head's decision on a flagged paper (audited by the caller). */
export interface JuryHeadDecision {
  by: string;
  points: number;
  reason: string;
}

/** The state of a candidate's practical score. */
export type PracticalScore =
  | { status: 'incomplete'; message: string }
  | { status: 'needs-jury-head'; difference: Ratio; message: string }
  | { status: 'scored'; points: Ratio; flagged: boolean; decidedBy?: string };

function checkMark(points: number, settings: PracticalSettings, who: string): void {
  if (!Number.isFinite(points)) throw new RangeError(`${who}: điểm không hợp lệ`);
  const value = Ratio.fromDecimal(points);
  if (value.compare(Ratio.ZERO) < 0 || value.compare(settings.maxPoints) > 0) {
    throw new RangeError(`${who}: điểm ${viDecimal(value)} nằm ngoài thang điểm 0–${viDecimal(settings.maxPoints)}`);
  }
}

/**
 * Combines the marks. Throws (Vietnamese) on a mark outside the scale, a third mark, or the same examiner twice.
 * A difference exactly equal to the margin is not flagged ("beyond the margin").
 */
export function scorePractical(
  settings: PracticalSettings,
  marks: readonly ExaminerMark[],
  decision?: JuryHeadDecision,
): PracticalScore {
  marks.forEach((m) => checkMark(m.points, settings, `Giám khảo ${m.examinerId}`));
  if (marks.length > 2) throw new RangeError(`Mỗi bài thi thực hành do 2 giám khảo chấm, đang có ${marks.length} điểm.`);
  if (marks.length === 2 && marks[0]?.examinerId === marks[1]?.examinerId) {
    throw new RangeError(`Giám khảo ${marks[0]?.examinerId ?? ''} đã chấm bài này; cần một giám khảo khác chấm lần hai.`);
  }
  const [first, second] = marks;
  if (first === undefined || second === undefined) {
    return { status: 'incomplete', message: `Bài thi thực hành mới có ${marks.length}/2 điểm chấm.` };
  }
  const a = Ratio.fromDecimal(first.points);
  const b = Ratio.fromDecimal(second.points);
  const difference = a.sub(b).abs();
  const flagged = difference.compare(settings.margin) > 0;
  if (flagged) {
    if (decision === undefined) {
      return {
        status: 'needs-jury-head',
        difference,
        message: `Hai giám khảo chấm lệch ${viDecimal(difference)} điểm (quá mức ${viDecimal(settings.margin)}); cần Trưởng Ban Giám khảo quyết định.`,
      };
    }
    if (decision.reason.trim() === '') throw new RangeError('Quyết định của Trưởng Ban Giám khảo phải ghi lý do.');
    checkMark(decision.points, settings, 'Trưởng Ban Giám khảo');
    return { status: 'scored', points: Ratio.fromDecimal(decision.points), flagged: true, decidedBy: decision.by };
  }
  return { status: 'scored', points: a.add(b).div(Ratio.of(2)), flagged: false };
}
