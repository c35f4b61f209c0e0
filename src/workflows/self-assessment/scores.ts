/** `/diem`: my scores this quarter and this year. */
import { fmtPeriod, localDate, pts } from '../../conversation/render/format.js';
import { citizenLine, titleLabel } from '../../conversation/render/pass-fail.js';
import { yearScore } from '../../scoring/aggregate.js';
import { isRankedRole } from '../../scoring/role-criteria.js';
import { classificationLabel, scoreAnswers } from '../../scoring/score.js';
import type { SaCtx } from './context.js';
import { scoreOf } from './notify.js';
import { assessmentRole } from '../../directory/self-assessing.js';
import { loadScoringRules } from '../../settings/unit-rules.js';
import type { UnitSettings, YearScoreMethod } from '../../scoring/unit-settings.js';
import type { Rubric } from '../../scoring/rubric-schema.js';
import { departmentConditionStatuses, scoreWithDepartmentConditions, type DepartmentConditionStatus } from '../../results/index.js';
import { openSession } from './session.js';

const STATUS = { draft: 'đang làm', submitted: 'đã nộp', returned: 'bị trả lại', approved: 'đã duyệt' } as const;

/**
 * `/diem`: each quarter of the year with its state — "tạm tính" (draft or submitted, the person's own answers),
 * "đã duyệt" (approved by the reviewer, waiting for the director) or "chính thức" (the period is finalised) — and
 * the year's mean of the quarters with points. People not ranked by points (laborers) see their Công dân số
 * pass/fail instead of points; those quarters count in no mean.
 */
export async function scoresCommand(ctx: SaCtx): Promise<void> {
  const opened = await openSession(ctx, false);
  const period = opened.ok ? opened.session.period : await ctx.tx.assessment.openPeriodFor(ctx.person.unitId);
  const year = period?.year ?? Number(localDate(ctx.nowMs).slice(0, 4));
  const rows = await ctx.tx.assessment.scoresOf(ctx.person.id, year);
  const lines = [`📊 Điểm của anh/chị năm ${year}`];
  const counted: Counted[] = [];
  let passFailQuarters = 0;
  for (const row of rows) {
    const quarter = fmtPeriod(year, row.quarter);
    const rubric = await ctx.tx.assessment.getRubric(row.rubricVersionId);
    const role = assessmentRole(ctx.person.roles, rubric);
    const settings = await loadScoringRules(ctx.tx, ctx.person.unitId, row.code);
    const scoreCtx = { role: role ?? 'staff', departmentName: ctx.person.departmentName, settings };
    const official = row.periodStatus === 'finalised' && row.status === 'approved';
    if (row.periodStatus === 'finalised' && !official) {
      lines.push(
        `• ${quarter}: không có điểm chính thức, vì khi Giám đốc phê duyệt kết quả, bản tự đánh giá của anh/chị chưa được duyệt (trạng thái lúc đó: ${STATUS[row.status]}).`,
      );
      continue;
    }
    const isCurrent = opened.ok && row.periodId === opened.session.period.id;
    const live = isCurrent && opened.ok && row.status !== 'approved' ? scoreOf(opened.session) : null;
    const kind = official ? 'chính thức' : row.status === 'approved' ? 'đã duyệt, chờ Giám đốc phê duyệt' : `tạm tính, ${STATUS[row.status]}`;
    // A laborer who volunteered the Chiến binh số part (unit rule `accept-and-rank`) is scored by points.
    const passFailScore = role && !isRankedRole(rubric, role) ? (live ?? scoreAnswers(rubric, row.answers, scoreCtx)) : null;
    if (passFailScore?.passFail) {
      passFailQuarters += 1;
      const score = passFailScore;
      // The person reads the titles of the criteria they miss, not the rubric's codes.
      if (score.passFail) lines.push(`• ${quarter}: ${citizenLine(score.passFail, titleLabel(rubric))} (${kind})`);
      continue;
    }
    const total = row.reviewedTotal ?? live?.total ?? row.selfTotal;
    if (total === null) {
      lines.push(`• ${quarter}: chưa có điểm (${STATUS[row.status]})`);
      continue;
    }
    // A failed Công dân số criterion or an unmet condition: not classified, and the quarter counts 0 in the year
    // (seed 000 III.2.c: "Chỉ tính điểm làm căn cứ xếp loại khi …"); the reason tells the two apart.
    // Under `departmentArticle: members-too` a department without its article leaves its members unclassified,
    // read by the same rule as the results (src/results/department-conditions.ts).
    const own = role ? (live ?? scoreAnswers(rubric, row.answers, scoreCtx)) : null;
    const statuses = await departmentStatuses(ctx, rubric, row.periodId, settings);
    const member = own ? scoreWithDepartmentConditions(own, { ranked: true, departmentId: ctx.person.departmentId }, rubric, statuses, settings) : null;
    const score = member?.score ?? null;
    if (score && (score.gateFailed || score.dutyNotCompleted)) {
      counted.push({ quarter: row.quarter, total: 0, official, notClassified: quarter });
      lines.push(`• ${quarter}: ${pts(total)} (${kind}) — ${lowerFirst(member?.departmentReason ?? classificationLabel(score))}`);
      continue;
    }
    counted.push({ quarter: row.quarter, total, official });
    const bandLabel = row.band ? (rubric.bands.list.find((b) => b.id === row.band)?.label ?? row.band) : null;
    const band = live ? (live.classified ? live.bandLabel : null) : bandLabel;
    lines.push(`• ${quarter}: ${pts(total)} (${kind})${band ? ` — ${band}` : ''}`);
  }
  if (rows.length === 0) lines.push('Chưa có bản tự đánh giá nào trong năm.');
  const line = yearLine(counted, (await loadScoringRules(ctx.tx, ctx.person.unitId)).yearScore);
  if (line) lines.push(line);
  else if (passFailQuarters > 0) lines.push('Anh/chị đánh giá theo nhóm Công dân số (đạt/chưa đạt), không tính điểm năm.');
  ctx.replies.push({ kind: 'text', text: lines.join('\n') });
}

/** The departments' conditions of the period, read only when the unit's rule makes them count for members. */
async function departmentStatuses(
  ctx: SaCtx,
  rubric: Rubric,
  periodId: number,
  settings: UnitSettings,
): Promise<ReadonlyMap<number, DepartmentConditionStatus> | undefined> {
  if (settings.departmentArticle !== 'members-too' || rubric.departmentConditions.length === 0) return undefined;
  return departmentConditionStatuses(rubric, await ctx.tx.departmentConditions.forPeriod(periodId));
}

interface Counted {
  quarter: number;
  total: number;
  official: boolean;
  /** The quarter's name when it is not classified (failed gate or unmet condition): counted as 0 in the year. */
  notClassified?: string;
}

/**
 * The year score, seed 000 III.2.a: (Quý I + Quý II + Quý III + Quý IV) / 4, a quarter without points counting 0
 * (so skipping a quarter never raises it). Official once every quarter counted is official and the year's last
 * quarter is among them (the year is closed); provisional until then.
 */
function yearLine(counted: readonly Counted[], method: YearScoreMethod): string | null {
  const score = yearScore(counted.map((c) => c.total), method);
  if (score === null) return null;
  const officialCount = counted.filter((c) => c.official).length;
  const missing = 4 - counted.length;
  const zero = counted.flatMap((c) => (c.notClassified ? [c.notClassified] : []));
  const notClassified = zero.length > 0 ? `, ${zero.join(', ')} không xếp loại nên tính 0 điểm` : '';
  const of =
    method === '/4'
      ? `tổng điểm 4 Quý chia 4${missing > 0 ? `, ${missing} Quý chưa có điểm tính 0 điểm` : ''}${notClassified}`
      : `trung bình ${counted.length} Quý có điểm theo thiết lập của đơn vị${notClassified}`;
  if (officialCount === counted.length && counted.some((c) => c.quarter === 4)) {
    return `Điểm năm chính thức: ${pts(score)} (${of}; đã được Giám đốc phê duyệt)`;
  }
  const official = officialCount > 0 ? `; ${officialCount} Quý chính thức` : '';
  return `Điểm năm tạm tính: ${pts(score)} (${of}${official}; chính thức khi cả năm được Giám đốc phê duyệt)`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
