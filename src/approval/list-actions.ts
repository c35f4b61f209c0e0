/**
 * Department lists: the head sends (and corrects) the department's agreed list, the leader in charge comments,
 * the office accepts it or sends it back with a reason. Same order of checks as every action: exists → may the
 * actor → does the state allow → write + audit → notices. `canCommentList` / `canReturnList` are the checks alone
 * (the chat asks for the text only when they pass).
 */
import { localDateOf } from '../scoring/period-calendar.js';
import type { AuditEntry } from '../store/audit.js';
import type { PeriodRecord } from '../store/periods.js';
import type { DepartmentRecord, ListRecord, MemberRecord } from '../store/reviews.js';
import type { Tx } from '../store/store.js';
import { checkReason, isLate, listTransition, type ListAction } from './approval-state.js';
import { done, refused, type ActionContext, type ActionResult } from './approval-types.js';
import { canCommentList as mayComment, canCompile, canSendList, NOT_ALLOWED, type Decision } from './authorize.js';
import { buildSnapshot, readSnapshot } from './list-snapshot.js';
import { noticesTo, periodRef, type ListView } from './notices.js';
import { activeActor, actorOf } from './review-target.js';
import { currentPeriod } from './period-queries.js';
import { departmentArticleLines } from './department-article.js';
import { loadUnitRules } from '../settings/unit-rules.js';

type ListTx = Pick<Tx, 'reviews' | 'periods' | 'assessment' | 'audit' | 'settings' | 'departmentConditions'>;

/** What the head sent. */
export interface SendListOutcome {
  listId: number;
  late: boolean;
  list: ListView;
}

/** The head sends the department's list of the active period (again, to correct it, until it is accepted). */
export async function sendList(tx: ListTx, ctx: ActionContext): Promise<ActionResult<SendListOutcome>> {
  const actor = await activeActor(tx, ctx.actorId);
  if (!actor) return refused(NOT_ALLOWED);
  const dept = actor.departmentId === null ? null : await tx.reviews.department(actor.departmentId);
  if (!dept) return refused({ code: 'no-department' });
  const may = canSendList(actorOf(actor), dept.id, await tx.reviews.holdersOf(actor.unitId, 'head', dept.id));
  if (!may.ok) return refused(may.refusal);
  const period = await currentPeriod(tx, actor.unitId);
  if (!period) return refused({ code: 'no-active-period' });
  // The list as it would be sent; its entries also give the reviews still pending (no second read of members).
  const snapshot = await buildSnapshot(tx, period, dept.id);
  const pending = snapshot.entries.filter((e) => e.status === 'submitted').length;
  const existing = await tx.reviews.listOf(period.id, dept.id);
  const t = listTransition({ status: existing?.status ?? 'none', periodStatus: period.status, pendingReviews: pending }, 'send');
  if (!t.ok) return refused(t.refusal);
  const nowMs = ctx.now.getTime();
  const today = localDateOf(ctx.now);
  const late = isLate(today, period.departmentDeadline);
  const values = { status: 'sent' as const, sentById: actor.id, sentAt: nowMs, sentLate: late, snapshot, returnReason: null, acceptedById: null, acceptedAt: null };
  const row = existing
    ? await tx.reviews.updateList(existing.id, values)
    : await tx.reviews.insertList({ periodId: period.id, departmentId: dept.id, leaderComment: null, leaderCommentById: null, ...values });
  await tx.audit.record({
    ...listAudit(ctx, period, row),
    action: existing ? 'list.resent' : 'list.sent',
    before: existing ? { status: existing.status } : null,
    after: { status: 'sent', late, mean: snapshot.mean, entries: snapshot.entries.map((e) => ({ personId: e.personId, status: e.status, total: e.total })) },
  });
  const view: ListView = {
    snapshot,
    period: periodRef(period),
    status: 'sent',
    sentLate: late,
    leaderComment: row.leaderComment,
    returnReason: null,
    selfDeadlinePassed: isLate(today, period.selfDeadline),
    article: (await departmentArticleLines(tx, period))?.(dept.id) ?? null,
  };
  const key = `list-sent:${row.id}:${nowMs}`;
  // The seed's order (unit rule listOrder, default leader-first): the office gets the list once the leader in charge
  // commented (a correction sent after the comment goes to the office at once); `parallel`: both now.
  const office = (await waitsForLeader(tx, actor.unitId, dept, row.leaderComment)) ? [] : await tx.reviews.holdersOf(actor.unitId, 'office');
  const notices = noticesTo(office, key, 'approval', { type: 'list-sent', listId: row.id, list: view, forLeader: false });
  if (dept.leaderInChargeId !== null) {
    notices.push(...noticesTo([dept.leaderInChargeId], key, 'notice', { type: 'list-sent', listId: row.id, list: view, forLeader: true }));
  }
  return done({ listId: row.id, late, list: view }, notices);
}

/** Members of the department whose submission waits for a review (status `submitted`). */
async function pendingReviewsOf(tx: Pick<Tx, 'reviews'>, periodId: number, departmentId: number): Promise<number> {
  const memberIds = new Set((await tx.reviews.membersOf(departmentId)).map((m) => m.id));
  return (await tx.reviews.submissionsOfPeriod(periodId)).filter((s) => memberIds.has(s.personId) && s.status === 'submitted').length;
}

/** A list with what every list action needs, loaded and authorised. */
export interface ListTarget {
  actor: MemberRecord;
  list: ListRecord;
  period: PeriodRecord;
  dept: DepartmentRecord;
}

/** Loads a list and checks the actor's right with `check`, then the state machine for `action`. */
async function loadListTarget(
  tx: ListTx,
  ctx: ActionContext,
  listId: number,
  action: ListAction,
  check: (actor: MemberRecord, dept: DepartmentRecord) => Decision,
): Promise<ActionResult<ListTarget>> {
  const actor = await activeActor(tx, ctx.actorId);
  if (!actor) return refused(NOT_ALLOWED);
  const list = await tx.reviews.list(listId);
  const period = list ? await tx.periods.get(list.periodId) : null;
  const dept = list ? await tx.reviews.department(list.departmentId) : null;
  if (!list || !period || !dept || dept.unitId !== actor.unitId) return refused({ code: 'list-not-found' });
  const may = check(actor, dept);
  if (!may.ok) return refused(may.refusal);
  // Accepting waits for the head's review of a late (re)submission (see list-reopen.ts).
  const pendingReviews = action === 'accept' ? await pendingReviewsOf(tx, period.id, dept.id) : 0;
  const t = listTransition({ status: list.status, periodStatus: period.status, pendingReviews }, action);
  if (!t.ok) return refused(t.refusal);
  return done({ actor, list, period, dept });
}

/** May the actor comment on this list now? (Nothing is written; the comment is asked next.) */
export function canCommentList(tx: ListTx, ctx: ActionContext, input: { listId: number }): Promise<ActionResult<ListTarget>> {
  return loadListTarget(tx, ctx, input.listId, 'comment', (a, d) => mayComment(actorOf(a), d.leaderInChargeId));
}

/** May the actor accept this list now? (Nothing is written.) Under `leader-first`, not before the leader's comment. */
export async function canAcceptList(tx: ListTx, ctx: ActionContext, input: { listId: number }): Promise<ActionResult<ListTarget>> {
  const loaded = await loadListTarget(tx, ctx, input.listId, 'accept', (a) => canCompile(actorOf(a)));
  if (!loaded.ok) return loaded;
  const { list, dept } = loaded.outcome;
  if (await waitsForLeader(tx, dept.unitId, dept, list.leaderComment)) return refused({ code: 'list-waiting-leader-comment' });
  return loaded;
}

/**
 * Whether the office must wait for the leader in charge's comment (unit rule `listOrder`, issue 17 item 8): under
 * `leader-first` (the seed's order) when the department has a leader in charge who has not commented yet.
 */
export async function waitsForLeader(tx: Pick<Tx, 'settings'>, unitId: string, dept: Pick<DepartmentRecord, 'leaderInChargeId'>, leaderComment: string | null): Promise<boolean> {
  if (dept.leaderInChargeId === null || leaderComment !== null) return false;
  return (await loadUnitRules(tx, unitId)).chain.listOrder === 'leader-first';
}

/** May the actor return this list now? (Nothing is written; the reason is asked next.) */
export function canReturnList(tx: ListTx, ctx: ActionContext, input: { listId: number }): Promise<ActionResult<ListTarget>> {
  return loadListTarget(tx, ctx, input.listId, 'return', (a) => canCompile(actorOf(a)));
}

/** Which list an action was about. */
export interface ListOutcome {
  listId: number;
  departmentName: string;
}

/** The leader in charge adds (or replaces) their comment on the department's list. */
export async function commentList(tx: ListTx, ctx: ActionContext, input: { listId: number; comment: string }): Promise<ActionResult<ListOutcome>> {
  const loaded = await canCommentList(tx, ctx, input);
  if (!loaded.ok) return loaded;
  const { list, period, dept } = loaded.outcome;
  const comment = checkReason(input.comment, 'comment');
  if (!comment.ok) return refused(comment.refusal);
  await tx.reviews.updateList(list.id, { leaderComment: comment.reason, leaderCommentById: ctx.actorId });
  await tx.audit.record({
    ...listAudit(ctx, period, list),
    action: 'list.commented',
    before: { leaderComment: list.leaderComment },
    after: { leaderComment: comment.reason },
  });
  const office = await tx.reviews.holdersOf(dept.unitId, 'office');
  const ids = [...(await tx.reviews.holdersOf(dept.unitId, 'head', dept.id)), ...office];
  const key = `list-comment:${list.id}:${ctx.now.getTime()}`;
  const notices = noticesTo(ids, key, 'notice', {
    type: 'list-commented',
    departmentName: dept.name,
    period: periodRef(period),
    comment: comment.reason,
  });
  // leader-first: the first comment is what releases the list to the office, which now receives it to accept.
  if (list.status === 'sent' && list.leaderComment === null && (await waitsForLeader(tx, dept.unitId, dept, null))) {
    const [entry] = listViews(period, [{ ...list, leaderComment: comment.reason }]);
    if (entry) notices.push(...noticesTo(office, `${key}:list`, 'approval', { type: 'list-sent', listId: list.id, list: entry.view, forLeader: false }));
  }
  return done({ listId: list.id, departmentName: dept.name }, notices);
}

/** The office accepts a department's list. */
export async function acceptList(tx: ListTx, ctx: ActionContext, input: { listId: number }): Promise<ActionResult<ListOutcome>> {
  const loaded = await canAcceptList(tx, ctx, input);
  if (!loaded.ok) return loaded;
  const { list, period, dept } = loaded.outcome;
  const nowMs = ctx.now.getTime();
  const late = isLate(localDateOf(ctx.now), period.officeDeadline);
  await tx.reviews.updateList(list.id, { status: 'accepted', acceptedById: ctx.actorId, acceptedAt: nowMs });
  await tx.audit.record({ ...listAudit(ctx, period, list), action: 'list.accepted', before: { status: list.status }, after: { status: 'accepted', late } });
  const heads = await tx.reviews.holdersOf(dept.unitId, 'head', dept.id);
  const notices = noticesTo(heads, `list-accepted:${list.id}:${nowMs}`, 'notice', { type: 'list-accepted', departmentName: dept.name, period: periodRef(period) });
  return done({ listId: list.id, departmentName: dept.name }, notices);
}

/** The office sends a department's list back with a reason (also an accepted one, while the period is open). */
export async function returnList(tx: ListTx, ctx: ActionContext, input: { listId: number; reason: string }): Promise<ActionResult<ListOutcome>> {
  const loaded = await canReturnList(tx, ctx, input);
  if (!loaded.ok) return loaded;
  const { list, period, dept } = loaded.outcome;
  const reason = checkReason(input.reason);
  if (!reason.ok) return refused(reason.refusal);
  const nowMs = ctx.now.getTime();
  const late = isLate(localDateOf(ctx.now), period.officeDeadline);
  await tx.reviews.updateList(list.id, { status: 'returned', returnReason: reason.reason, acceptedById: null, acceptedAt: null });
  await tx.audit.record({
    ...listAudit(ctx, period, list),
    action: 'list.returned',
    before: { status: list.status },
    after: { status: 'returned', late },
    reason: reason.reason,
  });
  const ids = [...(await tx.reviews.holdersOf(dept.unitId, 'head', dept.id)), ...(dept.leaderInChargeId !== null ? [dept.leaderInChargeId] : [])];
  const notices = noticesTo(ids, `list-returned:${list.id}:${nowMs}`, 'notice', {
    type: 'list-returned',
    departmentName: dept.name,
    period: periodRef(period),
    reason: reason.reason,
  });
  return done({ listId: list.id, departmentName: dept.name }, notices);
}

/** The lists of the period with their snapshot as shown, for /tiepnhan, /tralai and /ykien. */
export function listViews(
  period: PeriodRecord,
  lists: readonly ListRecord[],
  article: ((departmentId: number) => string) | null = null,
): { list: ListRecord; view: ListView }[] {
  return lists.flatMap((list) => {
    const snapshot = readSnapshot(list.snapshot);
    if (!snapshot) return [];
    // Snapshots are taken when the list is sent (and refreshed later): after the self deadline if it was sent after it.
    const selfDeadlinePassed = list.sentAt !== null && isLate(localDateOf(new Date(list.sentAt)), period.selfDeadline);
    const view: ListView = {
      snapshot,
      period: periodRef(period),
      status: list.status,
      sentLate: list.sentLate,
      leaderComment: list.leaderComment,
      returnReason: list.returnReason,
      selfDeadlinePassed,
      article: article ? article(list.departmentId) : null,
    };
    return [{ list, view }];
  });
}

function listAudit(ctx: ActionContext, period: PeriodRecord, list: ListRecord): Omit<AuditEntry, 'action'> {
  return {
    at: ctx.now.getTime(),
    unitId: period.unitId,
    actorPersonId: ctx.actorId,
    channel: ctx.channel,
    entityType: 'department_list',
    entityId: String(list.id),
    periodId: period.id,
  };
}
