/**
 * What the dashboard's pages show, read through the store's repositories in the caller's unit of work and
 * authorised with the SAME checks as the chat (`src/approval/authorize.ts`, the approval service's gates). Pure
 * data: the views in `views/` render it. A refusal is returned as data (`{ ok: false, refusal }`), never thrown.
 */
import type { ApprovalService, Who } from '../approval/approval-service.js';
import { done, refused, type ActionResult } from '../approval/approval-types.js';
import { canCompile, canFinalise, canSendList, progressScope } from '../approval/authorize.js';
import { buildSnapshot, readSnapshot, type ListSnapshot } from '../approval/list-snapshot.js';
import { lateStagesOf, progressIn, progressScopeOf, type DepartmentProgressView, type LateStage, type ProgressScope, type ProgressView } from '../approval/progress.js';
import { activePeriod, currentPeriod } from '../approval/period-queries.js';
import { activeActor, actorOf } from '../approval/review-target.js';
import { selfAssesses } from '../directory/self-assessing.js';
import { unitLeaderboard, type Leaderboard } from '../results/index.js';
import { REMINDER_JOBS, unreachedByPerson } from '../scheduler/jobs/office-status.js';
import { zonedTimeToUtc } from '../scheduler/slots.js';
import { localDateOf } from '../scoring/period-calendar.js';
import type { PeriodRecord } from '../store/periods.js';
import type { ListRecord, MemberRecord } from '../store/reviews.js';
import type { Tx } from '../store/store.js';

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Whole days from `today` to `deadline` (local dates): 0 on the day, negative once passed. */
export function daysUntil(today: string, deadline: string): number {
  const at = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((at(deadline) - at(today)) / 86_400_000);
}

/** One thing waiting for the viewer on the home page. */
export interface TodoItem {
  kind: 'self' | 'review' | 'send-list' | 'comment-lists' | 'accept-lists' | 'report' | 'finalise';
  /** How many (submissions to review, lists to accept); 1 for single tasks. */
  count: number;
  href: string;
  /** Local `YYYY-MM-DD` deadline of the step, and days left (negative: late). */
  deadline: string | null;
  daysLeft: number | null;
  /** Self-assessment: where it stands (`none`, `draft`, `returned`). */
  state?: string;
  returnReason?: string | null;
  /** Lists to accept / report: the departments concerned. */
  names?: string[];
}

export interface HomeData {
  period: PeriodRecord | null;
  today: string;
  items: TodoItem[];
}

/** The home page "việc cần làm": what waits for this person now, with deadlines. */
export async function homeData(tx: Tx, service: ApprovalService, who: Who): Promise<HomeData> {
  const today = localDateOf(who.now);
  const me = await activeActor(tx, who.actorId);
  const period = me ? await activePeriod(tx, me.unitId) : null;
  if (!me || !period) return { period, today, items: [] };
  const items: TodoItem[] = [];
  const due = (deadline: string) => ({ deadline, daysLeft: daysUntil(today, deadline) });
  const actor = actorOf(me);

  if (period.status === 'open') {
    const rubric = await tx.assessment.getRubric(period.rubricVersionId);
    if (selfAssesses(rubric, me.roles)) {
      const sub = await tx.assessment.findSubmission(period.id, me.id);
      const status = sub?.status ?? 'none';
      if (status === 'none' || status === 'draft' || status === 'returned') {
        items.push({ kind: 'self', count: 1, href: '/chat', ...due(period.selfDeadline), state: status, returnReason: sub?.returnReason ?? null });
      }
    }
    const pending = await service.pendingFor(tx, me.id);
    if (pending.length > 0) items.push({ kind: 'review', count: pending.length, href: '/duyet', ...due(period.departmentDeadline) });
    if (me.departmentId !== null) {
      const heads = await tx.reviews.holdersOf(me.unitId, 'head', me.departmentId);
      if (canSendList(actor, me.departmentId, heads).ok) {
        const list = await tx.reviews.listOf(period.id, me.departmentId);
        if (!list || list.status === 'returned') {
          items.push({ kind: 'send-list', count: 1, href: '/danh-sach', ...due(period.departmentDeadline), state: list?.status ?? 'none', returnReason: list?.returnReason ?? null });
        }
      }
    }
    const led = new Set((await tx.reviews.departmentsOf(me.unitId)).filter((d) => d.leaderInChargeId === me.id).map((d) => d.id));
    if (led.size > 0) {
      // The leader in charge comments on each sent list first (seed 000: "gửi lãnh đạo phụ trách cho ý kiến").
      const waiting = (await tx.reviews.listsOfPeriod(period.id)).filter((l) => led.has(l.departmentId) && l.status === 'sent' && l.leaderComment === null);
      if (waiting.length > 0) items.push({ kind: 'comment-lists', count: waiting.length, href: '/y-kien', ...due(period.officeDeadline), names: waiting.map(nameOfList) });
    }
    if (canCompile(actor).ok) {
      const lists = await tx.reviews.listsOfPeriod(period.id);
      const sent = lists.filter((l) => l.status === 'sent');
      if (sent.length > 0) {
        items.push({ kind: 'accept-lists', count: sent.length, href: '/tiep-nhan', ...due(period.officeDeadline), names: sent.map(nameOfList) });
      }
      const gate = await service.canSubmitToDirector(tx, who, { periodId: period.id });
      if (gate.ok) items.push({ kind: 'report', count: 1, href: '/tiep-nhan/trinh', ...due(period.officeDeadline) });
    }
  }
  if (period.status === 'submitted_to_director' && canFinalise(actor).ok) {
    items.push({ kind: 'finalise', count: 1, href: '/phe-duyet', deadline: null, daysLeft: null });
  }
  return { period, today, items };
}

function nameOfList(l: ListRecord): string {
  return readSnapshot(l.snapshot)?.departmentName ?? `#${l.departmentId}`;
}

/** Someone the period's reminders did not reach, and why (Vietnamese). */
export interface UnreachedLine {
  name: string;
  label: string;
}

/** A department on the progress page: the service's view plus who the last reminders did not reach, and why. */
export interface DepartmentProgressRow extends DepartmentProgressView {
  unreached: UnreachedLine[];
}

/** How many people of a group are in each state (a large unit's progress overview). */
export interface ProgressTally {
  /** People who self-assess under the period's rubric. */
  members: number;
  approved: number;
  pending: number;
  returned: number;
  /** No submission yet, or a draft. */
  missing: number;
  /** People the period's reminders did not reach. */
  unreached: number;
}

/** A department in the large unit's overview: its counts and its list's state; its people are on its own page. */
export interface DepartmentCountRow extends ProgressTally {
  departmentId: number;
  departmentName: string;
  listStatus: DepartmentProgressView['listStatus'];
  listLate: boolean;
}

/**
 * The progress page as data, in one of two shapes. `names`: every person by name (a unit of up to
 * {@link PROGRESS_NAMES_MAX} people in the viewer's scope, or one department asked for with `?phong=`). `counts`: a
 * larger unit's overview, counts per department, each linking to its own page, so the page stays small (a
 * 50,000-person province would otherwise send every name).
 */
export type ProgressData =
  | {
      kind: 'names';
      view: ProgressView;
      departments: DepartmentProgressRow[];
      /** The unit's leadership (office and director only), with its unreached people. */
      leadershipUnreached: UnreachedLine[];
      /** The department asked for (`?phong=`), or null: every department in the viewer's scope. */
      departmentId: number | null;
    }
  | {
      kind: 'counts';
      period: PeriodRecord;
      lateStages: LateStage[];
      departments: DepartmentCountRow[];
      /** The unit's leadership (office and director only), when anyone in it self-assesses. */
      leadership: ProgressTally | null;
      /** Everyone in the viewer's scope who self-assesses. */
      people: number;
    };

/** Above this many people in the viewer's scope, the progress page shows counts per department first. */
export const PROGRESS_NAMES_MAX = 300;

const emptyTally = (): ProgressTally => ({ members: 0, approved: 0, pending: 0, returned: 0, missing: 0, unreached: 0 });

/**
 * The progress page: the chat's /tiendo role check (`progressScopeOf`) and its view, plus who the period's reminders
 * did not reach and why. `departmentId`: one department's people (it must be in the viewer's scope). A statement or
 * two per page whatever the unit's size: the counts come grouped from the database, the names in one query.
 */
export async function progressData(tx: Tx, who: Who, code: string | null, departmentId: number | null = null): Promise<ActionResult<ProgressData>> {
  const checked = await progressScopeOf(tx, who, code);
  if (!checked.ok) return checked;
  const scope = checked.outcome;
  const period = scope.period;
  const [y, m, d] = period.startsOn.split('-').map(Number);
  const from = zonedTimeToUtc(y ?? 1970, m ?? 1, d ?? 1, 0, 0, TIME_ZONE);
  const unreached = [...unreachedByPerson(await tx.jobs.deliveries(period.unitId, REMINDER_JOBS, from, who.now.getTime())).values()];
  const unreachedIn = (dept: number | null): UnreachedLine[] => unreached.filter((u) => u.departmentId === dept).map(({ name, label }) => ({ name, label }));
  const names = async (s: ProgressScope, one: number | null): Promise<ProgressData> => {
    const view = await progressIn(tx, s, who.now);
    return {
      kind: 'names',
      view,
      departments: view.departments.map((dv) => ({ ...dv, unreached: unreachedIn(dv.departmentId) })),
      leadershipUnreached: view.leadership ? unreachedIn(null) : [],
      departmentId: one,
    };
  };

  if (departmentId !== null) {
    const dept = scope.departments.find((x) => x.id === departmentId);
    if (!dept) return refused({ code: 'progress-not-allowed' });
    return done(await names({ ...scope, departments: [dept], whole: false }, dept.id));
  }

  const tallies = new Map<number | null, ProgressTally>();
  const tallyOf = (dept: number | null): ProgressTally => {
    let t = tallies.get(dept);
    if (!t) tallies.set(dept, (t = emptyTally()));
    return t;
  };
  for (const c of await tx.reviews.progressCounts(scope.unitId, period.id)) {
    if (!selfAssesses(scope.rubric, c.roles)) continue;
    const t = tallyOf(c.departmentId);
    t.members += c.count;
    if (c.status === null || c.status === 'draft') t.missing += c.count;
    else if (c.status === 'approved') t.approved += c.count;
    else if (c.status === 'submitted') t.pending += c.count;
    else t.returned += c.count;
  }
  for (const u of unreached) tallyOf(u.departmentId).unreached++;
  const leadership = scope.whole && (tallies.get(null)?.members ?? 0) > 0 ? (tallies.get(null) ?? null) : null;
  const departments = scope.departments.map((dept): DepartmentCountRow => {
    const list = scope.lists.get(dept.id);
    return { departmentId: dept.id, departmentName: dept.name, listStatus: list?.status ?? 'none', listLate: list?.sentLate ?? false, ...(tallies.get(dept.id) ?? emptyTally()) };
  });
  const groups = [...departments, ...(leadership ? [leadership] : [])];
  const people = groups.reduce((n, t) => n + t.members, 0);
  if (people <= PROGRESS_NAMES_MAX) return done(await names(scope, null));
  return done({
    kind: 'counts',
    period,
    lateStages: lateStagesOf(scope, who.now, groups.some((t) => t.missing + t.returned > 0)),
    departments,
    leadership,
    people,
  });
}

/** The head's department list before sending: the snapshot that would be sent and what is incomplete. */
export interface ListPreview {
  period: PeriodRecord;
  snapshot: ListSnapshot;
  list: ListRecord | null;
  counts: { approved: number; pending: number; returned: number; missing: number; members: number };
  /** Who gets it: the office's people and the leader in charge. */
  recipients: string[];
}

export async function listPreview(tx: Tx, who: Who): Promise<ActionResult<ListPreview>> {
  const me = await activeActor(tx, who.actorId);
  if (!me) return refused({ code: 'not-allowed' });
  const dept = me.departmentId === null ? null : await tx.reviews.department(me.departmentId);
  if (!dept) return refused({ code: 'no-department' });
  const may = canSendList(actorOf(me), dept.id, await tx.reviews.holdersOf(me.unitId, 'head', dept.id));
  if (!may.ok) return refused(may.refusal);
  const period = await currentPeriod(tx, me.unitId);
  if (!period) return refused({ code: 'no-active-period' });
  const snapshot = await buildSnapshot(tx, period, dept.id);
  const count = (s: string) => snapshot.entries.filter((e) => e.status === s).length;
  const recipients = await namesOf(tx, await tx.reviews.holdersOf(me.unitId, 'office'), 'Văn phòng');
  if (dept.leaderInChargeId !== null) recipients.push(...(await namesOf(tx, [dept.leaderInChargeId], 'lãnh đạo phụ trách')));
  return done({
    period,
    snapshot,
    list: await tx.reviews.listOf(period.id, dept.id),
    counts: {
      approved: count('approved'),
      pending: count('submitted'),
      returned: count('returned'),
      missing: count('missing') + count('draft'),
      members: snapshot.entries.length,
    },
    recipients,
  });
}

/** `Họ Tên (vai trò)` of each id. */
async function namesOf(tx: Pick<Tx, 'reviews'>, ids: readonly number[], role: string): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids) {
    const p: MemberRecord | null = await tx.reviews.member(id);
    if (p) out.push(`${p.fullName} (${role})`);
  }
  return out;
}

/** The office's page: every department's list of the current period and whether the unit can be reported. */
export interface OfficeData {
  period: PeriodRecord;
  lists: { departmentId: number; departmentName: string; list: ListRecord | null; snapshot: ListSnapshot | null }[];
  /** The report gate (the service's own check): null when it may be sent now, else why not. */
  reportBlocked: Extract<Awaited<ReturnType<ApprovalService['canSubmitToDirector']>>, { ok: false }>['refusal'] | null;
  directors: string[];
}

export async function officeData(tx: Tx, service: ApprovalService, who: Who): Promise<ActionResult<OfficeData>> {
  const me = await activeActor(tx, who.actorId);
  if (!me) return refused({ code: 'not-allowed' });
  const may = canCompile(actorOf(me));
  if (!may.ok) return refused(may.refusal);
  const period = await currentPeriod(tx, me.unitId);
  if (!period) return refused({ code: 'no-period' });
  const lists = new Map((await tx.reviews.listsOfPeriod(period.id)).map((l) => [l.departmentId, l]));
  const rows = (await tx.reviews.departmentsWithMembers(me.unitId)).map((d) => {
    const list = lists.get(d.id) ?? null;
    return { departmentId: d.id, departmentName: d.name, list, snapshot: list ? readSnapshot(list.snapshot) : null };
  });
  const gate = await service.canSubmitToDirector(tx, who, { periodId: period.id });
  return done({
    period,
    lists: rows,
    reportBlocked: gate.ok ? null : gate.refusal,
    directors: await namesOf(tx, await tx.reviews.holdersOf(me.unitId, 'director'), 'Giám đốc'),
  });
}

/** The director's summary before finalising. */
export interface DirectorData {
  period: PeriodRecord;
  /** The proposed top 5 (ties included) and best department, from the approved results. */
  board: Leaderboard | null;
  progress: ProgressView;
  /** People with a result that becomes official (each is told their score) and the office told. */
  recipients: { people: number; office: string[] };
  finaliseBlocked: Extract<Awaited<ReturnType<ApprovalService['canFinalise']>>, { ok: false }>['refusal'] | null;
}

export async function directorData(tx: Tx, service: ApprovalService, who: Who): Promise<ActionResult<DirectorData>> {
  const me = await activeActor(tx, who.actorId);
  if (!me) return refused({ code: 'not-allowed' });
  const may = canFinalise(actorOf(me));
  if (!may.ok) return refused(may.refusal);
  const prog = await service.progress(tx, who, null);
  if (!prog.ok) return prog;
  const period = prog.outcome.period;
  const board = await unitLeaderboard(tx, { unitId: me.unitId, periodCode: period.code, n: 5 });
  const approved = (await tx.reviews.submissionsOfPeriod(period.id)).filter((s) => s.status === 'approved' && s.reviewedTotal !== null).length;
  const gate = await service.canFinalise(tx, who, { periodId: period.id });
  return done({
    period,
    board,
    progress: prog.outcome,
    recipients: { people: approved, office: await namesOf(tx, await tx.reviews.holdersOf(me.unitId, 'office'), 'Văn phòng') },
    finaliseBlocked: gate.ok ? null : gate.refusal,
  });
}

/** Who may see the unit's results tables, honour board and score sheets: the same scope as the whole progress. */
export async function resultsScope(tx: Tx, who: Who): Promise<ActionResult<MemberRecord>> {
  const me = await activeActor(tx, who.actorId);
  if (!me) return refused({ code: 'not-allowed' });
  if (progressScope(actorOf(me), []).kind !== 'all') return refused({ code: 'office-only' });
  return done(me);
}
