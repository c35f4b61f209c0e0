/**
 * The question loop: ask a criterion, accept a button or a typed answer, move on; back / skip / jump / review;
 * evidence collection for one criterion. Every unexpected input is explained and the question asked again.
 */
import { pointsFor } from '../../scoring/score.js';
import type { AnswerValue } from '../../scoring/types.js';
import { fold, parseAnswer } from '../parse-answer.js';
import { T, WORDS } from '../render/texts.js';
import { IDLE, type Dialog } from '../state.js';
import type { LinkedContext } from '../step-context.js';
import { afterChangeOfSubmitted } from './notify.js';
import { attachEvidence, carriesEvidence, evidenceCount, needsEvidence, renderEvidencePrompt } from './evidence.js';
import { describeAnswer, expectationFor, renderQuestion, typeHintFor, valueOfButton } from './question.js';
import { showReview } from './review.js';
import { indexOfCriterion, lockReason, openSession, reopenSession, type Session } from './session.js';

type Answering = Extract<Dialog, { type: 'answering' }>;
type Evidence = Extract<Dialog, { type: 'evidence' }>;

const JUMP = /^(?:cau|c)\s*(\d{1,3})$/;

/** `/tudanhgia [N]`: start or continue, optionally at question N (1-based). */
export function startAssessment(ctx: LinkedContext, jumpTo?: number): void {
  const opened = openSession(ctx, true);
  if (!opened.ok) return say(ctx, opened.message);
  const s = opened.session;
  const lock = lockReason(s);
  if (lock) return say(ctx, lock);
  const notice = s.submission.status === 'returned' ? T.returned(s.submission.returnReason) : undefined;
  if (jumpTo !== undefined) return jump(ctx, s, jumpTo, notice);
  const index = nextUnanswered(s, -1);
  if (index < 0) return showReview(ctx, s, notice ?? 'Anh/chị đã trả lời tất cả các câu.');
  ask(ctx, s, index, notice);
}

/**
 * After /start (a page reload of the web chat sends one) in the middle of a question: the same question again, its
 * buttons still valid, so the person carries on where they were. False when there is nothing to resume.
 */
export function resumeAssessment(ctx: LinkedContext, dialog: Dialog): boolean {
  if (dialog.type !== 'answering' && dialog.type !== 'evidence') return false;
  const opened = reopenSession(ctx, dialog);
  if (!opened.ok || lockReason(opened.session)) return false;
  const index = indexOfCriterion(opened.session, dialog.criterionId);
  if (index < 0) return false;
  ask(ctx, opened.session, index, undefined, dialog.type === 'answering' ? dialog.nonce : undefined);
  return true;
}

export function ask(ctx: LinkedContext, s: Session, index: number, notice?: string, nonce = ctx.newNonce()): void {
  const criterion = s.criteria[index];
  if (!criterion) return showReview(ctx, s);
  ctx.dialog = { type: 'answering', periodId: s.period.id, submissionId: s.submission.id, criterionId: criterion.id, nonce };
  ctx.replies.push(renderQuestion(s, index, nonce, { evidenceCount: evidenceCount(ctx, s, criterion.id), notice }));
}

/** Jump to question `n` (1-based). */
export function jump(ctx: LinkedContext, s: Session, n: number, notice?: string): void {
  if (!Number.isInteger(n) || n < 1 || n > s.criteria.length) {
    return showReview(ctx, s, `Chỉ có câu 1 đến câu ${s.criteria.length}.`);
  }
  ask(ctx, s, n - 1, notice);
}

/** Text, link or file while a question is on screen. */
export function onAnswerInput(ctx: LinkedContext, dialog: Answering): void {
  const q = questionOf(ctx, dialog);
  if (!q) return;
  const { s, index, criterion } = q;
  const e = ctx.event;
  if (e.kind === 'file' || e.kind === 'link') return evidenceThenReask(ctx, s, index, dialog.nonce);
  if (e.kind !== 'text') return ask(ctx, s, index, undefined, dialog.nonce);
  const folded = fold(e.text);
  if (WORDS.back.has(folded)) return ask(ctx, s, Math.max(0, index - 1));
  if (WORDS.skip.has(folded)) return next(ctx, s, index);
  if (WORDS.review.has(folded)) return showReview(ctx, s);
  if (WORDS.evidence.has(folded)) return enterEvidence(ctx, s, index, 'next');
  const jumpMatch = JUMP.exec(folded);
  if (jumpMatch) return jump(ctx, s, Number(jumpMatch[1]));
  const expectation = expectationFor(s, criterion);
  if (expectation.kind !== 'text' && carriesEvidence(ctx)) return evidenceThenReask(ctx, s, index, dialog.nonce);
  const parsed = parseAnswer(e.text, expectation);
  if (parsed.status === 'fail') {
    const why =
      parsed.reason === 'ambiguous-level'
        ? T.ambiguousLevel
        : parsed.reason === 'out-of-range'
          ? T.outOfRange
          : parsed.reason === 'not-integer'
            ? T.notInteger
            : T.notUnderstood;
    return ask(ctx, s, index, `${why}${typeHintFor(s, criterion)}`, dialog.nonce);
  }
  applyAnswer(ctx, s, index, parsed.value);
}

/** `q:<nonce>:<key>` and `n:<nonce>:<action>` for the question on screen (nonce already checked). */
export function onAnswerButton(ctx: LinkedContext, dialog: Answering, kind: 'q' | 'n', arg: string): void {
  const q = questionOf(ctx, dialog);
  if (!q) return;
  const { s, index, criterion } = q;
  if (kind === 'q') {
    const value = valueOfButton(s, criterion, arg);
    if (value === undefined) return ask(ctx, s, index, T.staleButton, dialog.nonce);
    return applyAnswer(ctx, s, index, value);
  }
  if (arg === 'back') return ask(ctx, s, Math.max(0, index - 1));
  if (arg === 'skip') return next(ctx, s, index);
  if (arg === 'review') return showReview(ctx, s);
  if (arg === 'ev') return enterEvidence(ctx, s, index, 'next');
  ask(ctx, s, index, T.staleButton, dialog.nonce);
}

/** Saves an answer (with its points), then asks for evidence if required, else moves on. */
export function applyAnswer(ctx: LinkedContext, s: Session, index: number, value: AnswerValue): void {
  const criterion = s.criteria[index];
  if (!criterion) return;
  const lock = lockReason(s);
  if (lock) return say(ctx, lock);
  const points = pointsFor(s.rubric, criterion, value, s.scoreCtx);
  const answer = { criterionId: criterion.id, value, selfPoints: points };
  // The session's answers were read in this transaction: they are the stored ones.
  const before = ctx.ports.assessment.saveAnswer(s.submission.id, answer, ctx.nowMs, s.answers.get(criterion.id) ?? null);
  s.answers.set(criterion.id, answer);
  ctx.replies.push({ kind: 'answered', text: `✔ Câu ${index + 1}: ${describeAnswer(s, criterion, value)}` });
  const changed = !before || !sameValue(before.value, value);
  if (changed && s.submission.status !== 'draft') afterChangeOfSubmitted(ctx, s, criterion.id, before, answer);
  if (needsEvidence(criterion, value, points) && evidenceCount(ctx, s, criterion.id) === 0) {
    return enterEvidence(ctx, s, index, 'next');
  }
  next(ctx, s, index);
}

/** The next unanswered question after `index`, else the review screen. */
export function next(ctx: LinkedContext, s: Session, index: number): void {
  const j = nextUnanswered(s, index);
  if (j < 0) return showReview(ctx, s);
  ask(ctx, s, j);
}

export function enterEvidence(ctx: LinkedContext, s: Session, index: number, then: 'next' | 'review', notice?: string): void {
  const criterion = s.criteria[index];
  if (!criterion) return showReview(ctx, s);
  const lock = lockReason(s);
  if (lock) return say(ctx, lock);
  const nonce = ctx.newNonce();
  ctx.dialog = { type: 'evidence', periodId: s.period.id, submissionId: s.submission.id, criterionId: criterion.id, nonce, then };
  const count = evidenceCount(ctx, s, criterion.id);
  ctx.replies.push(renderEvidencePrompt(s, index, nonce, count, ctx.limits.maxFileBytes, notice));
}

/** Link, file or text while collecting evidence. */
export function onEvidenceInput(ctx: LinkedContext, dialog: Evidence): void {
  const q = questionOf(ctx, dialog);
  if (!q) return;
  const { s, index, criterion } = q;
  const e = ctx.event;
  if (e.kind === 'text' && !carriesEvidence(ctx)) {
    const folded = fold(e.text);
    if (WORDS.done.has(folded)) return finishEvidence(ctx, s, index, dialog);
    if (WORDS.back.has(folded)) return ask(ctx, s, index);
    return reprompt(ctx, s, index, dialog, `${T.notUnderstood}Gửi đường liên kết hoặc tệp, hoặc gõ "xong".`);
  }
  if (e.kind !== 'text' && e.kind !== 'link' && e.kind !== 'file') return reprompt(ctx, s, index, dialog);
  const result = attachEvidence(ctx, s, criterion, index);
  reprompt(ctx, s, index, dialog, result.message);
}

export function onEvidenceButton(ctx: LinkedContext, dialog: Evidence, action: string): void {
  const s = sessionFor(ctx, dialog);
  if (!s) return;
  const index = indexOfCriterion(s, dialog.criterionId);
  if (index < 0) return startAssessment(ctx);
  if (action === 'done') return finishEvidence(ctx, s, index, dialog);
  if (action === 'back') return ask(ctx, s, index);
  reprompt(ctx, s, index, dialog, T.staleButton);
}

function finishEvidence(ctx: LinkedContext, s: Session, index: number, dialog: Evidence): void {
  const criterion = s.criteria[index];
  if (!criterion) return;
  const answer = s.answers.get(criterion.id);
  if (needsEvidence(criterion, answer?.value, answer?.selfPoints ?? null) && evidenceCount(ctx, s, criterion.id) === 0) {
    return reprompt(ctx, s, index, dialog, T.evidenceNeeded);
  }
  if (!answer) return ask(ctx, s, index);
  if (dialog.then === 'review') return showReview(ctx, s);
  next(ctx, s, index);
}

function reprompt(ctx: LinkedContext, s: Session, index: number, dialog: Evidence, notice?: string): void {
  const count = evidenceCount(ctx, s, dialog.criterionId);
  ctx.replies.push(renderEvidencePrompt(s, index, dialog.nonce, count, ctx.limits.maxFileBytes, notice));
}

function evidenceThenReask(ctx: LinkedContext, s: Session, index: number, nonce: string): void {
  const criterion = s.criteria[index];
  if (!criterion) return;
  const lock = lockReason(s);
  if (lock) return say(ctx, lock);
  const result = attachEvidence(ctx, s, criterion, index);
  ask(ctx, s, index, result.message, nonce);
}

function nextUnanswered(s: Session, after: number): number {
  for (let i = after + 1; i < s.criteria.length; i += 1) {
    const c = s.criteria[i];
    if (c && !s.answers.has(c.id)) return i;
  }
  return -1;
}

/**
 * The session and criterion a dialog is on; null once handled (the session is stale: explained; the criterion is no
 * longer asked: the assessment restarts).
 */
function questionOf(
  ctx: LinkedContext,
  dialog: Answering | Evidence,
): { s: Session; index: number; criterion: Session['criteria'][number] } | null {
  const s = sessionFor(ctx, dialog);
  if (!s) return null;
  const index = indexOfCriterion(s, dialog.criterionId);
  const criterion = s.criteria[index];
  if (!criterion) {
    startAssessment(ctx);
    return null;
  }
  return { s, index, criterion };
}

function sessionFor(ctx: LinkedContext, ref: { periodId: number; submissionId: number }): Session | null {
  const r = reopenSession(ctx, ref);
  if (!r.ok) {
    say(ctx, r.message);
    return null;
  }
  return r.session;
}

function say(ctx: LinkedContext, text: string): void {
  ctx.dialog = IDLE;
  ctx.replies.push({ kind: 'text', text });
}

/** Equal answer values (strings, numbers, booleans or lists of part keys, in order). */
function sameValue(a: AnswerValue, b: AnswerValue): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}
