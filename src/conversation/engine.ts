/**
 * The conversation engine: one inbound event in, replies out, notifications into the outbox.
 *
 * For each event, in the chat's order (one event of a chat at a time): receive an attached file into a temporary
 * file with its hash and store it at its content-addressed place (before the transaction: disk or network I/O must
 * not hold it open; `kept-files.ts`), then ONE unit of work: dedupe by (channel, eventId), load the chat's state,
 * route the event to the engine's own commands or to a workflow, save the state, queue every notification in the
 * outbox. A stored file no step kept, or whose step rolled back, is removed at once; the temporary file always is:
 * a file no step keeps does not stay in the evidence folder (issue 18, item 2). The result is returned once durable.
 * A crash or a thrown error leaves nothing half-written and the event unmarked, so a redelivery retries it; a
 * restart resumes exactly where the chat was.
 */
import { randomBytes } from 'node:crypto';
import type { FileStore, ReceivedFile, StoredFile } from '../store/file-store.js';
import type { Store, Tx } from '../store/store.js';
import { BUILT_IN_NAMES } from './command-list.js';
import type { Clock, EngineLogger } from './engine-logger.js';
import { KeptFiles, type KeptFile } from './kept-files.js';
import { KeyedMutex } from './keyed-mutex.js';
import { lazyChild } from './lazy-logger.js';
import type { Notifier } from './notifier.js';
import { queueReplies } from './replies.js';
import { T } from './render/texts.js';
import { route } from './router.js';
import { readState, serialiseState, STATE_SCHEMA_VERSION, type ConversationState } from './state.js';
import type { StepContext } from './step-context.js';
import { chatKeyOf, type EngineResult, type InboundEvent } from './types.js';
import { DEFAULT_DATA_LIMITS, type DataLimits } from './workflow.js';
import { WorkflowRegistry, type AnyWorkflow } from './workflow-registry.js';

/** Write `last_interaction_at` at most this often per chat (saves one write per event). */
const TOUCH_INTERVAL_MS = 60_000;

export interface ConversationEngineOptions {
  store: Store;
  files: FileStore;
  /** Writes a step's notifications to the outbox, in the step's transaction. */
  notifier: Notifier;
  clock: Clock;
  logger: EngineLogger;
  /** The chat features (self-assessment, approval chain…), in the order /huongdan lists them. */
  workflows: readonly AnyWorkflow[];
  dataLimits?: Partial<DataLimits>;
  /** Question nonces; injectable for deterministic tests. Default: 4 random URL-safe characters. */
  newNonce?: () => string;
  /**
   * True when this event's replies must go through the outbox instead of back to the channel: several instances
   * share one platform rate limit, and only the channel's sender (its lease holder) may send. The replies are then
   * written in the step's own transaction (one item keyed by the event: `replies.ts`), so they are as durable as the
   * answer and queued in the chat's order; the result carries none. Default: never.
   */
  repliesThroughOutbox?: (event: InboundEvent) => boolean;
  /** Called after a step that queued replies has committed (wakes the channel's worker when it runs here). */
  onRepliesQueued?: (channel: InboundEvent['channel']) => void;
}

export class ConversationEngine {
  private readonly store: Store;
  private readonly files: FileStore;
  private readonly notifier: Notifier;
  private readonly clock: Clock;
  private readonly logger: EngineLogger;
  private readonly registry: WorkflowRegistry;
  private readonly limits: DataLimits;
  private readonly newNonce: () => string;
  private readonly repliesThroughOutbox: (event: InboundEvent) => boolean;
  private readonly onRepliesQueued: ((channel: InboundEvent['channel']) => void) | undefined;
  private readonly chats = new KeyedMutex();
  private readonly kept: KeptFiles;

  constructor(options: ConversationEngineOptions) {
    this.store = options.store;
    this.files = options.files;
    this.notifier = options.notifier;
    this.clock = options.clock;
    this.logger = options.logger;
    this.registry = new WorkflowRegistry(options.workflows, BUILT_IN_NAMES);
    this.limits = { ...DEFAULT_DATA_LIMITS, ...options.dataLimits };
    this.newNonce = options.newNonce ?? pooledNonce();
    this.repliesThroughOutbox = options.repliesThroughOutbox ?? (() => false);
    this.onRepliesQueued = options.onRepliesQueued;
    this.kept = new KeptFiles(options.files);
  }

  /** Handles one inbound event. Never throws: failures are logged and answered with a short apology. */
  handle(event: InboundEvent): Promise<EngineResult> {
    const chatKey = chatKeyOf(event);
    return this.chats.run(chatKey, () => this.handleInOrder(event, chatKey));
  }

  private async handleInOrder(event: InboundEvent, chatKey: string): Promise<EngineResult> {
    let received: ReceivedFile | undefined;
    const step: { kept?: KeptFile } = {};
    try {
      received = await this.receive(event);
      // Stored before the unit of work (no file I/O inside it); removed after it unless the step kept it (kept-files.ts).
      if (received && event.kind === 'file') step.kept = await this.kept.prepare(received, this.files.pathFor(received.sha256, event.file.mime, event.file.name));
      const result = await this.store.transaction((tx) => this.step(tx, event, chatKey, received, step), { lockKey: chatKey });
      if (step.kept) await this.kept.settle(step.kept, true);
      return result;
    } catch (error) {
      if (step.kept) await this.kept.settle(step.kept, false).catch(() => undefined);
      lazyChild(this.logger, { channel: event.channel, chatKey, eventId: event.eventId }).error(
        { err: error, kind: event.kind },
        'inbound event failed',
      );
      return { replies: [{ kind: 'text', text: T.error }], duplicate: false };
    } finally {
      if (received) await this.files.discard(received);
      if (event.kind === 'file' && event.file.received && event.file.received !== received) await this.files.discard(event.file.received);
    }
  }

  /** The event's file in a temporary file with its hash (a channel may have streamed it there already); none when too big. */
  private async receive(event: InboundEvent): Promise<ReceivedFile | undefined> {
    if (event.kind !== 'file') return undefined;
    const { file } = event;
    if (file.received) return file.received.size <= this.limits.maxFileBytes ? file.received : undefined;
    if (file.data && file.data.byteLength <= this.limits.maxFileBytes) return this.files.receive(file.data);
    return undefined;
  }

  /** One event applied, inside its unit of work. */
  private async step(
    tx: Tx,
    event: InboundEvent,
    chatKey: string,
    received: ReceivedFile | undefined,
    out: { kept?: KeptFile },
  ): Promise<EngineResult> {
    const logger = lazyChild(this.logger, { channel: event.channel, chatKey, eventId: event.eventId });
    const now = this.clock.now();
    const nowMs = now.getTime();
    const start = await tx.conversations.startStep({ channel: event.channel, eventId: event.eventId, chatKey, userId: event.userId, now: nowMs });
    if (!start) {
      logger.debug({}, 'duplicate event ignored');
      return { replies: [], duplicate: true };
    }
    const { stored, linked } = start;
    const { state, reset } = readState(stored);
    if (reset === 'unreadable') logger.warn({ schemaVersion: stored?.schemaVersion }, 'conversation state reset');
    const decision = { keep: false };
    const storedFile: StoredFile | undefined =
      received && event.kind === 'file'
        ? {
            path: this.files.pathFor(received.sha256, event.file.mime, event.file.name),
            sha256: received.sha256,
            size: received.size,
            mime: event.file.mime || 'application/octet-stream',
            keep: () => void (decision.keep = true),
            read: () => this.files.read(received),
          }
        : undefined;
    const account = linked?.account ?? null;
    const person = linked?.person ?? null;
    const ctx: StepContext = {
      event,
      now,
      nowMs,
      chatKey,
      tx,
      workflows: this.registry,
      limits: this.limits,
      logger,
      newNonce: this.newNonce,
      storedFile,
      person,
      account: person ? account : null,
      dialog: state.dialog,
      replies: reset === 'unreadable' ? [{ kind: 'text', text: T.stateReset }] : [],
      notifications: [],
    };
    await route(ctx);
    const next: ConversationState = { schemaVersion: STATE_SCHEMA_VERSION, dialog: ctx.dialog };
    if (state.touchedAt !== undefined) next.touchedAt = state.touchedAt;
    if (ctx.account && (state.touchedAt === undefined || nowMs - state.touchedAt >= TOUCH_INTERVAL_MS)) {
      await tx.directory.touchAccount(ctx.account.id, nowMs);
      next.touchedAt = nowMs;
    }
    const serialised = serialiseState(next);
    if (!stored || stored.state !== serialised || stored.schemaVersion !== STATE_SCHEMA_VERSION) {
      await tx.conversations.save(
        chatKey,
        { schemaVersion: STATE_SCHEMA_VERSION, state: serialised, revision: (stored?.revision ?? 0) + 1, personId: ctx.person?.id ?? null },
        nowMs,
      );
    }
    for (const notification of ctx.notifications) await this.notifier.dispatch(tx, notification, nowMs);
    let replies = ctx.replies;
    if (replies.length > 0 && this.repliesThroughOutbox(event)) {
      await queueReplies(tx, { eventId: event.eventId, channel: event.channel, chatId: event.chatId, personId: ctx.person?.id ?? null }, replies, nowMs);
      const wake = this.onRepliesQueued;
      if (wake) tx.afterCommit(() => wake(event.channel));
      replies = [];
    }
    // Last, so only the COMMIT can fail after it (the engine then removes what this step created).
    if (decision.keep && storedFile && received) {
      out.kept = await this.kept.keep(received, storedFile.path);
      logger.debug({ size: received.size, created: out.kept.created }, 'file kept');
    }
    return { replies, duplicate: false };
  }
}

/** 4 URL-safe random characters per question, drawn from a pooled buffer (one crypto call per 1,024 nonces). */
function pooledNonce(): () => string {
  let pool = randomBytes(3 * 1024);
  let offset = 0;
  return () => {
    if (offset >= pool.length) {
      pool = randomBytes(3 * 1024);
      offset = 0;
    }
    offset += 3;
    return pool.toString('base64url', offset - 3, offset);
  };
}
