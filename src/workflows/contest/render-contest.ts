/** Chat texts of the contest workflow (Vietnamese), from the services' data. */
import type { PracticalScore } from '../../contest/practical-score.js';
import type { UnitListAnswer } from '../../contest-service/registration-service.js';
import type { CandidateRecord } from '../../store/contest.js';

export const REGISTER_HELP = [
  'Gửi danh sách dự thi của đơn vị: mỗi người một dòng, dạng',
  'Họ và tên; Chức vụ[; Số điện thoại]',
  'Ví dụ:',
  'Nguyễn Văn An; Giám đốc Sở',
  'Lê Thị Bình; Phó Giám đốc Sở; 0912345678',
  'Danh sách mới thay cho danh sách đã gửi trước (đến khi Ban Tổ chức khoá sổ). Gõ /huy để thôi.',
].join('\n');

export function renderListAnswer(a: UnitListAnswer): string {
  if (a.stored) {
    return [`✔ Đã ghi nhận danh sách dự thi của ${a.unitName} (${a.lines.length} người):`, ...a.lines.map((l) => `${l.line}. ${l.fullName}`)].join('\n');
  }
  const lines = [`✘ Danh sách của ${a.unitName} CHƯA được ghi nhận. Anh/chị sửa rồi gửi lại cả danh sách:`];
  for (const p of a.unitProblems) lines.push(`• ${p}`);
  for (const l of a.lines) for (const p of l.problems) lines.push(`• Dòng ${l.line} (${l.fullName}): ${p}`);
  return lines.join('\n');
}

export function renderPractical(candidateNumber: string, score: PracticalScore): string {
  if (score.status === 'scored') return `✔ Đã ghi điểm thực hành của ${candidateNumber}. Bài đã có điểm chính thức.`;
  if (score.status === 'incomplete') return `✔ Đã ghi điểm thực hành của ${candidateNumber}. ${score.message}`;
  return `✔ Đã ghi điểm thực hành của ${candidateNumber}. ⚠ ${score.message}`;
}

export function flaggedNotice(candidateNumber: string, score: PracticalScore): string {
  return `⚠ Bài thực hành của thí sinh ${candidateNumber}: ${score.status === 'needs-jury-head' ? score.message : ''}\nGõ /quyetdinh ${candidateNumber} ĐIỂM LÝ DO để quyết định điểm.`;
}

/** The numbers and rooms of a unit's candidates, for its focal person. */
export function renderNumbers(candidates: readonly CandidateRecord[], rooms: ReadonlyMap<string, string>): string {
  return [
    `Ban Tổ chức đã khoá sổ đăng ký. Số báo danh và phòng thi của ${candidates[0]?.unitName ?? 'đơn vị'}:`,
    ...candidates.map((c) => `• ${c.candidateNumber} — ${c.fullName} — ${rooms.get(c.roomId) ?? c.roomId}, máy ${c.seat}`),
    'Khi vào thi, thí sinh nhập số báo danh và mã phòng thi do cán bộ coi thi đọc.',
  ].join('\n');
}
