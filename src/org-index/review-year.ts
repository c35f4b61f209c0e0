/**
 * The lead office's review of each indicator (accept / adjust with a reason / return), "không đánh giá" marks,
 * and the year's chain: sent for verification → verified by the steering committee → approved by the chair
 * (issue 13, item 3). Every change is audited; each outcome says whom to tell (`notices`, rendered by the caller).
 */
import { criterionById } from '../scoring/compiled.js';
import { answerProblem } from '../scoring/answer-points.js';
import type { AnswerValue } from '../scoring/types.js';
import type { OrgAnswerRecord, OrgPeriodRecord } from '../store/org-index.js';
import type { Tx } from '../store/store.js';
import { canApprove, canLead, canVerify, type OrgActor } from './org-roles.js';
import { assigneesOf, type OrgYear } from './org-year.js';
import { refuse, type OrgOutcome } from './refusals.js';

/** Someone to tell, and what happened (the workflow renders it). */
export type OrgNotice =
  | { kind: 'returned'; personId: number; criterionId: string; reason: string }
  | { kind: 'adjusted'; personId: number; criterionId: string; reason: string }
  | { kind: 'submitted'; personId: number; year: number }
  | { kind: 'verified'; personId: number; year: number }
  | { kind: 'verification-returned'; personId: number; year: number; reason: string }
  | { kind: 'approved'; personId: number; year: number };

export type ReviewAction = { action: 'accept' } | { action: 'return'; reason: string } | { action: 'adjust'; value: AnswerValue; reason: string };

interface Stamp {
  now: number;
  channel?: string | null;
}

export async function reviewIndicator(
  tx: Tx,
  year: OrgYear,
  actor: OrgActor,
  criterionId: string,
  review: ReviewAction,
  stamp: Stamp,
): Promise<OrgOutcome<{ answer: OrgAnswerRecord; notices: OrgNotice[] }>> {
  const lead = canLead(actor, year.calendar.leadRole);
  if (!lead.ok) return lead;
  const criterion = criterionById(year.rubric, criterionId);
  if (!criterion) return refuse({ code: 'unknown-criterion', criterionId });
  if (year.period.status !== 'open') return refuse({ code: 'period-state', status: year.period.status, expected: 'open' });
  const before = year.answers.get(criterionId);
  if (!before || before.status === 'not-applicable' || before.status === 'returned') {
    return before ? refuse({ code: 'answer-state', criterionId, status: before.status }) : refuse({ code: 'no-answer', criterionId });
  }
  if (review.action !== 'accept' && review.reason.trim() === '') return refuse({ code: 'reason-required' });
  if (review.action === 'adjust') {
    const problem = answerProblem(year.rubric, criterion, review.value, { role: 'office' });
    if (problem !== null) return refuse({ code: 'bad-value', criterionId, message: problem });
  }
  const answer: OrgAnswerRecord = {
    ...before,
    status: review.action === 'accept' ? 'accepted' : review.action === 'adjust' ? 'adjusted' : 'returned',
    reviewedValue: review.action === 'adjust' ? review.value : null,
    reviewReason: review.action === 'accept' ? null : review.reason.trim(),
    reviewedById: actor.personId,
    reviewedAt: stamp.now,
    updatedAt: stamp.now,
  };
  await tx.orgIndex.putAnswer(answer);
  year.answers.set(criterionId, answer);
  await audit(tx, year.period, actor, stamp, `org_review_${review.action}`, `${year.period.id}:${criterionId}`, {
    before: { status: before.status, value: before.value, reviewedValue: before.reviewedValue },
    after: { status: answer.status, reviewedValue: answer.reviewedValue },
    reason: answer.reviewReason,
  });
  const notices: OrgNotice[] = [];
  if (review.action !== 'accept') {
    const to = new Set([...(before.answeredById !== null ? [before.answeredById] : []), ...assigneesOf(year, criterionId)]);
    to.delete(actor.personId);
    for (const personId of to) notices.push({ kind: review.action === 'return' ? 'returned' : 'adjusted', personId, criterionId, reason: review.reason.trim() });
  }
  return { ok: true, answer, notices };
}

/**
 * Marks an indicator "không đánh giá" (or takes the mark off with `on: false`). Only indicators the seed allows
 * (`notApplicableWhen`: dti.1, dti.25, dti.40) may be marked; they leave the maximum instead of counting 0.
 */
export async function markNotApplicable(
  tx: Tx,
  year: OrgYear,
  actor: OrgActor,
  criterionId: string,
  on: boolean,
  reason: string,
  stamp: Stamp,
): Promise<OrgOutcome<{ answer: OrgAnswerRecord | null }>> {
  const lead = canLead(actor, year.calendar.leadRole);
  if (!lead.ok) return lead;
  const criterion = criterionById(year.rubric, criterionId);
  if (!criterion) return refuse({ code: 'unknown-criterion', criterionId });
  if (criterion.notApplicableWhen === undefined) return refuse({ code: 'not-applicable-refused', criterionId });
  if (year.period.status !== 'open') return refuse({ code: 'period-state', status: year.period.status, expected: 'open' });
  if (on && reason.trim() === '') return refuse({ code: 'reason-required' });
  const before = year.answers.get(criterionId) ?? null;
  let answer: OrgAnswerRecord | null;
  if (on) {
    answer = {
      periodId: year.period.id,
      criterionId,
      value: before?.value ?? null,
      detail: before?.detail ?? null,
      answeredById: before?.answeredById ?? null,
      answeredAt: before?.answeredAt ?? null,
      status: 'not-applicable',
      reviewedValue: null,
      reviewReason: reason.trim(),
      reviewedById: actor.personId,
      reviewedAt: stamp.now,
      updatedAt: stamp.now,
    };
  } else {
    if (!before || before.status !== 'not-applicable') return refuse({ code: 'answer-state', criterionId, status: before?.status ?? 'answered' });
    answer = { ...before, status: before.value === null ? 'returned' : 'answered', reviewReason: null, reviewedById: null, reviewedAt: null, updatedAt: stamp.now };
  }
  await tx.orgIndex.putAnswer(answer);
  year.answers.set(criterionId, answer);
  await audit(tx, year.period, actor, stamp, on ? 'org_not_applicable' : 'org_not_applicable_off', `${year.period.id}:${criterionId}`, {
    before: before ? { status: before.status } : null,
    after: { status: answer.status },
    reason: on ? reason.trim() : null,
  });
  return { ok: true, answer };
}

/** Indicators not closed yet (not accepted, adjusted or marked), in rubric order. */
export function openIndicators(year: Pick<OrgYear, 'rubric' | 'answers'>): string[] {
  return year.rubric.criteria
    .filter((c) => {
      const s = year.answers.get(c.id)?.status;
      return s !== 'accepted' && s !== 'adjusted' && s !== 'not-applicable';
    })
    .map((c) => c.id);
}

/** The lead office sends the year to the steering committee once every indicator is reviewed or marked. */
export async function submitYear(tx: Tx, year: OrgYear, actor: OrgActor, stamp: Stamp): Promise<OrgOutcome<{ period: OrgPeriodRecord; notices: OrgNotice[] }>> {
  const lead = canLead(actor, year.calendar.leadRole);
  if (!lead.ok) return lead;
  if (year.period.status !== 'open') return refuse({ code: 'period-state', status: year.period.status, expected: 'open' });
  const missing = openIndicators(year);
  if (missing.length > 0) return refuse({ code: 'not-ready', missing });
  const period = await tx.orgIndex.updatePeriod(year.period.id, { status: 'submitted', submittedById: actor.personId, submittedAt: stamp.now });
  await audit(tx, year.period, actor, stamp, 'org_period_submit', String(period.id), { before: { status: 'open' }, after: { status: 'submitted' } });
  year.period = period;
  const notices = holders(year, ['steering', 'chair'], actor).map((personId) => ({ kind: 'submitted' as const, personId, year: period.year }));
  return { ok: true, period, notices };
}

/** The steering committee verifies the data (or returns the year to the lead office with a reason). */
export async function verifyYear(
  tx: Tx,
  year: OrgYear,
  actor: OrgActor,
  decision: { ok: true } | { ok: false; reason: string },
  stamp: Stamp,
): Promise<OrgOutcome<{ period: OrgPeriodRecord; notices: OrgNotice[] }>> {
  const allowed = canVerify(actor);
  if (!allowed.ok) return allowed;
  if (year.period.status !== 'submitted') return refuse({ code: 'period-state', status: year.period.status, expected: 'submitted' });
  if (!decision.ok && decision.reason.trim() === '') return refuse({ code: 'reason-required' });
  const status = decision.ok ? 'verified' : 'open';
  const period = await tx.orgIndex.updatePeriod(year.period.id, {
    status,
    verifiedById: decision.ok ? actor.personId : null,
    verifiedAt: decision.ok ? stamp.now : null,
  });
  await audit(tx, year.period, actor, stamp, decision.ok ? 'org_period_verify' : 'org_period_verify_return', String(period.id), {
    before: { status: 'submitted' },
    after: { status },
    reason: decision.ok ? null : decision.reason.trim(),
  });
  year.period = period;
  const notices: OrgNotice[] = decision.ok
    ? holders(year, ['chair'], actor).map((personId) => ({ kind: 'verified' as const, personId, year: period.year }))
    : [...new Set([year.period.submittedById ?? -1].filter((id) => id > 0 && id !== actor.personId))].map((personId) => ({
        kind: 'verification-returned' as const,
        personId,
        year: period.year,
        reason: decision.reason.trim(),
      }));
  return { ok: true, period, notices };
}

/** The chair approves the verified results (seed 003: in December). */
export async function approveYear(tx: Tx, year: OrgYear, actor: OrgActor, stamp: Stamp): Promise<OrgOutcome<{ period: OrgPeriodRecord; notices: OrgNotice[] }>> {
  const allowed = canApprove(actor);
  if (!allowed.ok) return allowed;
  if (year.period.status !== 'verified') return refuse({ code: 'period-state', status: year.period.status, expected: 'verified' });
  const period = await tx.orgIndex.updatePeriod(year.period.id, { status: 'approved', approvedById: actor.personId, approvedAt: stamp.now });
  await audit(tx, year.period, actor, stamp, 'org_period_approve', String(period.id), { before: { status: 'verified' }, after: { status: 'approved' } });
  year.period = period;
  const to = new Set([period.submittedById, period.verifiedById].filter((id): id is number => id !== null && id !== actor.personId));
  return { ok: true, period, notices: [...to].map((personId) => ({ kind: 'approved' as const, personId, year: period.year })) };
}

/** The lead office assigns an indicator to people of the unit (replacing the list; several people allowed). */
export async function assignIndicator(
  tx: Tx,
  year: OrgYear,
  actor: OrgActor,
  criterionId: string,
  personIds: readonly number[],
  stamp: Stamp,
): Promise<OrgOutcome<{ personIds: number[] }>> {
  const lead = canLead(actor, year.calendar.leadRole);
  if (!lead.ok) return lead;
  if (!criterionById(year.rubric, criterionId)) return refuse({ code: 'unknown-criterion', criterionId });
  if (year.period.status !== 'open') return refuse({ code: 'period-state', status: year.period.status, expected: 'open' });
  for (const id of personIds) {
    const p = await tx.staff.getPerson(id);
    if (!p || p.unitId !== year.period.unitId || !p.active) return refuse({ code: 'unknown-person', who: `#${id}` });
  }
  const before = assigneesOf(year, criterionId);
  const ids = [...new Set(personIds)];
  await tx.orgIndex.setAssignees(year.period.id, criterionId, ids, actor.personId, stamp.now);
  year.assignments = [...year.assignments.filter((a) => a.criterionId !== criterionId), ...ids.map((personId) => ({ criterionId, personId, assignedById: actor.personId, assignedAt: stamp.now }))];
  await audit(tx, year.period, actor, stamp, 'org_assign', `${year.period.id}:${criterionId}`, { before: { people: before }, after: { people: ids } });
  return { ok: true, personIds: ids };
}

/** The office enters the number of initiatives the council recognised (seed 004 bonus), until a register exists. */
export async function setInitiativeCount(tx: Tx, year: OrgYear, actor: OrgActor, count: number, stamp: Stamp): Promise<OrgOutcome<{ period: OrgPeriodRecord }>> {
  const lead = canLead(actor, year.calendar.leadRole);
  if (!lead.ok) return lead;
  if (!Number.isInteger(count) || count < 0) return refuse({ code: 'bad-value', criterionId: 'sáng kiến', message: 'Cần một số nguyên không âm.' });
  if (year.period.status === 'approved') return refuse({ code: 'period-state', status: year.period.status, expected: 'open' });
  const period = await tx.orgIndex.updatePeriod(year.period.id, { initiativeCount: count });
  await audit(tx, year.period, actor, stamp, 'org_initiatives', String(period.id), { before: { count: year.period.initiativeCount }, after: { count } });
  year.period = period;
  return { ok: true, period };
}

function holders(year: Pick<OrgYear, 'officials'>, codes: readonly string[], actor: OrgActor): number[] {
  return [...new Set(year.officials.filter((o) => codes.includes(o.code) && o.personId !== actor.personId).map((o) => o.personId))];
}

async function audit(
  tx: Tx,
  period: OrgPeriodRecord,
  actor: OrgActor,
  stamp: Stamp,
  action: string,
  entityId: string,
  change: { before: unknown; after: unknown; reason?: string | null },
): Promise<void> {
  await tx.audit.record({
    at: stamp.now,
    unitId: period.unitId,
    actorPersonId: actor.personId,
    channel: stamp.channel ?? null,
    action,
    entityType: entityId.includes(':') ? 'org_answer' : 'org_period',
    entityId,
    before: change.before,
    after: change.after,
    reason: change.reason ?? null,
  });
}
