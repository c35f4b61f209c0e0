/**
 * The council's decision as a step (issue 14 item 5): the office (the council's secretary) or the director opens a
 * meeting of the Hội đồng thi đua – khen thưởng with its members and date, records each nominee's decision
 * (approved or not, with votes when the unit records them) and closes it; the minutes come from the same records
 * (`minutesLines`, and the DOCX of item 6). A nominee whose computed eligibility fails (a blocker, seed 002's rule,
 * seed 004's registration or file) cannot be approved: the refusal says why. Every step is audited.
 *
 * Seed 000's December council (III.3): `proposeYearAwards` puts the year's "Cá nhân xuất sắc" (top band of the year
 * results, blocked people left out with the reason), "Đơn vị tiên tiến" (the best department) and "Sáng kiến đổi
 * mới" (the initiatives recognised that year) before it.
 */
import type { Actor } from '../approval/authorize.js';
import { canRecordCouncil } from '../awards/authorize.js';
import { refuse, type AwardResult } from '../awards/refusals.js';
import { fmtDate } from '../conversation/render/format.js';
import { EXCELLENT_LABEL, type LeftOut } from '../honours/compute-honours.js';
import { loadHonourBoard } from '../honours/load-board.js';
import { recognisedInitiatives } from '../initiatives/recognised-initiatives.js';
import { invalidDateText, isLocalDate } from '../scoring/period-calendar.js';
import type { CouncilMember, CouncilRecord, NominationRecord } from '../store/nominations.js';
import type { Tx } from '../store/store.js';
import { eligibilityOf } from './load-facts.js';

export const ADVANCED_UNIT_LABEL = 'Đơn vị tiên tiến';
export const INITIATIVE_AWARD_LABEL = 'Sáng kiến đổi mới';

interface Meta {
  now: number;
  channel: string;
}

export async function openCouncil(
  tx: Pick<Tx, 'nominations' | 'audit'>,
  actor: Actor,
  input: { year: number; meetingDate: string; members: CouncilMember[]; minutesNumber: string | null },
  meta: Meta,
): Promise<AwardResult<{ id: number }>> {
  const may = canRecordCouncil(actor);
  if (!may.ok) return may;
  if (!isLocalDate(input.meetingDate)) return refuse({ code: 'invalid', message: invalidDateText('Ngày họp', input.meetingDate) });
  if (input.members.length < 3) return refuse({ code: 'invalid', message: 'Hội đồng cần ít nhất 3 thành viên (Chủ tịch, Thư ký, Ủy viên).' });
  const id = await tx.nominations.createCouncil({
    unitId: actor.unitId,
    year: input.year,
    meetingDate: input.meetingDate,
    members: input.members,
    minutesNumber: input.minutesNumber,
    createdById: actor.personId,
    createdAt: meta.now,
  });
  await tx.audit.record({
    at: meta.now,
    unitId: actor.unitId,
    actorPersonId: actor.personId,
    channel: meta.channel,
    action: 'council.open',
    entityType: 'council',
    entityId: String(id),
    after: { year: input.year, meetingDate: input.meetingDate, members: input.members.length },
  });
  return { ok: true, id };
}

async function openTarget(tx: Pick<Tx, 'nominations'>, actor: Actor, councilId: number): Promise<AwardResult<{ council: CouncilRecord }>> {
  const may = canRecordCouncil(actor);
  if (!may.ok) return may;
  const council = await tx.nominations.getCouncil(councilId);
  if (!council) return refuse({ code: 'not-found', what: 'council' });
  if (council.unitId !== actor.unitId) return refuse({ code: 'other-unit' });
  if (council.closedAt !== null) return refuse({ code: 'council-closed' });
  return { ok: true, council };
}

export async function decideNomination(
  tx: Pick<Tx, 'nominations' | 'audit' | 'awardBlockers' | 'initiatives' | 'registrations'>,
  actor: Actor,
  input: { councilId: number; nominationId: number; approved: boolean; votesFor?: number | null; votesAgainst?: number | null; note?: string | null },
  meta: Meta,
): Promise<AwardResult<{ nomination: NominationRecord }>> {
  const t = await openTarget(tx, actor, input.councilId);
  if (!t.ok) return t;
  const n = await tx.nominations.get(input.nominationId);
  if (!n) return refuse({ code: 'not-found', what: 'nomination' });
  if (n.unitId !== actor.unitId || n.year !== t.council.year) return refuse({ code: 'other-unit' });
  for (const v of [input.votesFor, input.votesAgainst]) {
    if (v !== undefined && v !== null && (!Number.isInteger(v) || v < 0 || v > t.council.members.length)) {
      return refuse({ code: 'invalid', message: `Số phiếu phải từ 0 đến ${t.council.members.length} (số thành viên Hội đồng).` });
    }
  }
  if (input.approved) {
    const eligibility = await eligibilityOf(tx, n);
    if (!eligibility.eligible) return refuse({ code: 'invalid', message: `Không thể thông qua ${n.nomineeName}: ${eligibility.reasons.join(' ')}` });
  }
  const decision = {
    councilId: t.council.id,
    approved: input.approved,
    votesFor: input.votesFor ?? null,
    votesAgainst: input.votesAgainst ?? null,
    note: input.note?.trim() || null,
    decidedAt: meta.now,
  };
  await tx.nominations.decide(n.id, decision);
  await tx.audit.record({
    at: meta.now,
    unitId: actor.unitId,
    actorPersonId: actor.personId,
    channel: meta.channel,
    action: input.approved ? 'council.approve' : 'council.reject',
    entityType: 'nomination',
    entityId: String(n.id),
    subjectPersonId: n.personId,
    before: n.decision,
    after: decision,
    reason: decision.note,
  });
  return { ok: true, nomination: { ...n, decision } };
}

export async function closeCouncil(tx: Pick<Tx, 'nominations' | 'audit'>, actor: Actor, councilId: number, meta: Meta): Promise<AwardResult<object>> {
  const t = await openTarget(tx, actor, councilId);
  if (!t.ok) return t;
  await tx.nominations.closeCouncil(councilId, meta.now);
  await tx.audit.record({
    at: meta.now,
    unitId: actor.unitId,
    actorPersonId: actor.personId,
    channel: meta.channel,
    action: 'council.close',
    entityType: 'council',
    entityId: String(councilId),
  });
  return { ok: true };
}

/**
 * Seed 000's December: puts the year's candidates before the council as `cbs-000` nominations (once each; a second
 * call adds only what is new). Needs the year's Q4 finalised by the director.
 */
export async function proposeYearAwards(
  tx: Tx,
  actor: Actor,
  year: number,
  meta: Meta,
): Promise<AwardResult<{ created: NominationRecord[]; leftOut: LeftOut[] }>> {
  const may = canRecordCouncil(actor);
  if (!may.ok) return may;
  const loaded = await loadHonourBoard(tx, { unitId: actor.unitId, kind: 'year', periodCode: String(year) });
  if (!loaded.board) {
    return refuse({
      code: 'invalid',
      message: loaded.reason === 'no_period' ? `Đơn vị chưa có kỳ ${year}-Q4.` : `Kỳ ${year}-Q4 chưa được Giám đốc phê duyệt; chưa thể tổng hợp kết quả năm.`,
    });
  }
  const board = loaded.board;
  const existing = await tx.nominations.list(actor.unitId, year);
  const has = (award: string, key: (n: NominationRecord) => boolean) => existing.some((n) => n.scheme === 'cbs-000' && n.award === award && key(n));
  const created: NominationRecord[] = [];
  const create = async (input: Omit<Parameters<Tx['nominations']['create']>[0], 'unitId' | 'year' | 'scheme' | 'proposedById' | 'now'>) => {
    const id = await tx.nominations.create({ ...input, unitId: actor.unitId, year, scheme: 'cbs-000', proposedById: actor.personId, now: meta.now });
    const n = await tx.nominations.get(id);
    if (n) created.push(n);
  };
  for (const e of board.topBand?.entries ?? []) {
    if (has(EXCELLENT_LABEL, (n) => n.personId === e.personId)) continue;
    const person = await tx.staff.getPerson(e.personId);
    await create({ award: EXCELLENT_LABEL, nomineeKind: 'person', personId: e.personId, departmentId: person?.departmentId ?? null, initiativeId: null, nomineeName: e.fullName });
  }
  if (board.bestDepartment) {
    const departments = await tx.staff.listDepartments(actor.unitId);
    for (const name of [board.bestDepartment.name, ...board.bestDepartment.tiedWith]) {
      const d = departments.find((x) => x.name === name);
      if (!d || has(ADVANCED_UNIT_LABEL, (n) => n.departmentId === d.id)) continue;
      await create({ award: ADVANCED_UNIT_LABEL, nomineeKind: 'department', personId: null, departmentId: d.id, initiativeId: null, nomineeName: `Tập thể ${d.name}` });
    }
  }
  for (const i of await recognisedInitiatives(tx, { unitId: actor.unitId, year })) {
    if (has(INITIATIVE_AWARD_LABEL, (n) => n.initiativeId === i.id)) continue;
    await create({ award: INITIATIVE_AWARD_LABEL, nomineeKind: 'initiative', personId: null, departmentId: i.departmentId, initiativeId: i.id, nomineeName: i.title });
  }
  await tx.audit.record({
    at: meta.now,
    unitId: actor.unitId,
    actorPersonId: actor.personId,
    channel: meta.channel,
    action: 'council.propose-year',
    entityType: 'year',
    entityId: String(year),
    after: { created: created.map((n) => n.id), leftOut: board.leftOut.map((l) => l.personId) },
  });
  return { ok: true, created, leftOut: board.leftOut };
}

/** The year's awards the council approved, by award. */
export async function yearAwards(tx: Pick<Tx, 'nominations'>, unitId: string, year: number): Promise<Map<string, NominationRecord[]>> {
  const map = new Map<string, NominationRecord[]>();
  for (const n of await tx.nominations.list(unitId, year)) {
    if (n.decision?.approved !== true) continue;
    map.set(n.award, [...(map.get(n.award) ?? []), n]);
  }
  return map;
}

/** The minutes' body as lines (Vietnamese): who met, when, and each decision with its votes. */
export function minutesLines(council: CouncilRecord, decided: readonly NominationRecord[]): string[] {
  const lines = [
    `Thời gian: ngày ${fmtDate(council.meetingDate)}.`,
    `Thành phần Hội đồng (${council.members.length} thành viên): ${council.members.map((m) => `${m.name} — ${m.role}`).join('; ')}.`,
    'Kết quả xét:',
  ];
  decided
    .filter((n) => n.decision?.councilId === council.id)
    .forEach((n, i) => {
      const d = n.decision;
      if (!d) return;
      const votes = d.votesFor !== null ? ` (${d.votesFor}/${council.members.length} phiếu đồng ý${d.votesAgainst !== null ? `, ${d.votesAgainst} không đồng ý` : ''})` : '';
      lines.push(`${i + 1}. ${n.nomineeName} — ${n.award}: ${d.approved ? 'Thống nhất đề nghị' : 'Không đề nghị'}${votes}${d.note ? `. ${d.note}` : ''}.`);
    });
  return lines;
}
