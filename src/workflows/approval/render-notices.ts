/**
 * The review workflow's notices as chat notifications (Vietnamese, short lines), and the one helper every caller
 * outside the engine uses to queue them: `dispatchNotices(tx, notifier, notices, now)` inside its unit of work.
 */
import type { AdjustmentChange, ApprovalNotice, NoticeBody, UnitSummary } from '../../approval/notices.js';
import { fmtDate, pts } from '../../conversation/render/format.js';
import type { Notifier } from '../../conversation/notifier.js';
import type { Choice, Notification, OutboundMessage } from '../../conversation/types.js';
import type { Rubric } from '../../scoring/rubric-schema.js';
import type { Tx } from '../../store/store.js';
import { payload } from './payloads.js';
import { listText } from './render-lists.js';
import { criterionLabel, periodLabel, promptMessage, resultLine, totalLine, valueLabel } from './render-review.js';

/** The director's two buttons under the unit's list (sent with the report and shown again by /pheduyet). */
export function directorChoices(periodId: number): Choice[] {
  return [
    { label: '✅ Phê duyệt', payload: payload('pf', periodId) },
    { label: '↩️ Trả lại', payload: payload('pr', periodId) },
  ];
}

/** The office's buttons under a sent list. */
export function officeChoices(listId: number, departmentName: string): Choice[] {
  return [
    { label: `✅ Tiếp nhận ${departmentName}`.slice(0, 60), payload: payload('la', listId) },
    { label: '↩️ Trả lại', payload: payload('lr', listId) },
  ];
}

/** The whole unit's list, as the director reads it. */
export function unitSummaryText(s: UnitSummary): string {
  const lines = [`🏛️ Danh sách toàn cơ quan — ${periodLabel(s.period)}`];
  if (s.reportedLate) lines.push(`⚠️ Văn phòng trình muộn (hạn ${fmtDate(s.period.officeDeadline)}).`);
  for (const l of s.lists) {
    lines.push(
      `▸ ${l.departmentName}: ${l.approved}/${l.members} người đã được duyệt, trung bình ${l.mean === null ? '—' : pts(l.mean)}${l.article ? `\n  ${l.article}` : ''}${l.leaderComment ? `\n  Ý kiến lãnh đạo phụ trách: ${l.leaderComment}` : ''}`,
    );
  }
  return lines.join('\n');
}

const VERB = { submitted: 'nộp bản tự đánh giá', resubmitted: 'nộp lại bản tự đánh giá', 'changed-after-submit': 'sửa bản tự đánh giá' } as const;

/** The messages of one notice. */
export function noticeMessages(body: NoticeBody): OutboundMessage[] {
  const text = (t: string): OutboundMessage[] => [{ kind: 'text', text: t }];
  switch (body.type) {
    case 'approval-prompt':
      return [promptMessage(body.prompt)];
    case 'submission-approved':
      return text(`✅ Bản tự đánh giá ${periodLabel(body.period)} của anh/chị đã được duyệt.\n${resultLine(body.score, 'Điểm thống nhất', body.rubric)}`);
    case 'submission-adjusted': {
      const c = body.change;
      const newPoints = c.points === null ? '' : ` (tiêu chí còn ${pts(c.points)})`;
      return text(
        `✏️ Bản tự đánh giá ${periodLabel(body.period)} của anh/chị được điều chỉnh:\n${changeText(c, body.rubric)}${newPoints}\nLý do: ${body.reason}\n${resultLine(body.score, 'Tổng mới', body.rubric)}`,
      );
    }
    case 'submission-returned':
      return text(
        `↩️ Bản tự đánh giá ${periodLabel(body.period)} của anh/chị được trả lại để sửa.\nLý do: ${body.reason}\nGõ /xem để xem lại, sửa các câu cần sửa rồi gõ /nop để nộp lại.`,
      );
    case 'list-sent': {
      const t = listText(body.list);
      if (body.forLeader) return text(`${t}\n\nLãnh đạo phụ trách có thể cho ý kiến bằng lệnh /ykien.`);
      return [{ kind: 'choices', text: t, choices: officeChoices(body.listId, body.list.snapshot.departmentName), columns: 2, persistent: true }];
    }
    case 'list-corrected':
      return text(`ℹ️ Danh sách ${body.departmentName} (đã gửi Văn phòng) vừa được điều chỉnh. Gõ /tiepnhan để xem bản mới.`);
    case 'list-commented':
      return text(`💬 Lãnh đạo phụ trách cho ý kiến về danh sách ${body.departmentName} (${periodLabel(body.period)}):\n${body.comment}`);
    case 'list-accepted':
      return text(`✅ Văn phòng đã tiếp nhận danh sách ${body.departmentName} (${periodLabel(body.period)}).`);
    case 'list-returned':
      return text(
        `↩️ Văn phòng trả lại danh sách ${body.departmentName} (${periodLabel(body.period)}).\nLý do: ${body.reason}\nTrưởng phòng sửa (/duyet) rồi gửi lại bằng /guidanhsach.`,
      );
    case 'list-reopened':
      return text(
        `ℹ️ ${body.personName} (${body.departmentName}) vừa ${VERB[body.kind]} ${periodLabel(body.period)} sau khi Văn phòng đã tiếp nhận danh sách của phòng.\n` +
          `Danh sách ${body.departmentName} tự động chuyển lại trạng thái "đã gửi" để Trưởng phòng duyệt bản này. ` +
          'Khi Trưởng phòng duyệt xong, danh sách được cập nhật; Văn phòng tiếp nhận lại bằng /tiepnhan.',
      );
    case 'period-reported':
      return [
        {
          kind: 'choices',
          text: `${unitSummaryText(body.summary)}\n\nVăn phòng trình Giám đốc phê duyệt${body.summary.reportedLate ? ' (sau hạn)' : ''}.`,
          columns: 2,
          choices: directorChoices(body.summary.period.id),
          persistent: true,
        },
      ];
    case 'period-final-person': {
      const line = body.score.passFail
        ? `Kết quả của anh/chị: ${totalLine(body.score, body.rubric)}`
        : `Điểm của anh/chị: ${totalLine(body.score)}`;
      return text(`🏁 Kết quả ${periodLabel(body.period)} đã được Giám đốc phê duyệt.\n${line}`);
    }
    case 'period-final-office':
      return text(`🏁 Giám đốc đã phê duyệt kết quả ${periodLabel(body.period)}.`);
    case 'period-returned':
      return text(`↩️ Giám đốc trả lại danh sách toàn cơ quan ${periodLabel(body.period)}.\nLý do: ${body.reason}`);
    case 'period-reopened':
      return text(`🔓 Văn phòng mở lại ${periodLabel(body.period)} để điều chỉnh.\nLý do: ${body.reason}`);
  }
}

/** `Câu 12. Khả năng…: mức c (10đ) → mức b (5đ)`. */
export function changeText(c: AdjustmentChange, rubric: Rubric): string {
  return `${criterionLabel(c.criterion, c.questions)}: ${valueLabel(rubric, c.criterion, c.from, c.departmentName)} → ${valueLabel(rubric, c.criterion, c.to, c.departmentName)}`;
}

/** The notice as a chat notification (its key already names the recipient). */
export function renderNotice(n: ApprovalNotice): Notification {
  return { personId: n.personId, dedupeKey: n.dedupeKey, purpose: n.purpose, messages: noticeMessages(n.body) };
}

/** Queues the notices through the dispatcher in the caller's unit of work (CLI, HTTP, jobs). */
export async function dispatchNotices(tx: Tx, notifier: Notifier, notices: readonly ApprovalNotice[], now: number): Promise<void> {
  for (const n of notices) await notifier.dispatch(tx, renderNotice(n), now);
}
