/**
 * Per-unit scheduler settings, read from `units.settings` (JSON) and validated with zod. Every field has the
 * seed 000 default, so a unit with `{}` gets: reminders at 08:00 on the 10th, 20th and 25th of the quarter's last
 * month, hourly Zalo-window nudges in the days before each, and the honour list at 08:00 on the first working day of the next
 * quarter. Invalid settings never stop the scheduler: the unit falls back to the defaults and the error is logged.
 */
import { z } from 'zod';

const time = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'giờ phải có dạng HH:MM (ví dụ 08:00)');
/** Days stay ≤ 28 so every quarter's last month has them. */
const day = z.number().int().min(1).max(28);

export const schedulerSettingsSchema = z.object({
  reminders: z
    .object({
      enabled: z.boolean().default(true),
      /** Local time of every reminder (Asia/Ho_Chi_Minh). */
      time: time.default('08:00'),
      /** Day of the quarter's last month for the self-assessment reminder. */
      selfDay: day.default(10),
      /** Day for heads (pending reviews, unsent list) and leaders in charge (pending comments). */
      reviewDay: day.default(20),
      /** Day for the office's (and the director's) compilation status. */
      officeDay: day.default(25),
      /**
       * Check hourly (08:00–19:00, in the weeks before each reminder) for Zalo users whose 7-day window would close
       * before their reminder, and nudge them while it is open (timing: src/channels/zalo/window-policy.ts).
       */
      zaloNudge: z.boolean().default(true),
    })
    .prefault({}),
  honours: z
    .object({
      enabled: z.boolean().default(true),
      /** Local time of the honour post on the first working day of the next quarter (before the flag ceremony). */
      time: time.default('08:00'),
      /** How many individuals are honoured (seed 000: 5; ties at the last place are all included). */
      topN: z.number().int().min(1).max(20).default(5),
    })
    .prefault({}),
});

/** The validated settings of one unit. */
export type SchedulerSettings = z.infer<typeof schedulerSettingsSchema>;

/** Settings of a unit from its raw `units.settings` JSON; other keys of that JSON are ignored. */
export function parseSchedulerSettings(raw: unknown): { settings: SchedulerSettings; error?: string } {
  const input = typeof raw === 'object' && raw !== null ? raw : {};
  const parsed = schedulerSettingsSchema.safeParse(input);
  if (parsed.success) return { settings: parsed.data };
  return {
    settings: defaultSchedulerSettings(),
    error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
  };
}

/** The defaults (seed 000). */
export function defaultSchedulerSettings(): SchedulerSettings {
  return schedulerSettingsSchema.parse({});
}
