/** The review workflow's refusals in Vietnamese, as people have always read them (shown after "⛔ "). */
import type { Refusal } from '../../approval/refusals.js';

export function refusalText(r: Refusal): string {
  switch (r.code) {
    case 'not-allowed':
      return 'Anh/chị không có quyền thực hiện thao tác này.';
    case 'own-submission':
      return 'Anh/chị không thể tự duyệt bản tự đánh giá của chính mình.';
    case 'not-reviewer':
      return 'Anh/chị không phụ trách duyệt bản tự đánh giá này (chỉ Trưởng phòng của người đó, hoặc lãnh đạo phụ trách với bản của Trưởng phòng).';
    case 'not-department-head':
      return 'Chỉ Trưởng phòng của phòng này mới gửi được danh sách của phòng.';
    case 'not-department-head-or-office':
      return 'Chỉ Trưởng phòng của phòng này (hoặc Văn phòng) mới khai báo được bài viết của phòng.';
    case 'department-not-found':
      return 'Không tìm thấy phòng này trong đơn vị.';
    case 'no-department-condition':
      return 'Bảng tiêu chí của Quý này không có điều kiện bài viết của phòng.';
    case 'no-department':
      return 'Chỉ Trưởng phòng của một phòng mới gửi được danh sách của phòng.';
    case 'not-leader-in-charge':
      return 'Chỉ lãnh đạo phụ trách phòng này mới cho ý kiến được vào danh sách.';
    case 'office-only':
      return 'Chỉ Văn phòng mới thực hiện được thao tác này.';
    case 'director-only':
      return 'Chỉ Giám đốc mới phê duyệt được kết quả.';
    case 'progress-not-allowed':
      return 'Anh/chị không có quyền xem tiến độ.';
    case 'progress-staff':
      return 'Chỉ Văn phòng, Giám đốc, lãnh đạo phụ trách và Trưởng phòng xem được tiến độ. Xem điểm của mình bằng /diem.';
    case 'audit-not-allowed':
      return 'Chỉ Văn phòng và Giám đốc xem được nhật ký thay đổi.';
    case 'submission-not-found':
      return 'Không tìm thấy bản tự đánh giá này.';
    case 'list-not-found':
      return 'Không tìm thấy danh sách này.';
    case 'period-not-found':
      return 'Không tìm thấy Quý đánh giá phù hợp.';
    case 'no-active-period':
      return 'Hiện không có Quý nào đang trong thời gian đánh giá.';
    case 'no-period':
      return 'Chưa có Quý đánh giá nào.';
    case 'period-frozen':
      return r.periodStatus === 'finalised'
        ? 'Kết quả Quý này đã được Giám đốc phê duyệt chính thức. Nếu cần sửa, đề nghị Văn phòng mở lại (có ghi nhật ký).'
        : 'Kết quả Quý này đã được trình Giám đốc nên không thay đổi được nữa (trừ khi Giám đốc trả lại).';
    case 'list-frozen':
      return 'Văn phòng đã tiếp nhận danh sách của phòng nên không thay đổi được nữa. Nếu cần sửa, đề nghị Văn phòng trả lại danh sách.';
    case 'already-submitted':
      return 'Bản tự đánh giá đã được nộp và đang chờ duyệt.';
    case 'approved-cannot-resubmit':
      return 'Bản tự đánh giá đã được duyệt; muốn sửa, đề nghị người duyệt trả lại.';
    case 'approved-cannot-edit':
      return 'Bản tự đánh giá đã được duyệt nên không sửa được; muốn sửa, đề nghị người duyệt trả lại.';
    case 'already-approved':
      return 'Bản này đã được duyệt rồi.';
    case 'not-submitted-yet':
      return 'Người này chưa nộp bản tự đánh giá nên chưa duyệt được.';
    case 'returned-waiting':
      return 'Bản này đã được trả lại và đang chờ người tự đánh giá sửa, nộp lại.';
    case 'draft-not-viewable':
      return 'Bản tự đánh giá này chưa được nộp nên anh/chị chưa xem được; bản nháp chỉ người tự đánh giá xem được cho đến khi nộp.';
    case 'returned-not-viewable':
      return 'Bản này đã được trả lại và người tự đánh giá đang sửa; anh/chị sẽ xem được khi người đó nộp lại.';
    case 'list-pending-reviews':
      return `Còn ${r.count} bản tự đánh giá chờ duyệt; hãy duyệt xong (/duyet) rồi gửi danh sách.`;
    case 'list-not-sent-comment':
      return 'Phòng chưa gửi danh sách nên chưa cho ý kiến được.';
    case 'list-accepted-no-comment':
      return 'Văn phòng đã tiếp nhận danh sách này; không thêm ý kiến được nữa.';
    case 'list-accept-pending-reviews':
      return (
        `Còn ${r.count} bản tự đánh giá của phòng (nộp sau khi danh sách được gửi) chờ Trưởng phòng duyệt; ` +
        'chờ duyệt xong rồi tiếp nhận, hoặc trả lại danh sách.'
      );
    case 'list-already-accepted':
      return 'Danh sách này đã được tiếp nhận rồi.';
    case 'list-waiting-leader-comment':
      return 'Danh sách này đang chờ lãnh đạo phụ trách cho ý kiến; Văn phòng tiếp nhận sau khi có ý kiến (Kế hoạch, mục III.3.a: "Tổng hợp gửi lãnh đạo phụ trách cho ý kiến. Gửi về Văn phòng Sở").';
    case 'list-not-sent':
      return 'Phòng chưa gửi danh sách.';
    case 'list-returned-waiting':
      return 'Danh sách đã bị trả lại; chờ phòng gửi lại.';
    case 'list-already-returned':
      return 'Danh sách này đã được trả lại rồi.';
    case 'period-already-reported':
      return 'Danh sách toàn cơ quan đã được trình Giám đốc rồi.';
    case 'lists-not-accepted':
      return `Còn ${r.count} phòng chưa có danh sách được tiếp nhận; xem /tiendo.`;
    case 'period-already-finalised':
      return 'Kết quả Quý này đã được phê duyệt rồi.';
    case 'period-not-reported':
      return 'Văn phòng chưa trình danh sách toàn cơ quan.';
    case 'reopen-not-finalised':
      return 'Chỉ mở lại được Quý đã được phê duyệt chính thức; Quý này vẫn đang xử lý.';
    case 'reason-too-short':
      return r.what === 'comment' ? 'Vui lòng nhập ý kiến (ít nhất vài chữ).' : 'Vui lòng nhập lý do (ít nhất vài chữ).';
    case 'reason-too-long':
      return `${r.what === 'comment' ? 'Ý kiến' : 'Lý do'} dài quá; tối đa ${r.max} ký tự.`;
    case 'stale':
      return 'Bản tự đánh giá đã thay đổi sau khi anh/chị nhận tin này. Hãy xem bản mới nhất (/duyet) rồi quyết định lại.';
    case 'not-adjustable':
      return 'Tiêu chí này không điều chỉnh được (chưa có câu trả lời hoặc không áp dụng).';
    case 'invalid-value':
      return 'Mức điểm chọn không hợp lệ cho tiêu chí này.';
    case 'not-answered':
      return 'Tiêu chí này chưa có câu trả lời.';
  }
}
