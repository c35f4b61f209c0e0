/**
 * The unit's period: the office reports the whole unit's list to the director, the director finalises it or
 * sends it back, and the office may reopen a finalised period (audited, with a reason). `canDirectorReturn` and
 * `canReopen` are the checks alone (the chat asks for the reason only when they pass).
 */
import { z } from 'zod';
import { localDateOf } from '../scoring/period-calendar.js';
import type { PeriodStatus } from '../store/assessment.js';
import type { PeriodRecord } from '../store/periods.js';
import type { MemberRecord } from '../store/reviews.js';
import type { Tx } from '../store/store.js';
import { departmentArticleLines } from './department-article.js';
import { checkReason, isLate, periodTransition, type PeriodAction } from './approval-state.js';
import { done, refused, type ActionContext, type ActionResult, type ApprovalHooks } from './approval-types.js';
import { canCompile, canFinalise, NOT_ALLOWED, type Decision } from './authorize.js';
import { readSnapshot } from './list-snapshot.js';
import { noticesTo, periodRef, type ApprovalNotice, type PeriodRef, type UnitSummary } from './notices.js';
import { currentPeriod, findPeriodFor } from './period-queries.js';
import { loadScoringRules } from '../settings/unit-rules.js';
import { storedPassFail } from './review-score.js';
import { activeActor, actorOf } from './review-target.js';

type PeriodTx = Pick<Tx, 'reviews' | 'periods' | 'assessment' | 'audit' | 'settings' | 'departmentConditions'>;

interface PeriodTarget {
  actor: MemberRecord;
  period: PeriodRecord;
}

/** Which period an action without an explicit id is about. */
async function periodFor(tx: PeriodTx, actor: MemberRecord, periodId: number | undefined, action: PeriodAction): Promise<PeriodRecord | null> {
  if (periodId !== undefined) {
    const p = await tx.periods.get(periodId);
    return p && p.unitId === actor.unitId ? p : null;
  }
  if (action === 'reopen') return findPeriodFor(tx, actor.unitId, null, ['finalised']);
  return currentPeriod(tx, actor.unitId);
}

async function loadPeriodTarget(
  tx: PeriodTx,
  ctx: ActionContext,
  periodId: number | undefined,
  action: PeriodAction,
  check: (actor: MemberRecord) => Decision,
): Promise<ActionResult<PeriodTarget>> {
  const actor = await activeActor(tx, ctx.actorId);
  if (!actor) return refused(NOT_ALLOWED);
  const may = check(actor);
  if (!may.ok) return refused(may.refusal);
  const period = await periodFor(tx, actor, periodId, action);
  if (!period) return refused({ code: 'period-not-found' });
  const t = periodTransition({ status: period.status, listsNotAccepted: await listsNotAccepted(tx, period) }, action);
  if (!t.ok) return refused(t.refusal);
  return done({ actor, period });
}

/** May the actor report the unit's list to the director now? */
export function canSubmitToDirector(tx: PeriodTx, ctx: ActionContext, input: { periodId?: number } = {}) {
  return loadPeriodTarget(tx, ctx, input.periodId, 'submit-to-director', (a) => canCompile(actorOf(a)));
}

/** May the actor finalise now? */
export function canFinalisePeriod(tx: PeriodTx, ctx: ActionContext, input: { periodId?: number } = {}) {
  return loadPeriodTarget(tx, ctx, input.periodId, 'finalise', (a) => canFinalise(actorOf(a)));
}

/** May the actor (the director) send the unit's list back now? (The reason is asked next.) */
export function canDirectorReturn(tx: PeriodTx, ctx: ActionContext, input: { periodId?: number } = {}) {
  return loadPeriodTarget(tx, ctx, input.periodId, 'director-return', (a) => canFinalise(actorOf(a)));
}

/** May the actor (the office) reopen the period now? (The reason is asked next.) */
export function canReopen(tx: PeriodTx, ctx: ActionContext, input: { periodId?: number } = {}) {
  return loadPeriodTarget(tx, ctx, input.periodId, 'reopen', (a) => canCompile(actorOf(a)));
}

/** Departments with members whose list is not accepted yet. */
export async function listsNotAccepted(tx: Pick<Tx, 'reviews'>, period: PeriodRecord): Promise<number> {
  const lists = await tx.reviews.listsOfPeriod(period.id);
  const accepted = new Set(lists.filter((l) => l.status === 'accepted').map((l) => l.departmentId));
  return (await tx.reviews.departmentsWithMembers(period.unitId)).filter((d) => !accepted.has(d.id)).length;
}

const reportAfterSchema = z.object({ late: z.boolean().optional() });

/** The office's latest report of the period to the director (audit `period.submitted_to_director`), or null. */
export async function officeReportOf(tx: Pick<Tx, 'reviews'>, periodId: number): Promise<{ at: number; late: boolean } | null> {
  const row = await tx.reviews.lastAudit({ action: 'period.submitted_to_director', periodId });
  if (!row) return null;
  const after = reportAfterSchema.safeParse(row.after);
  return { at: row.at, late: after.success ? (after.data.late ?? false) : false };
}

/** The whole unit's list, as the director reads it: department means and every member's agreed score. */
export async function unitSummary(
  tx: Pick<Tx, 'reviews' | 'assessment' | 'departmentConditions' | 'settings'>,
  period: PeriodRecord,
  status: PeriodStatus = period.status,
): Promise<UnitSummary> {
  const report = status === 'open' ? null : await officeReportOf(tx, period.id);
  // Seed 000 II.3.b: each department's own article of the quarter ("chưa khai báo" when the head has not answered).
  const article = await departmentArticleLines(tx, period);
  const lists: UnitSummary['lists'] = [];
  for (const list of await tx.reviews.listsOfPeriod(period.id)) {
    const s = readSnapshot(list.snapshot);
    if (!s) continue;
    lists.push({
      departmentName: s.departmentName,
      approved: s.entries.filter((e) => e.status === 'approved').length,
      members: s.entries.length,
      mean: s.mean,
      leaderComment: list.leaderComment,
      article: article ? article(list.departmentId) : null,
    });
  }
  return { period: { ...periodRef(period), status }, reportedLate: report?.late ?? false, lists };
}

/** What a period action did. */
export interface PeriodOutcome {
  period: PeriodRef;
  late: boolean;
}

/** The office reports the whole unit's list to the director (every department list must be accepted). */
export async function submitToDirector(tx: PeriodTx, ctx: ActionContext, input: { periodId?: number } = {}): Promise<ActionResult<PeriodOutcome>> {
  const loaded = await canSubmitToDirector(tx, ctx, input);
  if (!loaded.ok) return loaded;
  const { period } = loaded.outcome;
  const late = isLate(localDateOf(ctx.now), period.officeDeadline);
  await setStatus(tx, ctx, period, 'submitted_to_director', 'period.submitted_to_director', { late });
  const summary = await unitSummary(tx, period, 'submitted_to_director');
  const directors = await tx.reviews.holdersOf(period.unitId, 'director');
  const notices = noticesTo(directors, `period-submitted:${period.id}:${ctx.now.getTime()}`, 'approval', { type: 'period-reported', summary });
  return done({ period: periodRef(period), late }, notices);
}

/**
 * The director finalises: results become official (honour list, /diem); each person is told their score.
 * `hooks.onPeriodFinalised` runs after the COMMIT (`tx.afterCommit`).
 */
export async function finalise(
  tx: PeriodTx & Pick<Tx, 'afterCommit'>,
  ctx: ActionContext,
  input: { periodId?: number } = {},
  hooks: ApprovalHooks = {},
): Promise<ActionResult<PeriodOutcome>> {
  const loaded = await canFinalisePeriod(tx, ctx, input);
  if (!loaded.ok) return loaded;
  const { period } = loaded.outcome;
  const nowMs = ctx.now.getTime();
  await setStatus(tx, ctx, period, 'finalised', 'period.finalised', {});
  const listener = hooks.onPeriodFinalised;
  if (listener) {
    const event = { unitId: period.unitId, periodCode: period.code };
    tx.afterCommit(() => listener(event));
  }
  const rubric = await tx.assessment.getRubric(period.rubricVersionId);
  const settings = await loadScoringRules(tx, period.unitId, period.code);
  const rubricBands = new Map(rubric.bands.list.map((b) => [b.id, b.label]));
  const key = `period-final:${period.id}:${nowMs}`;
  const ref = periodRef({ ...period, status: 'finalised' });
  const notices: ApprovalNotice[] = [];
  for (const s of await tx.reviews.submissionsOfPeriod(period.id)) {
    if (s.status !== 'approved' || s.reviewedTotal === null) continue;
    // Only unclassified results can be someone's who is not ranked by points (laborers).
    const person = s.classified === true ? null : await tx.reviews.member(s.personId);
    const passFail = person ? await storedPassFail(tx, rubric, person, s.id, settings) : null;
    const score = {
      total: s.reviewedTotal,
      bandLabel: s.band ? (rubricBands.get(s.band) ?? s.band) : null,
      classified: s.classified === true,
      reasons: [],
      passFail,
    };
    notices.push(...noticesTo([s.personId], key, 'notice', { type: 'period-final-person', period: ref, score, rubric }));
  }
  const office = await tx.reviews.holdersOf(period.unitId, 'office');
  notices.push(...noticesTo(office, `${key}:office`, 'notice', { type: 'period-final-office', period: ref }));
  return done({ period: ref, late: false }, notices);
}

/** The director sends the unit's list back to the office with a reason. */
export async function directorReturn(tx: PeriodTx, ctx: ActionContext, input: { periodId?: number; reason: string }): Promise<ActionResult<PeriodOutcome>> {
  const loaded = await canDirectorReturn(tx, ctx, input);
  if (!loaded.ok) return loaded;
  const { period } = loaded.outcome;
  const reason = checkReason(input.reason);
  if (!reason.ok) return refused(reason.refusal);
  await setStatus(tx, ctx, period, 'open', 'period.returned_by_director', {}, reason.reason);
  const office = await tx.reviews.holdersOf(period.unitId, 'office');
  const notices = noticesTo(office, `period-returned:${period.id}:${ctx.now.getTime()}`, 'notice', {
    type: 'period-returned',
    period: periodRef(period),
    reason: reason.reason,
  });
  return done({ period: periodRef(period), late: false }, notices);
}

/** The office reopens a finalised period (the only way to change anything after finalisation). */
export async function reopen(tx: PeriodTx, ctx: ActionContext, input: { periodId?: number; reason: string }): Promise<ActionResult<PeriodOutcome>> {
  const loaded = await canReopen(tx, ctx, input);
  if (!loaded.ok) return loaded;
  const { period } = loaded.outcome;
  const reason = checkReason(input.reason);
  if (!reason.ok) return refused(reason.refusal);
  await setStatus(tx, ctx, period, 'open', 'period.reopened', {}, reason.reason);
  const ids = [...(await tx.reviews.holdersOf(period.unitId, 'director')), ...(await tx.reviews.holdersOf(period.unitId, 'head'))];
  const notices = noticesTo(ids, `period-reopened:${period.id}:${ctx.now.getTime()}`, 'notice', {
    type: 'period-reopened',
    period: periodRef(period),
    reason: reason.reason,
  });
  return done({ period: periodRef(period), late: false }, notices);
}

async function setStatus(
  tx: PeriodTx,
  ctx: ActionContext,
  period: PeriodRecord,
  status: PeriodStatus,
  action: string,
  extra: Record<string, unknown>,
  reason?: string,
): Promise<void> {
  const nowMs = ctx.now.getTime();
  await tx.periods.setStatus(period.id, status, nowMs);
  await tx.audit.record({
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
