/**
 * The engine's EXTENSION POINT: a feature (the review workflow in `src/approval/`, announcements…) plugs its
 * commands, its buttons and its multi-step dialogs into the conversation engine without editing the engine.
 *
 * How it works:
 * - Modules are passed to `new ConversationEngine({ …, modules: [approvalModule] })`. Names, command names and
 *   button prefixes must be unique; the constructor throws on a collision (engine-reserved prefixes are listed in
 *   {@link RESERVED_BUTTON_PREFIXES}).
 * - Every handler is SYNCHRONOUS and runs inside the event's immediate SQLite transaction, after dedupe, one
 *   event of the chat at a time. A module that writes to the database with better-sqlite3 (synchronously) commits
 *   or rolls back together with the conversation state. Throwing rolls everything back; the person gets a generic
 *   "có lỗi" message and the event is NOT marked processed (a redelivery retries it).
 * - Handlers are only called for a LINKED, active person (unlinked people are sent to linking first), and, for
 *   commands, only when the person holds one of `roles` (the engine answers a polite refusal otherwise).
 * - A module owns a dialog state `{ type: 'module', module: name, data }` in the chat's saved state. Its `data` is
 *   validated with the module's zod schema on every read; invalid data resets the chat to idle with a message.
 *   While a module dialog is active, plain text, links, files and contacts go to `dialog.handle`; any command
 *   or engine button leaves the dialog (the module's own commands/buttons keep it unless they change it).
 * - Notifications returned are handed by the caller to the Dispatcher (durable outbox, dedupe by `dedupeKey`).
 */
import type { z } from 'zod';
import type { Role } from '../scoring/rubric-schema.js';
import type { ScoreResult } from '../scoring/types.js';
import type { AccountView, EngineLogger, PeriodView, PersonView, SubmissionView } from './ports.js';
import type { InboundEvent, Notification, OutboundMessage } from './types.js';

/** Button payload prefixes the engine itself uses; modules must pick others (e.g. `ap:`). */
export const RESERVED_BUTTON_PREFIXES = ['q:', 'n:', 'e:', 's:', 'j:', 'l:', 'c:'] as const;

/** Maximum button payload size (Telegram callback_data is 64 bytes; we keep a margin). */
export const MAX_BUTTON_PAYLOAD_BYTES = 48;

/** What every module handler receives. */
export interface ModuleContext {
  readonly event: InboundEvent;
  /** `telegram:<chatId>` etc. */
  readonly chatKey: string;
  readonly now: Date;
  /** The linked person who sent the event (roles, department). */
  readonly person: PersonView;
  /** The chat account the event came from. */
  readonly account: AccountView;
  /** Child logger bound to `{ chatKey, eventId, module }`. Log ids only. */
  readonly logger: EngineLogger;
  /** This module's dialog data when its dialog is the active one (already validated), else null. */
  readonly dialog: unknown;
}

/**
 * How the chat's dialog changes after a module handler:
 * - `undefined`: unchanged (if this module's dialog was active it stays, with the same data);
 * - `{ enter: data }`: this module's dialog becomes active with `data` (must pass the module's schema);
 * - `'exit'`: back to idle.
 */
export type DialogChange = { enter: unknown } | 'exit' | undefined;

/** What a module handler returns: messages to the sender, messages to others, and the dialog change. */
export interface ModuleResult {
  replies: OutboundMessage[];
  notifications?: Notification[];
  dialog?: DialogChange;
}

/** A slash command contributed by a module. */
export interface ModuleCommand {
  /** Lower-case names without the slash; the first is shown in /help, the rest are aliases: `['duyet', 'approve']`. */
  names: string[];
  /** Roles allowed to use it; omit for everyone linked. The engine checks and refuses politely. */
  roles?: Role[];
  /** One Vietnamese line for /help, e.g. `Xem các bản tự đánh giá chờ duyệt`. */
  description: string;
  /** Also answered in group chats (otherwise group messages are ignored). */
  inGroup?: boolean;
  handle(ctx: ModuleContext & { args: string }): ModuleResult;
}

/** Buttons whose payload starts with `prefix` are routed to `handle` (payload ≤ 48 ASCII bytes, opaque to channels). */
export interface ModuleButtons {
  /** E.g. `ap:`; must not be one of {@link RESERVED_BUTTON_PREFIXES} or another module's prefix. */
  prefix: string;
  /** Roles allowed to press them; others get "Anh/chị không có quyền thực hiện thao tác này". */
  roles?: Role[];
  handle(ctx: ModuleContext & { payload: string }): ModuleResult;
}

/** A module's multi-step dialog (e.g. "type the reason for returning this self-assessment"). */
export interface ModuleDialog<D = unknown> {
  /** Validates the saved `data` on every read (the state is a JSON document that may be old or corrupted). */
  schema: z.ZodType<D>;
  /** Text, link, file or contact event while this dialog is active. */
  handle(ctx: ModuleContext & { data: D }): ModuleResult;
}

/** Why the engine is telling a module about a submission. */
export type SubmissionEventKind = 'submitted' | 'resubmitted' | 'changed-after-submit';

/** Context of {@link ConversationModule.onSubmissionEvent}. */
export interface SubmissionEventContext {
  kind: SubmissionEventKind;
  now: Date;
  person: PersonView;
  period: PeriodView;
  /** The submission after the change (status, revision, selfTotal…). */
  submission: SubmissionView;
  /** The provisional score of the person's own answers. */
  score: ScoreResult;
  /** The reviewer the engine would notify: head of the department, or the leader in charge for a head. */
  reviewerIds: number[];
  /** For `changed-after-submit`: the criterion that changed. */
  criterionId?: string;
}

/**
 * A feature plugged into the engine. All members but `name` are optional.
 *
 * @example
 * const approvalModule: ConversationModule = {
 *   name: 'approval',
 *   commands: [{ names: ['duyet', 'approve'], roles: ['head', 'leader'], description: 'Duyệt bản tự đánh giá', handle }],
 *   buttons: [{ prefix: 'ap:', roles: ['head', 'leader'], handle: onButton }],
 *   dialog: { schema: approvalDialogSchema, handle: onText },
 *   onSubmissionEvent: (ctx) => [approvalPrompt(ctx)],
 * };
 */
export interface ConversationModule {
  /** Unique, kebab-case; stored in the dialog state, so keep it stable. */
  name: string;
  commands?: ModuleCommand[];
  buttons?: ModuleButtons[];
  dialog?: ModuleDialog;
  /**
   * Called (inside the transaction) when a person submits, resubmits, or changes an answer after submitting.
   * Return the notifications to send (e.g. an approval prompt with buttons to the head), or `null` to let the
   * engine send its default text ("<Tên> đã nộp bản tự đánh giá…"). The first module returning non-null wins.
   */
  onSubmissionEvent?(ctx: SubmissionEventContext): Notification[] | null;
}

/** Types a module dialog's `data` from its schema (plain object literals would see `unknown`). */
export function defineDialog<D>(dialog: ModuleDialog<D>): ModuleDialog {
  return dialog;
}
