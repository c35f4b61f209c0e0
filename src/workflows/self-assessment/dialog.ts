/**
 * The self-assessment's dialog data (saved in the chat's state under this workflow, version 1): which screen is
 * shown for which submission. `nonce` makes the buttons of an older screen stale.
 */
import { z } from 'zod';

const id = z.number().int().positive();
/** The submission every screen belongs to: a screen of another period or submission is stale. */
const ref = { periodId: id, submissionId: id };

export const saDialogSchema = z.discriminatedUnion('type', [
  /** A question is on screen. */
  z.object({ type: z.literal('answering'), ...ref, criterionId: z.string(), nonce: z.string() }),
  /** Collecting evidence for one criterion; `then` says where "Xong" goes. */
  z.object({ type: z.literal('evidence'), ...ref, criterionId: z.string(), nonce: z.string(), then: z.enum(['next', 'review']) }),
  /** The review screen is shown (its jump buttons carry the nonce). */
  z.object({ type: z.literal('review'), ...ref, nonce: z.string() }),
  /** "Nộp bản tự đánh giá?" is waiting for yes/no. */
  z.object({ type: z.literal('confirm-submit'), ...ref, nonce: z.string() }),
]);
export type SaDialog = z.infer<typeof saDialogSchema>;

/** Bump with a `migrate` in the workflow when the shape above changes. */
export const SA_DIALOG_VERSION = 1;
