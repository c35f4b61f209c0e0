/**
 * The approval workflow's buttons (`ap:` payloads). Every press re-loads the records and re-checks authority and
 * state through the service; buttons that start a dialog call the action's permission check first (nothing is
 * written), so a wrong role or a wrong state is refused at once, before anyone types a reason.
 */
import type { ReviewTarget } from '../../approval/review-target.js';
import { adjustableCriteria } from '../../approval/review-target.js';
import { promptInputFor } from '../../approval/review-queries.js';
import { pointsShown, reviewedScore, scoreContextOf } from '../../approval/review-score.js';
import { pts, truncate } from '../../conversation/render/format.js';
import type { Choice, OutboundMessage } from '../../conversation/types.js';
import { levelChoicesFor } from '../../scoring/answer-points.js';
import { criteriaFor } from '../../scoring/role-criteria.js';
import type { Criterion, Rubric } from '../../scoring/rubric-schema.js';
import type { AnswerValue, ScoreResult } from '../../scoring/types.js';
import type { Tx } from '../../store/store.js';
import { refuse, reply, say, whoOf, type ApCtx, type ApprovalDeps } from './context.js';
import { DIALOG_PROMPTS, type ApprovalDialog } from './dialog.js';
import { parsePayload, payload } from './payloads.js';
import { cancelStep, confirmStep, showConfirmation } from './confirm-steps.js';
import { approvedText } from './render-outcomes.js';
import { criterionLabel, detailMessages, promptMessage, valueLabel } from './render-review.js';

/** The refreshed approval prompt of a submission, for the reviewer's own chat. */
export async function promptFor(tx: Tx, submissionId: number, kind: 'pending' | 'adjusted'): Promise<OutboundMessage[]> {
  const input = await promptInputFor(tx, submissionId, kind);
  return input ? [promptMessage(input)] : [];
}

/** Enters the dialog `data` when the check passed, asking its question (after `intro`). */
function enter(ctx: ApCtx, data: ApprovalDialog, check: { ok: true } | { ok: false; refusal: Parameters<typeof refuse>[1]['refusal'] }, intro = ''): void {
  if (!check.ok) return refuse(ctx, check);
  say(ctx, `${intro}${DIALOG_PROMPTS[data.step]}`);
  ctx.enter(data);
}

export async function handleButton(deps: ApprovalDeps, ctx: ApCtx, raw: string): Promise<void> {
  const { service } = deps;
  const p = parsePayload(raw);
  if (!p) return say(ctx, 'Nút này không còn hiệu lực. Gõ /duyet để xem lại.');
  const who = whoOf(ctx);
  const tx = ctx.tx;
  switch (p.action) {
    case 'a': {
      const r = await service.approve(tx, who, { submissionId: p.id, revision: p.n ?? undefined });
      if (r.ok) {
        ctx.replies.push({ kind: 'answered', text: '✅ Đã duyệt' });
        return reply(ctx, r, approvedText);
      }
      await reply(ctx, r, approvedText);
      if (r.refusal.code === 'stale') ctx.replies.push(...(await promptFor(tx, p.id, 'pending')));
      return;
    }
    case 'r': {
      const check = await service.canReturn(tx, who, { submissionId: p.id, revision: p.n ?? undefined });
      const revision = p.n ?? (check.ok ? check.outcome.sub.revision : 0);
      return enter(ctx, { step: 'return-reason', submissionId: p.id, revision }, check);
    }
    case 'v': {
      const r = await service.details(tx, who, p.id);
      if (!r.ok) return refuse(ctx, r);
      ctx.replies.push(...detailMessages(r.outcome));
      return;
    }
    case 'j':
    case 'js':
    case 'jc':
    case 'jl':
      return adjustButton(deps, ctx, p.action, p.id, p.n, p.key);
    case 'la':
      return showConfirmation(deps, ctx, 'accept', p.id);
    case 'lr':
      return enter(ctx, { step: 'list-return-reason', listId: p.id }, await service.canReturnList(tx, who, { listId: p.id }));
    case 'lc':
      return enter(ctx, { step: 'list-comment', listId: p.id }, await service.canCommentList(tx, who, { listId: p.id }));
    case 'pt':
      return showConfirmation(deps, ctx, 'report');
    case 'pf':
      return showConfirmation(deps, ctx, 'finalise');
    case 'pr':
      return enter(ctx, { step: 'director-return-reason', periodId: p.id }, await service.canDirectorReturn(tx, who, { periodId: p.id }));
    case 'sl':
      return confirmStep(deps, ctx, 'send-list', p.id, p.key);
    case 'ac':
      return confirmStep(deps, ctx, 'accept', p.id, p.key);
    case 'tc':
      return confirmStep(deps, ctx, 'report', p.id, p.key);
    case 'fc':
      return confirmStep(deps, ctx, 'finalise', p.id, p.key);
    case 'cx':
      return cancelStep(ctx);
  }
}

/** Up to this many adjustable criteria are listed at once; more are grouped by section first. */
const MAX_DIRECT = 5;

/**
 * The steps of an adjustment: pick the section (when there are many criteria), pick the criterion, pick the new
 * level, then type the reason (dialog).
 */
async function adjustButton(
  deps: ApprovalDeps,
  ctx: ApCtx,
  step: 'j' | 'js' | 'jc' | 'jl',
  submissionId: number,
  n: number | null,
  key: string | null,
): Promise<void> {
  const who = whoOf(ctx);
  // The revision a prompt's button carries is checked on the first step only (later steps carry the index).
  const check = await deps.service.canAdjust(ctx.tx, who, { submissionId, revision: step === 'j' && n !== null ? n : undefined });
  if (!check.ok) {
    refuse(ctx, check);
    if (check.refusal.code === 'stale') ctx.replies.push(...(await promptFor(ctx.tx, submissionId, 'pending')));
    return;
  }
  const t = check.outcome;
  const options = adjustableCriteria(t);
  const scoreCtx = scoreContextOf(t.rubric, t.subject, t.settings);
  // The person's own question list: criteria are named "Câu 9. <title>" as in their chat.
  const questions = criteriaFor(t.rubric, scoreCtx);
  if (step === 'j' || step === 'js') {
    const score = reviewedScore(t.rubric, t.rows, scoreCtx);
    const label = (criterion: Criterion) => {
      const now = currentShown(t, score, criterion);
      return `${criterionLabel(criterion, questions, 32)}${now === null ? '' : ` — ${now}`}`;
    };
    const sections = sectionsOf(t.rubric, options);
    // Few criteria, or a section picked: the criteria themselves. Otherwise the sections first, so that a channel
    // showing few buttons per message (Zalo: 5) does not spread 19 criteria over four messages.
    const picked = step === 'js' ? sections.find((s) => s.index === n) : sections.length === 1 || options.length <= MAX_DIRECT ? { index: -1, title: '', options } : undefined;
    if (step === 'js' && !picked) return say(ctx, 'Phần này không có tiêu chí điều chỉnh được. Gõ /duyet để xem lại.');
    if (!picked) {
      const choices: Choice[] = sections.map((s) => ({ label: `${truncate(s.title, 44)} (${s.options.length})`, payload: payload('js', submissionId, s.index) }));
      ctx.replies.push({ kind: 'choices', text: `Điều chỉnh bản của ${t.subject.fullName}: chọn phần có tiêu chí cần điều chỉnh:`, choices, columns: 1 });
      return;
    }
    const choices: Choice[] = picked.options.map(({ index, criterion }) => ({ label: label(criterion), payload: payload('jc', submissionId, index) }));
    const where = picked.title ? ` — ${picked.title}` : '';
    ctx.replies.push({ kind: 'choices', text: `Chọn tiêu chí cần điều chỉnh cho ${t.subject.fullName}${where}:`, choices, columns: 1 });
    return;
  }
  const picked = options.find((o) => o.index === n);
  if (!picked) return say(ctx, 'Tiêu chí này không điều chỉnh được. Gõ /duyet để xem lại.');
  const c = picked.criterion;
  const values = valuesOf(t, c);
  if (step === 'jc') {
    const row = t.rows.find((r) => r.criterionId === c.id);
    const current = row ? valueLabel(t.rubric, c, row.reviewedValue ?? row.value, t.subject.departmentName) : '—';
    const choices: Choice[] = values.map((v) => ({ label: truncate(v.label, 40), payload: payload('jl', submissionId, picked.index, v.key) }));
    ctx.replies.push({ kind: 'choices', text: `${criterionLabel(c, questions, 60)}\nHiện tại: ${current}\nChọn mức mới:`, choices, columns: 1 });
    return;
  }
  const chosen = values.find((v) => v.key === key);
  if (!chosen) return say(ctx, 'Mức này không hợp lệ. Gõ /duyet để xem lại.');
  const intro = `${criterionLabel(c, questions, 60)} → ${valueLabel(t.rubric, c, chosen.value, t.subject.departmentName)}\n`;
  enter(ctx, { step: 'adjust-reason', submissionId, revision: t.sub.revision, criterionId: c.id, value: chosen.value }, { ok: true }, intro);
}

/** The adjustable criteria grouped by rubric section, in the order they are listed (point sections first). */
function sectionsOf(rubric: Rubric, options: AdjustOption[]): { index: number; title: string; options: AdjustOption[] }[] {
  const out: { index: number; title: string; options: AdjustOption[] }[] = [];
  for (const o of options) {
    const index = rubric.sections.findIndex((s) => s.id === o.criterion.section);
    let group = out.find((g) => g.index === index);
    if (!group) out.push((group = { index, title: rubric.sections[index]?.title ?? o.criterion.section, options: [] }));
    group.options.push(o);
  }
  return out;
}

/**
 * What the criterion holds now, as the head reads it in the list: its points (`đang 10đ`); for a bonus, the bonus's
 * own value (`đang +5đ` when taken, `đang không` when not), never the parent criterion's points it counts inside.
 */
function currentShown(t: ReviewTarget, score: ScoreResult, c: Criterion): string | null {
  if (c.kind === 'bonus') {
    const row = t.rows.find((r) => r.criterionId === c.id);
    return (row?.reviewedValue ?? row?.value) === true ? `đang +${pts(c.points)}` : 'đang không';
  }
  const points = pointsShown(score, c);
  return points === null ? null : `đang ${pts(points)}`;
}

type AdjustOption = ReturnType<typeof adjustableCriteria>[number];

/** The values a reviewer can pick for a criterion, with short payload keys. */
function valuesOf(t: ReviewTarget, c: ReviewTarget['rubric']['criteria'][number]): { key: string; label: string; value: AnswerValue }[] {
  switch (c.kind) {
    case 'levels':
      return levelChoicesFor(t.rubric, c, t.subject.departmentName).map((ch) => ({
        key: ch.key,
        label: `${ch.key}) ${pts(ch.points)} — ${ch.label}`,
        value: ch.key,
      }));
    case 'bonus':
      return [
        { key: 'y', label: `Có (+${pts(c.points)})`, value: true },
        { key: 'n', label: 'Không', value: false },
      ];
    default:
      return [
        { key: 'pass', label: c.kind === 'condition' ? 'Có' : 'Đạt', value: 'pass' },
        { key: 'fail', label: c.kind === 'condition' ? 'Không' : 'Chưa đạt', value: 'fail' },
      ];
  }
}
