/** The text of a nomination with its eligibility, for `thidua nomination` and `thidua council`. */
import type { Eligibility } from '../nominations/eligibility.js';
import type { NominationRecord } from '../store/nominations.js';

const MARK = { pass: '✔', fail: '✘', council: '?' } as const;

const SCHEME_LABELS: Record<NominationRecord['scheme'], string> = {
  'tt-002': 'Hướng dẫn tiêu chí gương điển hình tiên tiến (2021–2025)',
  'kh-004': 'Kế hoạch thi đua chuyển đổi số (hồ sơ hạn 15/11)',
  'cbs-000': 'Chiến binh số — khen thưởng cuối năm',
};

export function nominationLines(n: NominationRecord, e: Eligibility): string[] {
  const decided = n.decision ? ` — Hội đồng: ${n.decision.approved ? 'THÔNG QUA' : 'KHÔNG THÔNG QUA'}` : '';
  return [
    `[${n.id}] ${n.nomineeName} — ${n.award} (${n.year}; ${SCHEME_LABELS[n.scheme]})${decided}`,
    `    ${e.eligible ? 'Đủ điều kiện theo các tiêu chí tính được' : 'CHƯA ĐỦ ĐIỀU KIỆN'}:`,
    ...e.checks.map((c) => `    ${MARK[c.status]} ${c.text}`),
  ];
}
