/**
 * The review chain as a {@link Workflow}: commands, `ap:` buttons, the reason dialogs and the approval prompt sent
 * to the reviewers when a person submits (the `submission` event of the self-assessment).
 *
 * Commands (Vietnamese first, English aliases):
 * /duyet (/approve) pending reviews · /tiendo (/status) progress · /guidanhsach (/guids) send the department list ·
 * /ykien leader's comment · /tiepnhan office accepts lists · /tralai office returns a list · /trinh office reports
 * to the director · /pheduyet director finalises · /molai (/mololai) office reopens a finalised period ·
 * /lichsu my history · /baiphong the department's own article of the quarter (head; seed 000 II.3.b).
 *
 * Sending the list, accepting one, reporting and finalising show their summary first and act on Xác nhận
 * (`confirm-steps.ts`); review cards, lists and the director's card are lasting (`persistent`) messages.
 *
 * Command roles only decide what /huongdan lists and give the engine's polite refusal; every action is authorised
 * again by the service (right department, right leader, never one's own).
 */
import { createApprovalService, type ApprovalService } from '../../approval/approval-service.js';
import { answerDepartmentArticle, departmentArticle, departmentArticleLines } from '../../approval/department-article.js';
import { listViews } from '../../approval/list-actions.js';
import { unitSummary } from '../../approval/period-actions.js';
import { activePeriod, findPeriodFor } from '../../approval/period-queries.js';
import { todoFor } from '../../approval/todo.js';
import type { Workflow } from '../../conversation/workflow.js';
import type { OutboundMessage } from '../../conversation/types.js';
import type { Role } from '../../scoring/rubric-schema.js';
import { handleButton, promptFor } from './buttons.js';
import { showConfirmation } from './confirm-steps.js';
import { todoLines } from './render-todo.js';
import { roleQuickChoices } from '../quick-commands.js';
import { refuse, reply, say, whoOf, type ApCtx, type ApprovalDeps } from './context.js';
import { APPROVAL_DIALOG_VERSION, approvalDialogSchema, DIALOG_PROMPTS, type ApprovalDialog } from './dialog.js';
import { PAYLOAD_PREFIX, payload } from './payloads.js';
import { listText, progressText } from './render-lists.js';
import { directorChoices, officeChoices, renderNotice, unitSummaryText } from './render-notices.js';
import {
  adjustedText,
  directorReturnedText,
  historyViewText,
  listCommentedText,
  listReturnedText,
  reopenedText,
  returnedText,
} from './render-outcomes.js';
import { checkReason } from '../../approval/approval-state.js';
import { refusalText } from './render-refusal.js';
import { DEPARTMENT_ARTICLE_USAGE, departmentArticleSavedText, departmentArticleText } from './render-department-article.js';

/** Most prompts shown by one /duyet (the rest: "còn N bản"). */
const MAX_PROMPTS = 10;
const PERIOD_ARG = /^(\d{4}-Q[1-4])\b\s*([\s\S]*)$/i;
/** Who may have self-assessments to review: heads, leaders, the director, and the office when the unit names it the director's reviewer. */
const REVIEWER_ROLES: readonly Role[] = ['head', 'leader', 'director', 'office'];

export interface ApprovalWorkflowOptions {
  /** The service (built with the composition root's hooks, e.g. `onPeriodFinalised`); default: no hooks. */
  service?: ApprovalService;
}

/** Builds the approval workflow. */
export function createApprovalWorkflow(options: ApprovalWorkflowOptions = {}): Workflow<ApprovalDialog> {
  const deps: ApprovalDeps = { service: options.service ?? createApprovalService() };
  const { service } = deps;
  return {
    name: 'approval',
    commands: [
      {
        names: ['duyet', 'approve'],
        roles: REVIEWER_ROLES,
        description: 'Các bản tự đánh giá chờ tôi duyệt',
        async handle(ctx) {
          ctx.exit();
          const ids = await service.pendingFor(ctx.tx, ctx.person.id);
          if (ids.length === 0) return say(ctx, 'Không có bản tự đánh giá nào đang chờ anh/chị duyệt. 👍');
          for (const id of ids.slice(0, MAX_PROMPTS)) ctx.replies.push(...(await promptFor(ctx.tx, id, 'pending')));
          if (ids.length > MAX_PROMPTS) say(ctx, `Còn ${ids.length - MAX_PROMPTS} bản nữa; duyệt xong các bản trên rồi gõ /duyet.`);
        },
      },
      {
        names: ['tiendo', 'status'],
        roles: ['head', 'leader', 'office', 'director'],
        description: 'Tiến độ: ai đã nộp, chờ duyệt, chưa nộp; danh sách phòng đã gửi',
        async handle(ctx, args) {
          const r = await service.progress(ctx.tx, whoOf(ctx), PERIOD_ARG.exec(args.trim())?.[1] ?? null);
          if (!r.ok) return refuse(ctx, r);
          say(ctx, progressText(r.outcome));
        },
      },
      {
        names: ['guidanhsach', 'guids', 'sendlist'],
        roles: ['head'],
        description: 'Gửi danh sách điểm của phòng lên Văn phòng (gửi lại để sửa)',
        handle: (ctx) => showConfirmation(deps, ctx, 'send-list'),
      },
      {
        names: ['baiphong', 'deptarticle'],
        roles: ['head'],
        description: 'Khai báo tin, bài của phòng trong Quý (ít nhất 1 bài/Quý)',
        handle: (ctx, args) => departmentArticleCommand(ctx, args),
      },
      {
        names: ['ykien', 'comment'],
        roles: ['leader'],
        description: 'Cho ý kiến về danh sách của phòng mình phụ trách',
        handle: (ctx, args) => commentCommand(ctx, args),
      },
      {
        names: ['tiepnhan', 'accept'],
        roles: ['office'],
        description: 'Xem và tiếp nhận danh sách các phòng gửi lên',
        handle: (ctx) => listsCommand(ctx, ['sent'], 'accept'),
      },
      {
        names: ['tralai', 'returnlist'],
        roles: ['office'],
        description: 'Trả lại danh sách của một phòng (kèm lý do)',
        handle: (ctx) => listsCommand(ctx, ['sent', 'accepted'], 'return'),
      },
      {
        names: ['trinh', 'submit-director'],
        roles: ['office'],
        description: 'Trình Giám đốc danh sách toàn cơ quan',
        handle: (ctx) => showConfirmation(deps, ctx, 'report'),
      },
      {
        names: ['pheduyet', 'finalise'],
        roles: ['director'],
        description: 'Phê duyệt (hoặc trả lại) kết quả toàn cơ quan',
        async handle(ctx) {
          const period = await findPeriodFor(ctx.tx, ctx.person.unitId, null, ['submitted_to_director']);
          if (!period) return say(ctx, 'Chưa có danh sách toàn cơ quan nào chờ anh/chị phê duyệt.');
          const summary = await unitSummary(ctx.tx, period);
          ctx.replies.push({ kind: 'choices', text: unitSummaryText(summary), choices: directorChoices(period.id), columns: 2, persistent: true });
        },
      },
      {
        names: ['molai', 'mololai', 'reopen'],
        roles: ['office'],
        description: 'Mở lại Quý đã phê duyệt để điều chỉnh (ghi nhật ký, cần lý do)',
        handle: (ctx, args) => reopenCommand(ctx, args),
      },
      {
        names: ['lichsu', 'history'],
        description: 'Lịch sử bản tự đánh giá của tôi (ai duyệt, điều chỉnh gì, lý do)',
        async handle(ctx, args) {
          say(ctx, historyViewText(await service.history(ctx.tx, ctx.person.id, PERIOD_ARG.exec(args.trim())?.[1] ?? null)));
        },
      },
    ],
    buttons: [{ prefix: PAYLOAD_PREFIX, handle: (ctx, raw) => handleButton(deps, ctx, raw) }],
    dialog: {
      schema: approvalDialogSchema,
      version: APPROVAL_DIALOG_VERSION,
      handle: (ctx) => handleDialog(ctx),
    },
    // What waits for the person (the dashboard home's own to-do), said after linking, login or a reload.
    greeting: async (ctx) => todoLines(await todoFor(ctx.tx, service, whoOf(ctx))),
    idle(ctx) {
      // The role's quick buttons (Duyệt, Tiến độ, Phê duyệt…); staff keep the self-assessment's.
      const choices = roleQuickChoices(ctx.person.roles);
      if (choices.length === 0) return null;
      const e = ctx.event;
      // A file or link gets the self-assessment's evidence hint only; the role's buttons stay one press away.
      const evidence = e.kind === 'file' || e.kind === 'link';
      const reviews = choices.some((c) => c.payload === 'c:duyet');
      return {
        lines: evidence || !reviews ? [] : ['Gõ /duyet để xem các bản đang chờ anh/chị duyệt.'],
        choices,
        typeCommands: choices.map((c) => `/${c.payload.slice(2)}`),
      };
    },
    async on(ctx, event) {
      if (event.type !== 'submission') return false;
      const notices = await service.promptReviewers(
        ctx.tx,
        {
          kind: event.kind,
          personId: event.person.id,
          submissionId: event.submission.id,
          periodId: event.period.id,
          ...(event.criterionId === undefined ? {} : { criterionId: event.criterionId }),
        },
        ctx.now,
      );
      if (!notices) return false;
      ctx.notifications.push(...notices.map(renderNotice));
      return true;
    },
  };

  /** `/baiphong` shows the question and the answer so far; `/baiphong 2 https://…` records 2 articles and a link. */
  async function departmentArticleCommand(ctx: ApCtx, args: string): Promise<void> {
    const text = args.trim();
    if (!text) {
      ctx.exit();
      const view = await departmentArticle(ctx.tx, whoOf(ctx));
      if (!view.ok) return refuse(ctx, view);
      return say(ctx, departmentArticleText(view.outcome));
    }
    const m = /^(\d{1,4})(?:\s+bài)?(?:\s+([\s\S]*))?$/iu.exec(text);
    if (!m) {
      ctx.exit();
      return say(ctx, `⛔ Số bài phải là một số (0, 1, 2, …).\n${DEPARTMENT_ARTICLE_USAGE}`);
    }
    const result = await answerDepartmentArticle(ctx.tx, whoOf(ctx), { count: Number(m[1]), evidence: m[2] ?? null });
    return reply(ctx, result, departmentArticleSavedText);
  }

  async function listsCommand(ctx: ApCtx, statuses: ('sent' | 'accepted')[], mode: 'accept' | 'return'): Promise<void> {
    const period = await activePeriod(ctx.tx, ctx.person.unitId);
    if (!period) return say(ctx, 'Hiện không có Quý nào đang trong thời gian đánh giá.');
    const lists = (await ctx.tx.reviews.listsOfPeriod(period.id)).filter((l) => (statuses as string[]).includes(l.status));
    if (lists.length === 0) return say(ctx, mode === 'accept' ? 'Chưa có danh sách nào chờ tiếp nhận. Xem /tiendo.' : 'Không có danh sách nào để trả lại.');
    const replies: OutboundMessage[] = listViews(period, lists, await departmentArticleLines(ctx.tx, period)).map(({ list, view }) => ({
      kind: 'choices',
      text: listText(view),
      columns: 2,
      persistent: true,
      choices: mode === 'accept' ? officeChoices(list.id, view.snapshot.departmentName) : [{ label: '↩️ Trả lại danh sách này', payload: payload('lr', list.id) }],
    }));
    ctx.replies.push(...replies);
  }

  async function commentCommand(ctx: ApCtx, args: string): Promise<void> {
    const period = await activePeriod(ctx.tx, ctx.person.unitId);
    if (!period) return say(ctx, 'Hiện không có Quý nào đang trong thời gian đánh giá.');
    const departments = await ctx.tx.reviews.departmentsOf(ctx.person.unitId);
    const mine = new Map(departments.filter((d) => d.leaderInChargeId === ctx.person.id).map((d) => [d.id, d.name]));
    if (mine.size === 0) return say(ctx, '⛔ Anh/chị chưa được phân công phụ trách phòng nào.');
    const lists = (await ctx.tx.reviews.listsOfPeriod(period.id)).filter((l) => mine.has(l.departmentId) && (l.status === 'sent' || l.status === 'returned'));
    if (lists.length === 0) return say(ctx, 'Các phòng anh/chị phụ trách chưa gửi danh sách nào. Xem /tiendo.');
    const only = lists.length === 1 ? lists[0] : undefined;
    if (only && args.trim() !== '') {
      return reply(ctx, await service.commentList(ctx.tx, whoOf(ctx), { listId: only.id, comment: args }), listCommentedText);
    }
    if (only) {
      const view = listViews(period, [only])[0]?.view;
      say(ctx, `${view ? listText(view) : ''}\n\n${DIALOG_PROMPTS['list-comment']}`);
      ctx.enter({ step: 'list-comment', listId: only.id });
      return;
    }
    const choices = lists.map((l) => ({ label: `💬 ${mine.get(l.departmentId) ?? ''}`, payload: payload('lc', l.id) }));
    ctx.replies.push({ kind: 'choices', text: 'Chọn danh sách cần cho ý kiến:', choices, columns: 1 });
  }

  async function reopenCommand(ctx: ApCtx, args: string): Promise<void> {
    const m = PERIOD_ARG.exec(args.trim());
    const code = m?.[1] ?? null;
    const reason = (m ? (m[2] ?? '') : args).trim();
    const period = await findPeriodFor(ctx.tx, ctx.person.unitId, code, ['finalised']);
    if (!period) return say(ctx, '⛔ Không có Quý nào đã được phê duyệt để mở lại.');
    if (reason !== '') return reply(ctx, await service.reopen(ctx.tx, whoOf(ctx), { periodId: period.id, reason }), reopenedText);
    const check = await service.canReopen(ctx.tx, whoOf(ctx), { periodId: period.id });
    if (!check.ok) return refuse(ctx, check);
    say(ctx, DIALOG_PROMPTS['reopen-reason']);
    ctx.enter({ step: 'reopen-reason', periodId: period.id });
  }

  /** The typed text of an active dialog. A reason that is too short keeps the dialog open; any other refusal ends it. */
  async function handleDialog(ctx: ApCtx): Promise<void> {
    const d = ctx.dialog;
    if (!d) return;
    const e = ctx.event;
    if (e.kind !== 'text') return say(ctx, `Vui lòng gõ bằng chữ. ${DIALOG_PROMPTS[d.step]}`);
    const checked = checkReason(e.text);
    if (!checked.ok) return say(ctx, `${refusalText(checked.refusal)} ${DIALOG_PROMPTS[d.step]}`);
    const who = whoOf(ctx);
    const text = checked.reason;
    const tx = ctx.tx;
    switch (d.step) {
      case 'adjust-reason':
        return reply(
          ctx,
          await service.adjust(tx, who, { submissionId: d.submissionId, criterionId: d.criterionId, value: d.value, reason: text, revision: d.revision }),
          adjustedText,
          () => promptFor(tx, d.submissionId, 'adjusted'),
        );
      case 'return-reason':
        return reply(ctx, await service.returnSubmission(tx, who, { submissionId: d.submissionId, reason: text, revision: d.revision }), returnedText);
      case 'list-return-reason':
        return reply(ctx, await service.returnList(tx, who, { listId: d.listId, reason: text }), listReturnedText);
      case 'list-comment':
        return reply(ctx, await service.commentList(tx, who, { listId: d.listId, comment: text }), listCommentedText);
      case 'director-return-reason':
        return reply(ctx, await service.directorReturn(tx, who, { periodId: d.periodId, reason: text }), directorReturnedText);
      case 'reopen-reason':
        return reply(ctx, await service.reopen(tx, who, { periodId: d.periodId, reason: text }), reopenedText);
    }
  }
}
