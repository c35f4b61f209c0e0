/** Decides who handles an event, from its kind and the chat's current dialog. */
import {
  ask,
  onAnswerButton,
  onAnswerInput,
  onEvidenceButton,
  onEvidenceInput,
  startAssessment,
} from './assessment/answering.js';
import { confirmSubmit, onConfirmInput, onReviewButton, onReviewInput } from './assessment/review.js';
import { indexOfCriterion, openSession } from './assessment/session.js';
import { hasRole, REVIEWER_ROLES } from './command-list.js';
import { runCommand, start } from './commands.js';
import { invokeModule, moduleDialogData } from './invoke-module.js';
import { onUnlinked } from './linking.js';
import { fold } from './parse-answer.js';
import { T, WORDS } from './render/texts.js';
import { IDLE } from './state.js';
import { isLinked, type LinkedContext, type StepContext } from './step-context.js';

const SLASH = /^\/([a-z0-9_]+)(?:@\S+)?(?:\s+([\s\S]*))?$/i;
const JUMP = /^(?:cau|c)\s*(\d{1,3})$/;

export function route(ctx: StepContext): void {
  const e = ctx.event;
  if (e.kind === 'command') return runCommand(ctx, e.name, e.args);
  if (e.kind === 'text') {
    const slash = SLASH.exec(e.text.trim());
    if (slash) return runCommand(ctx, slash[1] ?? '', (slash[2] ?? '').trim());
  }
  if (e.inGroup) return;
  if (e.kind === 'start') return start(ctx, e.param);
  if (!isLinked(ctx)) return onUnlinked(ctx);
  if (!ctx.person.active) {
    ctx.replies.push({ kind: 'text', text: T.inactive });
    return;
  }
  if (e.kind === 'contact') {
    ctx.replies.push({ kind: 'text', text: T.alreadyLinked });
    return;
  }
  if (e.kind === 'button') return onButton(ctx, e.payload);
  onInput(ctx);
}

function onButton(ctx: LinkedContext, payload: string): void {
  const fromModule = ctx.modules.button(payload);
  if (fromModule) {
    if (!hasRole(ctx.person.roles, fromModule.buttons.roles)) {
      ctx.replies.push({ kind: 'text', text: T.noButtonRight });
      return;
    }
    return invokeModule(ctx, fromModule.module, (m) => fromModule.buttons.handle({ ...m, payload }));
  }
  const [prefix, nonce, arg = ''] = payload.split(':');
  if (prefix === 'c') return runCommand(ctx, nonce ?? '', '');
  const d = ctx.dialog;
  if (prefix === 'q' || prefix === 'n') {
    if (d.type === 'answering' && d.nonce === nonce) return onAnswerButton(ctx, d, prefix, arg);
  } else if (prefix === 'e') {
    if (d.type === 'evidence' && d.nonce === nonce) return onEvidenceButton(ctx, d, arg);
  } else if (prefix === 'j') {
    if (d.type === 'review' && d.nonce === nonce) return onReviewButton(ctx, d, arg);
  } else if (prefix === 's') {
    if (d.type === 'confirm-submit' && d.nonce === nonce) return confirmSubmit(ctx, d, arg === 'yes');
  }
  stale(ctx);
}

/** A button from an older screen: say so and show the current question again. Nothing changes. */
function stale(ctx: LinkedContext): void {
  const d = ctx.dialog;
  if (d.type === 'answering' || d.type === 'evidence') {
    const opened = openSession(ctx, false);
    if (opened.ok && opened.session.submission.id === d.submissionId) {
      const index = indexOfCriterion(opened.session, d.criterionId);
      if (index >= 0 && d.type === 'answering') return ask(ctx, opened.session, index, T.staleButton, d.nonce);
      if (index >= 0 && d.type === 'evidence') return onEvidenceButton(ctx, d, 'stale');
    }
  }
  ctx.replies.push({ kind: 'text', text: T.staleButtonIdle });
}

function onInput(ctx: LinkedContext): void {
  const d = ctx.dialog;
  const e = ctx.event;
  switch (d.type) {
    case 'answering':
      return onAnswerInput(ctx, d);
    case 'evidence':
      return onEvidenceInput(ctx, d);
    case 'review':
      if (e.kind === 'text') return onReviewInput(ctx, d, e.text);
      break;
    case 'confirm-submit':
      if (e.kind === 'text') return onConfirmInput(ctx, d, e.text);
      break;
    case 'module': {
      const module = ctx.modules.module(d.module);
      const valid = module ? moduleDialogData(ctx, module) : null;
      if (module?.dialog && valid) {
        const dialog = module.dialog;
        return invokeModule(ctx, module, (m) => dialog.handle({ ...m, data: valid.data }));
      }
      ctx.dialog = IDLE;
      ctx.replies.push({ kind: 'text', text: 'Thao tác trước đã hết hiệu lực. Gõ /huongdan để xem các lệnh.' });
      return;
    }
    default:
      break;
  }
  onIdle(ctx);
}

/** Free input with nothing pending: a few typed shortcuts, else a hint. */
function onIdle(ctx: LinkedContext): void {
  const e = ctx.event;
  if (e.kind === 'text') {
    const folded = fold(e.text);
    const jump = JUMP.exec(folded);
    if (jump) return startAssessment(ctx, Number(jump[1]));
    if (WORDS.submit.has(folded)) return runCommand(ctx, 'nop', '');
    if (WORDS.review.has(folded)) return runCommand(ctx, 'xem', '');
    if (['tu danh gia', 'bat dau', 'tiep tuc', 'danh gia'].includes(folded)) return startAssessment(ctx);
    if (['diem', 'xem diem'].includes(folded)) return runCommand(ctx, 'diem', '');
  }
  // People who approve others' self-assessments also get the way to their queue.
  const reviewer = hasRole(ctx.person.roles, REVIEWER_ROLES);
  const hint =
    e.kind === 'file' || e.kind === 'link'
      ? 'Để gửi minh chứng, gõ /tudanhgia, mở câu cần minh chứng rồi gửi đường liên kết hoặc tệp.'
      : reviewer
        ? `${T.idleHint}\nGõ /duyet để xem các bản đang chờ anh/chị duyệt.`
        : T.idleHint;
  ctx.replies.push({
    kind: 'choices',
    text: hint,
    choices: [
      { label: '📝 Tự đánh giá', payload: 'c:tudanhgia' },
      { label: '📋 Xem lại', payload: 'c:xem' },
      { label: '📊 Điểm', payload: 'c:diem' },
      ...(reviewer ? [{ label: '📝 Duyệt', payload: 'c:duyet' }] : []),
    ],
    typeHint: reviewer ? 'Gõ /tudanhgia, /xem, /nop, /diem hoặc /duyet.' : 'Gõ /tudanhgia, /xem, /nop hoặc /diem.',
    columns: reviewer ? 2 : 3,
  });
}
