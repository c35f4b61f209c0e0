/**
 * The qualitative criteria of the seeds, answered as a checklist by the nominee or the office and judged by the
 * council (issue 14 item 4). The computed rules live in `eligibility.ts`.
 */
import type { NominationScheme, NomineeKind } from '../store/nominations.js';

export interface Criterion {
  id: string;
  text: string;
}

/** Seed 002 §2 "Tiêu chí chung" (every nominee). */
const COMMON_002: Criterion[] = [
  {
    id: 'chung',
    text: 'Thành tích tiêu biểu, xuất sắc trong thực hiện nhiệm vụ chính trị; dẫn đầu phong trào thi đua; tăng cường ứng dụng CNTT, thúc đẩy chuyển đổi số; gương mẫu chấp hành chủ trương, chính sách.',
  },
  { id: 'tru-cot', text: 'Thành tích tiêu biểu trên 03 trụ cột: chính quyền số, kinh tế số, xã hội số; hoàn thành các nhiệm vụ được giao.' },
];

/** Seed 002 §3.1 "Đối với tập thể". */
const COLLECTIVE_002: Criterion[] = [
  { id: 'tt-van-ban', text: 'Hoàn thành có chất lượng, đúng thời gian các văn bản hướng dẫn thực hiện nhiệm vụ chuyển đổi số; có sáng kiến, giải pháp tham mưu.' },
  { id: 'tt-dong-gop', text: 'Có những đóng góp cụ thể, thiết thực trong thực hiện công tác chuyển đổi số của tỉnh.' },
  { id: 'tt-van-dong', text: 'Tích cực vận động CBCCVC, người lao động hưởng ứng phong trào chuyển đổi số.' },
  { id: 'tt-mo-hinh', text: 'Xây dựng các mô hình chuyển đổi số; có nhiều sáng kiến về công tác chuyển đổi số.' },
];

/** Seed 002 §3.2 "Đối với các doanh nghiệp". */
const ENTERPRISE_002: Criterion[] = [
  { id: 'dn-san-pham', text: 'Ứng dụng công nghệ số tạo ra sản phẩm, dịch vụ mới hiệu quả, thiết thực, có tính lan tỏa ("Make in Việt Nam").' },
  { id: 'dn-giai-phap', text: 'Cung cấp ứng dụng, giải pháp được ứng dụng rộng rãi, tạo sự đột phá trong chuyển đổi số tại địa phương.' },
  { id: 'dn-dong-hanh', text: 'Đồng hành trong quá trình chuyển đổi số của tỉnh, góp phần xây dựng chính quyền số, xã hội số, kinh tế số.' },
];

/** Seed 002 §3.3 "Đối với cá nhân", the bullets after the initiative rule. */
const PERSON_002: Criterion[] = [
  { id: 'cn-giai-phap', text: 'Có sáng kiến, giải pháp hữu ích trong xây dựng, ban hành, tổ chức thực hiện cơ chế, chính sách tạo thuận lợi cho chuyển đổi số.' },
  { id: 'cn-nhiem-vu', text: 'Hoàn thành các nhiệm vụ được giao, có những đóng góp cụ thể, thiết thực trong việc thực hiện chuyển đổi số của tỉnh.' },
  { id: 'cn-cach-lam-hay', text: 'Có những sáng kiến, sáng tạo, cách làm hay, mang lại hiệu quả trong công tác chuyển đổi số.' },
];

/** Seed 004 III.2 "Cá nhân". */
const PERSON_004: Criterion[] = [
  { id: 'tham-gia', text: 'Tham gia tích cực phong trào thi đua chuyển đổi số.' },
  { id: 'dong-gop', text: 'Có đóng góp hiệu quả thúc đẩy chuyển đổi số tại cơ quan.' },
  { id: 'tham-muu', text: 'Trực tiếp tham mưu, xây dựng, ban hành hoặc phối hợp tham mưu cơ chế, chính sách, hướng dẫn tạo điều kiện cho chuyển đổi số tại cơ quan.' },
];

/** The checklist of a scheme for a kind of nominee (empty when the seed gives none). */
export function checklistFor(scheme: NominationScheme, kind: NomineeKind): Criterion[] {
  if (scheme === 'tt-002') {
    if (kind === 'person') return [...COMMON_002, ...PERSON_002];
    if (kind === 'department') return [...COMMON_002, ...COLLECTIVE_002];
    if (kind === 'enterprise') return [...COMMON_002, ...ENTERPRISE_002];
    return [];
  }
  if (scheme === 'kh-004' && kind === 'person') return PERSON_004;
  return [];
}
