/**
 * The approval workflow's dialog: each step waits for one typed text (a reason or a comment), then runs the
 * action. Version 1 keeps the data shape of the old module dialog (`{ step, … }`), which the engine migrates from
 * `{ type: 'module', module: 'approval', data }`.
 */
import { z } from 'zod';

const id = z.number().int().positive();
const answerValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const APPROVAL_DIALOG_VERSION = 1;

/** The dialog data (validated by the engine on every read). */
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
