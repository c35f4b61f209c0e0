/**
 * The lead office's review, the steering committee's verification and the chair's approval in chat (issue 13,
 * item 3), over the services of `src/org-index/review-year.ts` (the same role checks as the CLI).
 *
 * `/duyetchiso` shows the next indicator waiting for review with ✅ Chấp nhận / ✏️ Điều chỉnh / ↩️ Trả lại
 * (and ⊘ Không đánh giá where the seed allows it); adjusting and returning ask for a reason in a dialog. The buttons of
 * the year's later steps land here too; their commands are in `year-steps.ts`.
 */
import { fold, parseTypedAnswer } from '../../conversation/parse-answer.js';
import type { Choice } from '../../conversation/types.js';
import { normalisePhone } from '../../directory/phone.js';
import { signatureText } from '../../org-index/pdf-signature.js';
import { canLead, canVerify } from '../../org-index/org-roles.js';
import { statusText } from '../../org-index/refusals.js';
import { approveYear, assignIndicator, markNotApplicable, openIndicators, reviewIndicator, verifyYear } from '../../org-index/review-year.js';
import { criterionById } from '../../scoring/compiled.js';
import { levelChoicesFor } from '../../scoring/answer-points.js';
import { criterionExpectation } from '../self-assessment/question.js';
import type { OiCtx } from './context.js';
import type { OiDialog } from './dialog.js';
import { resultCommand, submitCommand } from './year-steps.js';
import { notify, refusal, say, yearAndActor } from './common.js';
import { describeOrgValue } from './render-question.js';

type ReasonDialog = Extract<OiDialog, { kind: 'reason' }>;

/** `/duyetchiso [dti.6]`: the next indicator waiting for the lead office (or the one named). */
export async function reviewCommand(ctx: OiCtx, args: string): Promise<void> {
  const loaded = await yearAndActor(ctx);
  if (!loaded) return;
  const { year, actor } = loaded;
  const lead = canLead(actor, year.calendar.leadRole);
  if (!lead.ok) return refusal(ctx, lead.refusal);
  const wanted = args.trim();
  const waiting = year.rubric.criteria.filter((c) => year.answers.get(c.id)?.status === 'answered');
  const criterion = wanted ? criterionById(year.rubric, wanted) : waiting[0];
  if (wanted && !criterion) return refusal(ctx, { code: 'unknown-criterion', criterionId: wanted });
  if (!criterion) {
    const open = openIndicators(year);
    say(
      ctx,
      open.length === 0
        ? `Đã rà soát xong ${year.rubric.criteria.length} chỉ số. Gõ /trinhchiso để trình Ban Chỉ đạo thẩm định.`
        : `Không có chỉ số nào chờ rà soát. Còn ${open.length} chỉ số chưa trả lời hoặc đang bị trả lại: ${open.join(', ')}.`,
    );
    return;
  }
  const answer = year.answers.get(criterion.id);
  const evidence = await ctx.tx.orgIndex.listEvidence(year.period.id, criterion.id);
  const lines = [`Rà soát chỉ số ${criterion.id} (${waiting.length} chỉ số đang chờ)`, criterion.title];
  if (answer && answer.value !== null) lines.push(`Trả lời: ${describeOrgValue(year, criterion, answer.value)} — ${statusText(answer.status)}`);
  else lines.push('Chưa có câu trả lời.');
  if (answer?.detail && typeof answer.detail === 'object') {
    const months = Object.entries(answer.detail as Record<string, number>).map(([k, n]) => `${k.slice(5)}/${k.slice(0, 4)}: ${n}`);
    if (months.length > 0) lines.push(`Từng tháng: ${months.join('; ')}`);
  }
  lines.push(`Tài liệu kiểm chứng yêu cầu: ${criterion.evidence.documents.join('; ') || 'không'}`);
  if (evidence.length === 0) lines.push('Minh chứng: chưa có.');
  for (const e of evidence) lines.push(e.kind === 'file' ? `📎 ${e.fileName ?? ''} (${signatureText(e.signed)})` : `🔗 ${e.url ?? ''}`);
  const nonce = ctx.newNonce();
  const choices: Choice[] = [];
  // An indicator already accepted or adjusted can be reviewed again (e.g. after the steering committee returned the year).
  if (answer && answer.status !== 'not-applicable' && answer.status !== 'returned') {
    choices.push({ label: '✅ Chấp nhận', payload: `oi:${nonce}:ok:${criterion.id}` });
    choices.push({ label: '✏️ Điều chỉnh', payload: `oi:${nonce}:adj:${criterion.id}` });
    choices.push({ label: '↩️ Trả lại', payload: `oi:${nonce}:ret:${criterion.id}` });
  }
  if (criterion.notApplicableWhen !== undefined) {
    lines.push(`Có thể “không đánh giá” khi: ${criterion.notApplicableWhen}`);
    choices.push({ label: '⊘ Không đánh giá', payload: `oi:${nonce}:na:${criterion.id}` });
  }
  ctx.replies.push({ kind: 'choices', text: lines.join('\n'), choices, columns: 3 });
}

/** Review buttons: `ok|adj|ret|na:<criterion>`, `sub`, `vok`, `vret`, `apr`. */
export async function onReviewButton(ctx: OiCtx, rest: string[]): Promise<void> {
  const [what, criterionId] = rest;
  const loaded = await yearAndActor(ctx);
  if (!loaded) return;
  const { year, actor } = loaded;
  const stamp = { now: ctx.nowMs, channel: ctx.event.channel };
  switch (what) {
    case 'ok': {
      const out = await reviewIndicator(ctx.tx, year, actor, criterionId ?? '', { action: 'accept' }, stamp);
      if (!out.ok) return refusal(ctx, out.refusal);
      say(ctx, `✅ Đã chấp nhận chỉ số ${criterionId ?? ''}.`);
      return reviewCommand(ctx, '');
    }
    case 'adj':
    case 'ret':
    case 'na': {
      const lead = canLead(actor, year.calendar.leadRole);
      if (!lead.ok) return refusal(ctx, lead.refusal);
      const action = what === 'adj' ? 'adjust' : what === 'ret' ? 'return' : 'na';
      ctx.enter({ kind: 'reason', periodId: year.period.id, criterionId: criterionId ?? null, action, nonce: ctx.newNonce() });
      say(
        ctx,
        action === 'adjust'
          ? `Gõ giá trị mới và lý do, cách nhau bằng dấu “;” (ví dụ: 60; Thống kê Hue-S chỉ có 60%). /huy để thôi.`
          : action === 'return'
            ? `Gõ lý do trả lại chỉ số ${criterionId ?? ''} cho người phụ trách. /huy để thôi.`
            : `Gõ lý do không đánh giá chỉ số ${criterionId ?? ''}. /huy để thôi.`,
      );
      return;
    }
    case 'sub':
      return submitCommand(ctx);
    case 'vok': {
      const out = await verifyYear(ctx.tx, year, actor, { ok: true }, stamp);
      if (!out.ok) return refusal(ctx, out.refusal);
      notify(ctx, year, out.notices);
      say(ctx, `✅ Đã thẩm định Bộ chỉ số năm ${year.period.year}; đã báo Trưởng Ban Chỉ đạo phê duyệt.`);
      return;
    }
    case 'vret': {
      const allowed = canVerify(actor);
      if (!allowed.ok) return refusal(ctx, allowed.refusal);
      ctx.enter({ kind: 'reason', periodId: year.period.id, criterionId: null, action: 'verify-return', nonce: ctx.newNonce() });
      say(ctx, 'Gõ lý do trả lại Bộ chỉ số cho văn phòng. /huy để thôi.');
      return;
    }
    case 'apr': {
      const out = await approveYear(ctx.tx, year, actor, stamp);
      if (!out.ok) return refusal(ctx, out.refusal);
      notify(ctx, year, out.notices);
      say(ctx, `🏁 Đã phê duyệt kết quả Bộ chỉ số năm ${year.period.year}.`);
      return resultCommand(ctx);
    }
    default:
      say(ctx, 'Nút này không còn dùng được.');
  }
}

/** The typed reason (and value, for an adjustment). */
export async function onReasonInput(ctx: OiCtx, d: ReasonDialog): Promise<void> {
  const e = ctx.event;
  if (e.kind !== 'text' || e.text.trim() === '') {
    say(ctx, 'Cần gõ lý do bằng chữ. /huy để thôi.');
    return;
  }
  const loaded = await yearAndActor(ctx, d.periodId);
  if (!loaded) return ctx.exit();
  const { year, actor } = loaded;
  const stamp = { now: ctx.nowMs, channel: e.channel };
  const criterionId = d.criterionId ?? '';
  if (d.action === 'verify-return') {
    const out = await verifyYear(ctx.tx, year, actor, { ok: false, reason: e.text }, stamp);
    ctx.exit();
    if (!out.ok) return refusal(ctx, out.refusal);
    notify(ctx, year, out.notices);
    say(ctx, `↩️ Đã trả lại Bộ chỉ số năm ${year.period.year} cho văn phòng.`);
    return;
  }
  if (d.action === 'na') {
    const out = await markNotApplicable(ctx.tx, year, actor, criterionId, true, e.text, stamp);
    ctx.exit();
    if (!out.ok) return refusal(ctx, out.refusal);
    say(ctx, `⊘ Chỉ số ${criterionId} không đánh giá (không tính vào điểm tối đa).`);
    return reviewCommand(ctx, '');
  }
  if (d.action === 'return') {
    const out = await reviewIndicator(ctx.tx, year, actor, criterionId, { action: 'return', reason: e.text }, stamp);
    ctx.exit();
    if (!out.ok) return refusal(ctx, out.refusal);
    notify(ctx, year, out.notices);
    say(ctx, `↩️ Đã trả lại chỉ số ${criterionId} cho người phụ trách.`);
    return reviewCommand(ctx, '');
  }
  const criterion = criterionById(year.rubric, criterionId);
  if (!criterion) return ctx.exit();
  const [rawValue, ...reasonParts] = e.text.split(';');
  const reason = reasonParts.join(';').trim();
  if (reason === '') {
    say(ctx, 'Cần cả giá trị mới và lý do, cách nhau bằng dấu “;”.');
    return;
  }
  const parsed = parseTypedAnswer(rawValue ?? '', criterionExpectation(criterion, levelChoicesFor(year.rubric, criterion)));
  if (parsed.status !== 'success') {
    say(ctx, `Chưa hiểu giá trị “${(rawValue ?? '').trim()}”.`);
    return;
  }
  const out = await reviewIndicator(ctx.tx, year, actor, criterionId, { action: 'adjust', value: parsed.value, reason }, stamp);
  if (!out.ok) return refusal(ctx, out.refusal);
  ctx.exit();
  notify(ctx, year, out.notices);
  say(ctx, `✏️ Đã điều chỉnh chỉ số ${criterionId}: ${describeOrgValue(year, criterion, parsed.value)}.`);
  return reviewCommand(ctx, '');
}

/** `/giaochiso dti.6 0912000002, 0912000003`: who answers an indicator (replaces the list). */
export async function assignCommand(ctx: OiCtx, args: string): Promise<void> {
  const loaded = await yearAndActor(ctx);
  if (!loaded) return;
  const { year, actor } = loaded;
  const [criterionId, ...rest] = args.trim().split(/\s+/);
  if (!criterionId || rest.length === 0) {
    say(ctx, 'Cách dùng: /giaochiso <số chỉ số> <số điện thoại>[, <số điện thoại>…] — ví dụ /giaochiso dti.6 0912000002');
    return;
  }
  const ids: number[] = [];
  for (const who of rest.join(' ').split(/[,\s]+/).filter(Boolean)) {
    const phone = normalisePhone(who);
    const found = phone ? await ctx.tx.staff.findPeople(year.period.unitId, { phone }) : [];
    const id = found[0]?.id;
    if (id === undefined) return refusal(ctx, { code: 'unknown-person', who });
    ids.push(id);
  }
  const out = await assignIndicator(ctx.tx, year, actor, criterionId, ids, { now: ctx.nowMs, channel: ctx.event.channel });
  if (!out.ok) return refusal(ctx, out.refusal);
  const people = await ctx.tx.staff.listPeople(year.period.unitId);
  const names = out.personIds.map((id) => people.find((p) => p.id === id)?.fullName ?? `#${id}`);
  say(ctx, `Đã giao chỉ số ${criterionId} cho: ${names.join(', ')}.`);
  for (const personId of out.personIds) {
    if (personId === ctx.person.id) continue;
    ctx.notifications.push({
      personId,
      dedupeKey: `org:${year.period.id}:assign:${criterionId}:${ctx.nowMs}:p${personId}`,
      purpose: 'notice',
      messages: [{ kind: 'text', text: `📌 Anh/chị được giao trả lời chỉ số ${criterionId} của Bộ chỉ số DTI năm ${year.period.year}. Gõ /chiso để trả lời.` }],
    });
  }
}

/** `/khongdanhgia dti.1 <lý do>` (or `/khongdanhgia dti.1 bo` to take the mark off). */
export async function notApplicableCommand(ctx: OiCtx, args: string): Promise<void> {
  const loaded = await yearAndActor(ctx);
  if (!loaded) return;
  const { year, actor } = loaded;
  const [criterionId, ...rest] = args.trim().split(/\s+/);
  const reason = rest.join(' ');
  if (!criterionId) {
    say(ctx, 'Cách dùng: /khongdanhgia <số chỉ số> <lý do> — ví dụ /khongdanhgia dti.1 Lãnh đạo đơn vị không là thành viên BCĐ tỉnh');
    return;
  }
  const off = fold(reason) === 'bo' || fold(reason) === 'huy';
  const out = await markNotApplicable(ctx.tx, year, actor, criterionId, !off, reason, { now: ctx.nowMs, channel: ctx.event.channel });
  if (!out.ok) return refusal(ctx, out.refusal);
  say(ctx, off ? `Đã bỏ đánh dấu không đánh giá chỉ số ${criterionId}.` : `⊘ Chỉ số ${criterionId} không đánh giá (không tính vào điểm tối đa).`);
}
