/**
 * Why an organisation-index action was refused, as data, and its Vietnamese text (shared by chat and CLI).
 */
import { invalidDateText, LOCAL_DATE_FORMAT } from '../scoring/period-calendar.js';

export type OrgRefusal =
  | { code: 'no-period' }
  | { code: 'period-exists'; year: number }
  | { code: 'not-organisation'; rubricId: string }
  | { code: 'no-calendar'; rubricId: string }
  | { code: 'bad-entry-deadline'; given: string }
  | { code: 'not-runnable'; problems: string[] }
  | { code: 'bad-settings'; message: string }
  | { code: 'not-lead' }
  | { code: 'not-assignee'; criterionId: string }
  | { code: 'not-steering' }
  | { code: 'not-chair' }
  | { code: 'unknown-criterion'; criterionId: string }
  | { code: 'unknown-person'; who: string }
  | { code: 'unknown-official-code'; given: string; allowed: string[] }
  | { code: 'period-state'; status: string; expected: string }
  | { code: 'answer-state'; criterionId: string; status: string }
  | { code: 'bad-value'; criterionId: string; message: string }
  | { code: 'no-answer'; criterionId: string }
  | { code: 'not-applicable-refused'; criterionId: string }
  | { code: 'reason-required' }
  | { code: 'not-ready'; missing: string[] };

export type OrgOutcome<T> = ({ ok: true } & T) | { ok: false; refusal: OrgRefusal };

export function refuse(refusal: OrgRefusal): { ok: false; refusal: OrgRefusal } {
  return { ok: false, refusal };
}

const STATUS_TEXT: Record<string, string> = {
  open: 'đang nhập số liệu',
  submitted: 'đã trình Ban Chỉ đạo thẩm định',
  verified: 'đã thẩm định, chờ phê duyệt',
  approved: 'đã phê duyệt',
  answered: 'đã trả lời, chờ rà soát',
  accepted: 'đã được chấp nhận',
  adjusted: 'đã được điều chỉnh',
  returned: 'bị trả lại',
  'not-applicable': 'không đánh giá',
};

export function statusText(status: string): string {
  return STATUS_TEXT[status] ?? status;
}

export function orgRefusalText(r: OrgRefusal): string {
  switch (r.code) {
    case 'no-period':
      return 'Đơn vị chưa mở kỳ đánh giá chỉ số chuyển đổi số (DTI) nào.';
    case 'period-exists':
      return `Đơn vị đã có kỳ đánh giá chỉ số năm ${r.year}.`;
    case 'not-organisation':
      return `Bộ tiêu chí ${r.rubricId} không phải bộ chỉ số đánh giá cơ quan, đơn vị.`;
    case 'no-calendar':
      return `Bộ tiêu chí ${r.rubricId} chưa có lịch năm (niên hạn số liệu, hạn nhập, thẩm định, phê duyệt): hãy cho hạn nhập số liệu khi mở năm (--entry-deadline, ghi theo dạng ${LOCAL_DATE_FORMAT}).`;
    case 'bad-entry-deadline':
      return invalidDateText('Hạn nhập số liệu', r.given);
    case 'not-runnable':
      return `Chưa thể mở kỳ đánh giá:\n${r.problems.map((p) => `• ${p}`).join('\n')}`;
    case 'bad-settings':
      return r.message;
    case 'not-lead':
      return 'Chỉ đơn vị chủ trì Bộ chỉ số (văn phòng) mới làm được việc này.';
    case 'not-assignee':
      return `Anh/chị không được giao chỉ số ${r.criterionId}.`;
    case 'not-steering':
      return 'Chỉ thành viên Ban Chỉ đạo chuyển đổi số mới thẩm định được số liệu.';
    case 'not-chair':
      return 'Chỉ Trưởng Ban Chỉ đạo (Chủ tịch) mới phê duyệt được kết quả.';
    case 'unknown-criterion':
      return `Không có chỉ số “${r.criterionId}” trong Bộ chỉ số.`;
    case 'unknown-person':
      return `Không tìm thấy cán bộ “${r.who}” trong đơn vị.`;
    case 'unknown-official-code':
      return `Không có chức danh “${r.given}”. Chọn một trong: ${r.allowed.join(', ')}.`;
    case 'period-state':
      return `Kỳ đánh giá đang ở bước “${statusText(r.status)}”, không phải “${statusText(r.expected)}”.`;
    case 'answer-state':
      return `Chỉ số ${r.criterionId} đang ở trạng thái “${statusText(r.status)}”.`;
    case 'bad-value':
      return `Chỉ số ${r.criterionId}: ${r.message}`;
    case 'no-answer':
      return `Chỉ số ${r.criterionId} chưa có câu trả lời.`;
    case 'not-applicable-refused':
      return `Chỉ số ${r.criterionId} không thuộc trường hợp “không đánh giá” theo văn bản nên vẫn phải chấm điểm.`;
    case 'reason-required':
      return 'Cần ghi lý do.';
    case 'not-ready':
      return `Còn ${r.missing.length} chỉ số chưa được rà soát xong: ${r.missing.join(', ')}.`;
  }
}
