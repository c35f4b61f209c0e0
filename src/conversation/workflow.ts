/**
 * The WORKFLOW interface: every feature a person uses in chat — the self-assessment, the approval chain, the
 * organisation index, nominations, the contest — is a module of this one shape, and the engine knows none of them.
 * How to write one: `docs/workflows.md`.
 *
 * The engine (`engine.ts`) owns identity and plumbing only: dedupe, the chat's state, linking an account, `/start`,
 * `/huongdan`, `/huy`, routing commands, buttons and input to the workflow that owns them, role checks, and the
 * idle menu composed from every workflow's offer. Everything runs inside ONE unit of work per inbound event
 * (`ctx.tx`): what a handler writes, the dialog it enters and the notifications it queues commit together, or
 * not at all (a thrown error rolls the step back; the person gets a short apology and a redelivery retries).
 *
 * Rules the registry checks at start-up (a collision throws): names kebab-case and unique; command names unique
 * across workflows and built-ins; button prefixes unique (`xx:` form, none a prefix of another; `c:` is the
 * engine's "run this command" button).
 */
import type { z } from 'zod';
import type { Role } from '../scoring/rubric-schema.js';
import type { AccountView, PersonView } from '../store/directory.js';
import type { StoredFile } from '../store/file-store.js';
import type { Tx } from '../store/store.js';
import type { EngineLogger } from './engine-logger.js';
import type { WorkflowEvent } from './workflow-events.js';
import type { Choice, InboundEvent, Notification, OutboundMessage } from './types.js';

/** Size limits the engine enforces (channels may enforce their own, smaller ones). */
export interface DataLimits {
  /** Largest evidence file accepted, in bytes (default 20 MB). */
  maxFileBytes: number;
  /** Longest evidence link accepted, in characters (default 2,048). */
  maxUrlLength: number;
  /** Bytes of evidence files one person may keep per period (the distinct files of their submission). */
  maxEvidenceBytesPerPeriod: number;
}

/** Evidence files one person may store per period (issue 18, item 2): a quarter's proofs fit many times over. */
export const EVIDENCE_QUOTA_BYTES_PER_PERIOD = 200 * 1024 * 1024;

export const DEFAULT_DATA_LIMITS: DataLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxUrlLength: 2048,
  maxEvidenceBytesPerPeriod: EVIDENCE_QUOTA_BYTES_PER_PERIOD,
};

/**
 * What every handler of a workflow gets for one inbound event. `D` is the workflow's own dialog data.
 * Why mutable lists: a step is a small script ("save, then tell, then ask the next question"), and appending in
 * order is how it reads best; the engine sends `replies` to the sender and writes `notifications` to the outbox
 * in the same transaction.
 */
export interface WorkflowContext<D = unknown> {
  readonly event: InboundEvent;
  /** `telegram:<chatId>` etc. */
  readonly chatKey: string;
  readonly now: Date;
  readonly nowMs: number;
  /** The linked person who sent the event (roles, department), loaded in this transaction. */
  readonly person: PersonView;
  /** The chat account the event came from. */
  readonly account: AccountView;
  /** The unit of work's repositories. Never start another unit of work from a handler: pass `tx` down. */
  readonly tx: Tx;
  /** Child logger bound to `{ chatKey, eventId, workflow }`. Ids and counts only, never names or scores. */
  readonly logger: EngineLogger;
  readonly limits: DataLimits;
  /** The file of a `file` event, received and hashed; stored only if the step calls `storedFile.keep()` (undefined when none, or too large). */
  readonly storedFile: StoredFile | undefined;
  /** A short random id for question nonces (buttons of an older screen become stale). */
  newNonce(): string;
  /** Messages to the sender, in order. */
  readonly replies: OutboundMessage[];
  /** Messages to other people (durable outbox, deduplicated by `dedupeKey`, which must name the recipient). */
  readonly notifications: Notification[];
  /** This workflow's dialog data when its dialog is the active one (validated), else null. */
  readonly dialog: D | null;
  /** Makes this workflow's dialog the active one with `data` (checked against the workflow's schema). */
  enter(data: D): void;
  /** Leaves this workflow's dialog: the chat is idle again. */
  exit(): void;
  /**
   * Tells the other workflows, in the same transaction (e.g. "a self-assessment was submitted": the approval
   * chain prompts the reviewer). Resolves true when at least one workflow handled it.
   */
  emit(event: WorkflowEvent): Promise<boolean>;
  /** Runs another command as if the person had typed it (a "📋 Xem lại" button, a typed shortcut). */
  runCommand(name: string, args?: string): Promise<void>;
  /** Shows the idle menu every workflow contributes to (input the current screen cannot use). */
  showMenu(): Promise<void>;
}

/** A slash command. */
export interface WorkflowCommand<D = unknown> {
  /** Lower-case names without the slash; the first is shown in /huongdan, the rest are aliases: `['duyet', 'approve']`. */
  names: string[];
  /** Roles allowed to use it; omit for every linked person. The engine refuses others politely. */
  roles?: readonly Role[];
  /** One Vietnamese line for /huongdan. */
  description: string;
  /** Also answered in group chats (otherwise group messages are ignored). */
  inGroup?: boolean;
  /** Not listed in /huongdan (an alias kept for old habits). */
  hidden?: boolean;
  handle(ctx: WorkflowContext<D>, args: string): Promise<void>;
}

/** Buttons whose payload starts with `prefix` (payload ≤ 48 ASCII bytes, opaque to channels). */
export interface WorkflowButtons<D = unknown> {
  /** E.g. `ap:`. */
  prefix: string;
  /** Roles allowed to press them; others get "không có quyền". */
  roles?: readonly Role[];
  handle(ctx: WorkflowContext<D>, payload: string): Promise<void>;
}

/**
 * A workflow's multi-step dialog. The saved data carries the workflow's `version`: a document written by an older
 * release is upgraded by `migrate`, or dropped (the person is told and starts again) when it cannot be.
 */
export interface WorkflowDialog<D> {
  /** Validates the saved data on every read (the document may be weeks old, or from an older release). */
  schema: z.ZodType<D>;
  /** Bump when the data's shape changes, and say in `migrate` how to read the older shape. */
  version: number;
  /** Upgrades data saved with an older `version`; return null to drop it. */
  migrate?(data: unknown, fromVersion: number): unknown;
  /** Text, link, file or contact while this dialog is active. */
  handle(ctx: WorkflowContext<D>): Promise<void>;
  /**
   * `/start` (or a page reload) while this dialog is active: show where the person was. Return false to let the
   * engine greet instead. Without it the dialog is left and the engine greets.
   */
  resume?(ctx: WorkflowContext<D>): Promise<boolean>;
}

/** What a workflow offers on the idle menu (free text with nothing pending, or `/start`). */
export interface IdleOffer {
  /** Replaces the engine's generic first line (e.g. "to send evidence, open the question first" for a file). */
  lead?: string;
  /** Lines of the hint, in order (the engine joins every workflow's lines). */
  lines: string[];
  choices: Choice[];
  /** Commands to name in the "type instead" hint, with their slash. */
  typeCommands: string[];
}

/** A chat feature. Every member but `name` is optional. */
export interface Workflow<D = unknown> {
  /** Unique, kebab-case; stored in the chat's state, so keep it stable. */
  name: string;
  commands?: WorkflowCommand<D>[];
  buttons?: WorkflowButtons<D>[];
  dialog?: WorkflowDialog<D>;
  /** Typed words that mean a command when nothing is pending (`nop` → `/nop`); gets the ASCII-folded text. */
  shortcut?(folded: string): { command: string; args: string } | null;
  /**
   * Lines of the greeting after linking, login or `/start` (a page reload): what waits for the person now (issue 16
   * item 3: people opening the chat should see what to do without asking). Empty when the workflow has nothing.
   */
  greeting?(ctx: WorkflowContext<D>): Promise<string[]> | string[];
  /** The workflow's part of the idle menu for this person and event, or null. */
  idle?(ctx: WorkflowContext<D>): Promise<IdleOffer | null> | IdleOffer | null;
  /**
   * Reacts to another workflow's event in the same transaction; returns true when it handled it (e.g. it sent the
   * approval prompt, so the self-assessment does not send its default notice).
   */
  on?(ctx: WorkflowContext<D>, event: WorkflowEvent): Promise<boolean>;
}

/** Types a workflow literal from its dialog data (so handlers see `D`, not `unknown`). */
export function defineWorkflow<D>(workflow: Workflow<D>): Workflow<D> {
  return workflow;
}
