import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRubric } from '../../src/scoring/load-rubrics.js';
import type { Criterion, Rubric } from '../../src/scoring/rubric-schema.js';
import { maxOfCriterion } from '../../src/scoring/compiled.js';

const FILES = readdirSync('flows').filter((f) => /\.(ya?ml|json)$/i.test(f));
const load = (name: string): Rubric => parseRubric(readFileSync(join('flows', name), 'utf8'), join('flows', name));

describe('every rubric file in flows/', () => {
  it('there are rubric files', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(2);
  });
  for (const file of FILES) {
    it(`${file} is valid and its id matches the file name`, () => {
      const rubric = load(file);
      expect(rubric.id).toBe(file.replace(/\.(ya?ml|json)$/i, ''));
      for (const c of rubric.criteria) {
        expect(c.question, c.id).toMatch(/\?$/);
        expect(c.question, c.id).toMatch(/[ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ]/i);
      }
    });
  }
});

describe('flows/dak-nong-chien-binh-so-2024.yaml (seed 000)', () => {
  const r = load('dak-nong-chien-binh-so-2024.yaml');
  const byKind = (kind: Criterion['kind']) => r.criteria.filter((c) => c.kind === kind);
  const levels = (id: string) => {
    const c = r.criteria.find((x) => x.id === id);
    return c?.kind === 'levels' ? c.levels.map((l) => `${l.key}${l.points}`).join(' ') : null;
  };

  it('has 8 Công dân số, 9 Chiến binh số levels + 1 bonus, 2 conditions', () => {
    const cds = byKind('pass-fail');
    expect(cds.map((c) => c.id)).toEqual(['cds.I.1', 'cds.I.2', 'cds.I.3', 'cds.I.4', 'cds.I.5', 'cds.II.1', 'cds.II.2', 'cds.II.3']);
    expect(cds.every((c) => c.kind === 'pass-fail' && c.points === 0)).toBe(true);
    expect(byKind('levels').map((c) => c.id)).toEqual([
      'cbs.I.1', 'cbs.I.2', 'cbs.I.3', 'cbs.II.1', 'cbs.II.2', 'cbs.II.3', 'cbs.III.1', 'cbs.III.2', 'cbs.III.3',
    ]);
    expect(byKind('bonus').map((c) => c.id)).toEqual(['cbs.I.1.e']);
    expect(byKind('condition').map((c) => c.id)).toEqual(['dk.ky-so', 'dk.bai-viet']);
    expect(r.criteria).toHaveLength(20);
  });

  it('has the seed levels and points', () => {
    expect(levels('cbs.I.1')).toBe('a0 b5 c10 d15');
    expect(levels('cbs.I.2')).toBe('a0 b5 c10 d20');
    expect(levels('cbs.I.3')).toBe('a0 b5 c10');
    expect(levels('cbs.II.1')).toBe('a0 b2 c5');
    expect(levels('cbs.II.2')).toBe('a0 b2 c5');
    expect(levels('cbs.II.3')).toBe('a0 b3 c7 d10');
    for (const id of ['cbs.III.1', 'cbs.III.2', 'cbs.III.3']) expect(levels(id)).toBe('a0 b5 c7 d10');
    const bonus = r.criteria.find((c) => c.id === 'cbs.I.1.e');
    expect(bonus).toMatchObject({ kind: 'bonus', bonusFor: 'cbs.I.1', points: 5 });
    expect(r.criteria.find((c) => c.id === 'cbs.I.1')).toMatchObject({ max: 20 });
  });

  it('has the seed sections, caps, gate, bands and role rules', () => {
    expect(r.sections.map((s) => [s.id, s.group, s.cap])).toEqual([
      ['cds.I', 'cong-dan-so', null],
      ['cds.II', 'cong-dan-so', null],
      ['cbs.I', 'chien-binh-so', 50],
      ['cbs.II', 'chien-binh-so', 20],
      ['cbs.III', 'chien-binh-so', 30],
      ['dk', 'dieu-kien', null],
    ]);
    expect(r.maxPoints).toBe(100);
    expect(r.gates).toMatchObject([{ type: 'all-pass', group: 'cong-dan-so' }]);
    expect(r.bands.list.map((b) => [b.id, b.min])).toEqual([
      ['xuat-sac', 85],
      ['tieu-bieu', 60],
      ['chien-binh-so', 40],
      ['khong-dat', 0],
    ]);
    expect(r.bands.list[0]?.label).toBe('Chiến binh số xuất sắc, tiên phong trong chuyển đổi số');
    expect(r.bands.top).toBe('xuat-sac');
    expect(r.roleRules.find((x) => x.role === 'laborer')).toEqual({ role: 'laborer', groups: ['cong-dan-so'], ranked: false });
    expect(r.roleRules.find((x) => x.role === 'staff')?.ranked).toBe(true);
  });

  it('lets laborers answer Công dân số only and everyone else everything', () => {
    for (const c of r.criteria) {
      if (c.id.startsWith('cds.')) expect(c.roles.slice().sort()).toEqual(['director', 'head', 'laborer', 'leader', 'office', 'staff']);
      else expect(c.roles.slice().sort()).toEqual(['director', 'head', 'leader', 'office', 'staff']);
    }
  });

  it('has the conditions and evidence policy of the seed', () => {
    const bai = r.criteria.find((c) => c.id === 'dk.bai-viet');
    expect(bai).toMatchObject({ kind: 'condition', test: { type: 'min-count', min: 1 }, evidence: { policy: 'required', types: ['link'] } });
    expect(r.criteria.find((c) => c.id === 'dk.ky-so')).toMatchObject({ kind: 'condition', test: { type: 'pass-fail' } });
    expect(r.criteria.find((c) => c.id === 'cbs.I.1')?.evidence.policy).toBe('optional');
  });

  it('has the Phụ lục 02 sub-levels for Phòng Thông tin, Báo chí – Xuất bản', () => {
    expect(r.departmentOverrides).toHaveLength(1);
    const o = r.departmentOverrides[0]!;
    expect(o.department).toBe('Phòng Thông tin, Báo chí – Xuất bản');
    const subs = Object.entries(o.subLevels['cbs.I.2'] ?? {}).flatMap(([, list]) => list.map((s) => `${s.key}=${s.points}`));
    expect(subs).toEqual(['b.1=2', 'b.2=4', 'b.3=5', 'c.1=5', 'c.2=7', 'c.3=10', 'd.1=15', 'd.2=20']);
  });
});

describe('flows/huong-huu-dti-2024.yaml (seed 003)', () => {
  const r = load('huong-huu-dti-2024.yaml');
  const get = (n: number) => r.criteria.find((c) => c.id === `dti.${n}`)!;

  it('has the 49 indicators in order, in the six pillars', () => {
    expect(r.criteria.map((c) => c.id)).toEqual(Array.from({ length: 49 }, (_, i) => `dti.${i + 1}`));
    expect(r.sections.map((s) => s.title)).toEqual([
      'I. Nhận thức số',
      'II. Thể chế số',
      'III. Hạ tầng số',
      'IV. Nhân lực số',
      'V. An toàn thông tin mạng',
      'VI. Hoạt động chính quyền số',
    ]);
    const pillar = (from: number, to: number) => new Set(r.criteria.slice(from - 1, to).map((c) => c.section)).size;
    expect([pillar(1, 10), pillar(11, 12), pillar(13, 21), pillar(22, 25), pillar(26, 28), pillar(29, 49)]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(r).toMatchObject({ subject: 'organisation', cadence: 'year', maxPoints: 381 });
  });

  it('has the seed maximum points of every indicator (sum 381)', () => {
    const seed = [
      2, 2, 2, 2, 2, 3, 10, 12, 10, 10, 10, 10, 3, 5, 5, 10, 10, 10, 10, 0, 0, 10, 10, 30, 3, 5, 5, 5, 5, 10, 10, 10,
      10, 10, 10, 10, 10, 5, 10, 10, 5, 10, 10, 10, 10, 10, 10, 10, 0,
    ];
    expect(r.criteria.map(maxOfCriterion)).toEqual(seed);
    expect(seed.reduce((a, b) => a + b, 0)).toBe(381);
  });

  it('uses the scoring kind the seed describes', () => {
    expect(get(1)).toMatchObject({ kind: 'count', perUnit: 0.5, max: 2 });
    for (const n of [2, 3, 4, 5]) expect(get(n)).toMatchObject({ kind: 'parts' });
    expect(get(8)).toMatchObject({ kind: 'monthly-quota', max: 12, perMonth: 1, months: 12 });
    expect(get(28)).toMatchObject({ kind: 'penalty', max: 5, perOccurrence: 2 });
    expect(get(34)).toMatchObject({ kind: 'rate', invert: true });
    for (const n of [20, 21, 49]) expect(get(n).kind).toBe('info');
    for (const n of [10, 13, 14, 15, 25, 26, 27, 30, 31, 32, 33, 35, 36, 37, 40, 42, 43, 44, 45, 46, 48]) {
      expect(get(n).kind, `dti.${n}`).toBe('rate');
    }
  });

  it('has the completion dates, responsible officials, evidence documents and role office', () => {
    expect([2, 3, 4, 5].map((n) => get(n).due)).toEqual(['31.3', '30.6', '30.9', '31.10']);
    expect(get(24).due).toBeUndefined();
    expect(get(12).responsible).toBe('Công chức Kế toán – Ngân sách');
    expect(get(30).responsible).toBe('Văn phòng – Thống kê');
    expect(get(1).responsible).toBe('Công chức Văn hóa - Thông tin xã');
    expect(get(2).evidence.documents).toContain('Giấy mời triệu tập các cuộc họp của Ban chỉ đạo chuyển đổi số');
    for (const c of r.criteria) {
      expect(c.roles).toEqual(['office']);
      if (c.kind !== 'info') expect(c.evidence.documents.length, c.id).toBeGreaterThan(0);
    }
  });

  it('has the percent bands of the seed', () => {
    expect(r.bands.basis).toBe('percent');
    expect(r.bands.list.map((b) => [b.id, b.min, b.minExclusive, b.label])).toEqual([
      ['xuat-sac', 95, true, 'Xuất sắc'],
      ['tot', 80, false, 'Tốt'],
      ['kha', 70, false, 'Khá'],
      ['trung-binh', 50, false, 'Trung bình'],
      ['yeu-kem', 0, false, 'Yếu kém'],
    ]);
  });
});
