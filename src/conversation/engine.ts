/**
 * The conversation engine: one inbound event in, replies and notifications out.
 *
 * For each event: store an attached file by content (async, before anything else), then — in the chat's order
 * and atomically (one transaction, or one savepoint of a group commit shared with other chats) — dedupe by
 * (channel, eventId), load and parse the chat's state, step, save the state. The result is returned once durable.
 * A crash or a thrown error leaves nothing half-written and the event unmarked, so a redelivery retries it; a
 * restart (a new engine over the same database) resumes exactly where the chat was.
 */
import { randomBytes } from 'node:crypto';
import { BUILT_IN_NAMES } from './command-list.js';
import type { ConversationModule } from './module.js';
import { ModuleRegistry } from './module-registry.js';
import type { Clock, EngineLogger, EnginePorts, StoredFile, TransactorJob } from './ports.js';
import { T } from './render/texts.js';
import { route } from './router.js';
import { freezeState, readState, serialiseState, STATE_SCHEMA_VERSION, type ConversationState } from './state.js';
import { DEFAULT_DATA_LIMITS, type DataLimits, type StepContext } from './step-context.js';
import { KeyedMutex } from './keyed-mutex.js';
import { lazyChild } from './lazy-logger.js';
import { chatKeyOf, type EngineResult, type InboundEvent } from './types.js';

/** Write `last_interaction_at` at most this often per chat (saves one write per event). */
const TOUCH_INTERVAL_MS = 60_000;

export interface ConversationEngineOptions {
  ports: EnginePorts;
  clock: Clock;
  logger: EngineLogger;
  /** Features plugged in (e.g. the review workflow); see module.ts. */
  modules?: readonly ConversationModule[];
  dataLimits?: Partial<DataLimits>;
  /** Question nonces; injectable for deterministic tests. Default: 4 random URL-safe characters. */
  newNonce?: () => string;
}

export class ConversationEngine {
  private readonly ports: EnginePorts;
  private readonly clock: Clock;
  private readonly logger: EngineLogger;
  private readonly registry: ModuleRegistry;
  private readonly limits: DataLimits;
  private readonly newNonce: () => string;
  private readonly mutex = new KeyedMutex();

  constructor(options: ConversationEngineOptions) {
    this.ports = options.ports;
    this.clock = options.clock;
    this.logger = options.logger;
    this.registry = new ModuleRegistry(options.modules ?? [], BUILT_IN_NAMES);
    this.limits = { ...DEFAULT_DATA_LIMITS, ...options.dataLimits };
    this.newNonce = options.newNonce ?? pooledNonce();
  }

  /**
   * Handles one inbound event. Never throws: failures are logged and answered with a short apology.
   *
   * One chat's events are applied one at a time, in arrival order. Steps are synchronous and the transactor runs
   * them in the order they were queued, so an event can go straight to the transactor unless something of its chat
   * is still on its way there (a file being stored): then it waits behind it in the chat's mutex. Under load
   * thousands of events wait at once, so the common path holds no mutex entry, async frame or extra promise.
   */
  handle(event: InboundEvent): Promise<EngineResult> {
    const chatKey = chatKeyOf(event);
    if (event.kind === 'file' && event.file.data && event.file.data.byteLength <= this.limits.maxFileBytes) {
      const data = event.file.data;
      return this.mutex.run(chatKey, () => this.handleFile(event, data, chatKey));
    }
    if (!this.mutex.isBusy(chatKey)) return this.queueStep(event, chatKey, undefined);
    return this.mutex.run(chatKey, () => this.queueStep(event, chatKey, undefined));
  }

  /** Queues the event's step in the transactor; a failure is answered with an apology. */
  private queueStep(event: InboundEvent, chatKey: string, storedFile: StoredFile | undefined): Promise<EngineResult> {
    return this.ports.transactor.submit(new StepJob(this, event, chatKey, storedFile));
  }

  /** A file is stored by content (async, the chat's later events waiting), then handled like any event. */
  private async handleFile(event: InboundEvent, data: Uint8Array, chatKey: string): Promise<EngineResult> {
    let storedFile: StoredFile;
    try {
      const file = event.kind === 'file' ? event.file : null;
      storedFile = await this.ports.files.put(data, file?.mime ?? '', file?.name ?? '');
    } catch (error) {
      return this.failed(event, chatKey, error);
    }
    return this.queueStep(event, chatKey, storedFile);
  }

  /** @internal The apology for a failed event (StepJob's `recover`). */
  failed(event: InboundEvent, chatKey: string, error: unknown): EngineResult {
    this.loggerFor(event, chatKey).error({ err: error, kind: event.kind }, 'inbound event failed');
    return { replies: [{ kind: 'text', text: T.error }], notifications: [], duplicate: false };
  }

  /** The event's child logger, built on first use: most steps log nothing. */
  private loggerFor(event: InboundEvent, chatKey: string): EngineLogger {
    return lazyChild(this.logger, { channel: event.channel, chatKey, eventId: event.eventId });
  }

  /** @internal One event applied, inside the transaction (StepJob's `run`). */
  step(event: InboundEvent, chatKey: string, storedFile: StoredFile | undefined): EngineResult {
    const logger = this.loggerFor(event, chatKey);
    const now = this.clock.now();
    const nowMs = now.getTime();
    if (!this.ports.events.markProcessed(event.channel, event.eventId, nowMs)) {
      logger.debug({}, 'duplicate event ignored');
      return { replies: [], notifications: [], duplicate: true };
    }
    const stored = this.ports.conversations.load(chatKey);
    const { state, reset } = readState(stored);
    if (reset === 'unreadable') logger.warn({ schemaVersion: stored?.schemaVersion }, 'conversation state reset');
    const account = this.ports.directory.findAccount(event.channel, event.userId);
    const person = account ? this.ports.directory.getPerson(account.personId) : null;
    const ctx: StepContext = {
      event,
      now,
      nowMs,
      chatKey,
      ports: this.ports,
      modules: this.registry,
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
    route(ctx);
    const next: ConversationState = { schemaVersion: STATE_SCHEMA_VERSION, dialog: ctx.dialog };
    if (state.touchedAt !== undefined) next.touchedAt = state.touchedAt;
    if (ctx.account && (state.touchedAt === undefined || nowMs - state.touchedAt >= TOUCH_INTERVAL_MS)) {
      this.ports.directory.touchAccount(ctx.account.id, nowMs);
      next.touchedAt = nowMs;
    }
    const serialised = serialiseState(next);
    if (!stored || stored.state !== serialised || stored.schemaVersion !== STATE_SCHEMA_VERSION) {
      this.ports.conversations.save(
        chatKey,
        {
          schemaVersion: STATE_SCHEMA_VERSION,
          state: serialised,
          revision: (stored?.revision ?? 0) + 1,
          personId: ctx.person?.id ?? null,
          parsed: freezeState(next),
        },
        nowMs,
      );
    }
    return { replies: ctx.replies, notifications: ctx.notifications, duplicate: false };
  }
}

/** One event's step as a transactor job: a single object while the event waits for its batch (see Transactor.submit). */
class StepJob implements TransactorJob<EngineResult> {
  constructor(
    private readonly engine: ConversationEngine,
    private readonly event: InboundEvent,
    private readonly chatKey: string,
    private readonly storedFile: StoredFile | undefined,
  ) {}

  run(): EngineResult {
    return this.engine.step(this.event, this.chatKey, this.storedFile);
  }

  recover(error: unknown): EngineResult {
    return this.engine.failed(this.event, this.chatKey, error);
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
