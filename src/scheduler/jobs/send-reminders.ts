/**
 * Sends one slot's reminders, each exactly once: per recipient, ONE unit of work checks the person's
 * `reminder_deliveries` row, writes the outbox row (through the dispatcher, dedupe key
 * `reminder:<job>:<unit>:<slot>:<person>`) and the delivery row together; a recipient who already has a row is
 * skipped. No network I/O happens here: the channel workers deliver from the outbox within each platform's limits.
 * Afterwards the office gets a short delivery report with names.
 */
import type { OutboundMessage } from '../../conversation/types.js';
import type { ReminderOutcome } from '../../store/jobs.js';
import type { DispatchResult, SchedulerDeps } from '../deps.js';
import { reminderDedupeKey, type SlotRef } from '../job-runner.js';
import { localPartsOf } from '../slots.js';
import { JOB_LABELS, nameList, OUTCOME_LABELS } from './reminder-texts.js';
import type { ReminderTarget } from './targets.js';

/** Counts per outcome (for job_runs.detail and logs) and names per outcome (for the office only). */
export interface ReminderRunSummary {
  counts: Record<ReminderOutcome, number>;
  /** Recipients already recorded for this slot (a resumed run): not reminded again. */
  alreadyDone: number;
  names: Record<ReminderOutcome, string[]>;
}

/** Dispatches `targets` for the slot, one unit of work per recipient; never throws for one recipient's failure. */
export async function sendReminders(deps: SchedulerDeps, ref: SlotRef, targets: readonly ReminderTarget[], now: Date): Promise<ReminderRunSummary> {
  const summary = emptySummary();
  const at = now.getTime();
  for (const target of targets) {
    let outcome: ReminderOutcome | null;
    try {
      outcome = await deps.store.transaction(async (tx) => {
        if (await tx.jobs.hasDelivery(ref, target.personId)) return null;
        const messages: OutboundMessage[] = [{ kind: 'text', text: target.lines.join('\n') }];
        const result = await deps.dispatcher.dispatch(
          tx,
          { personId: target.personId, dedupeKey: reminderDedupeKey(ref, target.personId), purpose: 'reminder', messages },
          at,
        );
        const o = outcomeOf(result);
        await tx.jobs.recordDelivery(ref, { personId: target.personId, outcome: o, channel: result.channel ?? null, outboxId: result.outboxId ?? null }, at);
        return o;
      });
    } catch (error) {
      deps.logger.error({ err: error, job: ref.job, unitId: ref.unitId, personId: target.personId }, 'reminder: dispatch failed');
      outcome = 'failed';
      try {
        await deps.store.transaction((tx) => tx.jobs.recordDelivery(ref, { personId: target.personId, outcome: 'failed' }, at));
      } catch (recordError) {
        deps.logger.error({ err: recordError, job: ref.job, unitId: ref.unitId, personId: target.personId }, 'reminder: recording the failure failed');
      }
    }
    if (outcome === null) {
      summary.alreadyDone += 1;
      continue;
    }
    summary.counts[outcome] += 1;
    summary.names[outcome].push(target.fullName);
  }
  return summary;
}

/**
 * Sends the office a short report of a reminder run (sent, not linked, blocked, outside Zalo's window, failed,
 * with names), in one unit of work. Idempotent per slot and office person.
 */
export async function sendDeliveryReport(
  deps: SchedulerDeps,
  ref: SlotRef,
  office: ReadonlyArray<{ id: number }>,
  summary: ReminderRunSummary,
  now: Date,
): Promise<void> {
  const messages: OutboundMessage[] = [{ kind: 'text', text: deliveryReportText(ref, summary, deps.timeZone) }];
  if (office.length === 0) return;
  await deps.store.transaction(async (tx) => {
    for (const person of office) {
      await deps.dispatcher.dispatch(
        tx,
        { personId: person.id, dedupeKey: `reminder-report:${ref.job}:${ref.unitId}:${ref.slot}:${person.id}`, purpose: 'notice', messages },
        now.getTime(),
      );
    }
  });
}

/** The report's text (pure). */
export function deliveryReportText(ref: SlotRef, summary: ReminderRunSummary, timeZone: string): string {
  const t = localPartsOf(ref.slot, timeZone);
  const when = `${pad(t.hour)}:${pad(t.minute)} ${pad(t.day)}/${pad(t.month)}/${t.year}`;
  const lines = [`📋 Báo cáo gửi nhắc việc (${JOB_LABELS[ref.job] ?? ref.job}, ${when})`];
  const total = Object.values(summary.counts).reduce((a, b) => a + b, 0);
  if (total === 0 && summary.alreadyDone === 0) lines.push('Không có ai cần nhắc.');
  for (const outcome of Object.keys(OUTCOME_LABELS) as ReminderOutcome[]) {
    const n = summary.counts[outcome];
    if (n === 0) continue;
    const label = OUTCOME_LABELS[outcome];
    lines.push(outcome === 'queued' ? `• ${capital(label)}: ${n} người.` : `• ${capital(label)} (${n}): ${nameList(summary.names[outcome])}.`);
  }
  if (summary.alreadyDone > 0) lines.push(`• Đã nhắc trước khi hệ thống khởi động lại: ${summary.alreadyDone} người (không nhắc lần hai).`);
  return lines.join('\n');
}

/** The stored outcome of one dispatch (the first unreachable reason that the office can act on). */
export function outcomeOf(result: DispatchResult): ReminderOutcome {
  if (result.status === 'queued') return 'queued';
  if (result.status === 'fallback') return 'fallback';
  const reasons = new Set(result.reasons.map((r) => r.reason));
  if (reasons.has('outside_window')) return 'outside_window';
  if (reasons.has('blocked') || reasons.has('unfollowed')) return 'blocked';
  if (reasons.has('not_linked') || reasons.size === 0) return 'not_linked';
  return 'failed';
}

function emptySummary(): ReminderRunSummary {
  const keys = Object.keys(OUTCOME_LABELS) as ReminderOutcome[];
  return {
    counts: Object.fromEntries(keys.map((k) => [k, 0])) as Record<ReminderOutcome, number>,
    alreadyDone: 0,
    names: Object.fromEntries(keys.map((k) => [k, [] as string[]])) as Record<ReminderOutcome, string[]>,
  };
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
