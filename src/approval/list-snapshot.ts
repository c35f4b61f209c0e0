/**
 * A department's list: the agreed score of every member (members who did not submit are listed as such), frozen
 * into the list's snapshot when the head sends it, and refreshed when a reviewer corrects a member of a sent list.
 */
import { z } from 'zod';
import { criterionTitle } from '../conversation/render/pass-fail.js';
import { rankedByPoints } from '../directory/self-assessing.js';
import { departmentMean } from '../scoring/aggregate.js';
import type { PeriodRecord } from '../store/periods.js';
import type { Tx } from '../store/store.js';
import type { ActionContext } from './approval-types.js';
import { noticesTo, type ApprovalNotice } from './notices.js';
import { loadScoringRules } from '../settings/unit-rules.js';
import { storedPassFail } from './review-score.js';

export const LIST_ENTRY_STATUSES = ['approved', 'submitted', 'returned', 'draft', 'missing'] as const;

export const listEntrySchema = z.object({
  personId: z.number().int(),
  fullName: z.string(),
  /** `missing`: no submission at all; `draft`: started, never sent. */
  status: z.enum(LIST_ENTRY_STATUSES),
  /** Agreed total (approved entries only). */
  total: z.number().nullable(),
  band: z.string().nullable(),
  bandLabel: z.string().nullable(),
  classified: z.boolean().nullable(),
  submittedLate: z.boolean(),
  /** The review happened after the department deadline (absent in snapshots taken before it was recorded). */
  reviewedLate: z.boolean().optional(),
  /** For members not ranked by points (laborers), approved: their Công dân số pass/fail (and no total). */
  passFail: z.object({ met: z.number().int(), of: z.number().int(), notMet: z.array(z.string()) }).nullable().optional(),
  /** Short titles of `passFail.notMet`, same order: the list names criteria, not codes (absent in older snapshots). */
  notMetTitles: z.array(z.string()).optional(),
});
export type ListEntry = z.infer<typeof listEntrySchema>;

export const listSnapshotSchema = z.object({
  departmentId: z.number().int(),
  departmentName: z.string(),
  entries: z.array(listEntrySchema),
  /** Seed 000 collective score: the mean of the members ranked by points, a member without a score counting 0. */
  mean: z.number().nullable(),
});
export type ListSnapshot = z.infer<typeof listSnapshotSchema>;

type SnapshotTx = Pick<Tx, 'reviews' | 'assessment' | 'settings'>;

/** The department's current agreed scores. */
export async function buildSnapshot(tx: SnapshotTx, period: PeriodRecord, departmentId: number): Promise<ListSnapshot> {
  const dept = await tx.reviews.department(departmentId);
  const rubric = await tx.assessment.getRubric(period.rubricVersionId);
  const settings = await loadScoringRules(tx, period.unitId, period.code);
  const subs = new Map((await tx.reviews.submissionsOfPeriod(period.id)).map((s) => [s.personId, s]));
  const entries: ListEntry[] = [];
  const members = await tx.reviews.membersOf(departmentId);
  for (const p of members) {
    const s = subs.get(p.id);
    const approved = s?.status === 'approved' && s.reviewedTotal !== null;
    const band = approved ? s.band : null;
    // Laborers are not ranked by points: listed as Đạt/Chưa đạt, without a total (never "0đ").
    const passFail = approved && s.classified !== true ? await storedPassFail(tx, rubric, p, s.id, settings) : null;
    entries.push({
      personId: p.id,
      fullName: p.fullName,
      status: s ? s.status : 'missing',
      total: approved && !passFail ? s.reviewedTotal : null,
      band,
      bandLabel: band ? (rubric.bands.list.find((b) => b.id === band)?.label ?? null) : null,
      classified: approved ? (s.classified ?? false) : null,
      submittedLate: s?.submittedLate ?? false,
      reviewedLate: s?.reviewedLate ?? false,
      passFail,
      ...(passFail ? { notMetTitles: passFail.notMet.map((id) => criterionTitle(rubric, id)) } : {}),
    });
  }
  // Seed 000 III.2.b: the mean of the members ranked by points; one without an approved, classified score counts 0.
  const mean = departmentMean(
    entries.map((e, i) => ({
      total: e.total ?? 0,
      classified: e.total !== null && e.classified === true,
      ranked: rankedByPoints(rubric, members[i]?.roles ?? []) || (e.total !== null && e.total > 0),
    })),
    { method: settings.departmentScore },
  );
  return { departmentId, departmentName: dept?.name ?? '', entries, mean };
}

/** Parses a stored snapshot (JSON column), or null when absent or unreadable. */
export function readSnapshot(value: unknown): ListSnapshot | null {
  const parsed = listSnapshotSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * After a reviewer changed a member's score: if the department's list is already with the office (sent, not yet
 * accepted), its snapshot is refreshed, the correction audited and the office told.
 */
export async function refreshSentList(
  tx: Pick<Tx, 'reviews' | 'assessment' | 'audit' | 'settings'>,
  ctx: ActionContext,
  period: PeriodRecord,
  departmentId: number | null,
): Promise<ApprovalNotice[]> {
  if (departmentId === null) return [];
  const list = await tx.reviews.listOf(period.id, departmentId);
  if (!list || list.status !== 'sent') return [];
  const before = readSnapshot(list.snapshot);
  const after = await buildSnapshot(tx, period, departmentId);
  await tx.reviews.updateList(list.id, { snapshot: after });
  await tx.audit.record({
    at: ctx.now.getTime(),
    unitId: period.unitId,
    actorPersonId: ctx.actorId,
    channel: ctx.channel,
    action: 'list.corrected',
    entityType: 'department_list',
    entityId: String(list.id),
    periodId: period.id,
    before: before ? { mean: before.mean, entries: before.entries.map(brief) } : null,
    after: { mean: after.mean, entries: after.entries.map(brief) },
  });
  const office = await tx.reviews.holdersOf(period.unitId, 'office');
  return noticesTo(office, `list-corrected:${list.id}:${ctx.now.getTime()}`, 'notice', { type: 'list-corrected', departmentName: after.departmentName });
}

function brief(e: ListEntry) {
  return { personId: e.personId, status: e.status, total: e.total, band: e.band, passed: e.passFail ? e.passFail.notMet.length === 0 : undefined };
}
