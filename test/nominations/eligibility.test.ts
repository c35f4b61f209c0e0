/** The eligibility rules by hand (pure): seed 002's initiative rule at its edges, seed 004's deadline inclusive. */
import { describe, expect, it } from 'vitest';
import { evaluateEligibility, seed004Deadline, type EligibilityFacts } from '../../src/nominations/eligibility.js';
import type { RecognitionLevel } from '../../src/store/initiatives.js';

const base: EligibilityFacts = {
  scheme: 'tt-002',
  nomineeKind: 'person',
  year: 2025,
  blockers: [],
  initiatives: [],
  registered: false,
  file: null,
  fileDeadline: seed004Deadline(2025),
  checklist: [],
  answered: new Set(),
};
const with002 = (...levels: RecognitionLevel[]) =>
  evaluateEligibility({ ...base, initiatives: levels.map((level, i) => ({ title: `SK${i + 1}`, level, decisionNumber: `${i + 1}/QĐ` })) });

describe('seed 002: 1 provincial or national, or 2 grassroots', () => {
  it.each([
    [['tinh'], true],
    [['toan-quoc'], true],
    [['co-so', 'co-so'], true],
    [['co-so'], false],
    [[], false],
  ] as [RecognitionLevel[], boolean][])('%j → %s', (levels, eligible) => {
    expect(with002(...levels).eligible).toBe(eligible);
  });

  it('names the initiatives it counted and the blockers that keep the person out', () => {
    expect(with002('co-so', 'co-so').checks[1]?.text).toBe(
      'Đạt tiêu chí sáng kiến: có 0 sáng kiến cấp tỉnh/toàn quốc và 2 sáng kiến cấp cơ sở được công nhận: "SK1" (cấp cơ sở, QĐ 1/QĐ), "SK2" (cấp cơ sở, QĐ 2/QĐ).',
    );
    const blocked = evaluateEligibility({ ...base, blockers: ['Kết quả hội thi: chưa xem xét khen thưởng'], initiatives: [{ title: 'A', level: 'tinh', decisionNumber: '1' }] });
    expect(blocked.reasons).toEqual(['Chưa xem xét khen thưởng năm 2025: Kết quả hội thi: chưa xem xét khen thưởng.']);
  });

  it('does not apply the initiative rule to collectives (their criteria go to the council)', () => {
    const e = evaluateEligibility({ ...base, nomineeKind: 'department', checklist: [{ id: 'tt', text: 'Tiêu chí' }] });
    expect(e.eligible).toBe(true);
    expect(e.checks.map((c) => c.status)).toEqual(['council']);
  });
});

describe('seed 004: registration and a complete, signed file by 15 November inclusive', () => {
  const file = (sentOn: string, signed = true, complete = true) => ({ name: 'hs.pdf', sha256: 'x', size: 1, sentOn, signed, complete });
  const e004 = (f: ReturnType<typeof file> | null, registered = true) => evaluateEligibility({ ...base, scheme: 'kh-004', registered, file: f });
  it('accepts 15/11 and refuses 16/11', () => {
    expect(e004(file('2025-11-15')).eligible).toBe(true);
    expect(e004(file('2025-11-16')).reasons).toEqual(['Hồ sơ chưa hợp lệ: gửi ngày 16/11/2025, sau hạn 15/11/2025.']);
  });
  it('lists every problem of the file at once, and the missing registration', () => {
    expect(e004(file('2025-12-01', false, false), false).reasons).toEqual([
      'Cá nhân chưa đăng ký thi đua đầu năm 2025 (điều kiện xét khen thưởng).',
      'Hồ sơ chưa hợp lệ: hồ sơ chưa đủ (cần Tờ trình kèm danh sách, Biên bản họp Hội đồng, Báo cáo thành tích, Bảng điểm tự chấm); tệp chưa có chữ ký số; gửi ngày 01/12/2025, sau hạn 15/11/2025.',
    ]);
  });
});
