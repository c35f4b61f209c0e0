/** Bad rubric files fail with a message naming the file, the criterion and the problem (in Vietnamese). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  findRubric,
  loadRubricsFromDir,
  parseRubric,
  RubricValidationError,
} from '../../src/scoring/load-rubrics.js';

const FILE = 'flows/x.yaml';

/** A small valid rubric shaped like seed 000 (one gate, a bonus, a condition, a department override). */
function base() {
  return {
    id: 'x',
    version: '1',
    title: 'Bảng điểm thử',
    source: { document: 'Thử nghiệm' },
    subject: 'person',
    cadence: 'quarter',
    maxPoints: 30,
    sections: [
      { id: 'cds.I', group: 'cong-dan-so', title: 'Công dân số' },
      { id: 'cbs.I', group: 'chien-binh-so', title: 'Chiến binh số', cap: 30 },
      { id: 'dk', group: 'dieu-kien', title: 'Điều kiện' },
    ],
    criteria: [
      { id: 'cds.I.1', section: 'cds.I', kind: 'pass-fail', title: 'Điện thoại', question: 'Có không?', roles: ['staff'] },
      {
        id: 'cbs.I.9',
        section: 'cbs.I',
        kind: 'levels',
        title: 'Kỹ năng',
        question: 'Mức nào?',
        roles: ['staff'],
        max: 20,
        levels: [
          { key: 'a', label: 'Không', points: 0 },
          { key: 'b', label: 'Cơ bản', points: 5 },
          { key: 'c', label: 'Khá', points: 10 },
          { key: 'd', label: 'Giỏi', points: 15 },
        ],
      },
      { id: 'cbs.I.9.e', section: 'cbs.I', kind: 'bonus', bonusFor: 'cbs.I.9', points: 5, title: 'Thưởng', question: 'Có không?', roles: ['staff'] },
      {
        id: 'cbs.I.10',
        section: 'cbs.I',
        kind: 'levels',
        title: 'Bảo mật',
        question: 'Mức nào?',
        roles: ['staff'],
        max: 10,
        levels: [
          { key: 'a', label: 'Không', points: 0 },
          { key: 'b', label: 'Tốt', points: 10 },
        ],
      },
      {
        id: 'dk.bai-viet',
        section: 'dk',
        kind: 'condition',
        test: { type: 'min-count', min: 1 },
        title: 'Bài viết',
        question: 'Bao nhiêu bài?',
        roles: ['staff'],
        failReason: 'Không có bài viết',
      },
    ],
    gates: [{ type: 'all-pass', group: 'cong-dan-so', failReason: 'Công dân số chưa đạt' }],
    bands: {
      basis: 'points',
      top: 'tot',
      list: [
        { id: 'tot', label: 'Tốt', min: 20 },
        { id: 'dat', label: 'Đạt', min: 10 },
        { id: 'khong-dat', label: 'Không đạt', min: 0 },
      ],
    },
    departmentOverrides: [
      {
        department: 'Phòng Thử',
        subLevels: {
          'cbs.I.9': { b: [{ key: 'b.1', label: 'Mức 01', points: 2 }, { key: 'b.2', label: 'Mức 02', points: 5 }] },
        } as Record<string, Record<string, { key: string; label: string; points: number }[]>>,
      },
    ],
  };
}

type Base = ReturnType<typeof base>;

/** The validation message of `base()` after `mutate`, or '' when it is valid. */
function errorOf(mutate: (b: Base) => void, file = FILE): string {
  const b = base();
  mutate(b);
  try {
    parseRubric(file.endsWith('.json') ? JSON.stringify(b) : stringify(b), file);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(RubricValidationError);
    return (error as Error).message;
  }
}

const levelsOf = (b: Base, id: string) => {
  const c = b.criteria.find((x) => x.id === id) as { levels: { key: string; label: string; points: number }[] };
  return c.levels;
};

describe('parseRubric', () => {
  it('accepts the valid base rubric (YAML and JSON)', () => {
    expect(errorOf(() => {})).toBe('');
    expect(errorOf(() => {}, 'flows/x.json')).toBe('');
  });

  it('duplicate level key: names file, criterion and level', () => {
    expect(errorOf((b) => levelsOf(b, 'cbs.I.9').push({ key: 'd', label: 'Lặp', points: 15 }))).toBe(
      'flows/x.yaml: tiêu chí cbs.I.9: mức "d" trùng lặp',
    );
  });

  it('duplicate criterion id', () => {
    expect(errorOf((b) => b.criteria.push({ ...b.criteria[0]! }))).toContain('flows/x.yaml: tiêu chí cds.I.1: mã tiêu chí trùng lặp');
  });

  it('unknown section', () => {
    expect(errorOf((b) => (b.criteria[0]!.section = 'cds.IX'))).toContain('flows/x.yaml: tiêu chí cds.I.1: mục "cds.IX" không tồn tại');
  });

  it('bonus for a missing criterion, or for a criterion that is not a levels one', () => {
    const bonus = (b: Base) => b.criteria.find((c) => c.id === 'cbs.I.9.e') as { bonusFor: string };
    expect(errorOf((b) => (bonus(b).bonusFor = 'cbs.I.99'))).toContain(
      'flows/x.yaml: tiêu chí cbs.I.9.e: điểm thưởng cho tiêu chí "cbs.I.99" không tồn tại',
    );
    expect(errorOf((b) => (bonus(b).bonusFor = 'cds.I.1'))).toContain('tiêu chí cbs.I.9.e: điểm thưởng chỉ cộng vào tiêu chí theo mức');
  });

  it('levels whose points go down, and a max the levels cannot reach', () => {
    expect(errorOf((b) => levelsOf(b, 'cbs.I.9').reverse())).toContain(
      'tiêu chí cbs.I.9: điểm các mức phải tăng dần: mức "c" (10) thấp hơn mức "d" (15)',
    );
    expect(errorOf((b) => ((b.criteria[1] as { max: number }).max = 25))).toContain(
      'flows/x.yaml: tiêu chí cbs.I.9: điểm tối đa (max 25) vượt quá điểm có thể đạt (20)',
    );
  });

  it('maxPoints that is not the sum of the sections', () => {
    expect(errorOf((b) => (b.maxPoints = 100))).toBe(
      'flows/x.yaml: tổng điểm tối đa (maxPoints 100) khác tổng điểm tối đa các mục (30)',
    );
  });

  it('a section cap above what its criteria can give', () => {
    expect(errorOf((b) => (b.sections[1]!.cap = 40))).toContain('flows/x.yaml: mục cbs.I: trần điểm (40) lớn hơn tổng điểm tối đa các tiêu chí (30)');
  });

  it('bands out of order, or not starting at 0, or an unknown top band', () => {
    expect(errorOf((b) => b.bands.list.reverse())).toContain('các mức xếp loại phải theo thứ tự từ cao xuống thấp');
    expect(errorOf((b) => (b.bands.list[2]!.min = 5))).toContain('mức xếp loại thấp nhất "khong-dat" phải bắt đầu từ 0');
    expect(errorOf((b) => (b.bands.top = 'xuat-sac'))).toContain('xếp loại cao nhất "xuat-sac" không có trong danh sách');
  });

  it('a gated group with a criterion that is not pass/fail', () => {
    expect(errorOf((b) => (b.criteria[1]!.section = 'cds.I'))).toContain('tiêu chí cbs.I.9: thuộc nhóm "cong-dan-so" phải đạt tất cả');
  });

  it('department sub-levels outside their level range, under the wrong level, or for a missing criterion', () => {
    const subs = (b: Base) => b.departmentOverrides[0]!.subLevels['cbs.I.9']!.b!;
    expect(errorOf((b) => (subs(b)[1]!.points = 7))).toBe(
      'flows/x.yaml: tiêu chí cbs.I.9: mức con "b.2" có 7 điểm, ngoài khoảng 0–5 của mức "b"',
    );
    expect(errorOf((b) => (subs(b)[0]!.key = 'c.1'))).toContain('tiêu chí cbs.I.9: mức con "c.1" không thuộc mức "b"');
    expect(
      errorOf((b) => {
        b.departmentOverrides[0]!.subLevels = { 'cbs.I.77': { b: [{ key: 'b.1', label: 'x', points: 1 }] } };
      }),
    ).toContain('tiêu chí cbs.I.77: mức con của phòng "Phòng Thử" cho tiêu chí không tồn tại');
    expect(
      errorOf((b) => {
        b.departmentOverrides[0]!.subLevels = { 'cbs.I.9': { f: [{ key: 'f.1', label: 'x', points: 1 }] } };
      }),
    ).toContain('tiêu chí cbs.I.9: mức "f" không có trong tiêu chí');
  });

  it('shape errors from zod name the criterion and the field, in Vietnamese', () => {
    const message = errorOf((b) => delete (b.criteria[1] as { max?: number }).max);
    expect(message).toMatch(/^flows\/x\.yaml: tiêu chí cbs\.I\.9: max: .*(không hợp lệ|mong đợi)/);
    expect(errorOf((b) => ((b.criteria[0] as { kind: string }).kind = 'stars'))).toBe(
      'flows/x.yaml: tiêu chí cds.I.1: kind: loại tiêu chí không hợp lệ, chọn một trong: pass-fail, levels, bonus, count, rate, monthly-quota, penalty, parts, condition, info',
    );
    expect(errorOf((b) => (levelsOf(b, 'cbs.I.9')[0]!.key = 'A1'))).toContain('tiêu chí cbs.I.9: levels.0.key: mức phải là một chữ cái a–z');
  });

  it('lists several problems, one line each', () => {
    const message = errorOf((b) => {
      b.maxPoints = 99;
      levelsOf(b, 'cbs.I.9').push({ key: 'a', label: 'Lặp', points: 15 });
    });
    expect(message.split('\n')).toHaveLength(2);
  });

  it('syntax errors name the file', () => {
    expect(() => parseRubric('id: [x\n  y: 1', 'flows/bad.yaml')).toThrow(/^flows\/bad\.yaml: không đọc được tệp \(cú pháp sai\)/);
    expect(() => parseRubric('{"id": ', 'flows/bad.json')).toThrow(/^flows\/bad\.json: không đọc được tệp/);
  });
});

describe('loadRubricsFromDir', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads every .yaml/.yml/.json file by id and ignores other files', () => {
    dir = mkdtempSync(join(tmpdir(), 'rubrics-'));
    writeFileSync(join(dir, 'a.yaml'), stringify(base()));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ ...base(), id: 'y' }));
    writeFileSync(join(dir, 'notes.md'), '# không phải bảng điểm');
    const rubrics = loadRubricsFromDir(dir);
    expect([...rubrics.keys()]).toEqual(['x', 'y']);
    expect(findRubric(rubrics, 'y')?.id).toBe('y');
    expect(findRubric(rubrics, 'z')).toBeUndefined();
  });

  it('rejects two files with the same id, naming both', () => {
    dir = mkdtempSync(join(tmpdir(), 'rubrics-'));
    writeFileSync(join(dir, 'a.yaml'), stringify(base()));
    writeFileSync(join(dir, 'b.yml'), stringify(base()));
    expect(() => loadRubricsFromDir(dir)).toThrow(`${join(dir, 'b.yml')}: mã bảng điểm "x" trùng với tệp ${join(dir, 'a.yaml')}`);
  });

  it('loads the real flows/ directory by default', () => {
    expect([...loadRubricsFromDir().keys()].sort()).toEqual(['dak-nong-chien-binh-so-2024', 'huong-huu-dti-2024']);
  });
});
