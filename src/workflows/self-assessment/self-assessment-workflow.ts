/**
 * The quarterly self-assessment (seed 000 "Chiến binh số", or any person rubric) as a {@link Workflow}: ask each
 * criterion of the person's rubric, take answers and evidence, review, submit; `/diem` shows the scores.
 *
 * Commands: /tudanhgia (/assess) [N] · /xem (/review) · /nop (/submit) · /diem (/score).
 * Buttons (each carries the nonce of the screen it belongs to; an older screen's buttons are stale):
 * `q:<nonce>:<key>` an answer · `n:<nonce>:back|skip|review|ev` navigation · `e:<nonce>:done|back` evidence ·
 * `j:<nonce>:<index>` jump from the review · `s:<nonce>:yes|no` confirm submitting.
 * Events: emits `submission` (submitted, resubmitted, changed after submitting) for the approval chain.
 */
import { T, WORDS } from '../../conversation/render/texts.js';
import type { Workflow } from '../../conversation/workflow.js';
import {
  ask,
  onAnswerButton,
  onAnswerInput,
  onEvidenceButton,
  onEvidenceInput,
  resumeAssessment,
  startAssessment,
} from './answering.js';
import type { SaCtx } from './context.js';
import { SA_DIALOG_VERSION, saDialogSchema, type SaDialog } from './dialog.js';
import { confirmSubmit, onConfirmInput, onReviewButton, onReviewInput, requestSubmit, reviewCommand } from './review.js';
import { scoresCommand } from './scores.js';
import { indexOfCriterion, openSession } from './session.js';

const JUMP = /^(?:cau|c)\s*(\d{1,3})$/;
const START_WORDS = new Set(['tu danh gia', 'bat dau', 'tiep tuc', 'danh gia']);
const SCORE_WORDS = new Set(['diem', 'xem diem']);

export const selfAssessmentWorkflow: Workflow<SaDialog> = {
  name: 'self-assessment',
  commands: [
    {
      names: ['tudanhgia', 'assess'],
      description: 'Tự đánh giá (bắt đầu hoặc tiếp tục; /tudanhgia 5 để tới câu 5)',
      handle: (ctx, args) => startAssessment(ctx, /^\d{1,3}$/.test(args.trim()) ? Number(args.trim()) : undefined),
    },
    { names: ['xem', 'review'], description: 'Xem lại câu trả lời, tổng điểm tạm tính và phần còn thiếu', handle: (ctx) => reviewCommand(ctx) },
    { names: ['nop', 'submit'], description: 'Nộp bản tự đánh giá', handle: (ctx) => requestSubmit(ctx) },
    { names: ['diem', 'score'], description: 'Điểm của tôi Quý này và cả năm', handle: (ctx) => scoresCommand(ctx) },
  ],
  buttons: ['q:', 'n:', 'e:', 'j:', 's:'].map((prefix) => ({ prefix, handle: onButton })),
  dialog: {
    schema: saDialogSchema,
    version: SA_DIALOG_VERSION,
    handle: onInput,
    resume: (ctx) => (ctx.dialog ? resumeAssessment(ctx, ctx.dialog) : Promise.resolve(false)),
  },
  shortcut(folded) {
    const jump = JUMP.exec(folded);
    if (jump) return { command: 'tudanhgia', args: jump[1] ?? '' };
    if (WORDS.submit.has(folded)) return { command: 'nop', args: '' };
    if (WORDS.review.has(folded)) return { command: 'xem', args: '' };
    if (START_WORDS.has(folded)) return { command: 'tudanhgia', args: '' };
    if (SCORE_WORDS.has(folded)) return { command: 'diem', args: '' };
    return null;
  },
  idle(ctx) {
    const e = ctx.event;
    const evidence = e.kind === 'file' || e.kind === 'link';
    return {
      ...(evidence ? { lead: 'Để gửi minh chứng, gõ /tudanhgia, mở câu cần minh chứng rồi gửi đường liên kết hoặc tệp.' } : {}),
      lines: [],
      choices: [
        { label: '📝 Tự đánh giá', payload: 'c:tudanhgia' },
        { label: '📋 Xem lại', payload: 'c:xem' },
        { label: '📊 Điểm', payload: 'c:diem' },
      ],
      typeCommands: ['/tudanhgia', '/xem', '/nop', '/diem'],
    };
  },
};

/** Text, link, file or contact while one of the screens is shown. */
async function onInput(ctx: SaCtx): Promise<void> {
  const d = ctx.dialog;
  const e = ctx.event;
  if (!d) return;
  if (d.type === 'answering') return onAnswerInput(ctx, d);
  if (d.type === 'evidence') return onEvidenceInput(ctx, d);
  if (e.kind === 'text' && d.type === 'review') return onReviewInput(ctx, d, e.text);
  if (e.kind === 'text' && d.type === 'confirm-submit') return onConfirmInput(ctx, d, e.text);
  // A file or link on the review or confirmation screen: the menu explains where evidence goes.
  return ctx.showMenu();
}

/** A button of one of the screens; only the screen on display (same nonce) is acted on. */
async function onButton(ctx: SaCtx, payload: string): Promise<void> {
  const [prefix, nonce, arg = ''] = payload.split(':');
  const d = ctx.dialog;
  if (d && d.nonce === nonce) {
    if ((prefix === 'q' || prefix === 'n') && d.type === 'answering') return onAnswerButton(ctx, d, prefix, arg);
    if (prefix === 'e' && d.type === 'evidence') return onEvidenceButton(ctx, d, arg);
    if (prefix === 'j' && d.type === 'review') return onReviewButton(ctx, d, arg);
    if (prefix === 's' && d.type === 'confirm-submit') return confirmSubmit(ctx, d, arg === 'yes');
  }
  return stale(ctx);
}

/** A button from an older screen: say so and show the current question again. Nothing changes. */
async function stale(ctx: SaCtx): Promise<void> {
  const d = ctx.dialog;
  if (d && (d.type === 'answering' || d.type === 'evidence')) {
    const opened = await openSession(ctx, false);
    if (opened.ok && opened.session.submission.id === d.submissionId) {
      const index = indexOfCriterion(opened.session, d.criterionId);
      if (index >= 0 && d.type === 'answering') return ask(ctx, opened.session, index, T.staleButton, d.nonce);
      if (index >= 0 && d.type === 'evidence') return onEvidenceButton(ctx, d, 'stale');
    }
  }
  ctx.replies.push({ kind: 'text', text: T.staleButtonIdle });
}

