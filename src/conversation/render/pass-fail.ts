/**
 * How a result is shown: points and band for ranked roles, "Công dân số: Đạt (8/8 tiêu chí)" for people who are
 * not ranked by points (seed 000: laborers answer the Công dân số criteria only). Shared by the chat, the review
 * workflow, the lists and the export so the same person never reads "0đ" in one place and "Đạt" in another.
 */
import type { PassFailResult, ScoreResult } from '../../scoring/types.js';
import { pts } from './format.js';

/** `cds.I.3` → `I.3`. */
function code(criterionId: string): string {
  return criterionId.replace(/^[a-z]+\./i, '');
}

/** `Đạt` or `Chưa đạt`. */
export function passFailWord(pf: Pick<PassFailResult, 'notMet'>): string {
  return pf.notMet.length === 0 ? 'Đạt' : 'Chưa đạt';
}

/**
 * `Đạt (8/8 tiêu chí)` or `Chưa đạt (thiếu: I.3, II.1)`; `label` names a criterion not met (default: its code,
 * e.g. to show its title to the person).
 */
export function passFailText(pf: PassFailResult, label: (criterionId: string) => string = code): string {
  if (pf.notMet.length === 0) return `Đạt (${pf.met}/${pf.of} tiêu chí)`;
  return `Chưa đạt (thiếu: ${pf.notMet.map(label).join(', ')})`;
}

/** `Công dân số: Đạt (8/8 tiêu chí)`. */
export function citizenLine(pf: PassFailResult, label?: (criterionId: string) => string): string {
  return `Công dân số: ${passFailText(pf, label)}`;
}

/** A provisional result in a sentence: `tạm tính 44đ` or `Công dân số: Đạt (8/8 tiêu chí)`. */
export function resultPhrase(score: Pick<ScoreResult, 'total' | 'passFail'>, pointsPrefix = 'tạm tính '): string {
  return score.passFail ? citizenLine(score.passFail) : `${pointsPrefix}${pts(score.total)}`;
}
