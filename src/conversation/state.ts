/**
 * The per-chat conversation state: a small versioned JSON document, checked on EVERY read (it sits in the
 * database for days or weeks and may come from an older release). The engine's part is tiny — idle, waiting for
 * a phone number or code, or a workflow's dialog — and a workflow's data is validated by that workflow's own
 * schema, with that workflow's own version. Old documents are migrated; unknown or corrupt ones reset the chat
 * to idle and the person is told, instead of crashing.
 */
import { z } from 'zod';
import type { StoredConversation } from '../store/conversations.js';

/** v1: built-in self-assessment dialogs and `{ type: 'module', module, data }`; v2: `{ type: 'workflow', … }`. */
export const STATE_SCHEMA_VERSION = 2;

export const dialogSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('idle') }),
  /** We asked for a phone number or an invite code. */
  z.object({ type: z.literal('linking') }),
  /** A dialog owned by a workflow; `data` is validated by that workflow, written with its `version`. */
  z.object({ type: z.literal('workflow'), workflow: z.string(), version: z.number().int(), data: z.unknown() }),
]);
export type Dialog = z.infer<typeof dialogSchema>;
export type WorkflowDialogState = Extract<Dialog, { type: 'workflow' }>;

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

/** The self-assessment's dialogs of version 1, which were built into the engine. */
const V1_ASSESSMENT_DIALOGS = new Set(['answering', 'evidence', 'review', 'confirm-submit']);

/** Migrations from older schema versions, keyed by the version they upgrade FROM. */
const MIGRATIONS: Record<number, (old: unknown) => unknown> = {
  1: (old) => {
    if (typeof old !== 'object' || old === null) return old;
    const doc = old as { dialog?: unknown; touchedAt?: unknown };
    const d = doc.dialog as { type?: unknown; module?: unknown; data?: unknown } | undefined;
    let dialog: unknown = d;
    if (d && typeof d.type === 'string' && V1_ASSESSMENT_DIALOGS.has(d.type)) {
      dialog = { type: 'workflow', workflow: 'self-assessment', version: 1, data: d };
    } else if (d?.type === 'module') {
      dialog = { type: 'workflow', workflow: d.module, version: 1, data: d.data };
    }
    return { ...doc, schemaVersion: 2, dialog };
  },
};

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
