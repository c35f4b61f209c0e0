/**
 * A department's list: the agreed score of every member (members who did not submit are listed as such), frozen
 * into `department_lists.snapshot` when the head sends it, and refreshed when the head corrects a sent list.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { departmentLists } from '../../db/schema.js';
import { criterionTitle } from '../conversation/render/pass-fail.js';
import type { Notification } from '../conversation/types.js';
import { recordAudit } from '../persistence/audit.js';
import { rubricOfVersion } from '../persistence/periods-repo.js';
import { bandFor, departmentMean } from '../scoring/aggregate.js';
import { holdersOf, listOf, loadDepartment, membersOf, submissionsOfPeriod, type PeriodRow } from './approval-repo.js';
import type { ActionContext } from './approval-types.js';
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
  /** Mean of the classified members' agreed totals (seed 000 collective score). */
  mean: z.number().nullable(),
});
export type ListSnapshot = z.infer<typeof listSnapshotSchema>;

/** The department's current agreed scores. */
export function buildSnapshot(ctx: Pick<ActionContext, 'db'>, period: PeriodRow, departmentId: number): ListSnapshot {
  const dept = loadDepartment(ctx.db, departmentId);
  const rubric = rubricOfVersion(ctx.db, period.rubricVersionId);
  const subs = new Map(submissionsOfPeriod(ctx.db, period.id).map((s) => [s.personId, s]));
  const entries: ListEntry[] = membersOf(ctx.db, departmentId).map((p) => {
    const s = subs.get(p.id);
    const approved = s?.status === 'approved' && s.reviewedTotal !== null;
    const band = approved ? s.band : null;
    // Laborers are not ranked by points: listed as Đạt/Chưa đạt, without a total (never "0đ").
    const passFail = approved && s.classified !== true ? storedPassFail(ctx.db, rubric, p, s.id) : null;
    return {
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
    };
  });
  const mean = departmentMean(
    entries.flatMap((e) => (e.total !== null ? [{ total: e.total, classified: e.classified === true }] : [])),
  );
  return { departmentId, departmentName: dept?.name ?? '', entries, mean };
}

/** Band label of a total (for a department mean shown next to the bands). */
export function bandLabelOf(period: PeriodRow, ctx: Pick<ActionContext, 'db'>, total: number | null): string | null {
  if (total === null) return null;
  return bandFor(rubricOfVersion(ctx.db, period.rubricVersionId), total)?.label ?? null;
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
export function refreshSentList(ctx: ActionContext, period: PeriodRow, departmentId: number | null): Notification[] {
  if (departmentId === null) return [];
  const list = listOf(ctx.db, period.id, departmentId);
  if (!list || list.status !== 'sent') return [];
  const before = readSnapshot(list.snapshot);
  const after = buildSnapshot(ctx, period, departmentId);
  ctx.db.update(departmentLists).set({ snapshot: after }).where(eq(departmentLists.id, list.id)).run();
  recordAudit(ctx.db, {
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
  return holdersOf(ctx.db, period.unitId, 'office').map((id) => ({
    personId: id,
    dedupeKey: `list-corrected:${list.id}:${ctx.now.getTime()}`,
    purpose: 'notice',
    messages: [{ kind: 'text', text: `ℹ️ Danh sách ${after.departmentName} (đã gửi Văn phòng) vừa được điều chỉnh. Gõ /tiepnhan để xem bản mới.` }],
  }));
}

function brief(e: ListEntry) {
  return { personId: e.personId, status: e.status, total: e.total, band: e.band, passed: e.passFail ? e.passFail.notMet.length === 0 : undefined };
}
