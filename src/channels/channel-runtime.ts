/**
 * A running channel (Telegram, Zalo, web), as the composition root sees it. Created by a factory in
 * `src/channels/<name>/` from that channel's own deps interface, started and stopped by the composition root.
 * Why here and not in `app/`: channels import nothing from `app/`; the root imports this contract from them.
 */
import type { Express } from 'express';
import type { ChannelName, OutboundMessage } from '../conversation/types.js';
import type { ChannelSender } from '../delivery/channel-sender.js';
import type { DispatchFallback, ReachabilityPolicy } from '../delivery/dispatcher.js';
import type { OutboxWorker } from '../delivery/outbox-worker.js';
import type { Tx } from '../store/store.js';
import type { LeaderRole } from '../leadership/leadership.js';

export interface ChannelRuntime {
  readonly name: ChannelName;
  /** Delivers outbox items; absent for pull-based channels (web chat). */
  readonly sender?: ChannelSender;
  /**
   * The channel's own outbox worker, when its platform needs custom pacing or wiring (Telegram, Zalo); the
   * composition root then registers this one instead of building a default worker around `sender`.
   */
  readonly worker?: OutboxWorker;
  /**
   * Work only one instance of the deployment may do (its outbox sender, long polling), started by the composition
   * root while this instance holds the role's lease. A channel without a `sender:<name>` role gets a default one
   * around its worker.
   */
  readonly roles?: readonly LeaderRole[];
  /** Vetoes for the dispatcher (Zalo's 7-day window). */
  readonly policies?: ReachabilityPolicy[];
  /** Last-resort routes (a mention in the unit's Zalo group). */
  readonly fallbacks?: DispatchFallback[];
  /** Mounts webhook routes. Called before the server listens. */
  mount?(app: Express): void;
  /**
   * The channel's daily clean-ups (expired sessions, old login attempts), each a delete in the given unit of work
   * returning how many rows went; the composition root hands them to the scheduler's `housekeeping` job.
   */
  readonly housekeeping?: readonly { name: string; run(tx: Tx, now: number): Promise<number> }[];
  /**
   * Posts a message to a registered group chat (honour list, announcements). `postKey` names the post (the same key
   * is posted once, where the channel queues posts in the outbox).
   */
  postToGroup?(chatId: string, messages: OutboundMessage[], postKey?: string): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
