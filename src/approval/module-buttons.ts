/**
 * The review module's buttons (`ap:` payloads). Every press re-loads the records and re-checks authority and
 * state through the service; buttons that start a dialog first try the action in a rolled-back transaction, so a
 * wrong role or a wrong state is refused at once, before anyone types a reason.
 */
import type { ModuleContext, ModuleResult } from '../conversation/module.js';
import type { Choice, OutboundMessage } from '../conversation/types.js';
import { inTransaction, type Db } from '../persistence/open-db.js';
import { criteriaFor, levelChoicesFor } from '../scoring/score.js';
import type { AnswerValue } from '../scoring/types.js';
import type { ApprovalService, Who } from './approval-service.js';
import type { ActionResult } from './approval-types.js';
import { DIALOG_PROMPTS, reply, type ApprovalDialog } from './module-dialog.js';
import { parsePayload, payload } from './payloads.js';
import { criterionLabel, promptMessage, valueLabel } from './render-review.js';
import { adjustableCriteria, checkState, loadTarget, STALE, type ReviewTarget } from './review-actions.js';
import { promptInputFor } from './review-queries.js';
import { pointsShown, reviewedScore, scoreContextOf } from './review-score.js';
import { pts, truncate } from '../conversation/render/format.js';

const DRY_RUN_REASON = 'kiểm tra trước khi nhập lý do';

class Rollback extends Error {}

/** Runs `fn` in a transaction that is always rolled back; returns its result (nothing is written). */
export function dryRun<T>(db: Db, fn: () => T): T {
  let result: T | undefined;
  try {
    inTransaction(db, () => {
      result = fn();
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  if (result === undefined) throw new Error('dry run produced no result');
  return result;
}

/** The refreshed approval prompt of a submission, for the reviewer's own chat. */
export function promptFor(db: Db, submissionId: number, kind: 'pending' | 'adjusted'): OutboundMessage[] {
  const input = promptInputFor(db, submissionId, kind);
  return input ? [promptMessage(input)] : [];
}

export function handleButton(db: Db, service: ApprovalService, ctx: ModuleContext & { payload: string }): ModuleResult {
  const p = parsePayload(ctx.payload);
  if (!p) return { replies: [{ kind: 'text', text: 'Nút này không còn hiệu lực. Gõ /duyet để xem lại.' }] };
  const who: Who = { actorId: ctx.person.id, now: ctx.now, channel: ctx.event.channel };
  const wctx = { db, actorId: who.actorId, now: who.now, channel: who.channel };
  const enter = (data: ApprovalDialog, check: ActionResult<unknown>, intro = ''): ModuleResult => {
    if (!check.ok) return reply(check);
    return { replies: [{ kind: 'text', text: `${intro}${DIALOG_PROMPTS[data.step]}` }], dialog: { enter: data } };
  };
  switch (p.action) {
    case 'a': {
      const r = service.approve(who, { submissionId: p.id, revision: p.n ?? undefined });
      if (r.ok) return { ...reply(r), replies: [{ kind: 'answered', text: '✅ Đã duyệt' }, { kind: 'text', text: r.message }] };
      return r.reason === STALE ? withPrompt(reply(r), db, p.id) : reply(r);
    }
    case 'r': {
      const check = dryRun(db, () => service.returnSubmission(who, { submissionId: p.id, reason: DRY_RUN_REASON, revision: p.n ?? undefined }));
      const target = check.ok && p.n === null ? loadTarget(wctx, p.id) : null;
      const revision = p.n ?? (target?.ok ? target.data.sub.revision : 0);
      return enter({ step: 'return-reason', submissionId: p.id, revision }, check);
    }
    case 'v': {
      const r = service.details(who, p.id);
      return r.ok ? { replies: r.data } : reply(r);
    }
    case 'j':
    case 'jc':
    case 'jl':
      return adjustButton(wctx, p.action, p.id, p.n, p.key);
    case 'la':
      return reply(service.acceptList(who, { listId: p.id }));
    case 'lr':
      return enter({ step: 'list-return-reason', listId: p.id }, dryRun(db, () => service.returnList(who, { listId: p.id, reason: DRY_RUN_REASON })));
    case 'lc':
      return enter({ step: 'list-comment', listId: p.id }, dryRun(db, () => service.commentList(who, { listId: p.id, comment: DRY_RUN_REASON })));
    case 'pt':
      return reply(service.submitToDirector(who, { periodId: p.id }));
    case 'pf':
      return reply(service.finalise(who, { periodId: p.id }));
    case 'pr':
      return enter({ step: 'director-return-reason', periodId: p.id }, dryRun(db, () => service.directorReturn(who, { periodId: p.id, reason: DRY_RUN_REASON })));
  }
}

function withPrompt(result: ModuleResult, db: Db, submissionId: number): ModuleResult {
  return { ...result, replies: [...result.replies, ...promptFor(db, submissionId, 'pending')] };
}

/** The three steps of an adjustment: pick the criterion, pick the new level, then type the reason (dialog). */
function adjustButton(
  ctx: { db: Db; actorId: number; now: Date; channel: Who['channel'] },
  step: 'j' | 'jc' | 'jl',
  submissionId: number,
  n: number | null,
  key: string | null,
): ModuleResult {
  const loaded = loadTarget(ctx, submissionId);
  if (!loaded.ok) return reply(loaded);
  const t = loaded.data;
  if (step === 'j' && n !== null && n !== t.sub.revision) return withPrompt(reply({ ok: false, reason: STALE }), ctx.db, submissionId);
  const stateError = checkState(ctx, t, 'adjust');
  if (stateError) return reply({ ok: false, reason: stateError });
  const options = adjustableCriteria(t);
  const scoreCtx = scoreContextOf(t.rubric, t.subject);
  // The person's own question list: criteria are named "Câu 9. <title>" as in their chat.
  const questions = criteriaFor(t.rubric, scoreCtx);
  if (step === 'j') {
    const score = reviewedScore(t.rubric, t.rows, scoreCtx);
    const choices: Choice[] = options.map(({ index, criterion }) => {
      const points = pointsShown(score, criterion);
      return { label: `${criterionLabel(criterion, questions, 32)}${points === null ? '' : ` — đang ${pts(points)}`}`, payload: payload('jc', submissionId, index) };
    });
    return { replies: [{ kind: 'choices', text: `Chọn tiêu chí cần điều chỉnh cho ${t.subject.fullName}:`, choices, columns: 1 }] };
  }
  const picked = options.find((o) => o.index === n);
  if (!picked) return { replies: [{ kind: 'text', text: 'Tiêu chí này không điều chỉnh được. Gõ /duyet để xem lại.' }] };
  const c = picked.criterion;
  const values = valuesOf(t, c);
  if (step === 'jc') {
    const row = t.rows.find((r) => r.criterionId === c.id);
    const current = row ? valueLabel(t.rubric, c, row.reviewedValue ?? row.value, t.subject.departmentName) : '—';
    const choices: Choice[] = values.map((v) => ({ label: truncate(v.label, 40), payload: payload('jl', submissionId, picked.index, v.key) }));
    return { replies: [{ kind: 'choices', text: `${criterionLabel(c, questions, 60)}\nHiện tại: ${current}\nChọn mức mới:`, choices, columns: 1 }] };
  }
  const chosen = values.find((v) => v.key === key);
  if (!chosen) return { replies: [{ kind: 'text', text: 'Mức này không hợp lệ. Gõ /duyet để xem lại.' }] };
  const intro = `${criterionLabel(c, questions, 60)} → ${valueLabel(t.rubric, c, chosen.value, t.subject.departmentName)}\n`;
  return {
    replies: [{ kind: 'text', text: `${intro}${DIALOG_PROMPTS['adjust-reason']}` }],
    dialog: { enter: { step: 'adjust-reason', submissionId, revision: t.sub.revision, criterionId: c.id, value: chosen.value } },
  };
}

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
