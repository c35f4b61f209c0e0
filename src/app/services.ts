/**
 * What every channel, job and route receives from the composition root (`src/app/create-app.ts`), so that no
 * component reaches for globals or the environment.
 */
import type { Express } from 'express';
import type { Config } from '../config.js';
import type { ChannelName, EngineResult, InboundEvent, OutboundMessage } from '../conversation/types.js';
import type { ChannelSender } from '../delivery/channel-sender.js';
import type { DispatchFallback, Dispatcher, ReachabilityPolicy } from '../delivery/dispatcher.js';
import type { OutboxWorker } from '../delivery/outbox-worker.js';
import type { Logger } from '../logger.js';
import type { Db } from '../persistence/open-db.js';
import type { OutboxRepo } from '../persistence/outbox-repo.js';

export interface Clock {
  now(): Date;
}

export interface AppServices {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
  outbox: OutboxRepo;
  dispatcher: Dispatcher;
  /**
   * Hands one inbound event to the conversation engine, routes the notifications it produced (approval prompts…)
   * through the dispatcher, and returns the replies for the sender's own chat.
   */
  handleInbound(event: InboundEvent): Promise<EngineResult>;
}

/**
 * A running channel (Telegram, Zalo, web). Created by a factory in `src/channels/<name>/`, started and stopped by
 * the composition root.
 */
export interface ChannelRuntime {
  readonly name: ChannelName;
  /** Delivers outbox items; absent for pull-based channels (web chat). */
  readonly sender?: ChannelSender;
  /**
   * The channel's own outbox worker, when its platform needs custom pacing or wiring (Telegram); the composition
   * root then registers this one instead of building a default worker around `sender`.
   */
  readonly worker?: OutboxWorker;
  /** Vetoes for the dispatcher (Zalo's 7-day window). */
  readonly policies?: ReachabilityPolicy[];
  /** Last-resort routes (a mention in the unit's Zalo group). */
  readonly fallbacks?: DispatchFallback[];
  /** Mounts webhook routes. Called before the server listens. */
  mount?(app: Express): void;
  /** Posts a message to a registered group chat (honour list, announcements). */
  postToGroup?(chatId: string, messages: OutboundMessage[]): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
