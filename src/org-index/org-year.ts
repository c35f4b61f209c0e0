/**
 * Opening an index year and loading everything a step needs about it (issue 13, item 1). Services take `tx`.
 */
import { storeRubricVersion } from '../periods/open-period.js';
import { isRunnable } from '../scoring/frame.js';
import { isLocalDate } from '../scoring/period-calendar.js';
import type { Criterion, Role, Rubric } from '../scoring/rubric-schema.js';
import type { IndexYearCalendar } from '../scoring/year-calendar.js';
import type { OrgAnswerRecord, OrgAssignment, OrgOfficial, OrgPeriodRecord } from '../store/org-index.js';
import type { Tx } from '../store/store.js';
import { parseOrgCalendar, readOrgSettings, resolveOrgCalendar, type OrgCalendarDates } from './org-calendar.js';
import type { OrgActor } from './org-roles.js';
import { refuse, type OrgOutcome } from './refusals.js';

/** One index year with its rubric, calendar, officials, assignments and answers, read in the caller's unit of work. */
export interface OrgYear {
  period: OrgPeriodRecord;
  rubric: Rubric;
  calendar: IndexYearCalendar;
  officials: OrgOfficial[];
  assignments: OrgAssignment[];
  /** By criterion id. */
  answers: Map<string, OrgAnswerRecord>;
}

export interface OpenOrgYearInput {
  unitId: string;
  rubric: Rubric;
  year: number;
  dates?: OrgCalendarDates;
  /** Who opened it (audited); null from a system job. */
  actorId: number | null;
  now: number;
  channel?: string;
}

/**
 * Opens a unit's index year: the rubric must be an organisation rubric with a yearly calendar and runnable (a seed
 * 004 frame template is refused); the calendar is resolved and stored; each indicator is assigned by default to
 * the people holding its rubric role (`assignees`) in the unit. Returns the indicators nobody holds a role for.
 */
export async function openOrgYear(tx: Tx, input: OpenOrgYearInput): Promise<OrgOutcome<{ period: OrgPeriodRecord; unassigned: string[] }>> {
  const { rubric, unitId, year } = input;
  if (rubric.subject !== 'organisation') return refuse({ code: 'not-organisation', rubricId: rubric.id });
  const runnable = isRunnable(rubric);
  if (!runnable.runnable) return refuse({ code: 'not-runnable', problems: runnable.problems });
  const unit = await tx.settings.getUnit(unitId);
  const settings = readOrgSettings(unit?.settings ?? null);
  if (!settings.ok) return refuse({ code: 'bad-settings', message: settings.message });
  // A date given for this year (CLI `--entry-deadline`) is taken as written by the calendar: refused here when it
  // is not a real `YYYY-MM-DD` day, before it can reach the stored calendar.
  const given = input.dates?.entryDeadline;
  if (given !== undefined && !isLocalDate(given)) return refuse({ code: 'bad-entry-deadline', given });
  const calendar = resolveOrgCalendar(rubric, year, settings.settings, input.dates);
  if (!calendar) return refuse({ code: 'no-calendar', rubricId: rubric.id });
  if (await tx.orgIndex.findPeriod(unitId, year)) return refuse({ code: 'period-exists', year });
  const rubricVersionId = await storeRubricVersion(tx, rubric);
  const period = await tx.orgIndex.insertPeriod({ unitId, rubricVersionId, year, calendar });
  const officials = await tx.orgIndex.listOfficials(unitId);
  const unassigned: string[] = [];
  for (const criterion of rubric.criteria) {
    const people = defaultAssignees(criterion, officials);
    if (people.length === 0) unassigned.push(criterion.id);
    else await tx.orgIndex.setAssignees(period.id, criterion.id, people, input.actorId, input.now);
  }
  await tx.audit.record({
    at: input.now,
    unitId,
    actorPersonId: input.actorId,
    channel: input.channel ?? null,
    action: 'org_period_open',
    entityType: 'org_period',
    entityId: String(period.id),
    after: { year, rubricId: rubric.id, version: rubric.version, entryDeadline: calendar.entryDeadline },
  });
  return { ok: true, period, unassigned };
}

/** The people holding one of the indicator's rubric roles (seed 003: "Đơn vị giám sát, thực hiện"). */
export function defaultAssignees(criterion: Criterion, officials: readonly OrgOfficial[]): number[] {
  const ids = new Set<number>();
  for (const o of officials) if (criterion.assignees.includes(o.code)) ids.add(o.personId);
  return [...ids];
}

/** Loads a year by period id. */
export async function loadOrgYear(tx: Tx, periodId: number): Promise<OrgYear | null> {
  const period = await tx.orgIndex.getPeriod(periodId);
  if (!period) return null;
  const [rubric, officials, assignments, answers] = await Promise.all([
    tx.assessment.getRubric(period.rubricVersionId),
    tx.orgIndex.listOfficials(period.unitId),
    tx.orgIndex.listAssignments(period.id),
    tx.orgIndex.listAnswers(period.id),
  ]);
  return {
    period,
    rubric,
    calendar: parseOrgCalendar(period.calendar),
    officials,
    assignments,
    answers: new Map(answers.map((a) => [a.criterionId, a])),
  };
}

/**
 * The unit's current index year: the newest one not yet approved, else the newest approved (results stay
 * readable); `year` picks one. Null when the unit has none.
 */
export async function currentOrgYear(tx: Tx, unitId: string, year?: number): Promise<OrgYear | null> {
  if (year !== undefined) {
    const p = await tx.orgIndex.findPeriod(unitId, year);
    return p ? loadOrgYear(tx, p.id) : null;
  }
  const all = await tx.orgIndex.listPeriodsOfUnit(unitId);
  const running = all.filter((p) => p.status !== 'approved');
  const pick = (running.length > 0 ? running : all).at(-1);
  return pick ? loadOrgYear(tx, pick.id) : null;
}

/** The actor's facts for the role checks. */
export function orgActor(person: { id: number; unitId: string; roles: readonly Role[] }, officials: readonly OrgOfficial[]): OrgActor {
  return {
    personId: person.id,
    unitId: person.unitId,
    roles: person.roles,
    codes: officials.filter((o) => o.personId === person.id).map((o) => o.code),
  };
}

/** People assigned to one indicator. */
export function assigneesOf(year: Pick<OrgYear, 'assignments'>, criterionId: string): number[] {
  return year.assignments.filter((a) => a.criterionId === criterionId).map((a) => a.personId);
}

/** The indicators assigned to a person, in rubric order. */
export function indicatorsOf(year: Pick<OrgYear, 'assignments' | 'rubric'>, personId: number): Criterion[] {
  const mine = new Set(year.assignments.filter((a) => a.personId === personId).map((a) => a.criterionId));
  return year.rubric.criteria.filter((c) => mine.has(c.id));
}
