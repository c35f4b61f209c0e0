/**
 * The review screen (every answer with its points, the provisional total and band, what is missing) and the
 * submit confirmation. Buttons: `j:<nonce>:<index>` jumps to a question, `s:<nonce>:yes|no` confirms submitting.
 */
import { fold, parseYesNo } from '../../conversation/parse-answer.js';
import { fmtPeriod, localDate, pts, truncate } from '../../conversation/render/format.js';
import { citizenLine, resultPhrase } from '../../conversation/render/pass-fail.js';
import { T, WORDS } from '../../conversation/render/texts.js';
import type { SaDialog } from './dialog.js';
import type { SaCtx } from './context.js';
import type { Choice } from '../../conversation/types.js';
import { jump, startAssessment } from './answering.js';
import { evidenceAddedSinceReturn, evidenceOf, missingEvidence } from './evidence.js';
import { failedCriteria, reasonLines } from './failures.js';
import { cleanFileName } from '../../conversation/clean-file-name.js';
import { classificationLabel } from '../../scoring/score.js';
import type { EvidenceView } from '../../store/assessment.js';
import { answersOf, auditOwnAction, notifySubmissionEvent, scoreOf } from './notify.js';
import { describeAnswer } from './question.js';
import { lockReason, openSession, reopenSession, reviewerOf, unansweredRequired, type Session } from './session.js';

type Review = Extract<SaDialog, { type: 'review' }>;
type Confirm = Extract<SaDialog, { type: 'confirm-submit' }>;

const MAX_JUMP_BUTTONS = 6;
const STATUS_LABEL = { draft: 'bản nháp', submitted: 'đã nộp, chờ duyệt', returned: 'bị trả lại', approved: 'đã duyệt' } as const;

/** `/xem`. */
export async function reviewCommand(ctx: SaCtx): Promise<void> {
  const opened = await openSession(ctx, false);
  if (!opened.ok) return say(ctx, opened.message);
  await showReview(ctx, opened.session);
}

export async function showReview(ctx: SaCtx, s: Session, notice?: string): Promise<void> {
  const nonce = ctx.newNonce();
  ctx.enter({ type: 'review', periodId: s.period.id, submissionId: s.submission.id, nonce });
  const score = scoreOf(s);
  const unanswered = unansweredRequired(s);
  const noEvidence = missingEvidence(s);
  const lines: string[] = [];
  if (notice) lines.push(notice, '');
  lines.push(`📋 Bản tự đánh giá ${fmtPeriod(s.period.year, s.period.quarter)} — ${STATUS_LABEL[s.submission.status]}`);
  const failed = failedCriteria(s, score);
  s.criteria.forEach((c, i) => {
    const a = s.answers.get(c.id);
    // A failed Công dân số criterion or unmet condition is ❌, never the green ✅ of an answer in order.
    const mark = a ? (failed.has(c.id) ? '❌' : noEvidence.includes(i) ? '📎' : '✅') : '⬜';
    const blank = s.optional.has(c.id) && !unanswered.includes(i) ? 'tự nguyện, chưa trả lời' : 'chưa trả lời';
    lines.push(`${mark} ${i + 1}. ${truncate(c.title, 48)}: ${a ? describeAnswer(s, c, a.value) : blank}`);
    const evidence = evidenceOf(s, c.id);
    if (evidence.length > 0) lines.push(`    📎 ${evidence.length} minh chứng: ${evidence.map(evidenceLabel).join('; ')}`);
  });
  lines.push('');
  if (score.passFail) {
    // Not ranked by points (laborers): pass/fail of the Công dân số criteria, never "0đ/0đ".
    lines.push(`Kết quả tạm tính — ${citizenLine(score.passFail, (id) => questionLabel(s, id))}`);
  } else {
    lines.push(`Tổng tạm tính: ${pts(score.total)}/${pts(score.max)}`);
    if (score.classified && score.bandLabel) lines.push(`Xếp loại tạm tính: ${score.bandLabel}`);
    else if (score.gateFailed || score.dutyNotCompleted || unanswered.length === 0) {
      lines.push(`Xếp loại tạm tính: ${classificationLabel(score)}`);
      // While questions are open only the failures already answered are listed (the rest is "Còn thiếu").
      lines.push(...reasonLines(s, score, unanswered.length > 0));
    }
  }
  const missing: string[] = [];
  if (unanswered.length > 0) missing.push(`chưa trả lời câu ${unanswered.map((i) => i + 1).join(', ')}`);
  if (noEvidence.length > 0) missing.push(`thiếu minh chứng câu ${noEvidence.map((i) => i + 1).join(', ')}`);
  if (missing.length > 0) lines.push(`Còn thiếu: ${missing.join('; ')}.`);
  const choices: Choice[] = [...new Set([...unanswered, ...noEvidence])]
    .sort((a, b) => a - b)
    .slice(0, MAX_JUMP_BUTTONS)
    .map((i) => ({ label: `Câu ${i + 1}`, payload: `j:${nonce}:${i}` }));
  const locked = lockReason(s);
  if (!locked) {
    if (unanswered.length > 0) choices.push({ label: '▶ Tiếp tục', payload: 'c:tudanhgia' });
    if (missing.length === 0 && s.submission.status !== 'submitted') choices.push({ label: '📤 Nộp', payload: 'c:nop' });
  }
  ctx.replies.push({
    kind: 'choices',
    text: lines.join('\n'),
    choices,
    typeHint: 'Gõ "câu 5" để sửa câu 5; gõ /nop để nộp.',
    columns: 3,
  });
}

/** Text while the review screen is shown: a number jumps, "nộp" submits. */
export async function onReviewInput(ctx: SaCtx, dialog: Review, text: string): Promise<void> {
  const folded = fold(text);
  const n = /^(?:cau\s*)?(\d{1,3})$/.exec(folded);
  const r = await reopenSession(ctx, dialog);
  if (!r.ok) return say(ctx, r.message);
  if (n) return jump(ctx, r.session, Number(n[1]));
  if (WORDS.submit.has(folded)) return requestSubmit(ctx);
  if (WORDS.skip.has(folded) || WORDS.done.has(folded)) return startAssessment(ctx);
  await showReview(ctx, r.session, `${T.notUnderstood}Gõ số câu để sửa, hoặc /nop để nộp.`);
}

export async function onReviewButton(ctx: SaCtx, dialog: Review, arg: string): Promise<void> {
  const r = await reopenSession(ctx, dialog);
  if (!r.ok) return say(ctx, r.message);
  await jump(ctx, r.session, Number(arg) + 1);
}

/** `/nop`: checks completeness, then asks for confirmation. */
export async function requestSubmit(ctx: SaCtx): Promise<void> {
  const opened = await openSession(ctx, false);
  if (!opened.ok) return say(ctx, opened.message);
  const s = opened.session;
  const lock = lockReason(s);
  if (lock) return say(ctx, lock);
  if (s.submission.status === 'submitted') return say(ctx, T.alreadySubmitted(reviewerOf(s)));
  const unanswered = unansweredRequired(s).length > 0;
  if (unanswered || missingEvidence(s).length > 0) {
    return showReview(ctx, s, 'Chưa nộp được: còn câu chưa trả lời hoặc thiếu minh chứng bắt buộc.');
  }
  const score = scoreOf(s);
  const nonce = ctx.newNonce();
  ctx.enter({ type: 'confirm-submit', periodId: s.period.id, submissionId: s.submission.id, nonce });
  const band = score.classified && score.bandLabel ? ` — ${score.bandLabel}` : score.passFail ? '' : ` — ${classificationLabel(score)}`;
  const result = score.passFail
    ? `Kết quả tạm tính — ${citizenLine(score.passFail, (id) => questionLabel(s, id))}.`
    : `Tổng tạm tính: ${pts(score.total)}${band}.`;
  // Said again before submitting: a failed Công dân số criterion or unmet condition means no classification.
  const warnings = score.passFail ? [] : reasonLines(s, score);
  ctx.replies.push({
    kind: 'choices',
    text:
      `Nộp bản tự đánh giá ${fmtPeriod(s.period.year, s.period.quarter)}?\n` +
      `${result}\n` +
      warnings.map((w) => `${w}\n`).join('') +
      `Sau khi nộp, anh/chị vẫn sửa được cho tới khi ${reviewerOf(s)} bắt đầu xem xét.`,
    choices: [
      { label: '📤 Nộp', payload: `s:${nonce}:yes` },
      { label: '✖ Chưa nộp', payload: `s:${nonce}:no` },
    ],
    typeHint: 'Gõ "có" để nộp hoặc "không" để quay lại.',
    columns: 2,
  });
}

export async function onConfirmInput(ctx: SaCtx, dialog: Confirm, text: string): Promise<void> {
  const folded = fold(text);
  const yes = WORDS.submit.has(folded) ? true : parseYesNo(folded);
  if (yes === null) {
    const r = await reopenSession(ctx, dialog);
    if (!r.ok) return say(ctx, r.message);
    return requestSubmit(ctx);
  }
  await confirmSubmit(ctx, dialog, yes);
}

export async function confirmSubmit(ctx: SaCtx, dialog: Confirm, yes: boolean): Promise<void> {
  if (!yes) return say(ctx, T.submitCancelled);
  const r = await reopenSession(ctx, dialog);
  if (!r.ok) return say(ctx, r.message);
  const s = r.session;
  const lock = lockReason(s);
  if (lock) return say(ctx, lock);
  if (s.submission.status === 'submitted') return say(ctx, T.alreadySubmitted(reviewerOf(s)));
  if (unansweredRequired(s).length > 0 || missingEvidence(s).length > 0) {
    return showReview(ctx, s, 'Chưa nộp được: còn câu chưa trả lời hoặc thiếu minh chứng bắt buộc.');
  }
  const wasReturned = s.submission.status === 'returned';
  const score = scoreOf(s);
  const before = { status: s.submission.status, selfTotal: s.submission.selfTotal };
  // Evidence added since the return counts as a change: recorded with the resubmission for the reviewer's notice.
  const evidenceAdded = wasReturned ? await evidenceAddedSinceReturn(ctx, s) : {};
  s.submission = await ctx.tx.assessment.updateSubmission(
    s.submission.id,
    {
      status: 'submitted',
      selfTotal: score.total,
      band: score.band,
      classified: score.classified,
      submittedAt: ctx.nowMs,
      submittedLate: localDate(ctx.nowMs) > s.period.selfDeadline,
      lastSubmittedAnswers: answersOf(s),
    },
    ctx.nowMs,
  );
  await auditOwnAction(ctx, s, {
    action: wasReturned ? 'submission.resubmitted' : 'submission.submitted',
    entityType: 'submission',
    entityId: String(s.submission.id),
    before,
    after: {
      status: 'submitted',
      selfTotal: score.total,
      band: score.band,
      classified: score.classified,
      ...(score.passed === null ? {} : { passed: score.passed }),
      ...(Object.keys(evidenceAdded).length > 0 ? { evidenceAdded } : {}),
    },
  });
  await notifySubmissionEvent(ctx, s, wasReturned ? 'resubmitted' : 'submitted', score, undefined, evidenceAdded);
  const summary = resultPhrase(score, 'tổng tạm tính ');
  if (s.person.roles.includes('director') && s.chain.directorReviewer === null) return say(ctx, T.directorWithoutReviewer(summary));
  const reviewer = reviewerOf(s);
  await say(ctx, wasReturned ? T.resubmitted(summary, reviewer) : T.submitted(summary, reviewer));
}

/** `câu 4` (the question number the person sees), for a criterion not met. */
function questionLabel(s: Session, criterionId: string): string {
  const i = s.criteria.findIndex((c) => c.id === criterionId);
  return i < 0 ? criterionId : `câu ${i + 1}`;
}

/** A link as stored, or a file by its cleaned original name (control characters never reach the screen). */
function evidenceLabel(e: EvidenceView): string {
  if (e.kind === 'link') return truncate(e.url, 80);
  return cleanFileName(e.originalName ?? '', 60) || 'tệp đính kèm';
}

async function say(ctx: SaCtx, text: string): Promise<void> {
  ctx.exit();
  ctx.replies.push({ kind: 'text', text });
}
