/**
 * The review workflow plugged into the conversation engine (a {@link ConversationModule}): commands, `ap:` buttons,
 * reason dialogs and the approval prompt sent when a person submits.
 *
 * Commands (Vietnamese first, English aliases):
 * /duyet (/approve) pending reviews · /tiendo (/status) progress · /guidanhsach (/guids) send the department list ·
 * /ykien leader's comment · /tiepnhan office accepts lists · /tralai office returns a list · /trinh office reports
 * to the director · /pheduyet director finalises · /molai (/mololai) office reopens a finalised period ·
 * /lichsu my history.
 *
 * Command roles only decide what /help lists and give the engine's polite refusal; every action is authorised
 * again by the service (right department, right leader, never one's own).
 */
import type { ConversationModule, ModuleCommand, ModuleContext, ModuleResult } from '../conversation/module.js';
import type { OutboundMessage } from '../conversation/types.js';
import type { Db } from '../persistence/open-db.js';
import { activePeriod, departmentsOfUnit, findPeriodFor, listsOfPeriod } from './approval-repo.js';
import { createApprovalService, type ApprovalService, type Who } from './approval-service.js';
import { listsForReview, officeChoices } from './list-actions.js';
import { dryRun, handleButton, promptFor } from './module-buttons.js';
import { approvalDialogSchema, DIALOG_PROMPTS, handleDialog, reply } from './module-dialog.js';
import { directorChoices, unitSummaryText } from './period-actions.js';
import { PAYLOAD_PREFIX, payload } from './payloads.js';

/** Most prompts shown by one /duyet (the rest: "còn N bản"). */
const MAX_PROMPTS = 10;
const PERIOD_ARG = /^(\d{4}-Q[1-4])\b\s*([\s\S]*)$/i;

/** Builds the module over the database (pass `service` to share one instance with other callers). */
export function createApprovalModule(db: Db, service: ApprovalService = createApprovalService(db)): ConversationModule {
  const whoOf = (ctx: ModuleContext): Who => ({ actorId: ctx.person.id, now: ctx.now, channel: ctx.event.channel });
  const text = (t: string): ModuleResult => ({ replies: [{ kind: 'text', text: t }] });

  const commands: ModuleCommand[] = [
    {
      names: ['duyet', 'approve'],
      roles: ['head', 'leader', 'director'],
      description: 'Các bản tự đánh giá chờ tôi duyệt',
      handle: (ctx) => {
        const ids = service.pendingFor(ctx.person.id);
        if (ids.length === 0) return text('Không có bản tự đánh giá nào đang chờ anh/chị duyệt. 👍');
        const replies: OutboundMessage[] = ids.slice(0, MAX_PROMPTS).flatMap((id) => promptFor(db, id, 'pending'));
        if (ids.length > MAX_PROMPTS) replies.push({ kind: 'text', text: `Còn ${ids.length - MAX_PROMPTS} bản nữa; duyệt xong các bản trên rồi gõ /duyet.` });
        return { replies, dialog: 'exit' };
      },
    },
    {
      names: ['tiendo', 'status'],
      roles: ['head', 'leader', 'office', 'director'],
      description: 'Tiến độ: ai đã nộp, chờ duyệt, chưa nộp; danh sách phòng đã gửi',
      handle: (ctx) => {
        const r = service.progress(whoOf(ctx), PERIOD_ARG.exec(ctx.args.trim())?.[1] ?? null);
        return r.ok ? text(r.message) : reply(r);
      },
    },
    {
      names: ['guidanhsach', 'guids', 'sendlist'],
      roles: ['head'],
      description: 'Gửi danh sách điểm của phòng lên Văn phòng (gửi lại để sửa)',
      handle: (ctx) => reply(service.sendList(whoOf(ctx))),
    },
    {
      names: ['ykien', 'comment'],
      roles: ['leader'],
      description: 'Cho ý kiến về danh sách của phòng mình phụ trách',
      handle: (ctx) => commentCommand(ctx),
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
      handle: (ctx) => reply(service.submitToDirector(whoOf(ctx))),
    },
    {
      names: ['pheduyet', 'finalise'],
      roles: ['director'],
      description: 'Phê duyệt (hoặc trả lại) kết quả toàn cơ quan',
      handle: (ctx) => {
        const period = findPeriodFor(db, ctx.person.unitId, null, ['submitted_to_director']);
        if (!period) return text('Chưa có danh sách toàn cơ quan nào chờ anh/chị phê duyệt.');
        return { replies: [{ kind: 'choices', text: unitSummaryText({ db }, period), choices: directorChoices(period.id), columns: 2 }] };
      },
    },
    {
      names: ['molai', 'mololai', 'reopen'],
      roles: ['office'],
      description: 'Mở lại Quý đã phê duyệt để điều chỉnh (ghi nhật ký, cần lý do)',
      handle: (ctx) => reopenCommand(ctx),
    },
    {
      names: ['lichsu', 'history'],
      description: 'Lịch sử bản tự đánh giá của tôi (ai duyệt, điều chỉnh gì, lý do)',
      handle: (ctx) => text(service.history(ctx.person.id, PERIOD_ARG.exec(ctx.args.trim())?.[1] ?? null)),
    },
  ];

  function listsCommand(ctx: ModuleContext, statuses: ('sent' | 'accepted')[], mode: 'accept' | 'return'): ModuleResult {
    const period = activePeriod(db, ctx.person.unitId);
    if (!period) return text('Hiện không có Quý nào đang trong thời gian đánh giá.');
    const lists = listsOfPeriod(db, period.id).filter((l) => (statuses as string[]).includes(l.status));
    if (lists.length === 0) return text(mode === 'accept' ? 'Chưa có danh sách nào chờ tiếp nhận. Xem /tiendo.' : 'Không có danh sách nào để trả lại.');
    const replies: OutboundMessage[] = listsForReview(period, lists).map(({ list, snapshot, text: body }) => ({
      kind: 'choices',
      text: body,
      columns: 2,
      choices: mode === 'accept' ? officeChoices(list.id, snapshot.departmentName) : [{ label: '↩️ Trả lại danh sách này', payload: payload('lr', list.id) }],
    }));
    return { replies };
  }

  function commentCommand(ctx: ModuleContext & { args: string }): ModuleResult {
    const period = activePeriod(db, ctx.person.unitId);
    if (!period) return text('Hiện không có Quý nào đang trong thời gian đánh giá.');
    const mine = new Map(departmentsOfUnit(db, ctx.person.unitId).filter((d) => d.leaderInChargeId === ctx.person.id).map((d) => [d.id, d.name]));
    if (mine.size === 0) return text('⛔ Anh/chị chưa được phân công phụ trách phòng nào.');
    const lists = listsOfPeriod(db, period.id).filter((l) => mine.has(l.departmentId) && (l.status === 'sent' || l.status === 'returned'));
    if (lists.length === 0) return text('Các phòng anh/chị phụ trách chưa gửi danh sách nào. Xem /tiendo.');
    const only = lists.length === 1 ? lists[0] : undefined;
    if (only && ctx.args.trim() !== '') return reply(service.commentList(whoOf(ctx), { listId: only.id, comment: ctx.args }));
    if (only) {
      const body = listsForReview(period, [only])[0]?.text ?? '';
      return { replies: [{ kind: 'text', text: `${body}\n\n${DIALOG_PROMPTS['list-comment']}` }], dialog: { enter: { step: 'list-comment', listId: only.id } } };
    }
    const choices = lists.map((l) => ({ label: `💬 ${mine.get(l.departmentId) ?? ''}`, payload: payload('lc', l.id) }));
    return { replies: [{ kind: 'choices', text: 'Chọn danh sách cần cho ý kiến:', choices, columns: 1 }] };
  }

  function reopenCommand(ctx: ModuleContext & { args: string }): ModuleResult {
    const m = PERIOD_ARG.exec(ctx.args.trim());
    const code = m?.[1] ?? null;
    const reason = (m ? (m[2] ?? '') : ctx.args).trim();
    const period = findPeriodFor(db, ctx.person.unitId, code, ['finalised']);
    if (!period) return text('⛔ Không có Quý nào đã được phê duyệt để mở lại.');
    if (reason !== '') return reply(service.reopen(whoOf(ctx), { periodId: period.id, reason }));
    const check = dryRun(db, () => service.reopen(whoOf(ctx), { periodId: period.id, reason: 'kiểm tra trước khi nhập lý do' }));
    if (!check.ok) return reply(check);
    return { replies: [{ kind: 'text', text: DIALOG_PROMPTS['reopen-reason'] }], dialog: { enter: { step: 'reopen-reason', periodId: period.id } } };
  }

  return {
    name: 'approval',
    commands,
    buttons: [{ prefix: PAYLOAD_PREFIX, handle: (ctx) => handleButton(db, service, ctx) }],
    dialog: {
      schema: approvalDialogSchema,
      // The engine validated `data` with the schema already; parsing again narrows the type.
      handle: (ctx) => handleDialog(service, { ...ctx, data: approvalDialogSchema.parse(ctx.data) }, { adjusted: (id) => promptFor(db, id, 'adjusted') }),
    },
    onSubmissionEvent: (ev) => service.onSubmitted(ev),
  };
}
