/**
 * What posting an honour list needs: the store, the dispatcher (congratulations and the office's notice, written
 * to the outbox inside a unit of work) and a plain function that posts to a registered group chat. The scheduler's
 * deps extend this; the CLI (`thidua honours --post`) builds it from the composition root.
 */
import type { Notification, OutboundMessage } from '../conversation/types.js';
import type { Logger } from '../logger.js';
import type { FileStore } from '../store/file-store.js';
import type { GroupChannel } from '../store/groups.js';
import type { Store, Tx } from '../store/store.js';

/**
 * What the dispatcher reports for one notification (the shape of `DispatchOutcome` in src/delivery/dispatcher.ts):
 * where it was queued, or why nobody could be reached. Reminders record it per person.
 */
export interface DispatchResult {
  status: 'queued' | 'fallback' | 'unreachable';
  channel?: string;
  outboxId?: number;
  /** True when this dedupe key had been queued before (nothing new was written). */
  duplicate?: boolean;
  reasons: readonly { channel: string | null; reason: string }[];
}

/**
 * The dispatcher as jobs use it: routes a notification for a person to one of their chat accounts and writes it
 * to the durable outbox IN `tx` (idempotent by dedupe key), so the outbox row commits with the job's own record.
 */
export interface ReminderDispatcher {
  dispatch(tx: Tx, notification: Notification, now: number): Promise<DispatchResult>;
}

/**
 * Posts messages to a registered group chat of `channel`; rejects when the channel is not running or the
 * platform refuses. Called outside any unit of work (it may be network I/O). `postKey` names the post: a channel
 * that queues group posts in its outbox for the deployment's one sender (Zalo always, Telegram on PostgreSQL)
 * posts the same key once, and resolves once the post is queued.
 */
export type GroupPoster = (channel: GroupChannel, chatId: string, messages: OutboundMessage[], postKey?: string) => Promise<void>;

export interface HonoursDeps {
  store: Store;
  dispatcher: ReminderDispatcher;
  postToGroup: GroupPoster;
  logger: Logger;
  /** Rendered honour boards are written under `<dataDir>/honours/`. */
  dataDir: string;
  /**
   * The evidence file store. When given, the board sent to the office through the outbox is kept there (by content)
   * and the message names it by its store path, so whichever instance sends the message finds it (with several
   * instances the outbox may be sent by another instance than the one that rendered the board).
   */
  files?: FileStore;
}
