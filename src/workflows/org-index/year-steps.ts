/**
 * The year's steps after the indicators are reviewed (issue 13, item 3): the lead office sends the year up
 * (`/trinhchiso`), the steering committee verifies (`/thamdinhchiso`), the chair approves (`/pheduyetchiso`); the
 * office's initiative count for the bonus (`/sangkienchiso`) and the result anyone in the unit may see
 * (`/ketquachiso`). Indicator review itself is in `reviewing.ts`.
 */
import { fmtPoints, pts } from '../../conversation/render/format.js';
import { initiativeBonusCount } from '../../org-index/initiatives.js';
import { canApprove, canVerify } from '../../org-index/org-roles.js';
import { orgResult } from '../../org-index/org-result.js';
import type { OrgYear } from '../../org-index/org-year.js';
import { assigneesOf } from '../../org-index/org-year.js';
import { statusText } from '../../org-index/refusals.js';
import { setInitiativeCount, submitYear } from '../../org-index/review-year.js';
import { loadScoringRules } from '../../settings/unit-rules.js';
import type { OiCtx } from './context.js';
import { notify, refusal, say, yearAndActor } from './common.js';
import { vnDate } from './render-question.js';


/** `/trinhchiso`: the lead office sends the year to the steering committee. */
export async function submitCommand(ctx: OiCtx): Promise<void> {
  const loaded = await yearAndActor(ctx);
  if (!loaded) return;
  const { year, actor } = loaded;
  const out = await submitYear(ctx.tx, year, actor, { now: ctx.nowMs, channel: ctx.event.channel });
  if (!out.ok) return refusal(ctx, out.refusal);
  notify(ctx, year, out.notices);
  say(ctx, `📨 Đã trình Ban Chỉ đạo chuyển đổi số thẩm định Bộ chỉ số năm ${year.period.year}.`);
  await resultCommand(ctx);
}

/** `/thamdinhchiso`: the result with ✅ / ↩️ for the steering committee. */
export async function verifyCommand(ctx: OiCtx): Promise<void> {
  const loaded = await yearAndActor(ctx);
  if (!loaded) return;
  const { year, actor } = loaded;
  const allowed = canVerify(actor);
  if (!allowed.ok) return refusal(ctx, allowed.refusal);
  if (year.period.status !== 'submitted') return refusal(ctx, { code: 'period-state', status: year.period.status, expected: 'submitted' });
  const nonce = ctx.newNonce();
  ctx.replies.push({
    kind: 'choices',
    text: `${await resultText(ctx, year)}\n\nBan Chỉ đạo kiểm tra, thẩm định số liệu:`,
    choices: [
      { label: '✅ Thẩm định đạt', payload: `oi:${nonce}:vok` },
      { label: '↩️ Trả lại', payload: `oi:${nonce}:vret` },
    ],
    columns: 2,
  });
}

/** `/pheduyetchiso`: the chair approves. */
export async function approveCommand(ctx: OiCtx): Promise<void> {
  const loaded = await yearAndActor(ctx);
  if (!loaded) return;
  const { year, actor } = loaded;
  const allowed = canApprove(actor);
  if (!allowed.ok) return refusal(ctx, allowed.refusal);
  if (year.period.status !== 'verified') return refusal(ctx, { code: 'period-state', status: year.period.status, expected: 'verified' });
  const nonce = ctx.newNonce();
  ctx.replies.push({
    kind: 'choices',
    text: `${await resultText(ctx, year)}\n\nPhê duyệt kết quả (hạn ${vnDate(year.calendar.approval.to)}):`,
    choices: [{ label: '✅ Phê duyệt', payload: `oi:${nonce}:apr` }],
  });
}

/** `/sangkienchiso 2`: the office enters the initiatives the council recognised (seed 004 bonus). */
export async function initiativesCommand(ctx: OiCtx, args: string): Promise<void> {
  const loaded = await yearAndActor(ctx);
  if (!loaded) return;
  const n = Number(args.trim());
  if (args.trim() === '' || !Number.isInteger(n)) {
    say(ctx, 'Cách dùng: /sangkienchiso <số sáng kiến, mô hình được Hội đồng công nhận> — ví dụ /sangkienchiso 1');
    return;
  }
  const out = await setInitiativeCount(ctx.tx, loaded.year, loaded.actor, n, { now: ctx.nowMs, channel: ctx.event.channel });
  if (!out.ok) return refusal(ctx, out.refusal);
  say(ctx, `Đã ghi ${n} sáng kiến, mô hình được công nhận.`);
}

/** `/ketquachiso`: the year's total, percent and band (everyone in the unit may see the unit's index). */
export async function resultCommand(ctx: OiCtx): Promise<void> {
  const loaded = await yearAndActor(ctx);
  if (!loaded) return;
  say(ctx, await resultText(ctx, loaded.year));
}

async function resultText(ctx: OiCtx, year: OrgYear): Promise<string> {
  const settings = await loadScoringRules(ctx.tx, year.period.unitId);
  const { score, withBonus } = orgResult(year, settings, await initiativeBonusCount(ctx.tx, year.period));
  const lines = [
    `📊 Bộ chỉ số DTI năm ${year.period.year} — ${statusText(year.period.status)}`,
    `Tổng điểm: ${fmtPoints(score.total)}/${fmtPoints(score.max)} (${fmtPoints(score.percent)}%) — ${score.bandLabel ?? 'chưa xếp loại'}`,
  ];
  if (withBonus) lines.push(`Điểm thưởng sáng kiến: +${fmtPoints(withBonus.bonus)} (${withBonus.recognisedInitiatives} sáng kiến) → ${pts(withBonus.total)}${withBonus.capped ? ' (giới hạn ở điểm tối đa)' : ''}`);
  if (score.notApplicable.length > 0) lines.push(`Không đánh giá: ${score.notApplicable.join(', ')}`);
  if (score.missing.length > 0) lines.push(`Chưa có điểm: ${score.missing.length} chỉ số (${score.missing.slice(0, 10).join(', ')}${score.missing.length > 10 ? '…' : ''})`);
  for (const s of year.rubric.sections) {
    if (score.sections[s.id] !== undefined) lines.push(`• ${s.title}: ${fmtPoints(score.sections[s.id] ?? 0)}`);
  }
  const unassigned = year.rubric.criteria.filter((c) => assigneesOf(year, c.id).length === 0).length;
  if (unassigned > 0 && year.period.status === 'open') lines.push(`⚠️ ${unassigned} chỉ số chưa giao cho ai (/giaochiso).`);
  return lines.join('\n');
}
