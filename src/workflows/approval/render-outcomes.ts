/** What the actor reads after each action of the review workflow (Vietnamese, one short paragraph). */
import type { AdjustOutcome, ReviewOutcome } from '../../approval/review-actions.js';
import type { ListOutcome, SendListOutcome } from '../../approval/list-actions.js';
import type { PeriodOutcome } from '../../approval/period-actions.js';
import type { HistoryView } from '../../approval/progress.js';
import { changeText } from './render-notices.js';
import { historyText, listText } from './render-lists.js';
import { periodLabel, totalLine } from './render-review.js';

export const approvedText = (o: ReviewOutcome): string =>
  `Đã duyệt bản của ${o.personName}: ${totalLine(o.score, o.rubric)}${o.late ? ' (duyệt sau hạn, đã ghi nhận muộn)' : ''}.`;

export const adjustedText = (o: AdjustOutcome): string =>
  `Đã điều chỉnh ${changeText(o.change, o.rubric)}. ${o.score.passFail ? 'Kết quả' : 'Tổng'} mới của ${o.personName}: ${totalLine(o.score, o.rubric)}.`;

export const returnedText = (o: ReviewOutcome): string => `Đã trả lại bản của ${o.personName}; người đó đã được báo lý do.`;

export const listSentText = (o: SendListOutcome): string =>
  `Đã gửi danh sách tới Văn phòng${o.late ? ' (sau hạn, được ghi nhận là gửi muộn)' : ''}.\n\n${listText(o.list)}`;

export const listCommentedText = (o: ListOutcome): string => `Đã ghi ý kiến của anh/chị vào danh sách ${o.departmentName}.`;

export const listAcceptedText = (o: ListOutcome): string => `Đã tiếp nhận danh sách ${o.departmentName}.`;

export const listReturnedText = (o: ListOutcome): string => `Đã trả lại danh sách ${o.departmentName}; Trưởng phòng đã được báo lý do.`;

export const reportedText = (o: PeriodOutcome): string =>
  `Đã trình Giám đốc danh sách toàn cơ quan ${periodLabel(o.period)}${o.late ? ' (sau hạn, đã ghi nhận muộn)' : ''}.`;

export const finalisedText = (o: PeriodOutcome): string => `Đã phê duyệt kết quả ${periodLabel(o.period)}. Kết quả đã chính thức.`;

export const directorReturnedText = (): string => 'Đã trả lại danh sách cho Văn phòng.';

export const reopenedText = (o: PeriodOutcome): string =>
  `Đã mở lại ${periodLabel(o.period)}. Muốn sửa danh sách phòng nào, dùng /tralai để trả lại danh sách đó.`;

/** The /lichsu text. */
export function historyViewText(view: HistoryView): string {
  switch (view.kind) {
    case 'unknown-person':
      return 'Không tìm thấy thông tin của anh/chị.';
    case 'no-submission':
      return 'Anh/chị chưa có bản tự đánh giá nào.';
    case 'history':
      return historyText(view.period, view.items);
  }
}
