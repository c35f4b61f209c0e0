/**
 * The audit log as the office and the director search it (issue 16, dashboard /nhat-ky; `thidua audit` checks the
 * same `canReadAudit`): one page of the unit's entries, newest first, narrowed by person, period and action, with
 * names and period codes resolved, action codes labelled in Vietnamese and secret-like fields masked. Returns data;
 * the view words it. Nothing is written.
 */
import { canReadAudit } from '../approval/authorize.js';
import { done, refused, type ActionResult } from '../approval/approval-types.js';
import { activeActor, actorOf } from '../approval/review-target.js';
import type { Tx } from '../store/store.js';
import { auditActionLabel, AUDIT_ACTION_LABELS, maskSecrets } from './audit-labels.js';

/** Entries per page. */
export const AUDIT_PAGE_SIZE = 50;
/** Up to this many people the form offers them by name; a bigger unit (a province) types the person's id. */
export const AUDIT_PEOPLE_PICKER_MAX = 500;

/** What the search form asked for (already validated by the caller). */
export interface AuditSearchInput {
  personId?: number;
  periodCode?: string;
  action?: string;
  /** The last id of the previous page. */
  beforeId?: number;
}

/** One entry as shown. */
export interface AuditRow {
  id: number;
  at: number;
  channel: string | null;
  action: string;
  actionLabel: string;
  /** Null: the system (scheduler, import). */
  actorName: string | null;
  subjectName: string | null;
  periodCode: string | null;
  entity: string;
  /** Secret-like fields masked. */
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** A page of the search with what the form's choices need. */
export interface AuditPage {
  rows: AuditRow[];
  /** The `beforeId` of the next (older) page; null when this is the last one. */
  nextBeforeId: number | null;
  filter: AuditSearchInput;
  /** The people to pick from by name; empty for a unit bigger than {@link AUDIT_PEOPLE_PICKER_MAX} (typed id). */
  people: { id: number; fullName: string }[];
  /** The name of the person filtered on, if any. */
  personName: string | null;
  periods: string[];
  actions: { value: string; label: string }[];
  /** A period code typed that the unit does not have (nothing is listed then). */
  unknownPeriod: boolean;
}

export async function readAuditPage(tx: Tx, actorId: number, filter: AuditSearchInput, pageSize = AUDIT_PAGE_SIZE): Promise<ActionResult<AuditPage>> {
  const me = await activeActor(tx, actorId);
  if (!me) return refused({ code: 'not-allowed' });
  const may = canReadAudit(actorOf(me));
  if (!may.ok) return refused(may.refusal);
  const periods = await tx.periods.list(me.unitId);
  const headcount = (await tx.staff.headcounts(me.unitId)).reduce((n, d) => n + d.members, 0);
  const people =
    headcount <= AUDIT_PEOPLE_PICKER_MAX ? (await tx.staff.listPeople(me.unitId)).map((p) => ({ id: p.id, fullName: p.fullName })) : [];
  const codes = new Map(periods.map((p) => [p.id, p.code]));
  const period = filter.periodCode ? periods.find((p) => p.code === filter.periodCode) : undefined;
  const unknownPeriod = filter.periodCode !== undefined && !period;
  const found = unknownPeriod
    ? []
    : await tx.audit.page({
        unitId: me.unitId,
        personId: filter.personId,
        periodId: period?.id,
        action: filter.action,
        beforeId: filter.beforeId,
        limit: pageSize + 1,
      });
  const shown = found.slice(0, pageSize);
  // Names of the people on this page only (a province has tens of thousands).
  const names = new Map(people.map((p) => [p.id, p.fullName]));
  const wanted = new Set(shown.flatMap((r) => [r.actorPersonId, r.subjectPersonId]));
  if (filter.personId !== undefined) wanted.add(filter.personId);
  for (const id of wanted) {
    if (id === null || names.has(id)) continue;
    const person = await tx.staff.getPerson(id);
    if (person?.unitId === me.unitId) names.set(id, person.fullName);
  }
  const rows = shown.map(
    (r): AuditRow => ({
      id: r.id,
      at: r.at,
      channel: r.channel,
      action: r.action,
      actionLabel: auditActionLabel(r.action),
      actorName: r.actorPersonId === null ? null : (names.get(r.actorPersonId) ?? `#${r.actorPersonId}`),
      subjectName: r.subjectPersonId === null ? null : (names.get(r.subjectPersonId) ?? `#${r.subjectPersonId}`),
      periodCode: r.periodId === null ? null : (codes.get(r.periodId) ?? null),
      entity: `${r.entityType}#${r.entityId}`,
      before: maskSecrets(r.before),
      after: maskSecrets(r.after),
      reason: r.reason,
    }),
  );
  const actions = Object.entries(AUDIT_ACTION_LABELS)
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label, 'vi'));
  return done({
    rows,
    nextBeforeId: found.length > pageSize ? (shown.at(-1)?.id ?? null) : null,
    filter,
    personName: filter.personId === undefined ? null : (names.get(filter.personId) ?? null),
    people: people.sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi')),
    periods: [...periods].reverse().map((p) => p.code),
    actions,
    unknownPeriod,
  });
}
