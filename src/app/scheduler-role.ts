/**
 * The app's scheduler and its leadership role: the daily housekeeping it runs (inbound-event retention, each
 * channel's own tasks, evidence files no row names) and the Zalo nudge. Why apart from `create-app.ts`: this is what
 * the scheduler needs from the rest of the app, and the composition root only decides whether it runs.
 *
 * Every instance has a scheduler for what follows its own actions (an honour list after a finalisation it committed);
 * cron and the catch-up run only on the `scheduler` lease holder.
 */
import type { ChannelRuntime } from '../channels/channel-runtime.js';
import { purgeInboundEvents } from '../channels/zalo/inbound-retention.js';
import { zaloNudger } from '../channels/zalo/window-policy.js';
import type { Clock } from '../conversation/engine-logger.js';
import type { HonoursDeps } from '../honours/honours-deps.js';
import type { LeaderRole } from '../leadership/leadership.js';
import type { HousekeepingTask } from '../scheduler/deps.js';
import { createScheduler, type Scheduler } from '../scheduler/start-scheduler.js';
import type { FileStore } from '../store/file-store.js';
import { sweepUnreferencedFiles } from '../store/files/sweep-files.js';

export interface SchedulerRoleDeps {
  honours: HonoursDeps;
  channels: readonly ChannelRuntime[];
  files: FileStore;
  clock: Clock;
  timeZone: string;
  instanceId: string;
}

/** The scheduler, and the role that starts its cron on the lease holder only. */
export function createSchedulerRole(deps: SchedulerRoleDeps): { scheduler: Scheduler; role: LeaderRole } {
  const { honours, channels } = deps;
  const zalo = channels.find((c) => c.name === 'zalo');
  const nudgeZalo = zalo ? zaloNudger(() => zalo.worker?.notify()) : undefined;
  const housekeeping: HousekeepingTask[] = [
    { name: 'inbound-events', run: purgeInboundEvents },
    ...channels.flatMap((c) => c.housekeeping ?? []),
    // Evidence files no row names, a day old (a unit of work that failed after the file was written).
    { name: 'evidence-files', sweep: (now) => sweepUnreferencedFiles(honours.store, deps.files, now) },
  ];
  const scheduler = createScheduler({
    ...honours,
    clock: deps.clock,
    timeZone: deps.timeZone,
    housekeeping,
    instanceId: deps.instanceId,
    ...(nudgeZalo ? { nudgeZalo } : {}),
  });
  return { scheduler, role: { name: 'scheduler', start: async () => void (await scheduler.start()), stop: () => scheduler.stop() } };
}
