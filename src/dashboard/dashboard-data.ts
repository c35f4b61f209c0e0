/**
 * What the dashboard's pages show, read through the store's repositories in the caller's unit of work and
 * authorised with the SAME checks as the chat (`src/approval/authorize.ts`, the approval service's gates). Pure
 * data: the views in `views/` render it. A refusal is returned as data (`{ ok: false, refusal }`), never thrown.
 */
import type { ApprovalService, Who } from '../approval/approval-service.js';
import { done, refused, type ActionResult } from '../approval/approval-types.js';
import { progressScope } from '../approval/authorize.js';
import type { DepartmentProgressView, ProgressView } from '../approval/progress.js';
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
  'accept-lists': '/tiep-nhan',
  report: '/tiep-nhan/trinh',
  finalise: '/phe-duyet',
};

/** The home page "việc cần làm": the shared to-do (`src/approval/todo.ts`, also the chat's greeting), linked to pages. */
export async function homeData(tx: Tx, service: ApprovalService, who: Who): Promise<HomeData> {
  const todo = await todoFor(tx, service, who);
  return { ...todo, items: todo.items.map((item) => ({ ...item, href: TODO_HREF[item.kind] })) };
}

/** A department on the progress page: the service's view plus who the last reminders did not reach, and why. */
export interface DepartmentProgressRow extends DepartmentProgressView {
  unreached: { name: string; label: string }[];
}

export interface ProgressData {
  view: ProgressView;
  departments: DepartmentProgressRow[];
  /** The unit's leadership (office and director only), with its unreached people. */
  leadershipUnreached: { name: string; label: string }[];
}

/** The progress page: `service.progress` (the chat's /tiendo and its role check) plus the reminders' delivery rows. */
export async function progressData(tx: Tx, service: ApprovalService, who: Who, code: string | null): Promise<ActionResult<ProgressData>> {
  const result = await service.progress(tx, who, code);
  if (!result.ok) return result;
  const view = result.outcome;
  const period = view.period;
  const [y, m, d] = period.startsOn.split('-').map(Number);
  const from = zonedTimeToUtc(y ?? 1970, m ?? 1, d ?? 1, 0, 0, TIME_ZONE);
  const unreached = unreachedByPerson(await tx.jobs.deliveries(period.unitId, REMINDER_JOBS, from, who.now.getTime()));
  // File each unreached person under their department: by name where the name is unique in the view (no query),
  // by a directory look-up otherwise (two people of the same name, or someone who left the lists).
  const where = new Map<string, (number | null)[]>();
  const file = (name: string, dept: number | null) => where.set(name, [...(where.get(name) ?? []), dept]);
  for (const dv of view.departments) for (const n of [...dv.approved, ...dv.pendingReview, ...dv.returned, ...dv.missing]) file(n, dv.departmentId);
  const lead = view.leadership;
  if (lead) for (const n of [...lead.approved, ...lead.pendingReview, ...lead.returned, ...lead.missing]) file(n, null);
  const byDepartment = new Map<number | null, { name: string; label: string }[]>();
  for (const [personId, v] of unreached) {
    const places = where.get(v.name) ?? [];
    const key = places.length === 1 ? (places[0] ?? null) : ((await tx.reviews.member(personId))?.departmentId ?? null);
    byDepartment.set(key, [...(byDepartment.get(key) ?? []), v]);
  }
  return done({
    view,
    departments: view.departments.map((dv) => ({ ...dv, unreached: byDepartment.get(dv.departmentId) ?? [] })),
    leadershipUnreached: view.leadership ? (byDepartment.get(null) ?? []) : [],
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
