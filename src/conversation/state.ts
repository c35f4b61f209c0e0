/**
 * The per-chat conversation state: a small versioned JSON document, checked on EVERY read from the database (it
 * sits in SQLite for days or weeks and may come from an older release). Old versions are migrated; unknown or
 * corrupt documents reset the chat to idle and the person is told, instead of crashing. Only a document this
 * process itself saved, handed back frozen by the store's cache, skips the parse.
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
  // The engine's own parsed document, handed back by the store's write-through cache (see StoredConversation).
  if (stored.parsed !== undefined && stored.schemaVersion === STATE_SCHEMA_VERSION) return { state: stored.parsed, reset: 'none' };
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
  const fast = exactState(raw);
  if (fast) return { state: fast, reset: 'none' };
  const parsed = conversationStateSchema.safeParse(raw);
  return parsed.success ? { state: parsed.data, reset: 'none' } : { state: initialState(), reset: 'unreadable' };
}

/** The keys of each built-in dialog, in schema order (module dialogs always go through zod). */
const DIALOG_KEYS: Record<string, readonly string[]> = {
  idle: ['type'],
  linking: ['type'],
  answering: ['type', 'periodId', 'submissionId', 'criterionId', 'nonce'],
  evidence: ['type', 'periodId', 'submissionId', 'criterionId', 'nonce', 'then'],
  review: ['type', 'periodId', 'submissionId', 'nonce'],
  'confirm-submit': ['type', 'periodId', 'submissionId', 'nonce'],
};

const isId = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/**
 * Fast path of the state check (it runs on every event): a document exactly as this release writes it — the same
 * keys in schema order, valid values — is returned as is, which is what the zod parse would return (a copy with
 * the same keys and values). Anything else (extra or reordered keys, module dialogs) returns null: zod decides.
 */
function exactState(raw: unknown): ConversationState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const doc = raw as Record<string, unknown>;
  const keys = Object.keys(doc);
  if (keys.length < 2 || keys.length > 3 || keys[0] !== 'schemaVersion' || keys[1] !== 'dialog') return null;
  if (doc.schemaVersion !== STATE_SCHEMA_VERSION) return null;
  if (keys.length === 3 && (keys[2] !== 'touchedAt' || typeof doc.touchedAt !== 'number' || !Number.isFinite(doc.touchedAt))) {
    return null;
  }
  const dialog = doc.dialog;
  if (typeof dialog !== 'object' || dialog === null || Array.isArray(dialog)) return null;
  const d = dialog as Record<string, unknown>;
  const expected = typeof d.type === 'string' ? DIALOG_KEYS[d.type] : undefined;
  if (!expected || Object.getPrototypeOf(d) !== Object.prototype) return null;
  const actual = Object.keys(d);
  if (actual.length !== expected.length || actual.some((k, i) => k !== expected[i])) return null;
  if (expected.length > 1) {
    if (!isId(d.periodId) || !isId(d.submissionId) || typeof d.nonce !== 'string') return null;
    if ('criterionId' in d && typeof d.criterionId !== 'string') return null;
    if ('then' in d && d.then !== 'next' && d.then !== 'review') return null;
  }
  return doc as ConversationState;
}

export function serialiseState(state: ConversationState): string {
  return JSON.stringify(state);
}

/**
 * Freezes a state the engine is about to save (and its dialog), so that the store may hand the very object back
 * to later events instead of the JSON (see {@link StoredConversation.parsed}). Module dialog data is frozen only at
 * its top level: modules parse it with zod on every read, which returns a fresh copy.
 */
export function freezeState(state: ConversationState): ConversationState {
  Object.freeze(state.dialog);
  return Object.freeze(state);
}
