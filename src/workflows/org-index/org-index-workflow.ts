/**
 * The organisation index (seed 003 DTI of a commune, seed 004 frame; issue 13) as a {@link Workflow}: officials
 * answer the indicators assigned to them, the lead office reviews, the steering committee verifies, the chair
 * approves. Services: `src/org-index/`.
 *
 * Commands: /chiso [dti.6] · /duyetchiso [dti.6] · /giaochiso · /khongdanhgia · /trinhchiso · /thamdinhchiso ·
 * /pheduyetchiso · /ketquachiso · /sangkien. Buttons `oi:<nonce>:…` (answers carry the screen's nonce).
 */
import type { Workflow } from '../../conversation/workflow.js';
import { onAnswerButton, onAnswerInput, resumeAnswering, startAnswering } from './answering.js';
import type { OiCtx } from './context.js';
import { OI_DIALOG_VERSION, oiDialogSchema, type OiDialog } from './dialog.js';
import {
  approveCommand,
  assignCommand,
  initiativesCommand,
  notApplicableCommand,
  onReasonInput,
  onReviewButton,
  resultCommand,
  reviewCommand,
  submitCommand,
  verifyCommand,
} from './reviewing.js';
import { say } from './common.js';

const REVIEW_ACTIONS = new Set(['ok', 'adj', 'ret', 'na', 'sub', 'vok', 'vret', 'apr']);

export const orgIndexWorkflow: Workflow<OiDialog> = {
  name: 'org-index',
  commands: [
    { names: ['chiso', 'indicators'], description: 'Trả lời các chỉ số DTI của cơ quan được giao (/chiso dti.6 để mở một chỉ số)', handle: startAnswering },
    { names: ['duyetchiso'], description: 'Văn phòng rà soát chỉ số: chấp nhận, điều chỉnh, trả lại, không đánh giá', handle: reviewCommand },
    { names: ['giaochiso'], description: 'Giao chỉ số cho cán bộ: /giaochiso dti.6 0912…', handle: assignCommand },
    { names: ['khongdanhgia'], description: 'Đánh dấu chỉ số không đánh giá: /khongdanhgia dti.1 <lý do>', handle: notApplicableCommand },
    { names: ['trinhchiso'], description: 'Trình Ban Chỉ đạo thẩm định Bộ chỉ số', handle: (ctx) => submitCommand(ctx) },
    { names: ['thamdinhchiso'], description: 'Ban Chỉ đạo thẩm định số liệu Bộ chỉ số', handle: (ctx) => verifyCommand(ctx) },
    { names: ['pheduyetchiso'], description: 'Phê duyệt kết quả Bộ chỉ số', handle: (ctx) => approveCommand(ctx) },
    { names: ['ketquachiso'], description: 'Kết quả Bộ chỉ số DTI của cơ quan', handle: (ctx) => resultCommand(ctx) },
    { names: ['sangkien'], description: 'Nhập số sáng kiến, mô hình được công nhận (điểm thưởng)', handle: initiativesCommand },
  ],
  buttons: [{ prefix: 'oi:', handle: onButton }],
  dialog: {
    schema: oiDialogSchema,
    version: OI_DIALOG_VERSION,
    handle: onInput,
    resume: async (ctx) => {
      const d = ctx.dialog;
      if (d?.kind === 'answer') return resumeAnswering(ctx, d);
      return false;
    },
  },
};

async function onButton(ctx: OiCtx, payload: string): Promise<void> {
  const [, nonce, ...rest] = payload.split(':');
  const d = ctx.dialog;
  if (REVIEW_ACTIONS.has(rest[0] ?? '')) return onReviewButton(ctx, rest);
  if (d?.kind === 'answer' && d.nonce === nonce) return onAnswerButton(ctx, d, rest);
  say(ctx, 'Nút này thuộc màn hình cũ. Gõ /chiso để mở lại chỉ số đang trả lời.');
}

async function onInput(ctx: OiCtx): Promise<void> {
  const d = ctx.dialog;
  if (!d) return;
  if (d.kind === 'answer') return onAnswerInput(ctx, d);
  return onReasonInput(ctx, d);
}
