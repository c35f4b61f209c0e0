/**
 * The per-chat conversation state: a small versioned JSON document, parsed with zod on EVERY read (it sits in
 * SQLite for days or weeks and may come from an older release). Old versions are migrated; unknown or corrupt
 * documents reset the chat to idle and the person is told, instead of crashing.
 */
import { z } from 'zod';
import type { StoredConversation } from './ports.js';

export const STATE_SCHEMA_VERSION = 1;

const id = z.number().int().positive();

/** Where the person is in the self-assessment; shared by the dialogs that belong to one submission. */
const assessmentRef = { periodId: id, submissionId: id };

export const dialogSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('idle') }),
  /** We asked for a phone number or an invite code. */
  z.object({ type: z.literal('linking') }),
  /** A question is on screen; `nonce` makes buttons of older questions stale. */
  z.object({
    type: z.literal('answering'),
    ...assessmentRef,
    criterionId: z.string(),
    nonce: z.string(),
  }),
  /** Collecting evidence for one criterion; `then` says where "Xong" goes. */
  z.object({
    type: z.literal('evidence'),
    ...assessmentRef,
    criterionId: z.string(),
    nonce: z.string(),
    then: z.enum(['next', 'review']),
  }),
  /** The review screen is shown (its jump buttons carry the nonce). */
  z.object({ type: z.literal('review'), ...assessmentRef, nonce: z.string() }),
  /** "Nộp bản tự đánh giá?" is waiting for yes/no. */
  z.object({ type: z.literal('confirm-submit'), ...assessmentRef, nonce: z.string() }),
  /** A dialog owned by a module (see module.ts); `data` is validated by that module. */
  z.object({ type: z.literal('module'), module: z.string(), data: z.unknown() }),
]);
export type Dialog = z.infer<typeof dialogSchema>;
export type AssessmentDialog = Extract<Dialog, { submissionId: number }>;

export const conversationStateSchema = z.object({
  schemaVersion: z.literal(STATE_SCHEMA_VERSION),
  dialog: dialogSchema,
  /** Last time the chat account's `last_interaction_at` was written (throttled to save a write per event). */
  touchedAt: z.number().optional(),
});
export type ConversationState = z.infer<typeof conversationStateSchema>;

export const IDLE: Dialog = { type: 'idle' };

export function initialState(): ConversationState {
  return { schemaVersion: STATE_SCHEMA_VERSION, dialog: IDLE };
}

/** Migrations from older schema versions, keyed by the version they upgrade FROM. None yet. */
const MIGRATIONS: Record<number, (old: unknown) => unknown> = {};

export type ReadStateResult = { state: ConversationState; reset: 'none' | 'new' | 'unreadable' };

/** Parses (and migrates) a stored document; never throws. */
export function readState(stored: StoredConversation | null): ReadStateResult {
  if (!stored) return { state: initialState(), reset: 'new' };
  let raw: unknown;
  try {
    raw = JSON.parse(stored.state);
  } catch {
    return { state: initialState(), reset: 'unreadable' };
  }
  let version = stored.schemaVersion;
  while (version !== STATE_SCHEMA_VERSION) {
    const migrate = MIGRATIONS[version];
    if (!migrate) return { state: initialState(), reset: 'unreadable' };
    raw = migrate(raw);
    version += 1;
  }
  const parsed = conversationStateSchema.safeParse(raw);
  return parsed.success ? { state: parsed.data, reset: 'none' } : { state: initialState(), reset: 'unreadable' };
}

export function serialiseState(state: ConversationState): string {
  return JSON.stringify(state);
}
