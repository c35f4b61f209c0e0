/**
 * Why opening a period (or changing its deadlines) was refused, as data (for a browser or a test) and as the Vietnamese sentence the CLI
 * prints. The store never throws these: `openPeriod` decides.
 */
import { invalidDateText } from '../scoring/period-calendar.js';

export type PeriodRefusal =
  | { code: 'bad-code'; input: string }
  | { code: 'duplicate'; unitId: string; periodCode: string }
  | { code: 'bad-date'; field: string; value: string }
  | { code: 'date-order'; field: string; value: string; before: string; beforeValue: string }
  | { code: 'ends-before-start' }
  | { code: 'rubric-conflict'; rubricId: string; version: string }
  | { code: 'rubric-not-runnable'; rubricId: string; problems: string[] }
  | { code: 'unknown-period'; unitId: string; periodCode: string }
  | { code: 'finalised'; periodCode: string };

const LABELS: Record<string, string> = {
  startsOn: 'ngày bắt đầu',
  endsOn: 'ngày kết thúc',
  selfDeadline: 'hạn tự đánh giá',
  departmentDeadline: 'hạn gửi danh sách phòng',
  officeDeadline: 'hạn Văn phòng tổng hợp',
};

/** The refusal as the sentence shown to the person. */
export function renderPeriodRefusal(r: PeriodRefusal): string {
  switch (r.code) {
    case 'bad-code':
      return `Mã kỳ "${r.input}" không hợp lệ (ví dụ đúng: 2026-Q4)`;
    case 'duplicate':
      return `Kỳ ${r.periodCode} của đơn vị ${r.unitId} đã được mở trước đó; không mở lại.`;
    case 'bad-date':
      return invalidDateText(capitalise(LABELS[r.field] ?? r.field), r.value);
    case 'date-order':
      return `${capitalise(LABELS[r.field] ?? r.field)} (${r.value}) không được trước ${LABELS[r.before] ?? r.before} (${r.beforeValue})`;
    case 'ends-before-start':
      return 'Ngày kết thúc kỳ không được trước ngày bắt đầu';
    case 'rubric-conflict':
      return `Bộ tiêu chí ${r.rubricId} phiên bản ${r.version} đã được lưu với nội dung khác; hãy đổi "version" khi sửa bộ tiêu chí.`;
    case 'unknown-period':
      return `Đơn vị ${r.unitId} chưa có kỳ ${r.periodCode}.`;
    case 'finalised':
      return `Kỳ ${r.periodCode} đã được Giám đốc phê duyệt chính thức; không đổi hạn được nữa.`;
    case 'rubric-not-runnable':
      return `Chưa mở được kỳ: bộ tiêu chí ${r.rubricId} chưa đủ để chấm điểm.\n${r.problems.map((p) => `  - ${p}`).join('\n')}`;
  }
}

/** A refused period operation; `refusal` is the data, `message` its Vietnamese rendering. */
export class PeriodError extends Error {
  override name = 'PeriodError';
  constructor(readonly refusal: PeriodRefusal) {
    super(renderPeriodRefusal(refusal));
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
