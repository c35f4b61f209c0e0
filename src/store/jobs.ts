/**
 * Scheduled-job bookkeeping: one `job_runs` row per slot (the exactly-once claim) and one `reminder_deliveries` row
 * per person reminded in a slot. Why a repository: the scheduler decides what to run and whom to remind; the store
 * keeps the records that make a restart never run a slot twice nor remind anyone twice. Also the read the reminder
 * jobs need (a period's snapshot) and the office-status report's read of past deliveries.
 *
 * Plain TypeScript types only (no drizzle, better-sqlite3 or schema imports).
 */
import type { Role } from '../scoring/rubric-schema.js';
import type { AnswerValue } from '../scoring/types.js';
import type { SubmissionStatus } from './assessment.js';

/** One slot of one job for one unit. */
export interface SlotKey {
  /** The job's name (`self-reminder`, `honours`…). */
  job: string;
  unitId: string;
  /** The slot's scheduled instant (ms, UTC). */
  slot: number;
}

export const JOB_RUN_STATUSES = ['running', 'done', 'skipped', 'failed'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

/** Outcome of one reminder for one person, as stored in `reminder_deliveries.outcome`. */
export const REMINDER_OUTCOMES = ['queued', 'fallback', 'not_linked', 'blocked', 'outside_window', 'failed'] as const;
export type ReminderOutcome = (typeof REMINDER_OUTCOMES)[number];

export interface NewReminderDelivery {
  personId: number;
  outcome: ReminderOutcome;
  channel?: string | null;
  outboxId?: number | null;
}

/** A stored reminder with where its message is now (for the office's list of people not reached). */
export interface ReminderDeliveryView {
  personId: number;
  /** Shown to the office only; never logged. */
  fullName: string;
  /** The person's department now (null: none), so a progress page files them without reading each person. */
  departmentId: number | null;
  job: string;
  slot: number;
  outcome: ReminderOutcome;
  /** The outbox row's status (`sent`, `failed`, `unreachable`…), null when nothing was queued. */
  outboxStatus: string | null;
  outboxError: string | null;
}

/**
 * What the reminder jobs read about one period of a unit, in a few queries, so that who is reminded of what is
 * computed by pure rules (src/scheduler/jobs/targets.ts).
 */
export interface ReminderSnapshot {
  /** Active people of the unit with their roles. */
  people: { id: number; fullName: string; departmentId: number | null; roles: Role[] }[];
  submissions: { id: number; personId: number; status: SubmissionStatus; returnReason: string | null }[];
  /** Answers of draft and returned submissions (the reviewer's value where adjusted). */
  openAnswers: { submissionId: number; criterionId: string; value: AnswerValue }[];
  departments: { id: number; name: string; leaderInChargeId: number | null }[];
  /** Department lists of the period that exist. */
  lists: { departmentId: number; status: 'sent' | 'accepted' | 'returned'; leaderCommented: boolean }[];
}

export interface JobRepository {
  /**
   * Inserts the slot's `running` row owned by `owner` (an instance id) with its first heartbeat at `now`; false when
   * the slot already has a row (of any status).
   */
  claimRun(slot: SlotKey, now: number, owner: string): Promise<boolean>;
  /**
   * Takes over a `running` slot whose runner is gone: its heartbeat is older than `staleBefore` (or it has no
   * owner, or `owner` already owns it: a restart with the same instance id). A live slot of another instance is left
   * alone (false), so two instances never run one slot at once.
   */
  takeOverRun(slot: SlotKey, owner: string, now: number, staleBefore: number): Promise<boolean>;
  /** The owner's proof of life while it runs the slot; false when the slot is no longer its own (taken over). */
  heartbeat(slot: SlotKey, owner: string, now: number): Promise<boolean>;
  /** The stored status of a slot, or null when it has no row yet. */
  runStatus(slot: SlotKey): Promise<JobRunStatus | null>;
  /**
   * Records the end of a `running` slot owned by `owner` with a small JSON detail (counts, never names); false when
   * it is not (or no longer) the owner's.
   */
  finishRun(slot: SlotKey, status: 'done' | 'failed', detail: unknown, now: number, owner: string): Promise<boolean>;
  /** Records a slot that will never run; false when the slot already had a row. */
  skipRun(slot: SlotKey, detail: unknown, now: number): Promise<boolean>;
  /** Skipped slots of these jobs for the unit with `from <= slot <= to`, oldest first. */
  skippedSlots(unitId: string, jobs: readonly string[], from: number, to: number): Promise<{ job: string; slot: number }[]>;

  /** Whether this person already has a delivery record for the slot (then they are never reminded again). */
  hasDelivery(slot: SlotKey, personId: number): Promise<boolean>;
  /** Records one person's reminder outcome (the first record wins). */
  recordDelivery(slot: SlotKey, delivery: NewReminderDelivery, now: number): Promise<void>;
  /** The unit's reminders of these jobs with `from <= slot <= to`, oldest slot first. */
  deliveries(unitId: string, jobs: readonly string[], from: number, to: number): Promise<ReminderDeliveryView[]>;

  /** The snapshot of one period (`periodId` of unit `unitId`) the reminder jobs work from. */
  reminderSnapshot(unitId: string, periodId: number): Promise<ReminderSnapshot>;
}
