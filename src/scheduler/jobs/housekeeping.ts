/**
 * The daily clean-up (issue 18 item 8): each task the composition root handed in (processed inbound events past
 * their retention, login-attempt counters no window counts any more, expired web sessions) runs in its own unit of
 * work, so one failing task neither undoes nor blocks the others; the slot fails (and is logged) if any did. A task
 * that removes files (evidence no row names) opens its own units of work between its file operations.
 */
import type { JobFn } from './job-types.js';

export const housekeepingJob: JobFn = async (deps, now) => {
  const detail: Record<string, unknown> = {};
  const failed: string[] = [];
  for (const task of deps.housekeeping ?? []) {
    try {
      detail[task.name] = 'sweep' in task ? await task.sweep(now.getTime()) : await deps.store.transaction((tx) => task.run(tx, now.getTime()));
    } catch (error) {
      failed.push(task.name);
      deps.logger.error({ err: error, task: task.name }, 'housekeeping: task failed');
    }
  }
  if (failed.length > 0) throw new Error(`housekeeping: ${failed.join(', ')} failed`);
  return { detail };
};
