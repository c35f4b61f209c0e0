/** Fixed Vietnamese texts of the bot, in one place so they stay consistent and reviewable. */
import type { PersonView } from '../../store/directory.js';

export const T = {
  welcome:
    'Xin chào! Đây là Thi Đua Số — trợ lý của phong trào thi đua "Chiến binh số". Tôi giúp anh/chị tự đánh giá theo Quý, gửi minh chứng và xem điểm.',
  askLink:
    'Để bắt đầu, anh/chị vui lòng chia sẻ số điện thoại (bấm nút bên dưới) hoặc gõ mã kích hoạt do Văn phòng cấp (ví dụ K7Q2-M9XH).',
  sharePhoneButton: '📱 Chia sẻ số điện thoại',
  unverifiedContact:
    'Số điện thoại này không được xác minh là của chính anh/chị. Vui lòng bấm nút "Chia sẻ số điện thoại" để gửi số của mình, hoặc gõ mã kích hoạt.',
  unknownPhone:
    'Số điện thoại này chưa có trong danh sách cán bộ của cơ quan. Anh/chị vui lòng liên hệ Văn phòng để được cập nhật hoặc cấp mã kích hoạt.',
  ambiguousPhone:
    'Số điện thoại này gắn với nhiều hồ sơ. Anh/chị vui lòng liên hệ Văn phòng để được cấp mã kích hoạt.',
  badPhone: 'Không đọc được số điện thoại. Vui lòng bấm nút "Chia sẻ số điện thoại" hoặc gõ mã kích hoạt.',
  codeUnknown: 'Mã kích hoạt không đúng. Vui lòng kiểm tra lại (8 ký tự, ví dụ K7Q2-M9XH) hoặc liên hệ Văn phòng.',
  codeExpired: 'Mã kích hoạt đã hết hạn. Vui lòng liên hệ Văn phòng để được cấp mã mới.',
  codeUsed: 'Mã kích hoạt này đã được dùng. Mỗi mã chỉ dùng được một lần; vui lòng liên hệ Văn phòng nếu cần mã mới.',
  inactive: 'Hồ sơ của anh/chị đang tạm ngừng trên hệ thống. Vui lòng liên hệ Văn phòng.',
  alreadyLinked: 'Tài khoản chat này đã được liên kết với hồ sơ của anh/chị.',
  noPeriod: 'Hiện chưa đến thời gian tự đánh giá Quý nào cho đơn vị của anh/chị. Nếu cần, vui lòng liên hệ Văn phòng.',
  notAssessed: 'Anh/chị không thuộc diện tự đánh giá trong Quý này.',
  approvedLocked: 'Bản tự đánh giá Quý này đã được duyệt nên không sửa được nữa. Gõ /diem để xem điểm.',
  /** `reviewer`: {@link reviewerTitle} of the person (who reviews their self-assessment). */
  reviewingLocked: (reviewer: string) =>
    `${capitalise(reviewer)} đang xem xét bản tự đánh giá của anh/chị nên tạm thời không sửa được. Nếu cần sửa, vui lòng trao đổi với ${reviewer}.`,
  periodClosed: 'Việc tự đánh giá Quý này đã kết thúc, không sửa được nữa. Gõ /diem để xem điểm.',
  staleButton: 'Câu hỏi này đã cũ, vui lòng trả lời câu hỏi hiện tại bên dưới.',
  staleButtonIdle: 'Nút này đã cũ. Gõ /tudanhgia để tiếp tục tự đánh giá.',
  notUnderstood: 'Tôi chưa hiểu câu trả lời. ',
  ambiguousLevel: 'Mức này có các mức con, vui lòng chọn cụ thể (ví dụ b.2). ',
  outOfRange: 'Lựa chọn không có trong danh sách. ',
  notInteger: 'Vui lòng gõ một số nguyên. ',
  fileTooBig: (mb: number) => `Tệp quá lớn: tối đa ${mb} MB. Vui lòng gửi tệp nhỏ hơn hoặc gửi đường liên kết.`,
  fileNotReceived: 'Không nhận được nội dung tệp. Vui lòng gửi lại tệp (tối đa 20 MB) hoặc gửi đường liên kết.',
  badLink: (max: number) => `Đường liên kết không hợp lệ: chỉ nhận đường liên kết http:// hoặc https://, tối đa ${max} ký tự.`,
  linkOnly: 'Tiêu chí này chỉ nhận minh chứng là đường liên kết.',
  fileOnly: 'Tiêu chí này chỉ nhận minh chứng là tệp hoặc ảnh.',
  evidenceSaved: (n: number, count: number) => `📎 Đã lưu minh chứng cho câu ${n} (hiện có ${count}).`,
  /**
   * Several links in one message: `saved` new ones kept, `already` sent before, `refused` not http(s) or too long.
   * Why: a message with two links kept only the first, silently.
   */
  linksSaved: (n: number, saved: number, already: number, refused: number, count: number, max: number) => {
    const parts = [
      saved > 0
        ? `📎 Đã lưu ${saved} đường liên kết làm minh chứng cho câu ${n} (hiện có ${count}).`
        : `📎 Không có đường liên kết mới nào cho câu ${n} (hiện có ${count}).`,
    ];
    if (already > 0) parts.push(`${already} đường liên kết đã có từ trước nên không lưu lại.`);
    if (refused > 0) parts.push(`${refused} đường liên kết không hợp lệ nên không lưu: chỉ nhận http:// hoặc https://, tối đa ${max} ký tự.`);
    return parts.join(' ');
  },
  evidenceNeeded: 'Tiêu chí này bắt buộc có minh chứng. Vui lòng gửi ít nhất một đường liên kết hoặc tệp trước khi tiếp tục.',
  nothingToReview: 'Anh/chị chưa bắt đầu tự đánh giá. Gõ /tudanhgia để bắt đầu.',
  /**
   * `result`: `tổng tạm tính 44đ`, or `Công dân số: Đạt (8/8 tiêu chí)` for people not ranked by points;
   * `reviewer`: {@link reviewerTitle} of the person.
   */
  submitted: (result: string, reviewer: string) =>
    `📤 Đã nộp bản tự đánh giá (${result}). Đã báo ${reviewer} để duyệt. Anh/chị vẫn sửa được cho tới khi ${reviewer} bắt đầu xem xét.`,
  resubmitted: (result: string, reviewer: string) => `📤 Đã nộp lại bản tự đánh giá (${result}). Đã báo ${reviewer} để duyệt.`,
  /** The director submitted but the unit named nobody to review the director's own (issue 17 item 7). */
  directorWithoutReviewer: (result: string) =>
    `📤 Đã nộp bản tự đánh giá (${result}).\n⚠️ Đơn vị chưa giao người duyệt bản tự đánh giá của Giám đốc, nên bản này chưa được ai duyệt và chưa được tính vào kết quả. ` +
    'Đề nghị Văn phòng giao người duyệt (một Phó Giám đốc hoặc Văn phòng) bằng lệnh: thidua settings set directorReviewer=… ; người được giao sẽ thấy bản này khi gõ /duyet.',
  submitCancelled: 'Chưa nộp. Anh/chị có thể xem lại (/xem) hoặc sửa câu trả lời, rồi gõ /nop khi sẵn sàng.',
  alreadySubmitted: (reviewer: string) =>
    `Anh/chị đã nộp bản tự đánh giá; ${reviewer} đang chờ xem xét. Nếu sửa câu trả lời, ${reviewer} sẽ được báo.`,
  changedAfterSubmit: (reviewer: string) => `Đã cập nhật. ${capitalise(reviewer)} được báo về thay đổi này.`,
  returned: (reason: string | null) =>
    `↩️ Bản tự đánh giá đã được trả lại${reason ? `: ${reason}` : ''}. Vui lòng sửa rồi gõ /nop để nộp lại.`,
  stateReset: 'Phiên trò chuyện trước không còn dùng được nên đã được làm mới. Dữ liệu tự đánh giá của anh/chị vẫn được giữ nguyên.',
  error: 'Xin lỗi, có lỗi khi xử lý tin nhắn. Anh/chị vui lòng thử lại sau ít phút.',
  noRole: 'Lệnh này không dành cho vai trò của anh/chị.',
  noButtonRight: 'Anh/chị không có quyền thực hiện thao tác này.',
  /** After the greeting and what waits, when a dialog was left half-way (a page reload). */
  resumeHere: 'Anh/chị đang trả lời dở, mời tiếp tục:',
  dialogExpired: 'Thao tác trước đã hết hiệu lực. Gõ /huongdan để xem các lệnh.',
  unknownCommand: (name: string) => `Không có lệnh /${name}. Gõ /huongdan để xem các lệnh.`,
  notAvailable: 'Chức năng này chưa được bật.',
  cancelled: 'Đã hủy. Gõ /huongdan để xem các lệnh.',
  idleHint: 'Anh/chị muốn làm gì? Gõ /huongdan để xem các lệnh.',
} as const;

/** Typed navigation words (folded, without diacritics). */
export const WORDS = {
  back: new Set(['quay lai', 'truoc', 'cau truoc', 'back', 'lui']),
  skip: new Set(['bo qua', 'skip', 'de sau', 'tiep', 'sau']),
  review: new Set(['xem lai', 'xem', 'review', 'tong hop']),
  evidence: new Set(['minh chung', 'them minh chung', 'evidence']),
  done: new Set(['xong', 'done', 'het', 'tiep tuc', 'ok']),
  submit: new Set(['nop', 'nop bai', 'submit']),
} as const;

/**
 * Who reviews the person's own self-assessment, as the person should read it: "Trưởng phòng" for staff,
 * "lãnh đạo phụ trách" for a head whose department has one, else "Giám đốc" (a head without a leader in charge,
 * a leader). Why here: the texts told heads "Trưởng phòng" although their reviewer is someone else; this mirrors
 * the approval rule from the facts the engine already loads with the person.
 */
export function reviewerTitle(
  person: Pick<PersonView, 'id' | 'roles' | 'leaderInChargeId'>,
  directorReviewer: 'office' | number | null = null,
): string {
  // The director's own: whoever the unit named (issue 17 item 7), never the director.
  if (person.roles.includes('director')) {
    return directorReviewer === 'office' ? 'Văn phòng' : directorReviewer !== null ? 'Phó Giám đốc được giao duyệt' : 'người duyệt (đơn vị chưa giao)';
  }
  if (person.roles.includes('leader')) return 'Giám đốc';
  if (person.roles.includes('head')) {
    return person.leaderInChargeId !== null && person.leaderInChargeId !== person.id ? 'lãnh đạo phụ trách' : 'Giám đốc';
  }
  return 'Trưởng phòng';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
