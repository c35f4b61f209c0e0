/**
 * The work only one instance may do, each role under its lease row: every channel's sender (its own role when the
 * channel declares one, else its outbox worker) and the channels' other roles (Telegram polling, Zalo recovery).
 * The scheduler's role is added at start. Why a function of its own: the composition root wires; which work is
 * leader-only is one decision, read in one place. SQLite runs one instance, which simply plays every role.
 */
import type { ChannelRuntime } from '../channels/channel-runtime.js';
import type { Config } from '../config.js';
import type { Clock } from '../conversation/engine-logger.js';
import type { ChannelName } from '../conversation/types.js';
import type { OutboxWorker } from '../delivery/outbox-worker.js';
import { Leadership } from '../leadership/leadership.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';

export interface LeadershipWiring {
  store: Store;
  config: Pick<Config, 'instanceId' | 'leaseTtlMs'>;
  logger: Logger;
  clock: Clock;
  workers: ReadonlyMap<ChannelName, OutboxWorker>;
  channels: readonly ChannelRuntime[];
}

export function createLeadership({ store, config, logger, clock, workers, channels }: LeadershipWiring): Leadership {
  const leadership = new Leadership({
    store,
    instanceId: config.instanceId,
    ttlMs: config.leaseTtlMs,
    sole: store.dialect === 'sqlite',
    logger,
    now: () => clock.now().getTime(),
  });
  for (const [name, worker] of workers) {
    const own = channels.find((c) => c.name === name)?.roles?.find((r) => r.name === `sender:${name}`);
    leadership.add(own ?? { name: `sender:${name}`, start: async () => worker.start(), stop: () => worker.stop() });
  }
  for (const channel of channels) {
    for (const role of channel.roles ?? []) if (!role.name.startsWith('sender:')) leadership.add(role);
  }
  return leadership;
}
