/**
 * An official answers an indicator, and adds evidence to it (issue 13, item 2). The value is checked against the
 * rubric with the scoring's own rules (`answerProblem`: a meeting chaired but not held is refused, dti.8 counts
 * months); an accepted or adjusted indicator is closed until the lead office returns it.
 */
import { criterionById } from '../scoring/compiled.js';
import { answerProblem, pointsFor } from '../scoring/answer-points.js';
import type { AnswerValue } from '../scoring/types.js';
import type { OrgAnswerRecord, OrgEvidenceRecord } from '../store/org-index.js';
import type { Tx } from '../store/store.js';
import { canAnswer, type OrgActor } from './org-roles.js';
import { assigneesOf, type OrgYear } from './org-year.js';
import { refuse, type OrgOutcome } from './refusals.js';

export interface AnswerInput {
  criterionId: string;
  value: AnswerValue;
  /** Month-by-month counts (dti.8), kept for the review. */
  detail?: Record<string, number> | null;
  now: number;
  channel?: string | null;
}

/** Saves the answer; returns the stored row and the points it is worth on its own. */
export async function answerIndicator(
  tx: Tx,
  year: OrgYear,
  actor: OrgActor,
  input: AnswerInput,
): Promise<OrgOutcome<{ answer: OrgAnswerRecord; points: number }>> {
  const { period, rubric } = year;
  const criterion = criterionById(rubric, input.criterionId);
  if (!criterion) return refuse({ code: 'unknown-criterion', criterionId: input.criterionId });
  const allowed = canAnswer(actor, criterion.id, assigneesOf(year, criterion.id), year.calendar.leadRole);
  if (!allowed.ok) return allowed;
  if (period.status !== 'open') return refuse({ code: 'period-state', status: period.status, expected: 'open' });
  const before = year.answers.get(criterion.id) ?? null;
  if (before && (before.status === 'accepted' || before.status === 'adjusted' || before.status === 'not-applicable')) {
    return refuse({ code: 'answer-state', criterionId: criterion.id, status: before.status });
  }
  const ctx = { role: 'office' as const };
  const problem = answerProblem(rubric, criterion, input.value, ctx);
  if (problem !== null) return refuse({ code: 'bad-value', criterionId: criterion.id, message: problem });
  const answer: OrgAnswerRecord = {
    periodId: period.id,
    criterionId: criterion.id,
    value: input.value,
    detail: input.detail ?? null,
    answeredById: actor.personId,
    answeredAt: input.now,
    status: 'answered',
    reviewedValue: null,
    reviewReason: null,
    reviewedById: null,
    reviewedAt: null,
    updatedAt: input.now,
  };
  await tx.orgIndex.putAnswer(answer);
  year.answers.set(criterion.id, answer);
  await tx.audit.record({
    at: input.now,
    unitId: period.unitId,
    actorPersonId: actor.personId,
    channel: input.channel ?? null,
    action: 'org_answer',
    entityType: 'org_answer',
    entityId: `${period.id}:${criterion.id}`,
    periodId: null,
    before: before ? { value: before.value, status: before.status } : null,
    after: { value: input.value, detail: input.detail ?? null },
  });
  return { ok: true, answer, points: pointsFor(rubric, criterion, input.value, ctx) ?? 0 };
}

export type EvidenceInput =
  | { kind: 'link'; url: string }
  | {
      kind: 'file';
      filePath: string;
      sha256: string;
      size: number;
      mime: string;
      originalName: string;
      /** The PDF signature check (null: not a PDF, or the bytes were not available). */
      signed: boolean | null;
    };

/** The stored file name: the indicator's number first, as the seed requires ("đặt tên file theo thứ tự tiêu chí"). */
export function evidenceFileName(criterionId: string, originalName: string): string {
  const name = originalName.trim() || 'minh-chung';
  return name.toLowerCase().startsWith(criterionId.toLowerCase()) ? name : `${criterionId} - ${name}`;
}

export async function addIndicatorEvidence(
  tx: Tx,
  year: OrgYear,
  actor: OrgActor,
  criterionId: string,
  input: EvidenceInput,
  now: number,
  channel?: string | null,
): Promise<OrgOutcome<{ evidence: OrgEvidenceRecord }>> {
  const criterion = criterionById(year.rubric, criterionId);
  if (!criterion) return refuse({ code: 'unknown-criterion', criterionId });
  const allowed = canAnswer(actor, criterion.id, assigneesOf(year, criterion.id), year.calendar.leadRole);
  if (!allowed.ok) return allowed;
  if (year.period.status !== 'open') return refuse({ code: 'period-state', status: year.period.status, expected: 'open' });
  const evidence = await tx.orgIndex.addEvidence({
    periodId: year.period.id,
    criterionId,
    kind: input.kind,
    url: input.kind === 'link' ? input.url : null,
    filePath: input.kind === 'file' ? input.filePath : null,
    sha256: input.kind === 'file' ? input.sha256 : null,
    size: input.kind === 'file' ? input.size : null,
    mime: input.kind === 'file' ? input.mime : null,
    fileName: input.kind === 'file' ? evidenceFileName(criterionId, input.originalName) : null,
    signed: input.kind === 'file' ? input.signed : null,
    addedById: actor.personId,
    createdAt: now,
  });
  await tx.audit.record({
    at: now,
    unitId: year.period.unitId,
    actorPersonId: actor.personId,
    channel: channel ?? null,
    action: 'org_evidence',
    entityType: 'org_answer',
    entityId: `${year.period.id}:${criterionId}`,
    after: { kind: evidence.kind, fileName: evidence.fileName, url: evidence.url, signed: evidence.signed },
  });
  return { ok: true, evidence };
}
