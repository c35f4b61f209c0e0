/** The initiative dialog's chat texts (Vietnamese). */
import { fmtDate } from '../../conversation/render/format.js';
import { KIND_LABELS, LEVEL_LABELS, TOPIC_LABELS } from '../../initiatives/labels.js';
import type { InitiativeRecord } from '../../store/initiatives.js';
import type { InitiativeDialog } from './dialog.js';

export const T = {
  askTitle: '💡 ĐĂNG KÝ SÁNG KIẾN\nBước 1/6 — Gõ tên sáng kiến, mô hình hoặc giải pháp của anh/chị (gõ /huy để dừng).',
  askKind: 'Bước 2/6 — Đây là loại nào?',
  askTopic: 'Bước 3/6 — Thuộc lĩnh vực nào của chuyển đổi số?',
  askAuthors:
    'Bước 4/6 — Anh/chị là tác giả. Có đồng tác giả trong cơ quan không? Gõ số điện thoại hoặc họ tên đầy đủ của từng người, cách nhau bằng dấu phẩy; hoặc bấm "Chỉ mình tôi".',
  askSummary: 'Bước 5/6 — Tóm tắt ngắn nội dung và hiệu quả (một đoạn), hoặc bấm "Bỏ qua".',
  askEvidence: 'Bước 6/6 — Gửi minh chứng: tệp (PDF, ảnh…) hoặc đường liên kết. Gửi xong bấm "Xong".',
  titleLength: (min: number, max: number) => `Tên sáng kiến cần từ ${min} đến ${max} ký tự. Anh/chị gõ lại nhé.`,
  useButtons: 'Anh/chị chọn bằng nút bên dưới nhé.',
  notFound: (names: string[]) => `Không tìm thấy trong danh bạ cơ quan: ${names.join(', ')}. Anh/chị gõ lại số điện thoại hoặc họ tên đầy đủ.`,
  ambiguous: (name: string) => `Có nhiều người tên "${name}"; anh/chị gõ số điện thoại của người đó.`,
  evidenceSaved: (n: number) => `✅ Đã nhận minh chứng (${n} minh chứng). Gửi thêm hoặc bấm "Xong".`,
  evidenceDuplicate: 'Minh chứng này đã có rồi.',
  evidenceFull: (max: number) => `Đã đủ ${max} minh chứng cho một sáng kiến. Bấm "Xong" để xem lại và lưu.`,
  evidenceBad: 'Tôi chưa nhận được tệp hoặc đường liên kết hợp lệ. Anh/chị gửi lại, hoặc bấm "Xong".',
  fileTooBig: (mb: number) => `Tệp lớn hơn ${mb} MB; anh/chị gửi đường liên kết thay thế.`,
  stale: 'Màn hình này đã cũ. Gõ /sangkien để đăng ký lại.',
  cancelled: 'Đã hủy, chưa lưu sáng kiến nào.',
  saved: (id: number) =>
    `✅ Đã đăng ký sáng kiến số ${id}. Khi có quyết định công nhận (cấp cơ sở, tỉnh hoặc toàn quốc), Văn phòng sẽ ghi nhận vào sổ sáng kiến. Gõ /sangkiencuatoi để xem.`,
};

/** The confirmation screen. */
export function summaryText(d: InitiativeDialog, coAuthors: string[]): string {
  return [
    'Kiểm tra lại trước khi lưu:',
    `• Tên: ${d.title ?? ''}`,
    `• Loại: ${d.kind ? KIND_LABELS[d.kind] : ''}`,
    `• Lĩnh vực: ${d.topic ? TOPIC_LABELS[d.topic] : ''}`,
    `• Đồng tác giả: ${coAuthors.length > 0 ? coAuthors.join(', ') : 'không'}`,
    `• Tóm tắt: ${d.summary ?? '(không)'}`,
    `• Minh chứng: ${d.evidence.length}`,
  ].join('\n');
}

/** One line of "/sangkiencuatoi". */
export function initiativeLine(i: InitiativeRecord): string {
  const r = i.recognition;
  const status = r ? `✅ Công nhận ${LEVEL_LABELS[r.level]} — ${r.body}, QĐ số ${r.decisionNumber} ngày ${fmtDate(r.decisionDate)}` : '⏳ Chờ công nhận';
  return `${i.id}. ${i.title} (${KIND_LABELS[i.kind]}, ${TOPIC_LABELS[i.topic]})\n   ${status}`;
}
