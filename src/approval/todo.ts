/**
 * "Việc cần làm": what waits for one person now, with deadlines — ONE computation shared by the dashboard's home
 * page and the chat's greeting (after linking, login or a page reload), so both always say the same thing.
 * Authorised with the chat's own checks (`authorize.ts`, the service's gates); pure data, rendered by each side.
 */
import { selfAssesses } from '../directory/self-assessing.js';
import { localDateOf } from '../scoring/period-calendar.js';
import type { PeriodRecord } from '../store/periods.js';
import type { ListRecord } from '../store/reviews.js';
import type { Tx } from '../store/store.js';
import type { ApprovalService, Who } from './approval-service.js';
import { canCompile, canFinalise, canSendList } from './authorize.js';
import { waitsForLeader } from './list-actions.js';
import { readSnapshot } from './list-snapshot.js';
import { activePeriod } from './period-queries.js';
import { activeActor, actorOf } from './review-target.js';

/** Whole days from `today` to `deadline` (local dates): 0 on the day, negative once passed. */
export function daysUntil(today: string, deadline: string): number {
  const at = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((at(deadline) - at(today)) / 86_400_000);
}

/** What kind of thing waits (each side knows where it is done: a page, a command). */
export type TodoKind = 'self' | 'review' | 'send-list' | 'comment-lists' | 'accept-lists' | 'report' | 'finalise';

/** One thing waiting for the person. Why data: the dashboard links it to a page, the chat to a command. */
export interface TodoEntry {
  kind: TodoKind;
  /** How many (submissions to review, lists to accept); 1 for single tasks. */
  count: number;
  /** Local `YYYY-MM-DD` deadline of the step, and days left (negative: late). */
  deadline: string | null;
  daysLeft: number | null;
  /** Self-assessment: where it stands (`none`, `draft`, `returned`); department list: `none` or `returned`. */
  state?: string;
  returnReason?: string | null;
  /** Lists (to comment on, to accept): the departments concerned, one per list counted (`count` is their number). */
  names?: string[];
  /**
   * Lists to accept: those among `names` whose leader in charge has still to comment (unit rule `listOrder`
   * leader-first, seed 000 III.3.a); counted, because they are sent and the office will act on them, but named apart
   * because the office cannot accept them yet.
   */
  waitingForLeader?: string[];
}

/** The person's to-do list for the active period (none when there is no period or the person is inactive). */
export interface Todo {
  period: PeriodRecord | null;
  /** Local `YYYY-MM-DD` of `who.now`. */
  today: string;
  items: TodoEntry[];
}

/** What waits for `who` now: own self-assessment, reviews, the department list, lists to accept, the report, the quarter to finalise. */
export async function todoFor(tx: Tx, service: ApprovalService, who: Who): Promise<Todo> {
  const today = localDateOf(who.now);
  const me = await activeActor(tx, who.actorId);
  const period = me ? await activePeriod(tx, me.unitId) : null;
  if (!me || !period) return { period, today, items: [] };
  const items: TodoEntry[] = [];
  const due = (deadline: string) => ({ deadline, daysLeft: daysUntil(today, deadline) });
  const actor = actorOf(me);

  if (period.status === 'open') {
    const rubric = await tx.assessment.getRubric(period.rubricVersionId);
    if (selfAssesses(rubric, me.roles)) {
      const sub = await tx.assessment.findSubmission(period.id, me.id);
      const status = sub?.status ?? 'none';
      if (status === 'none' || status === 'draft' || status === 'returned') {
        items.push({ kind: 'self', count: 1, ...due(period.selfDeadline), state: status, returnReason: sub?.returnReason ?? null });
      }
    }
    const pending = await service.pendingFor(tx, me.id);
    if (pending.length > 0) items.push({ kind: 'review', count: pending.length, ...due(period.departmentDeadline) });
    if (me.departmentId !== null) {
      const heads = await tx.reviews.holdersOf(me.unitId, 'head', me.departmentId);
      if (canSendList(actor, me.departmentId, heads).ok) {
        const list = await tx.reviews.listOf(period.id, me.departmentId);
        if (!list || list.status === 'returned') {
          items.push({ kind: 'send-list', count: 1, ...due(period.departmentDeadline), state: list?.status ?? 'none', returnReason: list?.returnReason ?? null });
        }
      }
    }
    const led = new Set((await tx.reviews.departmentsOf(me.unitId)).filter((d) => d.leaderInChargeId === me.id).map((d) => d.id));
    if (led.size > 0) {
      // The leader in charge comments on each sent list first (seed 000: "gửi lãnh đạo phụ trách cho ý kiến").
      const waiting = (await tx.reviews.listsOfPeriod(period.id)).filter((l) => led.has(l.departmentId) && l.status === 'sent' && l.leaderComment === null);
      if (waiting.length > 0) items.push({ kind: 'comment-lists', count: waiting.length, ...due(period.officeDeadline), names: waiting.map(nameOfList) });
    }
    if (canCompile(actor).ok) {
      const lists = await tx.reviews.listsOfPeriod(period.id);
      const sent = lists.filter((l) => l.status === 'sent');
      const departments = new Map((await tx.reviews.departmentsOf(me.unitId)).map((d) => [d.id, d]));
      const waiting: ListRecord[] = [];
      for (const l of sent) {
        const dept = departments.get(l.departmentId);
        if (dept && (await waitsForLeader(tx, me.unitId, dept, l.leaderComment))) waiting.push(l);
      }
      if (sent.length > 0) {
        items.push({ kind: 'accept-lists', count: sent.length, ...due(period.officeDeadline), names: sent.map(nameOfList), waitingForLeader: waiting.map(nameOfList) });
      }
      const gate = await service.canSubmitToDirector(tx, who, { periodId: period.id });
      if (gate.ok) items.push({ kind: 'report', count: 1, ...due(period.officeDeadline) });
    }
  }
  if (period.status === 'submitted_to_director' && canFinalise(actor).ok) {
    items.push({ kind: 'finalise', count: 1, deadline: null, daysLeft: null });
  }
  return { period, today, items };
}

/** `Trong đó 2 danh sách chờ lãnh đạo phụ trách cho ý kiến trước (…).`, or '' (the home page and the greeting). */
export function waitingText(item: Pick<TodoEntry, 'waitingForLeader'>): string {
  const waiting = item.waitingForLeader ?? [];
  return waiting.length === 0 ? '' : `Trong đó ${waiting.length} danh sách chờ lãnh đạo phụ trách cho ý kiến trước khi Văn phòng tiếp nhận (${waiting.join(', ')}).`;
}

function nameOfList(l: ListRecord): string {
  return readSnapshot(l.snapshot)?.departmentName ?? `#${l.departmentId}`;
}
