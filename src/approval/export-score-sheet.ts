/**
 * Score sheets for the office's document system, in the layout of seed 000 Phụ lục 01 ("BẢNG ĐIỂM ĐÁNH GIÁ THEO
 * CÁC TIÊU CHÍ"): one sheet per department — rows are the criteria (STT, Tiêu chí đánh giá, Điểm tối đa), one
 * column per member with the AGREED (reviewed) value (reviewer adjustments marked in Ghi chú), then Tổng điểm, Xếp
 * loại (with the reason when not classified), Xếp hạng, Trạng thái, and the department mean in its own block — plus
 * the unit's leadership (director, deputy directors: no department) on a sheet of their own, a unit summary
 * ("Tổng hợp") with every person's total, band, rank and the department means, and on every sheet the place/date
 * line and the signatures (Người lập biểu, Thủ trưởng đơn vị). A finalised quarter is frozen: see `membersByGroup`.
 *
 * Built as plain rows first (`buildScoreSheet`, read through the repositories), then written as XLSX
 * (`write-excel-file/node`) or CSV (UTF-8 with BOM, sheets one after another, each headed by `# <tên sheet>`).
 * This file reads: the period, the people of each group and their agreed scores; the rows' layout is
 * `score-sheet-rows.ts` and the XLSX/CSV writing `score-sheet-file.ts`.
 */
import { rankedByPoints } from '../directory/self-assessing.js';
import { departmentArticleLines } from './department-article.js';
import { departmentConditionStatuses, scoreWithDepartmentConditions } from '../results/index.js';
import { localDateOf } from '../scoring/period-calendar.js';
import type { Rubric } from '../scoring/rubric-schema.js';
import { answerableCriteria } from '../scoring/role-criteria.js';
import type { PeriodRecord } from '../store/periods.js';
import type { MemberRecord } from '../store/reviews.js';
import type { Tx } from '../store/store.js';
import { LEADERSHIP_NAME, leadershipOf } from './leadership.js';
import { readSnapshot } from './list-snapshot.js';
import { findPeriodFor } from './period-queries.js';
import { loadScoringRules } from '../settings/unit-rules.js';
import { effectiveAnswers, reviewedScore, scoreContextOf } from './review-score.js';
import { uniqueNames, type SheetRows } from './score-sheet-file.js';
import { groupSheet, summarySheet, type Group, type PersonScore } from './score-sheet-rows.js';

export interface ScoreSheetInput {
  unitId: string;
  periodCode: string;
  /** Only this department (by name, case-insensitive, or id). */
  department?: string;
  /** The date line of the signature block when the period is not finalised (default: now). */
  now?: Date;
}

export class ExportError extends Error {
  override name = 'ExportError';
}

/**
 * Builds the workbook's sheets (department sheets, then the unit summary unless one department is asked for).
 * Reads only: call with `store.read((tx) => buildScoreSheet(tx, input))`.
 */
export async function buildScoreSheet(
  tx: Pick<Tx, 'reviews' | 'periods' | 'assessment' | 'settings' | 'departmentConditions'>,
  input: ScoreSheetInput,
): Promise<SheetRows[]> {
  const period = await findPeriodFor(tx, input.unitId, input.periodCode, []);
  if (!period) throw new ExportError(`Không có kỳ ${input.periodCode} của đơn vị ${input.unitId}.`);
  const rubric = await tx.assessment.getRubric(period.rubricVersionId);
  const settings = await loadScoringRules(tx, input.unitId, period.code);
  const subs = new Map((await tx.reviews.submissionsOfPeriod(period.id)).map((s) => [s.personId, s]));
  const departmentStatuses = departmentConditionStatuses(rubric, await tx.departmentConditions.forPeriod(period.id));
  const groups: Group[] = [];
  for (const g of await membersByGroup(tx, period, input.unitId, rubric)) {
    if (input.department !== undefined && g.departmentId === null) continue;
    const scores: PersonScore[] = [];
    for (const person of g.members) {
      const s = subs.get(person.id);
      const ctx = scoreContextOf(rubric, person, settings);
      const criteria = new Set(answerableCriteria(rubric, ctx).map((c) => c.id));
      const late = { submittedLate: s?.submittedLate ?? false, reviewedLate: s?.reviewedLate ?? false };
      if (!s || s.status !== 'approved') {
        const empty = { values: {}, adjusted: new Map(), departmentReason: null, ownDutyNotCompleted: false };
        scores.push({ person, status: s?.status ?? 'missing', ...late, score: null, criteria, ...empty });
        continue;
      }
      const rows = await tx.reviews.answers(s.id);
      const adjusted = new Map(rows.filter((r) => r.reviewedValue !== null).map((r) => [r.criterionId, { self: r.value, reviewed: r.reviewedValue }]));
      // Seed 000 III.2.c under `members-too`: the same rule as the results (a department without its article).
      const own = reviewedScore(rubric, rows, ctx);
      const ranked = rankedByPoints(rubric, person.roles) || own.passFail === null;
      const member = scoreWithDepartmentConditions(own, { ranked, departmentId: g.departmentId }, rubric, departmentStatuses, settings);
      scores.push({
        person,
        status: 'approved',
        ...late,
        score: member.score,
        values: effectiveAnswers(rows),
        criteria,
        adjusted,
        departmentReason: member.departmentReason,
        ownDutyNotCompleted: own.dutyNotCompleted,
      });
    }
    groups.push({ name: g.name, departmentId: g.departmentId, scores });
  }
  if (input.department !== undefined) {
    const wanted = input.department.trim().toLowerCase();
    const found = groups.filter((g) => g.name.toLowerCase() === wanted || String(g.departmentId) === wanted);
    if (found.length === 0) throw new ExportError(`Không có phòng "${input.department}" (có người) trong đơn vị.`);
    groups.splice(0, groups.length, ...found);
  }
  const signedOn = localDateOf(period.status === 'finalised' && period.finalisedAt !== null ? new Date(period.finalisedAt) : (input.now ?? new Date()));
  // Seed 000 II.3.b: each department's own article of the quarter ("chưa khai báo" when the head has not answered).
  const article = await departmentArticleLines(tx, period);
  const sheets = groups.map((g) => groupSheet(rubric, period, g, signedOn, settings, article));
  if (input.department === undefined) sheets.push(summarySheet(rubric, period, groups, signedOn, settings, article));
  return uniqueNames(sheets);
}

/**
 * Who the sheet lists. An open (or reported) period: the departments' current active members, and the unit's
 * leadership. A FINALISED period is frozen as the director approved it: each department lists the people of its
 * list as the office accepted it (the list's snapshot, which every department of a finalised period has: the
 * period cannot be reported before every list is accepted), so people imported, moved or deactivated afterwards
 * change nothing; the leadership (who send no list) are those in the directory before `finalisedAt`.
 */
async function membersByGroup(
  tx: Pick<Tx, 'reviews'>,
  period: PeriodRecord,
  unitId: string,
  rubric: Rubric,
): Promise<{ name: string; departmentId: number | null; members: MemberRecord[] }[]> {
  const frozenAt = period.status === 'finalised' ? period.finalisedAt : null;
  const out: { name: string; departmentId: number | null; members: MemberRecord[] }[] = [];
  const snapshots = frozenAt === null ? [] : (await tx.reviews.listsOfPeriod(period.id)).map((l) => readSnapshot(l.snapshot));
  if (frozenAt !== null && snapshots.length > 0 && snapshots.every((x) => x !== null)) {
    for (const snap of snapshots.filter((x) => x !== null).sort((a, b) => a.departmentId - b.departmentId)) {
      const members: MemberRecord[] = [];
      for (const e of snap.entries) {
        const m = await tx.reviews.member(e.personId);
        if (m) members.push(m);
      }
      if (members.length > 0) out.push({ name: snap.departmentName, departmentId: snap.departmentId, members });
    }
  } else {
    for (const d of await tx.reviews.departmentsWithMembers(unitId)) {
      const members = (await tx.reviews.membersOf(d.id)).filter((m) => frozenAt === null || m.createdAt <= frozenAt);
      if (members.length > 0) out.push({ name: d.name, departmentId: d.id, members });
    }
  }
  const leaders = (await leadershipOf(tx, unitId, rubric)).filter((m) => frozenAt === null || m.createdAt <= frozenAt);
  if (leaders.length > 0) out.push({ name: LEADERSHIP_NAME, departmentId: null, members: leaders });
  return out;
}
