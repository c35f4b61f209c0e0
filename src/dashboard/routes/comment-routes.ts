/**
 * /y-kien: the leader in charge comments on a department's list (seed 000 III.3.a, the chat's /ykien), through the
 * approval service's `commentList` (same check, audit and notices as the chat). Only a leader in charge of a
 * department opens the page; each list's form is shown only when `canCommentList` allows it now.
 */
import { z } from 'zod';
import { listViews } from '../../approval/list-actions.js';
import { activePeriod } from '../../approval/period-queries.js';
import { activeActor } from '../../approval/review-target.js';
import { refusalText } from '../../workflows/approval/render-refusal.js';
import { idParam, Refused, type DashboardPageKit } from '../dashboard-router.js';
import { commentPage, type CommentItem, type CommentView } from '../views/comment-view.js';

const commentForm = z.object({ yKien: z.string().max(2000) });

export function registerCommentRoutes(r: DashboardPageKit): void {
  r.router.get(
    '/y-kien',
    r.auth,
    r.page(async (req, res) => {
      const who = r.whoOf(res);
      const view = await r.deps.store.read(async (tx): Promise<CommentView> => {
        const me = await activeActor(tx, who.actorId);
        const mine = me ? (await tx.reviews.departmentsOf(me.unitId)).filter((d) => d.leaderInChargeId === me.id) : [];
        if (!me || mine.length === 0) throw new Refused({ code: 'not-leader-in-charge' });
        const period = me ? await activePeriod(tx, me.unitId) : null;
        const ids = new Set(mine.map((d) => d.id));
        const lists = period ? (await tx.reviews.listsOfPeriod(period.id)).filter((l) => ids.has(l.departmentId)) : [];
        const items: CommentItem[] = [];
        for (const { list, view } of period ? listViews(period, lists) : []) {
          const may = await r.deps.service.canCommentList(tx, who, { listId: list.id });
          items.push({
            listId: list.id,
            departmentName: view.snapshot.departmentName,
            status: list.status,
            snapshot: view.snapshot,
            leaderComment: list.leaderComment,
            blocked: may.ok ? null : refusalText(may.refusal),
          });
        }
        return { period, departments: mine.map((d) => d.name), items };
      });
      r.html(res, 200, commentPage(r.viewerOf(res), view, req.query.ok === 'da-cho-y-kien' ? 'Đã gửi ý kiến; Trưởng phòng và Văn phòng đã được báo.' : null));
    }),
  );

  r.action(
    '/y-kien/:listId',
    (req) => {
      const id = idParam.safeParse(req.params.listId);
      const body = commentForm.safeParse(req.body);
      const input = { listId: id.success ? id.data : 0, comment: body.success ? body.data.yKien : '' };
      return (tx, who) => (id.success ? r.deps.service.commentList(tx, who, input) : Promise.resolve({ ok: false as const, refusal: { code: 'list-not-found' as const } }));
    },
    () => '/y-kien?ok=da-cho-y-kien',
  );
}
