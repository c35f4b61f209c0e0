/**
 * Read models of the workflow: the progress view (/tiendo), a person's own history (/lichsu) and their finalised
 * results (for /diem and the honour list).
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { auditLog, people, periods, submissions } from '../../db/schema.js';
import { z } from 'zod';
import { pts } from '../conversation/render/format.js';
import type { Db } from '../persistence/open-db.js';
import { criterionById } from '../scoring/compiled.js';
import type { Criterion, Rubric } from '../scoring/rubric-schema.js';
import { rubricOfVersion } from '../persistence/periods-repo.js';
import { localDateOf } from '../scoring/period-calendar.js';
import { selfAssesses } from '../directory/self-assessing.js';
import {
  currentPeriod,
  departmentsOfUnit,
  departmentsWithMembers,
  findPeriodFor,
  listsOfPeriod,
  loadPerson,
  membersOf,
  submissionsOfPeriod,
  type PeriodRow,
} from './approval-repo.js';
import { isLate } from './approval-state.js';
import { done, refused, type ActionContext, type ActionResult } from './approval-types.js';
import { progressScope } from './authorize.js';
import { historyText, progressText, type DepartmentProgressView, type HistoryItem } from './render-lists.js';
import { officeReportOf } from './period-actions.js';
import { criterionLabel } from './render-review.js';
import { actorOf } from './review-actions.js';
import { questionsOf } from './review-score.js';

/** /tiendo: per department, who submitted, who waits for review, who is missing, which lists arrived. */
export function progress(ctx: ActionContext, code: string | null = null): ActionResult<{ period: PeriodRow }> {
  const actor = loadPerson(ctx.db, ctx.actorId);
  if (!actor || !actor.active) return refused('Anh/chị không có quyền xem tiến độ.');
  const leaderOf = departmentsOfUnit(ctx.db, actor.unitId).filter((d) => d.leaderInChargeId === actor.id).map((d) => d.id);
  const scope = progressScope(actorOf(actor), leaderOf);
  if (scope.kind === 'none') return refused('Chỉ Văn phòng, Giám đốc, lãnh đạo phụ trách và Trưởng phòng xem được tiến độ. Xem điểm của mình bằng /diem.');
  const period = code ? findPeriodFor(ctx.db, actor.unitId, code, []) : currentPeriod(ctx.db, actor.unitId);
  if (!period) return refused('Chưa có Quý đánh giá nào.');
  const subs = new Map(submissionsOfPeriod(ctx.db, period.id).map((s) => [s.personId, s]));
  const lists = new Map(listsOfPeriod(ctx.db, period.id).map((l) => [l.departmentId, l]));
  const rubric = rubricOfVersion(ctx.db, period.rubricVersionId);
  const departments = departmentsWithMembers(ctx.db, actor.unitId).filter((d) => scope.kind === 'all' || scope.ids.includes(d.id));
  const views: DepartmentProgressView[] = departments.map((d) => {
    const view: DepartmentProgressView = {
      departmentId: d.id,
      departmentName: d.name,
      approved: [],
      pendingReview: [],
      returned: [],
      missing: [],
      late: [],
      reviewedLate: [],
      listStatus: lists.get(d.id)?.status ?? 'none',
      listLate: lists.get(d.id)?.sentLate ?? false,
    };
    // Only those the period's rubric asks to self-assess (not an admin-only account), as the reminders count them.
    for (const m of membersOf(ctx.db, d.id).filter((x) => selfAssesses(rubric, x.roles))) {
      const s = subs.get(m.id);
      if (!s || s.status === 'draft') view.missing.push(m.fullName);
      else if (s.status === 'approved') view.approved.push(m.fullName);
      else if (s.status === 'submitted') view.pendingReview.push(m.fullName);
      else view.returned.push(m.fullName);
      if (s?.submittedLate) view.late.push(m.fullName);
      if (s?.reviewedLate && s.status !== 'draft') view.reviewedLate.push(m.fullName);
    }
    return view;
  });
  const today = localDateOf(ctx.now);
  const lateStages: string[] = [];
  if (period.status === 'open') {
    if (isLate(today, period.selfDeadline) && views.some((v) => v.missing.length + v.returned.length > 0)) lateStages.push('tự đánh giá');
    if (isLate(today, period.departmentDeadline) && views.some((v) => v.listStatus !== 'sent' && v.listStatus !== 'accepted')) lateStages.push('Trưởng phòng gửi danh sách');
    if (isLate(today, period.officeDeadline)) lateStages.push('Văn phòng trình Giám đốc');
  }
  const text = progressText({
    period,
    deadlines: { self: period.selfDeadline, department: period.departmentDeadline, office: period.officeDeadline },
    lateStages,
    departments: views,
    officeReport: period.status === 'open' ? null : officeReportOf(ctx.db, period.id),
  });
  return done(text, [], { period });
}

/** A person's own history in a period (default: the newest period they have a submission in). */
export function history(db: Db, personId: number, code: string | null = null): string {
  const person = loadPerson(db, personId);
  if (!person) return 'Không tìm thấy thông tin của anh/chị.';
  const period = code
    ? findPeriodFor(db, person.unitId, code, [])
    : (db
        .select({ p: periods })
        .from(submissions)
        .innerJoin(periods, eq(periods.id, submissions.periodId))
        .where(eq(submissions.personId, personId))
        .orderBy(desc(periods.year), desc(periods.quarter))
        .get()?.p ?? null);
  if (!period) return 'Anh/chị chưa có bản tự đánh giá nào.';
  const rubric = rubricOfVersion(db, period.rubricVersionId);
  const questions = questionsOf(rubric, person);
  const rows = db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectPersonId, personId), eq(auditLog.periodId, period.id)))
    .orderBy(asc(auditLog.id))
    .all();
  const periodEvents = db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.periodId, period.id), inArray(auditLog.action, ['period.finalised', 'period.reopened'])))
    .orderBy(asc(auditLog.id))
    .all();
  const names = new Map<number, string>();
  const nameOf = (id: number | null) => {
    if (id === null) return null;
    if (id === personId) return 'Anh/chị';
    if (!names.has(id)) names.set(id, db.select({ n: people.fullName }).from(people).where(eq(people.id, id)).get()?.n ?? `#${id}`);
    return names.get(id) ?? null;
  };
  const items: HistoryItem[] = [...rows, ...periodEvents]
    .filter((r) => r.action.startsWith('submission.') || r.action.startsWith('period.'))
    .sort((a, b) => a.id - b.id)
    .map((r) => ({
      at: r.at,
      action: r.action,
      actorName: r.action.startsWith('period.') ? null : nameOf(r.actorPersonId),
      reason: r.reason,
      detail: detailOf(r.action, r.after, rubric, questions),
    }));
  return historyText(period, items);
}

const afterSchema = z.object({
  criterionId: z.string().optional(),
  total: z.number().optional(),
  reviewedTotal: z.number().optional(),
  selfTotal: z.number().optional(),
  /** Present for people not ranked by points (laborers). */
  passed: z.boolean().optional(),
});

function detailOf(action: string, after: unknown, rubric: Rubric, questions: readonly Criterion[]): string | null {
  const parsed = afterSchema.safeParse(after);
  if (!parsed.success) return null;
  const a = parsed.data;
  if (action === 'submission.adjusted' && a.criterionId !== undefined) {
    const c = criterionById(rubric, a.criterionId);
    return `${c ? criterionLabel(c, questions, 44) : 'một tiêu chí'}${a.total === undefined ? '' : `, tổng còn ${pts(a.total)}`}`;
  }
  const citizen = a.passed === undefined ? null : `Công dân số: ${a.passed ? 'Đạt' : 'Chưa đạt'}`;
  if (action === 'submission.approved' && citizen) return citizen;
  if (action === 'submission.approved' && a.reviewedTotal !== undefined) return pts(a.reviewedTotal);
  if ((action === 'submission.submitted' || action === 'submission.resubmitted') && citizen) return `tự đánh giá ${citizen}`;
  if ((action === 'submission.submitted' || action === 'submission.resubmitted') && a.selfTotal !== undefined) {
    return `tự chấm ${pts(a.selfTotal)}`;
  }
  return null;
}

/** One finalised quarter of a person (official results only). */
export interface FinalResult {
  periodId: number;
  code: string;
  year: number;
  quarter: number;
  total: number;
  band: string | null;
  bandLabel: string | null;
  classified: boolean;
}

/** The person's finalised results, oldest first: what /diem shows as official and what the honour list reads. */
export function myResults(db: Db, personId: number): FinalResult[] {
  return db
    .select({ s: submissions, p: periods })
    .from(submissions)
    .innerJoin(periods, eq(periods.id, submissions.periodId))
    .where(and(eq(submissions.personId, personId), eq(periods.status, 'finalised'), eq(submissions.status, 'approved')))
    .orderBy(asc(periods.year), asc(periods.quarter))
    .all()
    .flatMap(({ s, p }) => {
      if (s.reviewedTotal === null) return [];
      const band = s.band;
      const label = band ? (rubricOfVersion(db, p.rubricVersionId).bands.list.find((b) => b.id === band)?.label ?? null) : null;
      return [{ periodId: p.id, code: p.code, year: p.year, quarter: p.quarter, total: s.reviewedTotal, band, bandLabel: label, classified: s.classified === true }];
    });
}
