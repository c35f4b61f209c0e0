/**
 * Why an action on initiatives, registrations, blockers, nominations or the council was refused, as data, with the
 * one Vietnamese text chat and CLI both show ({@link awardRefusalText}). A refusal changes nothing.
 */
export type AwardRefusal =
  | { code: 'not-allowed' }
  | { code: 'office-only' }
  | { code: 'council-only' }
  | { code: 'not-found'; what: 'initiative' | 'person' | 'department' | 'nomination' | 'council' | 'blocker' }
  | { code: 'other-unit' }
  | { code: 'invalid'; message: string }
  | { code: 'registration-closed'; deadline: string }
  | { code: 'council-closed' }
  | { code: 'already-lifted' };

export type AwardResult<T> = ({ ok: true } & T) | { ok: false; refusal: AwardRefusal };

export const refuse = (refusal: AwardRefusal): { ok: false; refusal: AwardRefusal } => ({ ok: false, refusal });

const WHAT: Record<Extract<AwardRefusal, { code: 'not-found' }>['what'], string> = {
  initiative: 'sáng kiến',
  person: 'người',
  department: 'phòng',
  nomination: 'hồ sơ đề nghị',
  council: 'phiên họp Hội đồng',
  blocker: 'ghi nhận',
};

/** The refusal in Vietnamese. */
export function awardRefusalText(r: AwardRefusal): string {
  switch (r.code) {
    case 'not-allowed':
      return 'Anh/chị không có quyền thực hiện thao tác này.';
    case 'office-only':
      return 'Chỉ Văn phòng (bộ phận thi đua – khen thưởng) được thực hiện thao tác này.';
    case 'council-only':
      return 'Chỉ Văn phòng (thư ký Hội đồng) hoặc Giám đốc được ghi quyết định của Hội đồng thi đua – khen thưởng.';
    case 'not-found':
      return `Không tìm thấy ${WHAT[r.what]} này.`;
    case 'other-unit':
      return 'Mục này thuộc đơn vị khác.';
    case 'invalid':
      return r.message;
    case 'registration-closed':
      return `Đã hết hạn đăng ký thi đua (hạn cuối ${r.deadline.split('-').reverse().join('/')}). Anh/chị liên hệ Văn phòng nếu cần.`;
    case 'council-closed':
      return 'Phiên họp Hội đồng này đã kết thúc; không ghi thêm quyết định.';
    case 'already-lifted':
      return 'Ghi nhận này đã được gỡ trước đó.';
  }
}
