/**
 * Drives the engine as data: a fake clock, a chat that sends inbound events with increasing event ids, and
 * helpers to read buttons from the replies.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationEngine } from '../../src/conversation/engine.js';
import type { EngineLogger } from '../../src/conversation/engine-logger.js';
import type { Notifier } from '../../src/conversation/notifier.js';
import type { ChannelName, EngineResult, InboundEvent, InboundFile, Notification, OutboundMessage } from '../../src/conversation/types.js';
import type { AnyWorkflow } from '../../src/conversation/workflow-registry.js';
import { createLocalFileStore } from '../../src/store/files/local-file-store.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { preferencesWorkflow } from '../../src/workflows/preferences/preferences-workflow.js';
import { selfAssessmentWorkflow } from '../../src/workflows/self-assessment/self-assessment-workflow.js';
import { seedUnit, type SeededUnit } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';

export const silent: EngineLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silent,
};

export class FakeClock {
  constructor(public ms: number = Date.UTC(2026, 11, 3, 2, 0)) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Harness<S extends Store = SqliteStore> {
  store: S;
  engine: ConversationEngine;
  clock: FakeClock;
  dataDir: string;
  errors: unknown[];
  /** Every notification the engine queued, in order (a recording {@link Notifier}). */
  notified: Notification[];
}

/** The workflows of a standard engine (the approval chain is added by tests that need it). */
export const BASE_WORKFLOWS: readonly AnyWorkflow[] = [selfAssessmentWorkflow, preferencesWorkflow];

export function makeEngine<S extends Store = SqliteStore>(
  store: S,
  options: { clock?: FakeClock; workflows?: readonly AnyWorkflow[]; dataDir?: string; maxFileBytes?: number; notifier?: Notifier } = {},
): Harness<S> {
  const clock = options.clock ?? new FakeClock();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'thidua-engine-'));
  const errors: unknown[] = [];
  const notified: Notification[] = [];
  const logger: EngineLogger = { ...silent, error: (obj) => void errors.push(obj), child: () => logger };
  let n = 0;
  const recording: Notifier = {
    async dispatch(tx, notification, now) {
      notified.push(notification);
      return options.notifier?.dispatch(tx, notification, now);
    },
  };
  const engine = new ConversationEngine({
    store,
    files: createLocalFileStore({ dataDir }),
    notifier: recording,
    clock,
    logger,
    workflows: options.workflows ?? BASE_WORKFLOWS,
    dataLimits: options.maxFileBytes ? { maxFileBytes: options.maxFileBytes } : undefined,
    newNonce: () => `n${(n += 1).toString(36)}`,
  });
  return { store, engine, clock, dataDir, errors, notified };
}

/** A fresh in-memory store with the standard test unit (seed-unit) and an engine over it. */
export async function seededEngine(
  options: Parameters<typeof makeEngine>[1] = {},
): Promise<{ store: SqliteStore; db: SqliteStore['db']; seeded: SeededUnit; h: Harness }> {
  const store = testStore();
  const seeded = await seedUnit(store);
  return { store, db: store.db, seeded, h: makeEngine(store, options) };
}

/** A chat whose person has linked it by sharing their contact with `phone`. */
export async function linkedChat(h: Pick<Harness, 'engine' | 'clock'>, userId: string, phone: string): Promise<Chat> {
  const chat = new Chat(h, userId);
  await chat.contact(phone);
  return chat;
}

type EventBody =
  | { kind: 'start'; param?: string }
  | { kind: 'text'; text: string }
  | { kind: 'button'; payload: string }
  | { kind: 'contact'; phone: string; verified: boolean }
  | { kind: 'link'; url: string }
  | { kind: 'file'; file: InboundFile }
  | { kind: 'command'; name: string; args: string };

let globalEventId = 0;

/** One person's chat on one channel. */
export class Chat {
  last: EngineResult & { notifications: Notification[] } = { replies: [], notifications: [], duplicate: false };
  constructor(
    private readonly h: { engine: ConversationEngine; clock: FakeClock; notified?: Notification[] },
    readonly userId: string,
    readonly channel: ChannelName = 'telegram',
  ) {}

  event(body: EventBody, eventId = `e${(globalEventId += 1)}`): InboundEvent {
    return { channel: this.channel, userId: this.userId, chatId: this.userId, eventId, receivedAt: this.h.clock.now(), ...body };
  }
  /** Sends one event; `notifications` are those the engine queued while handling it. */
  async send(body: EventBody, eventId?: string): Promise<EngineResult & { notifications: Notification[] }> {
    const before = this.h.notified?.length ?? 0;
    const result = await this.h.engine.handle(this.event(body, eventId));
    this.last = { ...result, notifications: this.h.notified?.slice(before) ?? [] };
    return this.last;
  }
  text = (text: string) => this.send({ kind: 'text', text });
  command = (name: string, args = '') => this.send({ kind: 'command', name, args });
  button = (payload: string) => this.send({ kind: 'button', payload });
  contact = (phone: string, verified = true) => this.send({ kind: 'contact', phone, verified });
  link = (url: string) => this.send({ kind: 'link', url });
  file = (name: string, mime: string, data: Uint8Array | null, size = data?.byteLength ?? 0) =>
    this.send({ kind: 'file', file: { name, mime, size, data } });

  /** All reply texts of the last result, joined. */
  get said(): string {
    return textOf(this.last.replies);
  }
  /** The payload of the button whose label contains `label`, in the last result. */
  payload(label: string): string {
    const found = choicesOf(this.last.replies).find((c) => c.label.includes(label));
    if (!found) throw new Error(`no button "${label}" in: ${choicesOf(this.last.replies).map((c) => c.label).join(' | ')}`);
    return found.payload;
  }
  /** Presses the button labelled `label` in the last result. */
  press = (label: string) => this.button(this.payload(label));
}

export function textOf(replies: OutboundMessage[]): string {
  return replies.map((r) => ('text' in r ? r.text : '')).join('\n---\n');
}

export function choicesOf(replies: OutboundMessage[]) {
  return replies.flatMap((r) => (r.kind === 'choices' ? r.choices : []));
}
