/**
 * Computed, explained eligibility of a nomination (issue 14 item 4), PURE over facts loaded by `load-facts.ts`:
 *
 * - every scheme: no award blocker for the year (seed 001's contest, seed 000's "không hoàn thành nhiệm vụ", a
 *   disciplinary note);
 * - seed 002, an individual: at least 1 initiative recognised at provincial or national level, or at least 2 at
 *   grassroots level ("cấp cơ sở"), on digital transformation, within the period 2021–2025 up to the year;
 * - seed 004: registered at the start of the year (the person, or the department for a collective), and the file
 *   complete, digitally signed ("có chữ ký số": a signature is present, see pdf-signature.ts) and sent by the
 *   deadline INCLUSIVE (15 November: "đến hết ngày 15/11");
 * - the qualitative criteria are a checklist the council judges (status `council`).
 */
import { fmtDate } from '../conversation/render/format.js';
import { LEVEL_LABELS } from '../initiatives/labels.js';
import type { RecognitionLevel } from '../store/initiatives.js';
import type { NominationFile, NominationScheme, NomineeKind } from '../store/nominations.js';
import type { Criterion } from './criteria.js';
import { signatureText } from './pdf-signature.js';

export type CheckStatus = 'pass' | 'fail' | 'council';

export interface EligibilityCheck {
  id: string;
  status: CheckStatus;
  /** Vietnamese: what was checked and what was found. */
  text: string;
}

export interface Eligibility {
  /** Every computed check passes (the council still judges the `council` ones). */
  eligible: boolean;
  checks: EligibilityCheck[];
  /** The failing checks' texts: why the nominee is left out. */
  reasons: string[];
}

export interface EligibilityFacts {
  scheme: NominationScheme;
  nomineeKind: NomineeKind;
  year: number;
  /** Lines from `blockerLine`, empty when none. */
  blockers: string[];
  /** Seed 002: the person's recognised initiatives in the period, with their level and title. */
  initiatives: { title: string; level: RecognitionLevel; decisionNumber: string }[];
  /** Seed 004: registered at the start of the year. */
  registered: boolean;
  file: NominationFile | null;
  /** Seed 004: the last day the file may be sent (`YYYY-MM-DD`, inclusive). */
  fileDeadline: string;
  checklist: Criterion[];
  answered: ReadonlySet<string>;
}

/** Seed 004's deadline for a year: 15 November (the plan's "đến hết ngày 15/11/2023", the same day each year). */
export function seed004Deadline(year: number): string {
  return `${year}-11-15`;
}

/** Seed 002's period. */
export const SEED_002_PERIOD = { from: 2021, to: 2025 } as const;

export function evaluateEligibility(f: EligibilityFacts): Eligibility {
  const checks: EligibilityCheck[] = [];
  const add = (id: string, status: CheckStatus, text: string) => void checks.push({ id, status, text });

  if (f.nomineeKind === 'person') {
    if (f.blockers.length === 0) add('blockers', 'pass', `Không có ghi nhận nào ngăn xét khen thưởng năm ${f.year}.`);
    else add('blockers', 'fail', `Chưa xem xét khen thưởng năm ${f.year}: ${f.blockers.join('; ')}.`);
  }

  if (f.scheme === 'tt-002' && f.nomineeKind === 'person') {
    const high = f.initiatives.filter((i) => i.level === 'tinh' || i.level === 'toan-quoc');
    const base = f.initiatives.filter((i) => i.level === 'co-so');
    const list = f.initiatives.map((i) => `"${i.title}" (${LEVEL_LABELS[i.level]}, QĐ ${i.decisionNumber})`).join(', ');
    const found = `có ${high.length} sáng kiến cấp tỉnh/toàn quốc và ${base.length} sáng kiến cấp cơ sở được công nhận${list ? `: ${list}` : ''}`;
    if (high.length >= 1 || base.length >= 2) add('initiatives-002', 'pass', `Đạt tiêu chí sáng kiến: ${found}.`);
    else
      add(
        'initiatives-002',
        'fail',
        `Chưa đạt tiêu chí sáng kiến (cần ít nhất 01 sáng kiến cấp tỉnh hoặc toàn quốc, hoặc ít nhất 02 sáng kiến cấp cơ sở về chuyển đổi số): ${found}.`,
      );
  }

  if (f.scheme === 'kh-004') {
    const who = f.nomineeKind === 'person' ? 'Cá nhân' : 'Tập thể';
    if (f.registered) add('registered-004', 'pass', `${who} đã đăng ký thi đua đầu năm ${f.year}.`);
    else add('registered-004', 'fail', `${who} chưa đăng ký thi đua đầu năm ${f.year} (điều kiện xét khen thưởng).`);
    const due = fmtDate(f.fileDeadline);
    if (!f.file) add('file-004', 'fail', `Chưa gửi hồ sơ đề nghị khen thưởng (hạn đến hết ngày ${due}).`);
    else {
      const problems: string[] = [];
      if (!f.file.complete) problems.push('hồ sơ chưa đủ (cần Tờ trình kèm danh sách, Biên bản họp Hội đồng, Báo cáo thành tích, Bảng điểm tự chấm)');
      if (!f.file.signed) problems.push(`tệp ${signatureText(false)}`);
      if (f.file.sentOn > f.fileDeadline) problems.push(`gửi ngày ${fmtDate(f.file.sentOn)}, sau hạn ${due}`);
      if (problems.length === 0) add('file-004', 'pass', `Hồ sơ đủ, ${signatureText(true)}, gửi ngày ${fmtDate(f.file.sentOn)} (hạn đến hết ngày ${due}).`);
      else add('file-004', 'fail', `Hồ sơ chưa hợp lệ: ${problems.join('; ')}.`);
    }
  }

  for (const c of f.checklist) {
    add(`checklist:${c.id}`, 'council', `${f.answered.has(c.id) ? 'Đã trả lời' : 'Chưa trả lời'} — Hội đồng xét: ${c.text}`);
  }

  const reasons = checks.filter((c) => c.status === 'fail').map((c) => c.text);
  return { eligible: reasons.length === 0, checks, reasons };
}
