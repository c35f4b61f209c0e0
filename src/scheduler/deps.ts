/**
 * What every scheduled job receives. Jobs are plain `(deps, now)` functions so tests call them with any date;
 * the composition root builds this from `AppServices` and the running channels.
 */
import type { ChannelRuntime } from '../app/services.js';
import type { Dispatcher } from '../delivery/dispatcher.js';
import type { Logger } from '../logger.js';
import type { Db } from '../persistence/open-db.js';
import type { OutboxRepo } from '../persistence/outbox-repo.js';

/** The part of a channel runtime the honour list needs (posting to a registered group). */
export type GroupPoster = Pick<ChannelRuntime, 'name' | 'postToGroup'>;

export interface SchedulerDeps {
  db: Db;
  logger: Logger;
  /** Routes each reminder to the person's reachable account through the durable outbox (idempotent by key). */
  dispatcher: Pick<Dispatcher, 'dispatch'>;
  /** The durable outbox (Zalo-window nudges are queued on it directly: only Zalo has a window). */
  outbox: OutboxRepo;
  /** The unit's time zone for slots and local dates (Asia/Ho_Chi_Minh). */
  timeZone: string;
  /** Rendered honour boards are written under `<dataDir>/honours/`. */
  dataDir: string;
  /** Running channels; the honour list is posted through their `postToGroup`. */
  channels: readonly GroupPoster[];
}
