/**
 * 25th: the office (and the director) get the compilation status of the quarter: departments whose lists are
 * missing, people not yet reviewed, who could not be reached by this quarter's reminders (and why), and which
 * reminder slots never went out (skipped because the process was down past their deadline). Read in one unit of
 * work; sent (each recipient's outbox row with their delivery record) by `send-reminders.ts`.
 */
import { fmtPeriod } from '../../conversation/render/format.js';
import { localDateOf } from '../../scoring/period-calendar.js';
import type { ReminderDeliveryView } from '../../store/jobs.js';
import type { SlotRef } from '../job-runner.js';
import { localPartsOf, zonedTimeToUtc } from '../slots.js';
import type { PeriodRecord } from '../../store/periods.js';
import type { SchedulerDeps } from '../deps.js';
import { periodOfSlot, type JobFn, type JobRun } from './job-types.js';
import { loadPeriodState } from './period-state.js';
import { deadlineLine, JOB_LABELS, nameList, OUTCOME_LABELS } from './reminder-texts.js';
import { sendReminders } from './send-reminders.js';
import { missingLists, officeRecipients, unreviewedPeople, type ReminderTarget } from './targets.js';

/** The jobs whose deliveries count as "the reminders" (the office status and the dashboard's progress page). */
export const REMINDER_JOBS = ['self-reminder', 'review-reminder'] as const;

/** The 25th's message and its recipients (the office and the director), read in one unit of work. */
export interface OfficeStatusPlan {
  period: PeriodRecord;
  targets: ReminderTarget[];
  /** Counts for `job_runs.detail` (never names). */
  counts: { missingLists: number; notSubmitted: number; awaitingReview: number; unreached: number; skippedSlots: number };
}

/** What the 25th's slot would send, dated `now`; null when the quarter has no period. Shared with the preview. */
export async function officeStatusPlan(deps: Pick<SchedulerDeps, 'store' | 'timeZone'>, now: Date, run: Pick<JobRun, 'unitId' | 'slot'>): Promise<OfficeStatusPlan | null> {
  const read = await deps.store.read(async (tx) => {
    const period = await periodOfSlot(tx, deps.timeZone, run.unitId, run.slot);
    if (!period) return null;
    const state = await loadPeriodState(tx, period);
    const [y, m, d] = period.startsOn.split('-').map(Number);
    const from = zonedTimeToUtc(y ?? 1970, m ?? 1, d ?? 1, 0, 0, deps.timeZone);
    const deliveries = await tx.jobs.deliveries(run.unitId, REMINDER_JOBS, from, run.slot);
    const skipped = await tx.jobs.skippedSlots(run.unitId, REMINDER_JOBS, from, run.slot);
    return { period, state, deliveries, skipped };
  });
  if (!read) return null;
  const { period, state, skipped } = read;
  const unreached = unreachedPeople(read.deliveries);
  const lists = missingLists(state);
  const { notSubmitted, awaitingReview } = unreviewedPeople(state);
  const lines = [`📊 Tình hình tổng hợp thi đua — ${fmtPeriod(period.year, period.quarter)}`];
  lines.push(deadlineLine('Hạn Văn phòng báo cáo Giám đốc', period.officeDeadline, localDateOf(now, deps.timeZone)));
  lines.push(
    lists.length === 0
      ? '• Tất cả các phòng đã gửi danh sách.'
      : `• Phòng chưa gửi danh sách (${lists.length}): ${lists.map((l) => l.name + (l.list === 'returned' ? ' (đã trả lại, chưa gửi lại)' : '')).join(', ')}.`,
  );
  if (notSubmitted.length > 0) lines.push(`• Chưa nộp tự đánh giá (${notSubmitted.length}): ${nameList(notSubmitted.map((p) => p.fullName))}.`);
  if (awaitingReview.length > 0) lines.push(`• Đã nộp, chưa được duyệt (${awaitingReview.length}): ${nameList(awaitingReview.map((p) => p.fullName))}.`);
  if (notSubmitted.length === 0 && awaitingReview.length === 0) lines.push('• Mọi người đã được duyệt bản tự đánh giá.');
  if (unreached.length > 0) {
    lines.push(`• Không nhắn được khi nhắc việc (${unreached.length}): ${nameList(unreached.map((u) => `${u.name} (${u.label})`))}.`);
  }
  for (const s of skipped) {
    const t = localPartsOf(s.slot, deps.timeZone);
    lines.push(
      `• Lượt ${JOB_LABELS[s.job] ?? s.job} ngày ${pad(t.day)}/${pad(t.month)} KHÔNG được gửi: hệ thống ngừng hoạt động đến sau hạn của lượt nhắc này.`,
    );
  }
  const targets = officeRecipients(state, true).map((p) => ({ personId: p.id, fullName: p.fullName, lines }));
  return {
    period,
    targets,
    counts: {
      missingLists: lists.length,
      notSubmitted: notSubmitted.length,
      awaitingReview: awaitingReview.length,
      unreached: unreached.length,
      skippedSlots: skipped.length,
    },
  };
}

export const officeStatusJob: JobFn = async (deps, now, run) => {
  const plan = await officeStatusPlan(deps, now, run);
  if (!plan) return { detail: { noPeriod: true } };
  const ref: SlotRef = { job: run.job, unitId: run.unitId, slot: run.slot };
  const summary = await sendReminders(deps, ref, plan.targets, now);
  return { detail: { period: plan.period.code, ...plan.counts, ...summary.counts } };
};

/**
 * Pure: people this quarter's reminders did not reach (at dispatch, or later in the outbox), latest reason per
 * person (deliveries come oldest slot first).
 */
export function unreachedPeople(deliveries: readonly ReminderDeliveryView[]): { name: string; label: string }[] {
  return [...unreachedByPerson(deliveries).values()];
}

/** Someone the last reminder did not reach: their name, why (Vietnamese), and their department now. */
export interface UnreachedPerson {
  name: string;
  label: string;
  departmentId: number | null;
}

/** Pure: the same, by person id (the dashboard's progress page files them under their department). */
export function unreachedByPerson(deliveries: readonly ReminderDeliveryView[]): Map<number, UnreachedPerson> {
  const latest = new Map<number, UnreachedPerson | null>();
  for (const r of [...deliveries].sort((a, b) => a.slot - b.slot)) {
    let label: string | null = null;
    if (r.outcome !== 'queued' && r.outcome !== 'fallback') {
      label = OUTCOME_LABELS[r.outcome];
    } else if (r.outboxStatus === 'failed' || r.outboxStatus === 'unreachable') {
      label = r.outboxError === 'outside_window' ? OUTCOME_LABELS.outside_window : r.outboxStatus === 'failed' ? OUTCOME_LABELS.failed : OUTCOME_LABELS.blocked;
    }
    latest.set(r.personId, label === null ? null : { name: r.fullName, label, departmentId: r.departmentId });
  }
  const out = new Map<number, UnreachedPerson>();
  for (const [id, v] of latest) if (v !== null) out.set(id, v);
  return out;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
