/**
 * The audit log as people read it: each action code in Vietnamese, and before/after values with every secret-like
 * field masked. Why here and not in a view: the dashboard's /nhat-ky and `thidua audit` show the same log, and a
 * code or a token typed into a field must never be shown by either.
 */

/** Vietnamese labels of the action codes the services write (the code itself is shown for anything else). */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'account.linked': 'Liên kết tài khoản chat',
  'web.login': 'Đăng nhập bằng mã',
  'person.preference': 'Đổi tuỳ chọn cá nhân',
  'staff.import': 'Nhập danh sách cán bộ',
  'invite.department_issued': 'Cấp mã đăng nhập cho cả phòng',
  'department.leader_set': 'Đặt lãnh đạo phụ trách phòng',
  'department.condition_answered': 'Khai báo tin, bài của phòng trong Quý',
  'person.joined_on_set': 'Ghi ngày bắt đầu công tác',
  'unit.rules_changed': 'Đổi thiết lập của đơn vị',
  'unit.reminder_settings_changed': 'Đổi lịch nhắc việc',
  'reminders.run_by_hand': 'Chạy nhắc việc thủ công',
  'submission.submitted': 'Nộp bản tự đánh giá',
  'submission.resubmitted': 'Nộp lại bản tự đánh giá',
  'submission.approved': 'Duyệt bản tự đánh giá',
  'submission.adjusted': 'Điều chỉnh điểm',
  'submission.returned': 'Trả lại bản tự đánh giá',
  'answer.changed_after_submit': 'Sửa câu trả lời sau khi nộp',
  'evidence.added': 'Bổ sung minh chứng',
  'list.sent': 'Gửi danh sách phòng',
  'list.resent': 'Gửi lại danh sách phòng',
  'list.corrected': 'Sửa danh sách phòng',
  'list.commented': 'Lãnh đạo phụ trách cho ý kiến',
  'list.accepted': 'Văn phòng tiếp nhận danh sách',
  'list.returned': 'Văn phòng trả lại danh sách',
  'list.reopened_by_resubmission': 'Mở lại danh sách do nộp lại',
  'period.opened': 'Mở Quý đánh giá',
  'period.deadlines_changed': 'Đổi hạn của Quý',
  'reminders.test_sent': 'Gửi nhắc nhở thử',
  'period.submitted_to_director': 'Trình Giám đốc',
  'period.returned_by_director': 'Giám đốc trả lại',
  'period.finalised': 'Giám đốc phê duyệt kết quả',
  'period.reopened': 'Mở lại Quý đã phê duyệt',
  'honours.tie_choice': 'Giám đốc chọn trong số bằng điểm',
  'announcement_target.register': 'Đăng ký nhóm thông báo',
  'announcement_target.migrate': 'Chuyển nhóm thông báo',
  'announcement_target.deactivate': 'Ngừng nhóm thông báo',
  'initiative.register': 'Đăng ký sáng kiến',
  'initiative.recognise': 'Công nhận sáng kiến',
  'emulation.register': 'Đăng ký thi đua',
  'emulation.deadline': 'Đặt hạn đăng ký thi đua',
  'award-blocker.add': 'Ghi điều kiện không được khen thưởng',
  'award-blocker.lift': 'Bỏ điều kiện không được khen thưởng',
  'nomination.propose': 'Đề nghị khen thưởng',
  'nomination.checklist': 'Cập nhật hồ sơ đề nghị',
  'nomination.file': 'Lập hồ sơ khen thưởng',
  'nomination.file-generated': 'Tạo tệp hồ sơ khen thưởng',
  'council.open': 'Mở phiên Hội đồng',
  'council.propose-year': 'Hội đồng đề xuất danh hiệu năm',
  'council.approve': 'Hội đồng thông qua',
  'council.reject': 'Hội đồng không thông qua',
  'council.close': 'Đóng phiên Hội đồng',
  org_period_open: 'Mở kỳ chỉ số',
  org_answer: 'Trả lời chỉ số',
  org_evidence: 'Thêm minh chứng chỉ số',
  org_assign: 'Giao chỉ số',
  org_review_accept: 'Chấp nhận chỉ số',
  org_review_return: 'Trả lại chỉ số',
  org_review_adjust: 'Điều chỉnh chỉ số',
  org_not_applicable: 'Đánh dấu chỉ số không đánh giá',
  org_not_applicable_off: 'Bỏ đánh dấu không đánh giá',
  org_period_submit: 'Trình kết quả chỉ số',
  org_period_verify: 'Thẩm định kết quả chỉ số',
  org_period_verify_return: 'Thẩm định: trả lại',
  org_period_approve: 'Phê duyệt kết quả chỉ số',
  org_initiatives: 'Cập nhật số sáng kiến (chỉ số)',
  org_official_add: 'Thêm cán bộ phụ trách chỉ số',
  org_official_remove: 'Bỏ cán bộ phụ trách chỉ số',
  contest_run_open: 'Mở hội thi',
  contest_run_update: 'Cập nhật hội thi',
  contest_register: 'Đăng ký dự thi',
  contest_close_registration: 'Khoá sổ đăng ký dự thi',
  contest_room_codes: 'Cấp mã phòng thi',
  contest_attempt_start: 'Bắt đầu bài thi',
  contest_attempt_submit: 'Nộp bài thi',
  contest_attempt_timeout: 'Hết giờ làm bài',
  contest_add_time: 'Cộng thêm giờ thi',
  contest_practical_mark: 'Chấm điểm thực hành',
  contest_practical_decision: 'Trưởng ban quyết định điểm',
  contest_publish_results: 'Công bố kết quả hội thi',
};

/** The Vietnamese label of an action code; an unknown code is named as it is, marked as such. */
export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? `Thao tác khác (${action})`;
}

/** Field names whose values are secrets: one-time codes, tokens, passwords, hashes, session ids, keys. */
const SECRET_FIELD = /(secret|token|password|passwd|mat_?khau|hash|otp|cookie|session|api_?key|private_?key|credential|^code$|invite_?code|login_?code|access_?key)/i;
export const MASK = '••••••';

/** A copy of `value` with every secret-like field's value replaced by {@link MASK} (any depth). */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELD.test(k) ? MASK : maskSecrets(v)]));
}
