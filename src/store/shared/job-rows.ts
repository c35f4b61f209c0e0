/**
 * The job repository's row shapes and the assembly of a {@link ReminderSnapshot}, shared by the SQLite and the
 * PostgreSQL repositories: both select the same columns (JSON answer values as text), so both refuse the same
 * malformed rows and build the same snapshot.
 */
import { z } from 'zod';
import { ROLES, type Role } from '../../scoring/rubric-schema.js';
import type { AnswerValue } from '../../scoring/types.js';
import { SUBMISSION_STATUSES } from '../assessment.js';
import { JOB_RUN_STATUSES, REMINDER_OUTCOMES, type JobRunStatus, type ReminderDeliveryView, type ReminderSnapshot } from '../jobs.js';

const deliveryRow = z.object({
  person_id: z.number().int(),
  full_name: z.string(),
  department_id: z.number().int().nullable(),
  job_name: z.string(),
  slot: z.number(),
  outcome: z.enum(REMINDER_OUTCOMES),
  outbox_status: z.string().nullable(),
  outbox_error: z.string().nullable(),
});
const personRow = z.object({ id: z.number().int(), full_name: z.string(), department_id: z.number().int().nullable(), role: z.enum(ROLES).nullable() });
const submissionRow = z.object({
  id: z.number().int(),
  person_id: z.number().int(),
  status: z.enum(SUBMISSION_STATUSES),
  return_reason: z.string().nullable(),
});
const answerRow = z.object({ submission_id: z.number().int(), criterion_id: z.string(), value: z.string() });
const departmentRow = z.object({ id: z.number().int(), name: z.string(), leader_in_charge_id: z.number().int().nullable() });
const listRow = z.object({ department_id: z.number().int(), status: z.enum(['sent', 'accepted', 'returned']), leader_comment: z.string().nullable() });
const answerValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const slotRow = z.object({ job_name: z.string(), slot: z.number() });

export function toRunStatus(value: unknown): JobRunStatus {
  return z.enum(JOB_RUN_STATUSES).parse(value);
}

/** `(job_name, slot)` rows → `{ job, slot }`. */
export function toSlots(raw: readonly unknown[]): { job: string; slot: number }[] {
  return raw.map((row) => {
    const r = slotRow.parse(row);
    return { job: r.job_name, slot: r.slot };
  });
}

export function toDeliveryViews(raw: readonly unknown[]): ReminderDeliveryView[] {
  return raw.map((row) => {
    const r = deliveryRow.parse(row);
    return {
      personId: r.person_id,
      fullName: r.full_name,
      departmentId: r.department_id,
      job: r.job_name,
      slot: r.slot,
      outcome: r.outcome,
      outboxStatus: r.outbox_status,
      outboxError: r.outbox_error,
    };
  });
}

/** The rows a snapshot is built from, each in the order its query gives (people: by id, one row per role). */
export interface ReminderSnapshotRows {
  people: readonly unknown[];
  submissions: readonly unknown[];
  openAnswers: readonly unknown[];
  departments: readonly unknown[];
  lists: readonly unknown[];
}

export function toReminderSnapshot(rows: ReminderSnapshotRows): ReminderSnapshot {
  const byId = new Map<number, ReminderSnapshot['people'][number]>();
  for (const r of rows.people.map((p) => personRow.parse(p))) {
    let person = byId.get(r.id);
    if (!person) {
      person = { id: r.id, fullName: r.full_name, departmentId: r.department_id, roles: [] as Role[] };
      byId.set(r.id, person);
    }
    if (r.role) person.roles.push(r.role);
  }
  const open: ReminderSnapshot['openAnswers'] = [];
  for (const a of rows.openAnswers.map((row) => answerRow.parse(row))) {
    const value = parseAnswer(a.value);
    if (value !== null) open.push({ submissionId: a.submission_id, criterionId: a.criterion_id, value });
  }
  return {
    people: [...byId.values()],
    submissions: rows.submissions.map((row) => {
      const s = submissionRow.parse(row);
      return { id: s.id, personId: s.person_id, status: s.status, returnReason: s.return_reason };
    }),
    openAnswers: open,
    departments: rows.departments.map((row) => {
      const d = departmentRow.parse(row);
      return { id: d.id, name: d.name, leaderInChargeId: d.leader_in_charge_id };
    }),
    lists: rows.lists.map((row) => {
      const l = listRow.parse(row);
      return { departmentId: l.department_id, status: l.status, leaderCommented: Boolean(l.leader_comment) };
    }),
  };
}

/** A stored answer value (JSON text), or null when it is not a valid value (left out, as an unanswered criterion). */
function parseAnswer(text: string): AnswerValue | null {
  try {
    const parsed = answerValue.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
