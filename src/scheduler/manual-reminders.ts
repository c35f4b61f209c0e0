/**
 * The office's view of the reminders (issue 18, item 23): which reminder slots fall on a date, who each would
 * remind, on which channel, with which text, and who cannot be reached and why (`thidua reminders preview`); running
 * those slots by hand through the scheduler's own `runSlot` (`thidua reminders run --send`), so the `job_runs` claim
 * and the per-person `reminder_deliveries` rows are the SAME exactly-once records as the cron job's; and the unit's
 * reminder settings (`thidua reminders settings`), validated with the scheduler's schema and written back into
 * `units.settings` without touching the other keys of that JSON. Services return data; the CLI renders it.
 */
import type { OutboxRepository } from '../store/outbox.js';
import type { JobRunStatus, ReminderOutcome } from '../store/jobs.js';
import type { Tx } from '../store/store.js';
import type { SchedulerDeps } from './deps.js';
import { officeStatusPlan } from './jobs/office-status.js';
import { reminderPlan } from './jobs/reminder-jobs.js';
import { outcomeOf } from './jobs/send-reminders.js';
import type { ReminderTarget } from './jobs/targets.js';
import { jobDefinitions, type JobName } from './schedule.js';
import { parseSchedulerSettings, schedulerSettingsSchema, type SchedulerSettings } from './settings.js';
import { slotsBetween, zonedTimeToUtc } from './slots.js';
import type { SlotOutcome } from './start-scheduler.js';

/** The reminder jobs an office can preview and run by hand (the honours post and the Zalo nudge are not reminders). */
export const REMINDER_JOBS = ['self-reminder', 'review-reminder', 'office-status'] as const satisfies readonly JobName[];
export type ReminderJob = (typeof REMINDER_JOBS)[number];

/** What the preview needs: the store, the dispatcher (to route without writing) and the unit's time zone. */
export type PreviewDeps = Pick<SchedulerDeps, 'store' | 'dispatcher' | 'timeZone' | 'logger'>;

/** One person a slot would remind. */
export interface PlannedReminder {
  personId: number;
  fullName: string;
  text: string;
  /** `queued`/`fallback` reach the person (fallback: a mention in the unit's Zalo group); the rest do not. */
  outcome: ReminderOutcome;
  /** The channel it would go on (null when unreachable). */
  channel: string | null;
  /** Already recorded for this slot (the slot ran, by cron or by hand): it will not be sent again. */
  alreadySent: boolean;
}

/** One reminder slot on the date. */
export interface PlannedSlot {
  job: ReminderJob;
  /** The slot's instant (ms, UTC). */
  slot: number;
  /** `done`, `running`, `skipped`, `failed`, or null when it has not run. */
  status: JobRunStatus | null;
  /** The quarter's period code, or null when the quarter has no period (nobody to remind). */
  periodCode: string | null;
  reminders: PlannedReminder[];
}

/** The reminder slots of `settings` on the local date `date`, in time order. */
export function reminderSlotsOn(settings: SchedulerSettings, date: string, timeZone: string): { job: ReminderJob; slot: number }[] {
  const [y, m, d] = date.split('-').map(Number);
  const from = zonedTimeToUtc(y ?? 1970, m ?? 1, d ?? 1, 0, 0, timeZone) - 1;
  const to = zonedTimeToUtc(y ?? 1970, m ?? 1, (d ?? 1) + 1, 0, 0, timeZone) - 1;
  const out: { job: ReminderJob; slot: number }[] = [];
  for (const def of jobDefinitions(settings)) {
    const job = REMINDER_JOBS.find((j) => j === def.name);
    if (!job) continue;
    for (const slot of slotsBetween(def, from, to, timeZone)) out.push({ job, slot });
  }
  return out.sort((a, b) => a.slot - b.slot || REMINDER_JOBS.indexOf(a.job) - REMINDER_JOBS.indexOf(b.job));
}

/** The unit's scheduler settings (defaults when invalid, with the error). */
export async function readUnitSchedulerSettings(tx: Tx, unitId: string): Promise<{ settings: SchedulerSettings; error?: string }> {
  return parseSchedulerSettings((await tx.settings.getUnit(unitId))?.settings);
}

/**
 * Who each reminder slot of `date` would remind, as the job would compute it at the slot's time, and how each
 * message would be routed. Nothing is written: routing goes through the dispatcher with an outbox that only
 * records (`routeOnly`), inside a read.
 */
export async function previewReminders(deps: PreviewDeps, unitId: string, date: string): Promise<{ settings: SchedulerSettings; slots: PlannedSlot[] }> {
  const { settings } = await deps.store.read((tx) => readUnitSchedulerSettings(tx, unitId));
  const slots: PlannedSlot[] = [];
  for (const { job, slot } of reminderSlotsOn(settings, date, deps.timeZone)) {
    const at = new Date(slot);
    const run = { job, unitId, slot };
    const plan =
      job === 'office-status'
        ? await officeStatusPlan(deps, at, run)
        : await reminderPlan(deps, at, run);
    const targets: ReminderTarget[] = plan?.targets ?? [];
    const periodCode = plan ? ('state' in plan ? plan.state.period.code : plan.period.code) : null;
    const { status, reminders } = await deps.store.read(async (tx) => {
      const ref = { job, unitId, slot };
      const reminders: PlannedReminder[] = [];
      for (const t of targets) {
        const text = t.lines.join('\n');
        const routed = await deps.dispatcher.dispatch(
          routeOnly(tx),
          { personId: t.personId, dedupeKey: `preview:${job}:${unitId}:${slot}:${t.personId}`, purpose: 'reminder', messages: [{ kind: 'text', text }] },
          slot,
        );
        reminders.push({
          personId: t.personId,
          fullName: t.fullName,
          text,
          outcome: outcomeOf(routed),
          channel: routed.status === 'unreachable' ? null : (routed.channel ?? null),
          alreadySent: await tx.jobs.hasDelivery(ref, t.personId),
        });
      }
      return { status: await tx.jobs.runStatus(ref), reminders };
    });
    slots.push({ job, slot, status, periodCode, reminders });
  }
  deps.logger.info({ unitId, slots: slots.length, recipients: slots.reduce((n, s) => n + s.reminders.length, 0) }, 'reminders: previewed');
  return { settings, slots };
}

/** The scheduler's slot runner (`createScheduler(deps).runSlot`). */
export type SlotRunner = (job: JobName, unitId: string, slot: number, now?: Date) => Promise<SlotOutcome>;

/** What running a date's slots by hand did, per slot. */
export interface ManualRunResult {
  job: ReminderJob;
  slot: number;
  outcome: SlotOutcome;
}

/**
 * Runs every reminder slot of `date` through the scheduler's `runSlot` (claim in `job_runs` → job → finish), so a
 * slot already run by cron is `taken` and a later cron fire of a slot run here is `taken` too; each run is audited
 * (`reminders.run_by_hand`, with the slot and its outcome; no names).
 */
export async function runRemindersByHand(
  deps: Pick<SchedulerDeps, 'store' | 'timeZone' | 'logger'>,
  runSlot: SlotRunner,
  unitId: string,
  date: string,
  now: Date,
): Promise<ManualRunResult[]> {
  const { settings } = await deps.store.read((tx) => readUnitSchedulerSettings(tx, unitId));
  const results: ManualRunResult[] = [];
  for (const { job, slot } of reminderSlotsOn(settings, date, deps.timeZone)) {
    const outcome = await runSlot(job, unitId, slot, now);
    await deps.store.transaction((tx) =>
      tx.audit.record({
        at: now.getTime(),
        unitId,
        actorPersonId: null,
        channel: 'cli',
        action: 'reminders.run_by_hand',
        entityType: 'job_run',
        entityId: `${job}:${slot}`,
        after: { job, slot, date, outcome },
      }),
    );
    deps.logger.info({ unitId, job, slot, outcome }, 'reminders: slot run by hand');
    results.push({ job, slot, outcome });
  }
  return results;
}

/** A refused settings change, in Vietnamese for the operator. */
export class ReminderSettingsError extends Error {}

/** The keys `thidua reminders settings --set` accepts, as `section.key`. */
export function settingKeys(): string[] {
  const defaults = schedulerSettingsSchema.parse({});
  return Object.entries(defaults).flatMap(([section, values]) => Object.keys(values).map((k) => `${section}.${k}`));
}

/**
 * Applies `key=value` assignments (`reminders.selfDay=12`, `selfDay=12`, `honours.enabled=false`) to the unit's
 * scheduler settings: validated with the scheduler's schema (an invalid value changes nothing), written back into
 * `units.settings` with every other key of that JSON unchanged, and audited with the before and after of the
 * scheduler's part. Call it inside the command's unit of work.
 */
export async function changeReminderSettings(
  tx: Tx,
  unitId: string,
  assignments: readonly string[],
  now: Date,
): Promise<{ before: SchedulerSettings; after: SchedulerSettings; changed: string[] }> {
  const unit = await tx.settings.getUnit(unitId);
  if (!unit) throw new ReminderSettingsError(`Không có đơn vị ${unitId}.`);
  const raw: Record<string, unknown> = isRecord(unit.settings) ? { ...unit.settings } : {};
  const before = parseSchedulerSettings(raw).settings;
  const keys = settingKeys();
  const changed: string[] = [];
  for (const assignment of assignments) {
    const i = assignment.indexOf('=');
    if (i <= 0) throw new ReminderSettingsError(`"${assignment}" không đúng dạng khoá=giá_trị (ví dụ: reminders.selfDay=12).`);
    const name = assignment.slice(0, i).trim();
    const full = name.includes('.') ? name : keys.filter((k) => k.endsWith(`.${name}`));
    const key = typeof full === 'string' ? (keys.includes(full) ? full : null) : full.length === 1 ? (full[0] ?? null) : null;
    if (!key) throw new ReminderSettingsError(`Không có thiết lập "${name}". Các thiết lập: ${keys.join(', ')}.`);
    const [section = '', field = ''] = key.split('.');
    const current = isRecord(raw[section]) ? raw[section] : {};
    raw[section] = { ...current, [field]: parseValue(assignment.slice(i + 1).trim()) };
    changed.push(key);
  }
  const parsed = schedulerSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ReminderSettingsError(
      `Thiết lập không hợp lệ, chưa lưu gì: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${vietnameseIssue(x.code, x.message)}`).join('; ')}.`,
    );
  }
  await tx.settings.updateSettings(unitId, raw);
  await tx.audit.record({
    at: now.getTime(),
    unitId,
    actorPersonId: null,
    channel: 'cli',
    action: 'unit.reminder_settings_changed',
    entityType: 'unit',
    entityId: unitId,
    before: { reminders: before.reminders, honours: before.honours },
    after: { reminders: parsed.data.reminders, honours: parsed.data.honours },
  });
  return { before, after: parsed.data, changed };
}

function parseValue(text: string): unknown {
  if (text === 'true' || text === 'bật') return true;
  if (text === 'false' || text === 'tắt') return false;
  if (/^-?\d+$/.test(text)) return Number(text);
  return text;
}

function vietnameseIssue(code: string, message: string): string {
  // The schema's own messages are Vietnamese where it sets them (the time format); zod's defaults are not.
  if (/[àáảãạăâđèéêìíòóôơùúưỳý]/i.test(message)) return message;
  switch (code) {
    case 'invalid_type':
      return 'sai kiểu giá trị (số, true/false hoặc giờ HH:MM)';
    case 'too_small':
      return 'giá trị quá nhỏ';
    case 'too_big':
      return 'giá trị quá lớn (ngày tối đa 28)';
    default:
      return 'giá trị không hợp lệ';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `tx` with an outbox that writes nothing: `enqueue` answers as if it had queued, `hold` does nothing, and no
 * after-commit hook is registered. Lets the preview ask the dispatcher where a message WOULD go (its policies and
 * fallbacks decide) without a second copy of the routing rules.
 */
function routeOnly(tx: Tx): Tx {
  // Derived objects (the read transaction may be frozen): own properties shadow the writers, the rest is inherited.
  const outbox = Object.create(tx.outbox, {
    enqueue: { value: async () => ({ id: 0, created: true }) },
    hold: { value: async () => undefined },
  }) as OutboxRepository;
  return Object.create(tx, { outbox: { value: outbox }, afterCommit: { value: () => undefined } }) as Tx;
}
