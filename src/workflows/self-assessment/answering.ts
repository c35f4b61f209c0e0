/**
 * The question loop: ask a criterion, accept a button or a typed answer, move on; back / skip / jump / review;
 * evidence collection for one criterion. Every unexpected input is explained and the question asked again.
 */
import { pointsFor } from '../../scoring/answer-points.js';
import type { AnswerValue } from '../../scoring/types.js';
import { ambiguityPrompt, fold, parseTypedAnswer } from '../../conversation/parse-answer.js';
import { T, WORDS } from '../../conversation/render/texts.js';
import type { SaDialog } from './dialog.js';
import type { SaCtx } from './context.js';
import { afterChangeOfSubmitted } from './notify.js';
import { attachEvidence, carriesEvidence, evidenceCount, needsEvidence, renderEvidencePrompt } from './evidence.js';
import { failedGateWarning } from './failures.js';
import { describeAnswer, expectationFor, renderQuestion, typeHintFor, valueOfButton } from './question.js';
import { showReview } from './review.js';
import { indexOfCriterion, lockReason, openSession, reopenSession, type Session } from './session.js';

type Answering = Extract<SaDialog, { type: 'answering' }>;
type Evidence = Extract<SaDialog, { type: 'evidence' }>;

/** `/tudanhgia [N]`: start or continue, optionally at question N (1-based). */
export async function startAssessment(ctx: SaCtx, jumpTo?: number): Promise<void> {
  const opened = await openSession(ctx, true);
  if (!opened.ok) return say(ctx, opened.message);
  const s = opened.session;
  const lock = lockReason(s);
  if (lock) return say(ctx, lock);
  const notice = s.submission.status === 'returned' ? T.returned(s.submission.returnReason) : undefined;
  if (jumpTo !== undefined) return jump(ctx, s, jumpTo, notice);
  const index = nextUnanswered(s, -1);
  if (index < 0) return showReview(ctx, s, notice ?? 'Anh/chị đã trả lời tất cả các câu.');
  await ask(ctx, s, index, notice);
}

/**
 * After /start (a page reload of the web chat sends one) in the middle of a question: the same question again, its
 * buttons still valid, so the person carries on where they were. False when there is nothing to resume.
 */
export async function resumeAssessment(ctx: SaCtx, dialog: SaDialog): Promise<boolean> {
  if (dialog.type !== 'answering' && dialog.type !== 'evidence') return false;
  const opened = await reopenSession(ctx, dialog);
  if (!opened.ok || lockReason(opened.session)) return false;
  const index = indexOfCriterion(opened.session, dialog.criterionId);
  if (index < 0) return false;
  await ask(ctx, opened.session, index, undefined, dialog.type === 'answering' ? dialog.nonce : undefined);
  return true;
}

export async function ask(ctx: SaCtx, s: Session, index: number, notice?: string, nonce = ctx.newNonce()): Promise<void> {
  const criterion = s.criteria[index];
  if (!criterion) return showReview(ctx, s);
  ctx.enter({ type: 'answering', periodId: s.period.id, submissionId: s.submission.id, criterionId: criterion.id, nonce });
  ctx.replies.push(renderQuestion(s, index, nonce, { evidenceCount: evidenceCount(s, criterion.id), notice }));
}

/** Jump to question `n` (1-based). */
export async function jump(ctx: SaCtx, s: Session, n: number, notice?: string): Promise<void> {
  if (!Number.isInteger(n) || n < 1 || n > s.criteria.length) {
    return showReview(ctx, s, `Chỉ có câu 1 đến câu ${s.criteria.length}.`);
  }
  await ask(ctx, s, n - 1, notice);
}

/** Text, link or file while a question is on screen. */
export async function onAnswerInput(ctx: SaCtx, dialog: Answering): Promise<void> {
  const q = await questionOf(ctx, dialog);
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
  const expectation = expectationFor(s, criterion);
  if (expectation.kind !== 'text' && carriesEvidence(ctx)) return evidenceThenReask(ctx, s, index, dialog.nonce);
  // A level's code always means the level (`c2` on a question with the level c.2); otherwise `c2` goes to question 2.
  const parsed = parseTypedAnswer(e.text, expectation);
  if (parsed.status === 'jump') return jump(ctx, s, parsed.question);
  // `3` on a 0/3/7/10 criterion is both the 3rd level and the 3-point level: ask which (the buttons stay).
  if (parsed.status === 'ambiguous') return ask(ctx, s, index, ambiguityPrompt(e.text, parsed.readings), dialog.nonce);
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
  await applyAnswer(ctx, s, index, parsed.value);
}

/** `q:<nonce>:<key>` and `n:<nonce>:<action>` for the question on screen (nonce already checked). */
export async function onAnswerButton(ctx: SaCtx, dialog: Answering, kind: 'q' | 'n', arg: string): Promise<void> {
  const q = await questionOf(ctx, dialog);
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
  await ask(ctx, s, index, T.staleButton, dialog.nonce);
}

/** Saves an answer (with its points), then asks for evidence if required, else moves on. */
export async function applyAnswer(ctx: SaCtx, s: Session, index: number, value: AnswerValue): Promise<void> {
  const criterion = s.criteria[index];
  if (!criterion) return;
  const lock = lockReason(s);
  if (lock) return say(ctx, lock);
  const points = pointsFor(s.rubric, criterion, value, s.scoreCtx);
  const answer = { criterionId: criterion.id, value, selfPoints: points };
  // The session's answers were read in this unit of work: they are the stored ones.
  const before = s.answers.get(criterion.id) ?? null;
  await ctx.tx.assessment.saveAnswer(s.submission.id, answer, ctx.nowMs);
  s.answers.set(criterion.id, answer);
  ctx.replies.push({ kind: 'answered', text: `✔ Câu ${index + 1}: ${describeAnswer(s, criterion, value)}` });
  // A failed Công dân số criterion: the consequence, once, right under the echo (said again at /nop).
  const warning = failedGateWarning(s, criterion, value);
  if (warning) ctx.replies.push({ kind: 'text', text: warning });
  const changed = !before || !sameValue(before.value, value);
  if (changed && s.submission.status !== 'draft') await afterChangeOfSubmitted(ctx, s, criterion.id, before, answer);
  if (needsEvidence(criterion, value, points) && evidenceCount(s, criterion.id) === 0) {
    return enterEvidence(ctx, s, index, 'next');
  }
  await next(ctx, s, index);
}

/** The next unanswered question after `index`, else the review screen. */
export async function next(ctx: SaCtx, s: Session, index: number): Promise<void> {
  const j = nextUnanswered(s, index);
  if (j < 0) return showReview(ctx, s);
  await ask(ctx, s, j);
}

export async function enterEvidence(ctx: SaCtx, s: Session, index: number, then: 'next' | 'review', notice?: string): Promise<void> {
  const criterion = s.criteria[index];
  if (!criterion) return showReview(ctx, s);
  const lock = lockReason(s);
  if (lock) return say(ctx, lock);
  const nonce = ctx.newNonce();
  ctx.enter({ type: 'evidence', periodId: s.period.id, submissionId: s.submission.id, criterionId: criterion.id, nonce, then });
  const count = evidenceCount(s, criterion.id);
  ctx.replies.push(renderEvidencePrompt(s, index, nonce, count, ctx.limits.maxFileBytes, notice));
}

/** Link, file or text while collecting evidence. */
export async function onEvidenceInput(ctx: SaCtx, dialog: Evidence): Promise<void> {
  const q = await questionOf(ctx, dialog);
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
  const result = await attachEvidence(ctx, s, criterion, index);
  await reprompt(ctx, s, index, dialog, result.message);
}

export async function onEvidenceButton(ctx: SaCtx, dialog: Evidence, action: string): Promise<void> {
  const s = await sessionFor(ctx, dialog);
  if (!s) return;
  const index = indexOfCriterion(s, dialog.criterionId);
  if (index < 0) return startAssessment(ctx);
  if (action === 'done') return finishEvidence(ctx, s, index, dialog);
  if (action === 'back') return ask(ctx, s, index);
  await reprompt(ctx, s, index, dialog, T.staleButton);
}

async function finishEvidence(ctx: SaCtx, s: Session, index: number, dialog: Evidence): Promise<void> {
  const criterion = s.criteria[index];
  if (!criterion) return;
  const answer = s.answers.get(criterion.id);
  if (needsEvidence(criterion, answer?.value, answer?.selfPoints ?? null) && evidenceCount(s, criterion.id) === 0) {
    return reprompt(ctx, s, index, dialog, T.evidenceNeeded);
  }
  if (!answer) return ask(ctx, s, index);
  if (dialog.then === 'review') return showReview(ctx, s);
  await next(ctx, s, index);
}

async function reprompt(ctx: SaCtx, s: Session, index: number, dialog: Evidence, notice?: string): Promise<void> {
  const count = evidenceCount(s, dialog.criterionId);
  ctx.replies.push(renderEvidencePrompt(s, index, dialog.nonce, count, ctx.limits.maxFileBytes, notice));
}

async function evidenceThenReask(ctx: SaCtx, s: Session, index: number, nonce: string): Promise<void> {
  const criterion = s.criteria[index];
  if (!criterion) return;
  const lock = lockReason(s);
  if (lock) return say(ctx, lock);
  const result = await attachEvidence(ctx, s, criterion, index);
  await ask(ctx, s, index, result.message, nonce);
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
async function questionOf(
  ctx: SaCtx,
  dialog: Answering | Evidence,
): Promise<{ s: Session; index: number; criterion: Session['criteria'][number] } | null> {
  const s = await sessionFor(ctx, dialog);
  if (!s) return null;
  const index = indexOfCriterion(s, dialog.criterionId);
  const criterion = s.criteria[index];
  if (!criterion) {
    await startAssessment(ctx);
    return null;
  }
  return { s, index, criterion };
}

async function sessionFor(ctx: SaCtx, ref: { periodId: number; submissionId: number }): Promise<Session | null> {
  const r = await reopenSession(ctx, ref);
  if (!r.ok) {
    await say(ctx, r.message);
    return null;
  }
  return r.session;
}

async function say(ctx: SaCtx, text: string): Promise<void> {
  ctx.exit();
  ctx.replies.push({ kind: 'text', text });
}

/** Equal answer values (strings, numbers, booleans or lists of part keys, in order). */
function sameValue(a: AnswerValue, b: AnswerValue): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}
