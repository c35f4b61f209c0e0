/**
 * Department lists: the head sends (and corrects) the department's agreed list, the leader in charge comments,
 * the office accepts it or sends it back with a reason. Same order of checks as every action: exists → may the
 * actor → does the state allow → write + audit → notifications.
 */
import { eq } from 'drizzle-orm';
import { departmentLists } from '../../db/schema.js';
import type { Choice, Notification } from '../conversation/types.js';
import { recordAudit } from '../persistence/audit.js';
import { localDateOf } from '../scoring/period-calendar.js';
import {
  currentPeriod,
  holdersOf,
  listOf,
  loadDepartment,
  loadList,
  loadPeriod,
  loadPerson,
  membersOf,
  submissionsOfPeriod,
  type DepartmentRecord,
  type ListRow,
  type PeriodRow,
  type PersonFacts,
} from './approval-repo.js';
import { checkReason, isLate, listTransition, type ListAction } from './approval-state.js';
import { done, refused, type ActionContext, type ActionResult } from './approval-types.js';
import { canCommentList, canCompile, canSendList, NOT_ALLOWED } from './authorize.js';
import { buildSnapshot, readSnapshot, type ListSnapshot } from './list-snapshot.js';
import { payload } from './payloads.js';
import { listText } from './render-lists.js';
import { periodLabel } from './render-review.js';
import { actorOf, notice } from './review-actions.js';

/** The head sends the department's list of the active period (again, to correct it, until it is accepted). */
export function sendList(ctx: ActionContext): ActionResult<{ listId: number }> {
  const actor = loadPerson(ctx.db, ctx.actorId);
  if (!actor || !actor.active) return refused(NOT_ALLOWED);
  const dept = actor.departmentId === null ? null : loadDepartment(ctx.db, actor.departmentId);
  if (!dept) return refused('Chỉ Trưởng phòng của một phòng mới gửi được danh sách của phòng.');
  const may = canSendList(actorOf(actor), dept.id, holdersOf(ctx.db, actor.unitId, 'head', dept.id));
  if (!may.ok) return refused(may.reason);
  const period = currentPeriod(ctx.db, actor.unitId);
  if (!period) return refused('Hiện không có Quý nào đang trong thời gian đánh giá.');
  // The list as it would be sent; its entries also give the reviews still pending (no second read of members).
  const snapshot = buildSnapshot(ctx, period, dept.id);
  const pending = snapshot.entries.filter((e) => e.status === 'submitted').length;
  const existing = listOf(ctx.db, period.id, dept.id);
  const t = listTransition({ status: existing?.status ?? 'none', periodStatus: period.status, pendingReviews: pending }, 'send');
  if (!t.ok) return refused(t.reason);
  const nowMs = ctx.now.getTime();
  const today = localDateOf(ctx.now);
  const late = isLate(today, period.departmentDeadline);
  const values = { status: 'sent' as const, sentById: actor.id, sentAt: nowMs, sentLate: late, snapshot, returnReason: null, acceptedById: null, acceptedAt: null };
  const row = existing
    ? ctx.db.update(departmentLists).set(values).where(eq(departmentLists.id, existing.id)).returning().get()
    : ctx.db.insert(departmentLists).values({ periodId: period.id, departmentId: dept.id, ...values }).returning().get();
  if (!row) throw new Error('department list vanished');
  recordAudit(ctx.db, {
    ...listAudit(ctx, period, row),
    action: existing ? 'list.resent' : 'list.sent',
    before: existing ? { status: existing.status } : null,
    after: { status: 'sent', late, mean: snapshot.mean, entries: snapshot.entries.map((e) => ({ personId: e.personId, status: e.status, total: e.total })) },
  });
  const text = listText({ snapshot, period, status: 'sent', sentLate: late, leaderComment: row.leaderComment, selfDeadlinePassed: isLate(today, period.selfDeadline) });
  const key = `list-sent:${row.id}:${nowMs}`;
  const notifications: Notification[] = holdersOf(ctx.db, actor.unitId, 'office').map((id) => ({
    personId: id,
    dedupeKey: key,
    purpose: 'approval',
    messages: [{ kind: 'choices', text, choices: officeChoices(row.id, dept.name), columns: 2 }],
  }));
  if (dept.leaderInChargeId !== null) {
    notifications.push(notice(dept.leaderInChargeId, key, `${text}\n\nLãnh đạo phụ trách có thể cho ý kiến bằng lệnh /ykien.`));
  }
  return done(`Đã gửi danh sách tới Văn phòng${late ? ' (sau hạn, được ghi nhận là gửi muộn)' : ''}.\n\n${text}`, notifications, { listId: row.id });
}

/** Members of the department whose submission waits for a review (status `submitted`). */
function pendingReviewsOf(ctx: Pick<ActionContext, 'db'>, periodId: number, departmentId: number): number {
  const memberIds = new Set(membersOf(ctx.db, departmentId).map((m) => m.id));
  return submissionsOfPeriod(ctx.db, periodId).filter((s) => memberIds.has(s.personId) && s.status === 'submitted').length;
}

/** The office's buttons under a sent list. */
export function officeChoices(listId: number, departmentName: string): Choice[] {
  return [
    { label: `✅ Tiếp nhận ${departmentName}`.slice(0, 60), payload: payload('la', listId) },
    { label: '↩️ Trả lại', payload: payload('lr', listId) },
  ];
}

interface ListTarget {
  actor: PersonFacts;
  list: ListRow;
  period: PeriodRow;
  dept: DepartmentRecord;
}

/** Loads a list and checks the actor's right with `check`, then the state machine for `action`. */
function loadListTarget(
  ctx: ActionContext,
  listId: number,
  action: ListAction,
  check: (actor: PersonFacts, dept: DepartmentRecord) => { ok: true } | { ok: false; reason: string },
): ActionResult<ListTarget> {
  const actor = loadPerson(ctx.db, ctx.actorId);
  if (!actor || !actor.active) return refused(NOT_ALLOWED);
  const list = loadList(ctx.db, listId);
  const period = list ? loadPeriod(ctx.db, list.periodId) : null;
  const dept = list ? loadDepartment(ctx.db, list.departmentId) : null;
  if (!list || !period || !dept || dept.unitId !== actor.unitId) return refused('Không tìm thấy danh sách này.');
  const may = check(actor, dept);
  if (!may.ok) return refused(may.reason);
  // Accepting waits for the head's review of a late (re)submission (see list-reopen.ts).
  const pendingReviews = action === 'accept' ? pendingReviewsOf(ctx, period.id, dept.id) : 0;
  const t = listTransition({ status: list.status, periodStatus: period.status, pendingReviews }, action);
  if (!t.ok) return refused(t.reason);
  return done('', [], { actor, list, period, dept });
}

/** The leader in charge adds (or replaces) their comment on the department's list. */
export function commentList(ctx: ActionContext, input: { listId: number; comment: string }): ActionResult {
  const loaded = loadListTarget(ctx, input.listId, 'comment', (a, d) => canCommentList(actorOf(a), d.leaderInChargeId));
  if (!loaded.ok) return loaded;
  const { list, period, dept } = loaded.data;
  const comment = checkReason(input.comment);
  if (!comment.ok) return refused(comment.reason.replace('lý do', 'ý kiến'));
  ctx.db.update(departmentLists).set({ leaderComment: comment.reason, leaderCommentById: ctx.actorId }).where(eq(departmentLists.id, list.id)).run();
  recordAudit(ctx.db, {
    ...listAudit(ctx, period, list),
    action: 'list.commented',
    before: { leaderComment: list.leaderComment },
    after: { leaderComment: comment.reason },
  });
  const text = `💬 Lãnh đạo phụ trách cho ý kiến về danh sách ${dept.name} (${periodLabel(period)}):\n${comment.reason}`;
  const key = `list-comment:${list.id}:${ctx.now.getTime()}`;
  const ids = [...holdersOf(ctx.db, dept.unitId, 'head', dept.id), ...holdersOf(ctx.db, dept.unitId, 'office')];
  return done(`Đã ghi ý kiến của anh/chị vào danh sách ${dept.name}.`, unique(ids).map((id) => notice(id, key, text)), undefined);
}

/** The office accepts a department's list. */
export function acceptList(ctx: ActionContext, input: { listId: number }): ActionResult {
  const loaded = loadListTarget(ctx, input.listId, 'accept', (a) => canCompile(actorOf(a)));
  if (!loaded.ok) return loaded;
  const { list, period, dept } = loaded.data;
  const nowMs = ctx.now.getTime();
  const late = isLate(localDateOf(ctx.now), period.officeDeadline);
  ctx.db.update(departmentLists).set({ status: 'accepted', acceptedById: ctx.actorId, acceptedAt: nowMs }).where(eq(departmentLists.id, list.id)).run();
  recordAudit(ctx.db, { ...listAudit(ctx, period, list), action: 'list.accepted', before: { status: list.status }, after: { status: 'accepted', late } });
  const text = `✅ Văn phòng đã tiếp nhận danh sách ${dept.name} (${periodLabel(period)}).`;
  const key = `list-accepted:${list.id}:${nowMs}`;
  return done(`Đã tiếp nhận danh sách ${dept.name}.`, holdersOf(ctx.db, dept.unitId, 'head', dept.id).map((id) => notice(id, key, text)), undefined);
}

/** The office sends a department's list back with a reason (also an accepted one, while the period is open). */
export function returnList(ctx: ActionContext, input: { listId: number; reason: string }): ActionResult {
  const loaded = loadListTarget(ctx, input.listId, 'return', (a) => canCompile(actorOf(a)));
  if (!loaded.ok) return loaded;
  const { list, period, dept } = loaded.data;
  const reason = checkReason(input.reason);
  if (!reason.ok) return refused(reason.reason);
  const nowMs = ctx.now.getTime();
  const late = isLate(localDateOf(ctx.now), period.officeDeadline);
  ctx.db.update(departmentLists).set({ status: 'returned', returnReason: reason.reason, acceptedById: null, acceptedAt: null }).where(eq(departmentLists.id, list.id)).run();
  recordAudit(ctx.db, {
    ...listAudit(ctx, period, list),
    action: 'list.returned',
    before: { status: list.status },
    after: { status: 'returned', late },
    reason: reason.reason,
  });
  const text = `↩️ Văn phòng trả lại danh sách ${dept.name} (${periodLabel(period)}).\nLý do: ${reason.reason}\nTrưởng phòng sửa (/duyet) rồi gửi lại bằng /guidanhsach.`;
  const key = `list-returned:${list.id}:${nowMs}`;
  const ids = [...holdersOf(ctx.db, dept.unitId, 'head', dept.id), ...(dept.leaderInChargeId !== null ? [dept.leaderInChargeId] : [])];
  return done(`Đã trả lại danh sách ${dept.name}; Trưởng phòng đã được báo lý do.`, unique(ids).map((id) => notice(id, key, text)), undefined);
}

/** The lists of the period with their snapshot (and its text), for /tiepnhan and /ykien. */
export function listsForReview(period: PeriodRow, lists: ListRow[]): { list: ListRow; snapshot: ListSnapshot; text: string }[] {
  return lists.flatMap((list) => {
    const snapshot = readSnapshot(list.snapshot);
    if (!snapshot) return [];
    // Snapshots are taken when the list is sent (and refreshed later): after the self deadline if it was sent after it.
    const selfDeadlinePassed = list.sentAt !== null && isLate(localDateOf(new Date(list.sentAt)), period.selfDeadline);
    const text = listText({ snapshot, period, status: list.status, sentLate: list.sentLate, leaderComment: list.leaderComment, returnReason: list.returnReason, selfDeadlinePassed });
    return [{ list, snapshot, text }];
  });
}

function listAudit(ctx: ActionContext, period: PeriodRow, list: ListRow) {
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

function unique(ids: number[]): number[] {
  return [...new Set(ids)];
}
