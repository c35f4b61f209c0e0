/**
 * The organisation index (seed 003 DTI of a commune, seed 004 frame; issue 13) as a {@link Workflow}: officials
 * answer the indicators assigned to them, the lead office reviews, the steering committee verifies, the chair
 * approves. Services: `src/org-index/`.
 *
 * Commands: /chiso [dti.6] · /duyetchiso [dti.6] · /giaochiso · /khongdanhgia · /trinhchiso · /thamdinhchiso ·
 * /pheduyetchiso · /ketquachiso · /sangkienchiso. Buttons `oi:<nonce>:…` (answers carry the screen's nonce).
 */
import type { Workflow } from '../../conversation/workflow.js';
import { onAnswerButton, onAnswerInput, resumeAnswering, startAnswering } from './answering.js';
import type { OiCtx } from './context.js';
import { OI_DIALOG_VERSION, oiDialogSchema, type OiDialog } from './dialog.js';
import { assignCommand, notApplicableCommand, onReasonInput, onReviewButton, reviewCommand } from './reviewing.js';
import { approveCommand, initiativesCommand, resultCommand, submitCommand, verifyCommand } from './year-steps.js';
import { say } from './common.js';
import type { IdleOffer } from '../../conversation/workflow.js';
import { canLead } from '../../org-index/org-roles.js';
import { currentOrgYear, indicatorsOf, orgActor } from '../../org-index/org-year.js';

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
    { names: ['sangkienchiso'], description: 'Số sáng kiến, mô hình được công nhận trong năm (điểm thưởng chỉ số), nếu khác sổ sáng kiến', handle: initiativesCommand },
  ],
  buttons: [{ prefix: 'oi:', handle: onButton }],
  idle: idleOffer,
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

/** On the idle menu: the indicators the person still owes, and what waits for the lead office's review. */
async function idleOffer(ctx: OiCtx): Promise<IdleOffer | null> {
  const year = await currentOrgYear(ctx.tx, ctx.person.unitId);
  if (!year || year.period.status !== 'open') return null;
  const owed = indicatorsOf(year, ctx.person.id).filter((c) => {
    const s = year.answers.get(c.id)?.status;
    return s === undefined || s === 'returned';
  });
  const lead = canLead(orgActor(ctx.person, year.officials), year.calendar.leadRole).ok;
  const waiting = lead ? [...year.answers.values()].filter((a) => a.status === 'answered').length : 0;
  if (owed.length === 0 && waiting === 0) return null;
  const lines: string[] = [];
  const choices = [];
  if (owed.length > 0) {
    lines.push(`Bộ chỉ số DTI năm ${year.period.year}: anh/chị còn ${owed.length} chỉ số cần trả lời.`);
    choices.push({ label: '🏛 Chỉ số DTI', payload: 'c:chiso' });
  }
  if (waiting > 0) {
    lines.push(`${waiting} chỉ số đang chờ văn phòng rà soát.`);
    choices.push({ label: '🔎 Rà soát chỉ số', payload: 'c:duyetchiso' });
  }
  return { lines, choices, typeCommands: owed.length > 0 ? ['/chiso'] : ['/duyetchiso'] };
}
