/**
 * The unit's period: the office reports the whole unit's list to the director, the director finalises it or
 * sends it back, and the office may reopen a finalised period (audited, with a reason).
 */
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog, periods } from '../../db/schema.js';
import { fmtDate, pts } from '../conversation/render/format.js';
import type { Choice, Notification } from '../conversation/types.js';
import { recordAudit } from '../persistence/audit.js';
import type { Db } from '../persistence/open-db.js';
import { rubricOfVersion } from '../persistence/periods-repo.js';
import { localDateOf } from '../scoring/period-calendar.js';
import {
  currentPeriod,
  departmentsWithMembers,
  findPeriodFor,
  holdersOf,
  listsOfPeriod,
  loadPerson,
  submissionsOfPeriod,
  type PeriodRow,
  type PersonFacts,
} from './approval-repo.js';
import { checkReason, isLate, periodTransition, type PeriodAction } from './approval-state.js';
import { done, refused, type ActionContext, type ActionResult } from './approval-types.js';
import { canCompile, canFinalise, NOT_ALLOWED, type Decision } from './authorize.js';
import { readSnapshot } from './list-snapshot.js';
import { payload } from './payloads.js';
import { periodLabel, totalLine } from './render-review.js';
import { actorOf, notice } from './review-actions.js';
import { storedPassFail } from './review-score.js';

interface PeriodTarget {
  actor: PersonFacts;
  period: PeriodRow;
}

/** Which period an action without an explicit id is about. */
function periodFor(ctx: ActionContext, actor: PersonFacts, periodId: number | undefined, action: PeriodAction): PeriodRow | null {
  if (periodId !== undefined) {
    const p = findById(ctx, periodId);
    return p && p.unitId === actor.unitId ? p : null;
  }
  if (action === 'reopen') return findPeriodFor(ctx.db, actor.unitId, null, ['finalised']);
  return currentPeriod(ctx.db, actor.unitId);
}

function findById(ctx: ActionContext, id: number): PeriodRow | null {
  return ctx.db.select().from(periods).where(eq(periods.id, id)).get() ?? null;
}

function loadPeriodTarget(
  ctx: ActionContext,
  periodId: number | undefined,
  action: PeriodAction,
  check: (actor: PersonFacts) => Decision,
): ActionResult<PeriodTarget> {
  const actor = loadPerson(ctx.db, ctx.actorId);
  if (!actor || !actor.active) return refused(NOT_ALLOWED);
  const may = check(actor);
  if (!may.ok) return refused(may.reason);
  const period = periodFor(ctx, actor, periodId, action);
  if (!period) return refused('Không tìm thấy Quý đánh giá phù hợp.');
  const t = periodTransition({ status: period.status, listsNotAccepted: listsNotAccepted(ctx, period) }, action);
  if (!t.ok) return refused(t.reason);
  return done('', [], { actor, period });
}

/** Departments with members whose list is not accepted yet. */
export function listsNotAccepted(ctx: Pick<ActionContext, 'db'>, period: PeriodRow): number {
  const accepted = new Set(listsOfPeriod(ctx.db, period.id).filter((l) => l.status === 'accepted').map((l) => l.departmentId));
  return departmentsWithMembers(ctx.db, period.unitId).filter((d) => !accepted.has(d.id)).length;
}

const reportAfterSchema = z.object({ late: z.boolean().optional() });

/** The office's latest report of the period to the director (audit `period.submitted_to_director`), or null. */
export function officeReportOf(db: Db, periodId: number): { at: number; late: boolean } | null {
  const row = db
    .select({ at: auditLog.at, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.periodId, periodId), eq(auditLog.action, 'period.submitted_to_director')))
    .orderBy(desc(auditLog.id))
    .get();
  if (!row) return null;
  const after = reportAfterSchema.safeParse(row.after);
  return { at: row.at, late: after.success ? (after.data.late ?? false) : false };
}

/** The whole unit's list, as the director reads it: department means and every member's agreed score. */
export function unitSummaryText(ctx: Pick<ActionContext, 'db'>, period: PeriodRow): string {
  const lines = [`🏛️ Danh sách toàn cơ quan — ${periodLabel(period)}`];
  const report = period.status === 'open' ? null : officeReportOf(ctx.db, period.id);
  if (report?.late) lines.push(`⚠️ Văn phòng trình muộn (hạn ${fmtDate(period.officeDeadline)}).`);
  for (const list of listsOfPeriod(ctx.db, period.id)) {
    const s = readSnapshot(list.snapshot);
    if (!s) continue;
    const approved = s.entries.filter((e) => e.status === 'approved').length;
    lines.push(`▸ ${s.departmentName}: ${approved}/${s.entries.length} người đã được duyệt, trung bình ${s.mean === null ? '—' : pts(s.mean)}${list.leaderComment ? `\n  Ý kiến lãnh đạo phụ trách: ${list.leaderComment}` : ''}`);
  }
  return lines.join('\n');
}

/** The director's two buttons under the unit's list (sent with the report and shown again by /pheduyet). */
export function directorChoices(periodId: number): Choice[] {
  return [
    { label: '✅ Phê duyệt', payload: payload('pf', periodId) },
    { label: '↩️ Trả lại', payload: payload('pr', periodId) },
  ];
}

/** The office reports the whole unit's list to the director (every department list must be accepted). */
export function submitToDirector(ctx: ActionContext, input: { periodId?: number } = {}): ActionResult {
  const loaded = loadPeriodTarget(ctx, input.periodId, 'submit-to-director', (a) => canCompile(actorOf(a)));
  if (!loaded.ok) return loaded;
  const { period } = loaded.data;
  const late = isLate(localDateOf(ctx.now), period.officeDeadline);
  setStatus(ctx, period, 'submitted_to_director', 'period.submitted_to_director', { late });
  const text = `${unitSummaryText(ctx, { ...period, status: 'submitted_to_director' })}\n\nVăn phòng trình Giám đốc phê duyệt${late ? ' (sau hạn)' : ''}.`;
  const key = `period-submitted:${period.id}:${ctx.now.getTime()}`;
  const notes: Notification[] = holdersOf(ctx.db, period.unitId, 'director').map((id) => ({
    personId: id,
    dedupeKey: key,
    purpose: 'approval',
    messages: [
      {
        kind: 'choices',
        text,
        columns: 2,
        choices: directorChoices(period.id),
      },
    ],
  }));
  return done(`Đã trình Giám đốc danh sách toàn cơ quan ${periodLabel(period)}${late ? ' (sau hạn, đã ghi nhận muộn)' : ''}.`, notes, undefined);
}

/** The director finalises: results become official (honour list, /diem); each person is told their score. */
export function finalise(ctx: ActionContext, input: { periodId?: number } = {}): ActionResult {
  const loaded = loadPeriodTarget(ctx, input.periodId, 'finalise', (a) => canFinalise(actorOf(a)));
  if (!loaded.ok) return loaded;
  const { period } = loaded.data;
  const nowMs = ctx.now.getTime();
  setStatus(ctx, period, 'finalised', 'period.finalised', {});
  ctx.onPeriodFinalised?.({ unitId: period.unitId, periodCode: period.code });
  const rubric = rubricOfVersion(ctx.db, period.rubricVersionId);
  const rubricBands = new Map(rubric.bands.list.map((b) => [b.id, b.label]));
  const key = `period-final:${period.id}:${nowMs}`;
  const notes: Notification[] = submissionsOfPeriod(ctx.db, period.id)
    .filter((s) => s.status === 'approved' && s.reviewedTotal !== null)
    .map((s) => {
      // Only unclassified results can be someone's who is not ranked by points (laborers).
      const person = s.classified === true ? null : loadPerson(ctx.db, s.personId);
      const passFail = person ? storedPassFail(ctx.db, rubric, person, s.id) : null;
      const score = {
        total: s.reviewedTotal ?? 0,
        bandLabel: s.band ? (rubricBands.get(s.band) ?? s.band) : null,
        classified: s.classified === true,
        reasons: [],
        passFail,
      };
      const line = passFail ? `Kết quả của anh/chị: ${totalLine(score, rubric)}` : `Điểm của anh/chị: ${totalLine(score)}`;
      return notice(s.personId, key, `🏁 Kết quả ${periodLabel(period)} đã được Giám đốc phê duyệt.\n${line}`);
    });
  for (const id of holdersOf(ctx.db, period.unitId, 'office')) {
    notes.push(notice(id, `${key}:office`, `🏁 Giám đốc đã phê duyệt kết quả ${periodLabel(period)}.`));
  }
  return done(`Đã phê duyệt kết quả ${periodLabel(period)}. Kết quả đã chính thức.`, notes, undefined);
}

/** The director sends the unit's list back to the office with a reason. */
export function directorReturn(ctx: ActionContext, input: { periodId?: number; reason: string }): ActionResult {
  const loaded = loadPeriodTarget(ctx, input.periodId, 'director-return', (a) => canFinalise(actorOf(a)));
  if (!loaded.ok) return loaded;
  const { period } = loaded.data;
  const reason = checkReason(input.reason);
  if (!reason.ok) return refused(reason.reason);
  setStatus(ctx, period, 'open', 'period.returned_by_director', {}, reason.reason);
  const text = `↩️ Giám đốc trả lại danh sách toàn cơ quan ${periodLabel(period)}.\nLý do: ${reason.reason}`;
  const key = `period-returned:${period.id}:${ctx.now.getTime()}`;
  return done(`Đã trả lại danh sách cho Văn phòng.`, holdersOf(ctx.db, period.unitId, 'office').map((id) => notice(id, key, text)), undefined);
}

/** The office reopens a finalised period (the only way to change anything after finalisation). */
export function reopen(ctx: ActionContext, input: { periodId?: number; reason: string }): ActionResult {
  const loaded = loadPeriodTarget(ctx, input.periodId, 'reopen', (a) => canCompile(actorOf(a)));
  if (!loaded.ok) return loaded;
  const { period } = loaded.data;
  const reason = checkReason(input.reason);
  if (!reason.ok) return refused(reason.reason);
  setStatus(ctx, period, 'open', 'period.reopened', {}, reason.reason);
  const text = `🔓 Văn phòng mở lại ${periodLabel(period)} để điều chỉnh.\nLý do: ${reason.reason}`;
  const key = `period-reopened:${period.id}:${ctx.now.getTime()}`;
  const ids = [...holdersOf(ctx.db, period.unitId, 'director'), ...holdersOf(ctx.db, period.unitId, 'head')];
  return done(
    `Đã mở lại ${periodLabel(period)}. Muốn sửa danh sách phòng nào, dùng /tralai để trả lại danh sách đó.`,
    [...new Set(ids)].map((id) => notice(id, key, text)),
    undefined,
  );
}

function setStatus(
  ctx: ActionContext,
  period: PeriodRow,
  status: PeriodRow['status'],
  action: string,
  extra: Record<string, unknown>,
  reason?: string,
): void {
  const nowMs = ctx.now.getTime();
  const finalisedAt = status === 'finalised' ? nowMs : null;
  ctx.db.update(periods).set({ status, finalisedAt }).where(eq(periods.id, period.id)).run();
  recordAudit(ctx.db, {
    at: nowMs,
    unitId: period.unitId,
    actorPersonId: ctx.actorId,
    channel: ctx.channel,
    action,
    entityType: 'period',
    entityId: String(period.id),
    periodId: period.id,
    before: { status: period.status },
    after: { status, ...extra },
    reason: reason ?? null,
  });
}
