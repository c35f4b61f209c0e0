/** `/diem` (my scores this quarter and this year) and `/tiendo` (progress by department). */
import { openSession } from './assessment/session.js';
import { scoreOf } from './assessment/notify.js';
import { yearScore } from '../scoring/aggregate.js';
import { fmtPeriod, localDate, pts } from './render/format.js';
import { T } from './render/texts.js';
import type { LinkedContext } from './step-context.js';

const STATUS = { draft: 'đang làm', submitted: 'đã nộp', returned: 'bị trả lại', approved: 'đã duyệt' } as const;

export function scoresCommand(ctx: LinkedContext): void {
  const opened = openSession(ctx, false);
  const period = opened.ok ? opened.session.period : ctx.ports.assessment.openPeriodFor(ctx.person.unitId);
  const year = period?.year ?? Number(localDate(ctx.nowMs).slice(0, 4));
  const rubric = period ? ctx.ports.assessment.getRubric(period.rubricVersionId) : null;
  const bandLabel = (id: string | null) => (id ? (rubric?.bands.list.find((b) => b.id === id)?.label ?? id) : null);
  const rows = ctx.ports.assessment.scoresOf(ctx.person.id, year);
  const lines = [`📊 Điểm của anh/chị năm ${year}`];
  const totals: number[] = [];
  for (const row of rows) {
    const isCurrent = opened.ok && row.periodId === opened.session.period.id;
    const live = isCurrent && opened.ok && row.status !== 'approved' ? scoreOf(opened.session) : null;
    const total = row.reviewedTotal ?? live?.total ?? row.selfTotal;
    if (total === null) {
      lines.push(`• ${fmtPeriod(year, row.quarter)}: chưa có điểm (${STATUS[row.status]})`);
      continue;
    }
    totals.push(total);
    const band = live ? (live.classified ? live.bandLabel : null) : bandLabel(row.band);
    const kind = row.status === 'approved' ? 'đã duyệt' : `tạm tính, ${STATUS[row.status]}`;
    lines.push(`• ${fmtPeriod(year, row.quarter)}: ${pts(total)} (${kind})${band ? ` — ${band}` : ''}`);
  }
  if (rows.length === 0) lines.push('Chưa có bản tự đánh giá nào trong năm.');
  const yearTotal = yearScore(totals);
  if (yearTotal !== null) {
    const note = totals.length < 4 ? ` (trung bình ${totals.length}/4 Quý đã có điểm)` : ' (trung bình 4 Quý)';
    lines.push(`Điểm năm tạm tính: ${pts(yearTotal)}${note}`);
  }
  ctx.replies.push({ kind: 'text', text: lines.join('\n') });
}

export function progressCommand(ctx: LinkedContext): void {
  const period = ctx.ports.assessment.openPeriodFor(ctx.person.unitId);
  if (!period) {
    ctx.replies.push({ kind: 'text', text: T.noPeriod });
    return;
  }
  const rows = ctx.ports.assessment.progressByDepartment(period.id);
  const lines = [`📈 Tiến độ tự đánh giá ${fmtPeriod(period.year, period.quarter)}`];
  let members = 0;
  let done = 0;
  for (const r of rows) {
    const submitted = r.submitted + r.approved;
    members += r.members;
    done += submitted;
    const notYet = r.members - submitted - r.returned;
    lines.push(
      `• ${r.departmentName ?? 'Chưa thuộc phòng'}: đã nộp ${submitted}/${r.members}` +
        ` (đã duyệt ${r.approved}, trả lại ${r.returned}, chưa nộp ${notYet})`,
    );
  }
  lines.push(`Toàn đơn vị: ${done}/${members} đã nộp. Hạn tự đánh giá: ${period.selfDeadline.split('-').reverse().join('/')}.`);
  ctx.replies.push({ kind: 'text', text: lines.join('\n') });
}
