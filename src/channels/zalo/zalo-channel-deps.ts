/**
 * What the Zalo channel needs from the application, declared here so the channel imports nothing from `app/`, the
 * scheduler or another channel: the composition root (`src/app/create-app.ts`) builds one of these and calls
 * `createZaloChannel(deps)`.
 */
import type { Config, ZaloConfig } from '../../config.js';
import type { EngineResult, InboundEvent } from '../../conversation/types.js';
import type { Dispatcher } from '../../delivery/dispatcher.js';
import type { OutboxWorkerOptions } from '../../delivery/outbox-worker.js';
import type { FileStore } from '../../store/file-store.js';
import type { Store } from '../../store/store.js';

/** The logging the channel uses (pino satisfies it). Ids and counts only: never names, phones, tokens. */
export interface ZaloLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): ZaloLogger;
}

export interface ZaloChannelDeps {
  /** Every read and write of the channel (tokens, accounts, the event log, the outbox) goes through it. */
  store: Store;
  /**
   * Hands one inbound event to the conversation engine (`engine.handle`): it deduplicates by `(zalo, eventId)`
   * in the one inbound-event log, orders each chat's events, and has queued the step's notifications when it
   * resolves. The channel sends the returned replies.
   */
  handle(event: InboundEvent): Promise<EngineResult>;
  /** Re-routes an outbox item that turned out unreachable on Zalo (marks the account, tries the next channel). */
  dispatcher: Pick<Dispatcher, 'handleUnreachable'>;
  /** The sender gave up on an outbox item (see `OutboxWorkerOptions.onGivenUp`: an honour list's group post). */
  onGivenUp?: OutboxWorkerOptions['onGivenUp'];
  config: Pick<Config, 'dataDir' | 'publicUrl' | 'defaultUnitId'> & Partial<Pick<Config, 'instanceId' | 'leaseTtlMs'>> & { zalo: ZaloConfig };
  /** Where evidence files are read from when a message carries one (default: the data folder). */
  files?: FileStore;
  logger: ZaloLogger;
  clock: { now(): Date };
}
