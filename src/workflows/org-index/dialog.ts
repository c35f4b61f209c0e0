/**
 * The organisation index's dialog data: answering one's indicators (a queue, the current one, and for a monthly
 * quota such as dti.8 the months answered so far), or typing a reason (return, adjust, "không đánh giá",
 * returning the year from verification).
 */
import { z } from 'zod';

export const OI_DIALOG_VERSION = 1;

export const oiDialogSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('answer'),
    periodId: z.number().int(),
    queue: z.array(z.string()).min(1),
    index: z.number().int().min(0),
    nonce: z.string(),
    /** dti.8: counts per month of the data window so far (`YYYY-MM` → articles). */
    months: z.record(z.string(), z.number().int().min(0)).optional(),
  }),
  z.object({
    kind: z.literal('reason'),
    periodId: z.number().int(),
    criterionId: z.string().nullable(),
    action: z.enum(['return', 'adjust', 'na', 'verify-return']),
    nonce: z.string(),
  }),
]);

export type OiDialog = z.infer<typeof oiDialogSchema>;
export type AnswerDialog = Extract<OiDialog, { kind: 'answer' }>;
