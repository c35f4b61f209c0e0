/**
 * What a failed criterion means for the person, in their words: a failed Công dân số criterion (a rubric gate)
 * means the quarter is not classified (seed 000 III.2.c); an unmet condition means not classified and duty not
 * completed. Why here: the review, the submit confirmation and the answer echo must say the same thing, and never
 * show the rubric's codes (`cds.I.3`): people read "câu N" and the title.
 */
import { truncate } from '../../conversation/render/format.js';
import type { Criterion, Gate } from '../../scoring/rubric-schema.js';
import { isRankedRole } from '../../scoring/role-criteria.js';
import type { AnswerValue, NotClassifiedReason, ScoreResult } from '../../scoring/types.js';
import type { Session } from './session.js';

/** The gate the criterion belongs to (a pass/fail criterion of a gated group), or null. */
export function gateOf(s: Session, criterion: Criterion): Gate | null {
  if (criterion.kind !== 'pass-fail') return null;
  const group = s.rubric.sections.find((x) => x.id === criterion.section)?.group;
  return s.rubric.gates.find((g) => g.group === group) ?? null;
}

/** `câu 4 “Có tài khoản dịch vụ công…”`. */
export function questionName(s: Session, criterionId: string, max = 80): string {
  const i = s.criteria.findIndex((c) => c.id === criterionId);
  const c = s.criteria[i];
  return c ? `câu ${i + 1} “${truncate(c.title, max)}”` : 'một tiêu chí';
}

/**
 * One line when the answer just given fails a gate, else null: for people ranked by points the quarter is not
 * classified; for people not ranked (laborers) the Công dân số result is "Chưa đạt".
 */
export function failedGateWarning(s: Session, criterion: Criterion, value: AnswerValue): string | null {
  if (value !== 'fail') return null;
  const gate = gateOf(s, criterion);
  if (!gate) return null;
  const name = capitalise(questionName(s, criterion.id));
  if (!isRankedRole(s.rubric, s.scoreCtx.role)) return `⚠️ ${name} chưa đạt: kết quả Công dân số Quý này sẽ là Chưa đạt.`;
  return `⚠️ ${name} chưa đạt: ${lowerFirst(gate.failReason)}, nên Quý này anh/chị không được xếp loại.`;
}

/**
 * The reasons the self-assessment is not classified, as the person reads them (no rubric codes); `answeredOnly`:
 * only the criteria already answered (a failed gate or condition), not the questions still open.
 */
export function reasonLines(s: Session, score: Pick<ScoreResult, 'reasons'>, answeredOnly = false): string[] {
  return score.reasons
    .filter((r) => r.code !== 'laborer' && (!answeredOnly || (r.criterionId !== undefined && s.answers.has(r.criterionId))))
    .map((r) => `⚠️ ${reasonText(s, r)}`);
}

function reasonText(s: Session, r: NotClassifiedReason): string {
  const criterion = r.criterionId ? s.criteria.find((c) => c.id === r.criterionId) : undefined;
  if (!criterion || !r.criterionId) return r.message;
  const name = capitalise(questionName(s, r.criterionId));
  const answered = s.answers.has(r.criterionId);
  if (r.code === 'gate') {
    const gate = gateOf(s, criterion);
    const why = gate ? `: ${lowerFirst(gate.failReason)}` : '';
    return answered ? `${name} chưa đạt${why}, nên Quý này không được xếp loại.` : `${name} chưa được trả lời nên chưa thể xếp loại.`;
  }
  if (r.code === 'condition') return answered ? `${name}: ${r.message}` : `${name} chưa được trả lời nên chưa thể xếp loại.`;
  return r.message;
}

/** Criteria answered and failing a gate or a condition (shown with ❌, never ✅). */
export function failedCriteria(s: Session, score: Pick<ScoreResult, 'reasons'>): Set<string> {
  const out = new Set<string>();
  for (const r of score.reasons) {
    if ((r.code === 'gate' || r.code === 'condition') && r.criterionId && s.answers.has(r.criterionId)) out.add(r.criterionId);
  }
  return out;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
