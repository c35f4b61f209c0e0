/**
 * What the dashboard's pages show, read through the store's repositories in the caller's unit of work and
 * authorised with the SAME checks as the chat (`src/approval/authorize.ts`, the approval service's gates). Pure
 * data: the views in `views/` render it. A refusal is returned as data (`{ ok: false, refusal }`), never thrown.
 */
import type { ApprovalService, Who } from '../approval/approval-service.js';
import { done, refused, type ActionResult } from '../approval/approval-types.js';
import { canCompile, progressScope } from '../approval/authorize.js';
import { lateStagesOf, progressIn, progressScopeOf, type DepartmentProgressView, type LateStage, type ProgressScope, type ProgressView } from '../approval/progress.js';
import { selfAssesses } from '../directory/self-assessing.js';
import { activeActor, actorOf } from '../approval/review-target.js';
import { todoFor, type TodoEntry } from '../approval/todo.js';
import { REMINDER_JOBS, unreachedByPerson } from '../scheduler/jobs/office-status.js';
import { zonedTimeToUtc } from '../scheduler/slots.js';
import type { PeriodRecord } from '../store/periods.js';
import type { MemberRecord } from '../store/reviews.js';
import type { Tx } from '../store/store.js';

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export { daysUntil } from '../approval/todo.js';

/** One thing waiting for the viewer on the home page: the shared to-do entry and the page where it is done. */
export interface TodoItem extends TodoEntry {
  href: string;
}

export interface HomeData {
  period: PeriodRecord | null;
  today: string;
  items: TodoItem[];
}

const TODO_HREF: Record<TodoEntry['kind'], string> = {
  self: '/chat',
  review: '/duyet',
  'send-list': '/danh-sach',
  'comment-lists': '/y-kien',
  'accept-lists': '/tiep-nhan',
  report: '/tiep-nhan/trinh',
  finalise: '/phe-duyet',
};

/** The home page "việc cần làm": the shared to-do (`src/approval/todo.ts`, also the chat's greeting), linked to pages. */
export async function homeData(tx: Tx, service: ApprovalService, who: Who): Promise<HomeData> {
  const todo = await todoFor(tx, service, who);
  return { ...todo, items: todo.items.map((item) => ({ ...item, href: TODO_HREF[item.kind] })) };
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

// The summaries before each irreversible step live with the approval service (the chat's confirmations show the
// same data): src/approval/step-summaries.ts.
export { directorData, listPreview, officeData, type DirectorData, type ListPreview, type OfficeData } from '../approval/step-summaries.js';

/** Who may see the unit's results tables, honour board and score sheets: the same scope as the whole progress. */
export async function resultsScope(tx: Tx, who: Who): Promise<ActionResult<MemberRecord>> {
  const me = await activeActor(tx, who.actorId);
  if (!me) return refused({ code: 'not-allowed' });
  if (progressScope(actorOf(me), []).kind !== 'all') return refused({ code: 'office-only' });
  return done(me);
}

/** The office person who may act on the unit's directory and periods (`canCompile`, as for its other steps). */
export async function officeScope(tx: Tx, who: Who): Promise<ActionResult<MemberRecord>> {
  const me = await activeActor(tx, who.actorId);
  if (!me) return refused({ code: 'not-allowed' });
  const may = canCompile(actorOf(me));
  return may.ok ? done(me) : refused(may.refusal);
}
