/**
 * Award blockers as a service (issue 14 item 3): the office records a disciplinary note, imports a contest's
 * blockers (seed 001, computed by the pure `src/contest/award-blockers.ts`), records seed 000's "không hoàn thành
 * nhiệm vụ" for a quarter without an article, and lifts a record; every honour list and nomination reads
 * {@link blockersByPerson} and shows {@link blockerLine}. Every change is audited.
 */
import type { Actor } from '../approval/authorize.js';
import type { AwardBlocker } from '../contest/award-blockers.js';
import type { AwardBlockerRecord, BlockerSource } from '../store/award-blockers.js';
import type { Tx } from '../store/store.js';
import { reviewedScore, scoreContextOf } from '../approval/review-score.js';
import { canManageBlockers } from './authorize.js';
import { refuse, type AwardResult } from './refusals.js';

type BlockerTx = Pick<Tx, 'awardBlockers' | 'staff' | 'audit'>;
interface Meta {
  now: number;
  channel: string;
}

/** Seed 000 II.3.b / III.2.c: no article in the window → "không hoàn thành nhiệm vụ". */
export const NO_ARTICLE_REASON = 'Không hoàn thành nhiệm vụ (không có bài viết, tin bài được đăng theo quy định)';

export const SOURCE_LABELS: Record<BlockerSource, string> = {
  contest: 'Kết quả hội thi',
  duty: 'Không hoàn thành nhiệm vụ',
  discipline: 'Ghi chú kỷ luật của Văn phòng',
};

export interface BlockerInput {
  personId: number;
  year: number;
  source: BlockerSource;
  sourceRef: string;
  reason: string;
  detail: string | null;
}

/** Records one blocker (idempotent per person, year, source and ref). */
export async function addBlocker(tx: BlockerTx, actor: Actor | null, unitId: string, input: BlockerInput, meta: Meta): Promise<AwardResult<{ id: number; created: boolean }>> {
  if (actor) {
    const may = canManageBlockers(actor);
    if (!may.ok) return may;
  }
  return recordBlocker(tx, actor?.personId ?? null, unitId, input, meta);
}

/** Records one blocker without a role check (the caller has checked: the office, or the contest's organisers). */
async function recordBlocker(tx: BlockerTx, recordedById: number | null, unitId: string, input: BlockerInput, meta: Meta): Promise<AwardResult<{ id: number; created: boolean }>> {
  const person = await tx.staff.getPerson(input.personId);
  if (!person) return refuse({ code: 'not-found', what: 'person' });
  if (person.unitId !== unitId) return refuse({ code: 'other-unit' });
  const reason = input.reason.trim();
  if (reason.length < 5) return refuse({ code: 'invalid', message: 'Cần ghi lý do (ít nhất 5 ký tự).' });
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) return refuse({ code: 'invalid', message: `Năm "${input.year}" không hợp lệ.` });
  const added = await tx.awardBlockers.add({
    unitId,
    personId: input.personId,
    year: input.year,
    source: input.source,
    sourceRef: input.sourceRef,
    reason,
    detail: input.detail,
    recordedById,
    recordedAt: meta.now,
  });
  if (added.created) {
    await tx.audit.record({
      at: meta.now,
      unitId,
      actorPersonId: recordedById,
      channel: meta.channel,
      action: 'award-blocker.add',
      entityType: 'award-blocker',
      entityId: String(added.id),
      subjectPersonId: input.personId,
      after: { year: input.year, source: input.source, sourceRef: input.sourceRef },
      reason,
    });
  }
  return { ok: true, ...added };
}

/** A disciplinary note by the office ("ghi chú kỷ luật"). */
export function addDisciplinaryNote(
  tx: BlockerTx,
  actor: Actor,
  input: { personId: number; year: number; reason: string; ref: string },
  meta: Meta,
): Promise<AwardResult<{ id: number; created: boolean }>> {
  return addBlocker(tx, actor, actor.unitId, { personId: input.personId, year: input.year, source: 'discipline', sourceRef: input.ref, reason: input.reason, detail: null }, meta);
}

/** Seed 000, entered by hand: a quarter without an article ("không hoàn thành nhiệm vụ") keeps the person from that year's awards. */
export function addNoArticle(tx: BlockerTx, actor: Actor, input: { personId: number; quarterCode: string }, meta: Meta): Promise<AwardResult<{ id: number; created: boolean }>> {
  const year = Number(input.quarterCode.slice(0, 4));
  return addBlocker(
    tx,
    actor,
    actor.unitId,
    { personId: input.personId, year, source: 'duty', sourceRef: `${input.quarterCode}:van-phong`, reason: NO_ARTICLE_REASON, detail: `Kỳ ${input.quarterCode}` },
    meta,
  );
}

/** The words of a rubric condition that make its failure "không hoàn thành nhiệm vụ" (seed 000 III.2.c). */
const DUTY_WORDS = 'không hoàn thành nhiệm vụ';

/**
 * Seed 000 from the quarter's agreed answers: every approved self-assessment whose agreed answers fail a condition
 * the rubric words as "không hoàn thành nhiệm vụ" (no article in 6 months, documents not signed) gets a `duty`
 * blocker for the year, with the rubric's own reason. Run by the office once the quarter is finalised.
 */
export async function recordDutyBlockers(
  tx: Tx,
  actor: Actor,
  quarterCode: string,
  meta: Meta,
): Promise<AwardResult<{ created: number; kept: number }>> {
  const may = canManageBlockers(actor);
  if (!may.ok) return may;
  const period = await tx.periods.find(actor.unitId, quarterCode);
  if (!period) return refuse({ code: 'invalid', message: `Đơn vị chưa có kỳ ${quarterCode}.` });
  if (period.status !== 'finalised') return refuse({ code: 'invalid', message: `Kỳ ${quarterCode} chưa được Giám đốc phê duyệt; chỉ ghi nhận theo kết quả đã phê duyệt.` });
  const rubric = await tx.assessment.getRubric(period.rubricVersionId);
  let created = 0;
  let kept = 0;
  for (const sub of await tx.reviews.submissionsOfPeriod(period.id)) {
    if (sub.status !== 'approved') continue;
    const member = await tx.reviews.member(sub.personId);
    if (!member) continue;
    const departmentName = member.departmentId === null ? null : ((await tx.reviews.department(member.departmentId))?.name ?? null);
    const score = reviewedScore(rubric, await tx.reviews.answers(sub.id), scoreContextOf(rubric, { roles: member.roles, departmentName }));
    for (const reason of score.reasons) {
      if (reason.code !== 'condition' || !reason.message.toLowerCase().includes(DUTY_WORDS)) continue;
      const r = await addBlocker(
        tx,
        actor,
        actor.unitId,
        { personId: sub.personId, year: period.year, source: 'duty', sourceRef: `${quarterCode}:${reason.criterionId ?? 'dk'}`, reason: reason.message.replace(/\.$/, ''), detail: `Kỳ ${quarterCode}` },
        meta,
      );
      if (r.ok && r.created) created += 1;
      else if (r.ok) kept += 1;
    }
  }
  return { ok: true, created, kept };
}

/** Seed 001: the contest's blockers (`awardBlockers(contest, results)`), recorded for the contest's unit people. */
export async function importContestBlockers(
  tx: BlockerTx,
  actor: Actor,
  blockers: readonly AwardBlocker[],
  meta: Meta,
): Promise<AwardResult<{ created: number; kept: number; skipped: { personId: string; why: string }[] }>> {
  const may = canManageBlockers(actor);
  if (!may.ok) return may;
  let created = 0;
  let kept = 0;
  const skipped: { personId: string; why: string }[] = [];
  for (const b of blockers) {
    const personId = Number(b.personId);
    if (!Number.isInteger(personId)) {
      skipped.push({ personId: b.personId, why: 'mã người không phải số trong danh bạ' });
      continue;
    }
    const r = await addBlocker(
      tx,
      actor,
      actor.unitId,
      { personId, year: b.year, source: 'contest', sourceRef: contestSourceRef(b.source.contestId, b.source.candidateNumber), reason: b.reason, detail: b.detail },
      meta,
    );
    if (!r.ok) skipped.push({ personId: b.personId, why: r.refusal.code === 'other-unit' ? 'thuộc đơn vị khác' : 'không có trong danh bạ' });
    else if (r.created) created += 1;
    else kept += 1;
  }
  return { ok: true, created, kept, skipped };
}

/** The `source_ref` of a contest blocker: one record per contest and candidate number. */
export function contestSourceRef(contestId: string, candidateNumber: string): string {
  return `${contestId}#${candidateNumber}`;
}

/** Why a contest blocker is lifted when the results are published again and the candidate is no longer below the threshold. */
export const CONTEST_RECOMPUTED_LIFT_REASON = 'Kết quả hội thi được tính lại: không còn dưới ngưỡng điểm xét khen thưởng';

/**
 * Seed 001 at publication: records the contest's blockers (`awardBlockers(contest, results)`) in each candidate's own
 * unit, and lifts this contest's earlier blockers whose candidate is no longer below the threshold (a corrected
 * mark, then publish again). The organisers' role is checked by the caller (`src/contest-service`).
 */
export async function syncContestBlockers(
  tx: BlockerTx,
  recordedById: number | null,
  input: { contestId: string; year: number; blockers: readonly AwardBlocker[]; personIds: readonly number[] },
  meta: Meta,
): Promise<{ created: number; kept: number; lifted: number; skipped: { personId: string; why: string }[] }> {
  let created = 0;
  let kept = 0;
  let lifted = 0;
  const skipped: { personId: string; why: string }[] = [];
  const current = new Set<string>();
  for (const b of input.blockers) {
    const personId = Number(b.personId);
    const person = Number.isInteger(personId) ? await tx.staff.getPerson(personId) : null;
    if (!person) {
      skipped.push({ personId: b.personId, why: 'không có trong danh bạ' });
      continue;
    }
    const base = contestSourceRef(b.source.contestId, b.source.candidateNumber);
    const mine = (await tx.awardBlockers.forYear(person.unitId, b.year)).filter((x) => x.source === 'contest' && (x.sourceRef === base || x.sourceRef.startsWith(`${base}@`)));
    // Below the threshold again after a correction lifted the record: a new record `<ref>@<time>` (the lifted one stays in the history).
    const sourceRef = mine.find((x) => x.lifted === null)?.sourceRef ?? (mine.length === 0 ? base : `${base}@${meta.now}`);
    const r = await recordBlocker(tx, recordedById, person.unitId, { personId, year: b.year, source: 'contest', sourceRef, reason: b.reason, detail: b.detail }, meta);
    current.add(`${person.unitId}|${sourceRef}`);
    if (!r.ok) skipped.push({ personId: b.personId, why: 'không ghi được' });
    else if (r.created) created += 1;
    else kept += 1;
  }
  const units = new Set<string>();
  for (const id of input.personIds) {
    const person = await tx.staff.getPerson(id);
    if (person) units.add(person.unitId);
  }
  const prefix = contestSourceRef(input.contestId, '');
  for (const unitId of units) {
    for (const b of await tx.awardBlockers.forYear(unitId, input.year)) {
      if (b.source !== 'contest' || b.lifted || !b.sourceRef.startsWith(prefix) || current.has(`${unitId}|${b.sourceRef}`)) continue;
      if (!(await tx.awardBlockers.lift(b.id, { at: meta.now, byId: recordedById, reason: CONTEST_RECOMPUTED_LIFT_REASON }))) continue;
      lifted += 1;
      await tx.audit.record({
        at: meta.now,
        unitId,
        actorPersonId: recordedById,
        channel: meta.channel,
        action: 'award-blocker.lift',
        entityType: 'award-blocker',
        entityId: String(b.id),
        subjectPersonId: b.personId,
        before: { source: b.source, reason: b.reason },
        reason: CONTEST_RECOMPUTED_LIFT_REASON,
      });
    }
  }
  return { created, kept, lifted, skipped };
}

/** Lifts a blocker (a note withdrawn, a result corrected), with the reason. */
export async function liftBlocker(tx: BlockerTx, actor: Actor, input: { id: number; reason: string }, meta: Meta): Promise<AwardResult<object>> {
  const may = canManageBlockers(actor);
  if (!may.ok) return may;
  const found = await tx.awardBlockers.get(input.id);
  if (!found) return refuse({ code: 'not-found', what: 'blocker' });
  if (found.unitId !== actor.unitId) return refuse({ code: 'other-unit' });
  if (input.reason.trim().length < 5) return refuse({ code: 'invalid', message: 'Cần ghi lý do gỡ (ít nhất 5 ký tự).' });
  if (!(await tx.awardBlockers.lift(found.id, { at: meta.now, byId: actor.personId, reason: input.reason.trim() }))) return refuse({ code: 'already-lifted' });
  await tx.audit.record({
    at: meta.now,
    unitId: actor.unitId,
    actorPersonId: actor.personId,
    channel: meta.channel,
    action: 'award-blocker.lift',
    entityType: 'award-blocker',
    entityId: String(found.id),
    subjectPersonId: found.personId,
    before: { source: found.source, reason: found.reason },
    reason: input.reason.trim(),
  });
  return { ok: true };
}

/** The year's active (not lifted) blockers, by person. */
export async function blockersByPerson(tx: Pick<Tx, 'awardBlockers'>, unitId: string, year: number): Promise<Map<number, AwardBlockerRecord[]>> {
  const map = new Map<number, AwardBlockerRecord[]>();
  for (const b of await tx.awardBlockers.forYear(unitId, year)) {
    if (b.lifted) continue;
    map.set(b.personId, [...(map.get(b.personId) ?? []), b]);
  }
  return map;
}

/** One line saying why: "Kết quả hội thi: chưa xem xét khen thưởng (Đạt 40/100 điểm …)". */
export function blockerLine(b: Pick<AwardBlockerRecord, 'source' | 'reason' | 'detail'>): string {
  return `${SOURCE_LABELS[b.source]}: ${b.reason}${b.detail ? ` (${b.detail})` : ''}`;
}
