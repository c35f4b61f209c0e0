/**
 * /duyet: the reviewer's queue, one submission's page with its evidence files (streamed after `canView`), and the
 * approve / adjust / return forms through the approval service (each form shown only when its gate allows it now).
 */
import type { Request } from 'express';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { ApprovalService, Who } from '../../approval/approval-service.js';
import type { PromptInput } from '../../approval/prompt-input.js';
import { promptInputFor } from '../../approval/review-queries.js';
import { adjustableCriteria, type ReviewTarget } from '../../approval/review-target.js';
import { HttpError } from '../../http/create-http-app.js';
import { levelChoicesFor } from '../../scoring/answer-points.js';
import type { Criterion, Rubric } from '../../scoring/rubric-schema.js';
import type { AnswerValue } from '../../scoring/types.js';
import type { Tx } from '../../store/store.js';
import { refusalText } from '../../workflows/approval/render-refusal.js';
import { idParam, flash, reasonForm, Refused, unwrap, type DashboardPageKit } from '../dashboard-router.js';
import { queuePage, reviewPage, type AdjustOption, type ReviewActions } from '../views/review-view.js';

const INLINE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf' };
const revisionForm = z.object({ revision: z.coerce.number().int().nonnegative().optional() });
const adjustForm = revisionForm.extend({ muc: z.string().max(300), lyDo: z.string().trim().max(2000) });

export function registerReviewRoutes({ router, deps, auth, page, html, viewerOf, whoOf, action }: DashboardPageKit): void {
  // Review: the queue and one submission.
  router.get(
    '/duyet',
    auth,
    page(async (req, res) => {
      const items = await deps.store.read(async (tx) => {
        const out: PromptInput[] = [];
        for (const id of await deps.service.pendingFor(tx, viewerOf(res).personId)) {
          const p = await promptInputFor(tx, id, 'pending');
          if (p) out.push(p);
        }
        return out;
      });
      html(res, 200, queuePage(viewerOf(res), items, flash(req)));
    }),
  );

  const submissionId = (req: Request): number => {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) throw new HttpError(404, 'Không tìm thấy bản tự đánh giá này.');
    return id.data;
  };

  router.get(
    '/duyet/:id',
    auth,
    page(async (req, res) => {
      const id = submissionId(req);
      const who = whoOf(res);
      const { details, actions } = await deps.store.read(async (tx) => {
        const details = unwrap(await deps.service.details(tx, who, id));
        return { details, actions: await reviewActions(tx, deps.service, who, id) };
      });
      html(res, 200, reviewPage(viewerOf(res), id, details, actions, flash(req) ? { kind: 'ok', text: flash(req) ?? '' } : null));
    }),
  );

  router.get(
    '/duyet/:id/minh-chung/:n',
    auth,
    page(async (req, res) => {
      const id = submissionId(req);
      const n = z.coerce.number().int().nonnegative().safeParse(req.params.n);
      const who = whoOf(res);
      const evidence = await deps.store.read(async (tx) => {
        unwrap(await deps.service.canView(tx, who, { submissionId: id }));
        return tx.reviews.evidence(id);
      });
      const item = n.success ? evidence[n.data] : undefined;
      const opened = item?.kind === 'file' && item.filePath ? await deps.files.open(item.filePath) : null;
      if (!item || !opened) throw new HttpError(404, 'Không tìm thấy tệp minh chứng này.');
      const ext = (item.filePath ?? '').split('.').pop()?.toLowerCase() ?? '';
      const type = INLINE_TYPES[ext];
      const name = item.originalName ?? `minh-chung.${ext}`;
      res.setHeader('Cache-Control', 'private, max-age=600');
      if (type) {
        res.type(type);
        res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`);
      } else {
        res.attachment(name);
      }
      res.setHeader('Content-Length', String(opened.size));
      await pipeline(opened.stream, res);
    }),
  );

  action(
    '/duyet/:id/duyet',
    (req) => {
      const input = { submissionId: submissionId(req), revision: revisionForm.parse(req.body).revision };
      return (tx, who) => deps.service.approve(tx, who, input);
    },
    () => '/duyet?ok=da-duyet',
  );

  action(
    '/duyet/:id/dieu-chinh',
    (req) => {
      const id = submissionId(req);
      const body = adjustForm.safeParse(req.body);
      const sep = body.success ? body.data.muc.indexOf('|') : -1;
      if (!body.success || sep < 1) throw new Refused({ code: 'invalid-value' });
      let value: unknown;
      try {
        value = JSON.parse(body.data.muc.slice(sep + 1));
      } catch {
        throw new Refused({ code: 'invalid-value' });
      }
      const parsedValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).safeParse(value);
      if (!parsedValue.success) throw new Refused({ code: 'invalid-value' });
      const input = { submissionId: id, revision: body.data.revision, criterionId: body.data.muc.slice(0, sep), value: parsedValue.data, reason: body.data.lyDo };
      return (tx, who) => deps.service.adjust(tx, who, input);
    },
    (req) => `/duyet/${submissionId(req)}?ok=da-dieu-chinh`,
  );

  action(
    '/duyet/:id/tra-lai',
    (req) => {
      const id = submissionId(req);
      const body = reasonForm.merge(revisionForm).safeParse(req.body);
      const input = { submissionId: id, revision: body.success ? body.data.revision : undefined, reason: body.success ? body.data.lyDo : '' };
      return (tx, who) => deps.service.returnSubmission(tx, who, input);
    },
    () => '/duyet?ok=da-tra-lai',
  );
}

/** Which review forms the page shows: the service's gates, nothing written. */
async function reviewActions(tx: Tx, service: ApprovalService, who: Who, submissionId: number): Promise<ReviewActions> {
  const approve = await service.canApprove(tx, who, { submissionId });
  const adjust = await service.canAdjust(tx, who, { submissionId });
  const ret = await service.canReturn(tx, who, { submissionId });
  const target = [approve, adjust, ret].find((r) => r.ok)?.outcome as ReviewTarget | undefined;
  const firstRefusal = [approve, adjust, ret].find((r) => !r.ok);
  return {
    revision: target?.sub.revision ?? 0,
    approve: approve.ok,
    adjust: adjust.ok ? adjustOptions(adjust.outcome) : [],
    returnable: ret.ok,
    blocked: target || !firstRefusal || firstRefusal.ok ? null : refusalText(firstRefusal.refusal),
  };
}

/** The adjustable criteria with the values a reviewer may pick (the chat's adjust picker, as one select). */
function adjustOptions(t: ReviewTarget): AdjustOption[] {
  return adjustableCriteria(t).map(({ criterion }) => ({ criterion, choices: choicesOf(t.rubric, criterion, t.subject.departmentName) }));
}

function choicesOf(rubric: Rubric, c: Criterion, departmentName: string | null): { value: AnswerValue; label: string }[] {
  switch (c.kind) {
    case 'levels':
      return levelChoicesFor(rubric, c, departmentName).map((ch) => ({ value: ch.key, label: `mức ${ch.key} (${ch.points}đ) — ${ch.label}` }));
    case 'bonus':
      return [
        { value: true, label: 'Có' },
        { value: false, label: 'Không' },
      ];
    default:
      return c.kind === 'condition' && c.test.type !== 'pass-fail'
        ? []
        : [
            { value: 'pass', label: c.kind === 'condition' ? 'Có' : 'Đạt' },
            { value: 'fail', label: c.kind === 'condition' ? 'Không' : 'Chưa đạt' },
          ];
  }
}
