/**
 * The review module's dialogs: each waits for one typed text (a reason or a comment), then runs the action.
 * A reason that is too short keeps the dialog open; any other refusal closes it.
 */
import { z } from 'zod';
import type { ModuleContext, ModuleResult } from '../conversation/module.js';
import type { Who, ApprovalService } from './approval-service.js';
import { answerValueSchema } from './approval-repo.js';
import { checkReason } from './approval-state.js';
import type { ActionResult } from './approval-types.js';

const id = z.number().int().positive();

/** The module's dialog data (validated by the engine on every read). */
export const approvalDialogSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('adjust-reason'), submissionId: id, revision: z.number().int(), criterionId: z.string(), value: answerValueSchema }),
  z.object({ step: z.literal('return-reason'), submissionId: id, revision: z.number().int() }),
  z.object({ step: z.literal('list-return-reason'), listId: id }),
  z.object({ step: z.literal('list-comment'), listId: id }),
  z.object({ step: z.literal('director-return-reason'), periodId: id }),
  z.object({ step: z.literal('reopen-reason'), periodId: id }),
]);
export type ApprovalDialog = z.infer<typeof approvalDialogSchema>;

/** The question asked when a dialog starts. */
export const DIALOG_PROMPTS: Record<ApprovalDialog['step'], string> = {
  'adjust-reason': 'Nhập lý do điều chỉnh (bắt buộc; người tự đánh giá sẽ nhận được lý do này). Gõ /huy để thôi.',
  'return-reason': 'Nhập lý do trả lại (bắt buộc; người tự đánh giá sẽ nhận được lý do này). Gõ /huy để thôi.',
  'list-return-reason': 'Nhập lý do trả lại danh sách (bắt buộc; Trưởng phòng sẽ nhận được). Gõ /huy để thôi.',
  'list-comment': 'Nhập ý kiến của anh/chị về danh sách của phòng. Gõ /huy để thôi.',
  'director-return-reason': 'Nhập lý do trả lại danh sách toàn cơ quan (bắt buộc). Gõ /huy để thôi.',
  'reopen-reason': 'Nhập lý do mở lại Quý đã phê duyệt (bắt buộc, được ghi vào nhật ký). Gõ /huy để thôi.',
};

/** Turns an action's result into the module's reply; `extra` follows a success. */
export function reply(result: ActionResult<unknown>, extra: ModuleResult['replies'] = []): ModuleResult {
  if (!result.ok) return { replies: [{ kind: 'text', text: `⛔ ${result.reason}` }], dialog: 'exit' };
  return { replies: [{ kind: 'text', text: result.message }, ...extra], notifications: result.notifications, dialog: 'exit' };
}

/** Handles the typed text of an active dialog. */
export function handleDialog(
  service: ApprovalService,
  ctx: ModuleContext & { data: ApprovalDialog },
  after: { adjusted: (submissionId: number) => ModuleResult['replies'] },
): ModuleResult {
  const e = ctx.event;
  if (e.kind !== 'text') return { replies: [{ kind: 'text', text: `Vui lòng gõ bằng chữ. ${DIALOG_PROMPTS[ctx.data.step]}` }] };
  const checked = checkReason(e.text);
  if (!checked.ok) return { replies: [{ kind: 'text', text: `${checked.reason} ${DIALOG_PROMPTS[ctx.data.step]}` }] };
  const who: Who = { actorId: ctx.person.id, now: ctx.now, channel: e.channel };
  const text = checked.reason;
  const d = ctx.data;
  switch (d.step) {
    case 'adjust-reason': {
      const r = service.adjust(who, { submissionId: d.submissionId, criterionId: d.criterionId, value: d.value, reason: text, revision: d.revision });
      return reply(r, r.ok ? after.adjusted(d.submissionId) : []);
    }
    case 'return-reason':
      return reply(service.returnSubmission(who, { submissionId: d.submissionId, reason: text, revision: d.revision }));
    case 'list-return-reason':
      return reply(service.returnList(who, { listId: d.listId, reason: text }));
    case 'list-comment':
      return reply(service.commentList(who, { listId: d.listId, comment: text }));
    case 'director-return-reason':
      return reply(service.directorReturn(who, { periodId: d.periodId, reason: text }));
    case 'reopen-reason':
      return reply(service.reopen(who, { periodId: d.periodId, reason: text }));
  }
}
