/**
 * Proposing a nominee (issue 14 item 4) and completing the nomination: the checklist answers and the signed file.
 * Each returns the nomination with its computed eligibility, so the caller can say at once why someone would be
 * left out. Role-checked (`src/awards/authorize.ts`) and audited.
 */
import type { Actor } from '../approval/authorize.js';
import { canNominate } from '../awards/authorize.js';
import { refuse, type AwardResult } from '../awards/refusals.js';
import { invalidDateText, isLocalDate } from '../scoring/period-calendar.js';
import type { NominationRecord, NominationScheme, NomineeKind } from '../store/nominations.js';
import type { Tx } from '../store/store.js';
import { checklistFor } from './criteria.js';
import type { Eligibility } from './eligibility.js';
import { eligibilityOf, type EligibilityTx } from './load-facts.js';
import { hasSignatureDictionary, isPdf } from './pdf-signature.js';
import { createHash } from 'node:crypto';

type NominateTx = EligibilityTx & Pick<Tx, 'nominations' | 'staff' | 'audit'>;
interface Meta {
  now: number;
  channel: string;
}

export interface NominationInput {
  year: number;
  scheme: NominationScheme;
  award: string;
  nominee: { kind: 'person'; personId: number } | { kind: 'department'; departmentId: number } | { kind: 'enterprise'; name: string };
}

export type NominationView = { nomination: NominationRecord; eligibility: Eligibility };

export async function proposeNomination(tx: NominateTx, actor: Actor, input: NominationInput, meta: Meta): Promise<AwardResult<NominationView>> {
  const award = input.award.trim();
  if (award.length < 3) return refuse({ code: 'invalid', message: 'Cần ghi hình thức khen thưởng (ví dụ: Bằng khen của Chủ tịch UBND tỉnh).' });
  let kind: NomineeKind = input.nominee.kind;
  let personId: number | null = null;
  let departmentId: number | null = null;
  let name: string;
  if (input.nominee.kind === 'person') {
    const p = await tx.staff.getPerson(input.nominee.personId);
    if (!p) return refuse({ code: 'not-found', what: 'person' });
    if (p.unitId !== actor.unitId) return refuse({ code: 'other-unit' });
    personId = p.id;
    departmentId = p.departmentId;
    name = p.fullName;
  } else if (input.nominee.kind === 'department') {
    const id = input.nominee.departmentId;
    const d = (await tx.staff.listDepartments(actor.unitId)).find((x) => x.id === id);
    if (!d) return refuse({ code: 'not-found', what: 'department' });
    departmentId = d.id;
    name = `Tập thể ${d.name}`;
  } else {
    name = input.nominee.name.trim();
    kind = 'enterprise';
    if (name.length < 3) return refuse({ code: 'invalid', message: 'Cần ghi tên doanh nghiệp.' });
  }
  const may = canNominate(actor, { departmentId: kind === 'enterprise' ? null : departmentId });
  if (!may.ok) return may;
  const id = await tx.nominations.create({
    unitId: actor.unitId,
    year: input.year,
    scheme: input.scheme,
    award,
    nomineeKind: kind,
    personId,
    departmentId,
    initiativeId: null,
    nomineeName: name,
    proposedById: actor.personId,
    now: meta.now,
  });
  await tx.audit.record({
    at: meta.now,
    unitId: actor.unitId,
    actorPersonId: actor.personId,
    channel: meta.channel,
    action: 'nomination.propose',
    entityType: 'nomination',
    entityId: String(id),
    subjectPersonId: personId,
    after: { year: input.year, scheme: input.scheme, award, kind },
  });
  return view(tx, id);
}

/** The nomination and its eligibility as of now. */
export async function view(tx: NominateTx, id: number): Promise<AwardResult<NominationView>> {
  const nomination = await tx.nominations.get(id);
  if (!nomination) return refuse({ code: 'not-found', what: 'nomination' });
  return { ok: true, nomination, eligibility: await eligibilityOf(tx, nomination) };
}

async function target(tx: NominateTx, actor: Actor, id: number): Promise<AwardResult<{ nomination: NominationRecord }>> {
  const nomination = await tx.nominations.get(id);
  if (!nomination) return refuse({ code: 'not-found', what: 'nomination' });
  if (nomination.unitId !== actor.unitId) return refuse({ code: 'other-unit' });
  const may = canNominate(actor, { departmentId: nomination.departmentId });
  if (!may.ok) return may;
  return { ok: true, nomination };
}

/** Answers one criterion of the checklist (the council judges it). */
export async function answerCriterion(
  tx: NominateTx,
  actor: Actor,
  input: { nominationId: number; criterionId: string; answer: string; evidence: string[] },
  meta: Meta,
): Promise<AwardResult<NominationView>> {
  const t = await target(tx, actor, input.nominationId);
  if (!t.ok) return t;
  const n = t.nomination;
  const criteria = checklistFor(n.scheme, n.nomineeKind);
  if (!criteria.some((c) => c.id === input.criterionId)) {
    return refuse({ code: 'invalid', message: `Tiêu chí "${input.criterionId}" không có trong danh mục (${criteria.map((c) => c.id).join(', ') || 'không có tiêu chí định tính'}).` });
  }
  if (input.answer.trim().length < 5) return refuse({ code: 'invalid', message: 'Cần mô tả thành tích (ít nhất 5 ký tự).' });
  const checklist = [...n.checklist.filter((a) => a.criterionId !== input.criterionId), { criterionId: input.criterionId, answer: input.answer.trim(), evidence: input.evidence }];
  await tx.nominations.setChecklist(n.id, checklist);
  await tx.audit.record({
    at: meta.now,
    unitId: actor.unitId,
    actorPersonId: actor.personId,
    channel: meta.channel,
    action: 'nomination.checklist',
    entityType: 'nomination',
    entityId: String(n.id),
    subjectPersonId: n.personId,
    after: { criterionId: input.criterionId, evidence: input.evidence.length },
  });
  return view(tx, n.id);
}

/**
 * Records the file as sent: the PDF's signature presence is checked here (never claimed as verified), the day it
 * was sent and whether all four documents are in it.
 */
export async function attachFile(
  tx: NominateTx,
  actor: Actor,
  input: { nominationId: number; name: string; bytes: Uint8Array; sentOn: string; complete: boolean },
  meta: Meta,
): Promise<AwardResult<NominationView>> {
  const t = await target(tx, actor, input.nominationId);
  if (!t.ok) return t;
  if (!isLocalDate(input.sentOn)) return refuse({ code: 'invalid', message: invalidDateText('Ngày gửi', input.sentOn) });
  if (!isPdf(input.bytes)) return refuse({ code: 'invalid', message: 'Hồ sơ phải là tệp PDF (đã ký số).' });
  const file = {
    name: input.name,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    size: input.bytes.byteLength,
    sentOn: input.sentOn,
    signed: hasSignatureDictionary(input.bytes),
    complete: input.complete,
  };
  await tx.nominations.setFile(t.nomination.id, file);
  await tx.audit.record({
    at: meta.now,
    unitId: actor.unitId,
    actorPersonId: actor.personId,
    channel: meta.channel,
    action: 'nomination.file',
    entityType: 'nomination',
    entityId: String(t.nomination.id),
    subjectPersonId: t.nomination.personId,
    before: t.nomination.file,
    after: file,
  });
  return view(tx, t.nomination.id);
}
