/**
 * How a result is shown: points and band for ranked roles, "Công dân số: Đạt (8/8 tiêu chí)" for people who are
 * not ranked by points (seed 000: laborers answer the Công dân số criteria only). Shared by the chat, the review
 * workflow, the lists and the export so the same person never reads "0đ" in one place and "Đạt" in another.
 */
import type { Rubric } from '../../scoring/rubric-schema.js';
import type { PassFailResult, ScoreResult } from '../../scoring/types.js';
import { pts, truncate } from './format.js';

/** `cds.I.3` → `I.3`. */
function code(criterionId: string): string {
  return criterionId.replace(/^[a-z]+\./i, '');
}

/**
 * A criterion as people read it: its title cut to `max` characters (the code if the rubric lacks it). People on
 * a phone do not know the rubric's codes (`I.3`); /diem, the review prompt, notices and lists all name criteria so.
 */
export function criterionTitle(rubric: Pick<Rubric, 'criteria'>, criterionId: string, max = 40): string {
  const title = rubric.criteria.find((c) => c.id === criterionId)?.title;
  return title ? truncate(title, max) : code(criterionId);
}

/** A `label` for {@link passFailText} / {@link citizenLine} naming criteria by their short titles. */
export function titleLabel(rubric: Pick<Rubric, 'criteria'>, max = 40): (criterionId: string) => string {
  return (criterionId) => criterionTitle(rubric, criterionId, max);
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

/**
 * A provisional result in a sentence: `tạm tính 44đ` or `Công dân số: Đạt (8/8 tiêu chí)`; with `label`, criteria
 * not met are named by it (e.g. {@link titleLabel}).
 */
export function resultPhrase(
  score: Pick<ScoreResult, 'total' | 'passFail'>,
  pointsPrefix = 'tạm tính ',
  label?: (criterionId: string) => string,
): string {
  return score.passFail ? citizenLine(score.passFail, label) : `${pointsPrefix}${pts(score.total)}`;
}
