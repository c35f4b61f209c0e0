/** `thidua rubric validate|show` and `thidua score`, run in-process with captured output. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, { env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'thidua-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const CDS = Object.fromEntries(
  ['cds.I.1', 'cds.I.2', 'cds.I.3', 'cds.I.4', 'cds.I.5', 'cds.II.1', 'cds.II.2', 'cds.II.3'].map((id) => [id, 'pass']),
);

describe('thidua rubric validate', () => {
  it('validates every file of flows/ by default', async () => {
    const { code, out } = await run('rubric', 'validate');
    expect(code).toBe(0);
    expect(out).toContain('✓ flows/dak-nong-chien-binh-so-2024.yaml');
    expect(out).toContain('✓ flows/huong-huu-dti-2024.yaml');
    // The seed 004 frame ships as a template: it validates although it cannot run a period.
    expect(out).toContain('✓ flows/an-giang-dti-so-ban-nganh-2023.yaml');
    expect(out).toContain('Hợp lệ: 3 tệp.');
  });

  it('reports a bad file with the file, the criterion and the problem, exit 1', async () => {
    const original = readFileSync('flows/dak-nong-chien-binh-so-2024.yaml', 'utf8');
    const source = readFileSync('flows/dak-nong-chien-binh-so-2024.yaml', 'utf8').replace(
      '{ key: c, points: 7, label: "Tích cực tìm kiếm',
      '{ key: b, points: 7, label: "Tích cực tìm kiếm',
    );
    expect(source).not.toBe(original);
    const bad = file('bad.yaml', source);
    const { code, out, err } = await run('rubric', 'validate', bad, 'flows/huong-huu-dti-2024.yaml');
    expect(code).toBe(1);
    expect(out).toContain('✓ flows/huong-huu-dti-2024.yaml');
    expect(err).toContain(`✗ ${bad}`);
    expect(err).toContain(`${bad}: tiêu chí cbs.III.1: mức "b" trùng lặp`);
    expect(out).toContain('Có lỗi: 1/2 tệp.');
  });

  it('reports a missing path and duplicated ids', async () => {
    expect((await run('rubric', 'validate', join(dir, 'khong-co.yaml'))).code).toBe(1);
    const copy = file('copy.yaml', readFileSync('flows/huong-huu-dti-2024.yaml', 'utf8'));
    const { code, err } = await run('rubric', 'validate', 'flows/huong-huu-dti-2024.yaml', copy);
    expect(code).toBe(1);
    expect(err).toContain('mã bảng điểm "huong-huu-dti-2024" trùng với tệp flows/huong-huu-dti-2024.yaml');
  });
});

describe('thidua rubric show', () => {
  it('prints a readable outline with sections, levels, points, bands and sub-levels', async () => {
    const { code, out } = await run('rubric', 'show', 'dak-nong-chien-binh-so-2024');
    expect(code).toBe(0);
    expect(out).toContain('Chiến binh số — I. Kiến thức và kỹ năng về công nghệ số [cbs.I] — tối đa 50 điểm');
    expect(out).toContain('d) 15 điểm — Có tham gia các khóa đào tạo');
    expect(out).toContain('điểm thưởng +5, cộng vào cbs.I.1');
    expect(out).toContain('từ 85 điểm: Chiến binh số xuất sắc, tiên phong trong chuyển đổi số (mức cao nhất)');
    expect(out).toContain('b.2) 4 điểm');
    expect(out).toContain('laborer: nhóm cong-dan-so — chỉ đạt/không đạt');
  });

  it('shows the DTI kinds and percent bands', async () => {
    const { code, out } = await run('rubric', 'show', 'huong-huu-dti-2024');
    expect(code).toBe(0);
    expect(out).toContain('0,5 điểm mỗi cuộc họp, tối đa 2 điểm');
    expect(out).toContain('trừ 2 điểm mỗi trường hợp, thấp nhất 0');
    expect(out).toContain('trên 95%: Xuất sắc');
  });

  it('unknown id or no id → exit 2 with the list of rubrics', async () => {
    const unknown = await run('rubric', 'show', 'khong-co');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Không có bảng điểm "khong-co"');
    expect(unknown.err).toContain('dak-nong-chien-binh-so-2024');
    expect((await run('rubric', 'show')).code).toBe(2);
    expect((await run('rubric')).code).toBe(2);
  });
});

describe('thidua score', () => {
  it('prints the JSON result of a classified staff member', async () => {
    const answers = file('staff.json', {
      role: 'staff',
      answers: {
        ...CDS,
        'cbs.I.1': 'c', // 10
        'cbs.I.1.e': true, // +5 → 15
        'cbs.I.2': 'd', // 20
        'cbs.III.1': 'd', // 10
        'dk.ky-so': 'pass',
        'dk.bai-viet': 2,
      },
    });
    const { code, out } = await run('score', '--rubric', 'dak-nong-chien-binh-so-2024', '--answers', answers);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      total: 45,
      max: 100,
      percent: 45,
      band: 'chien-binh-so',
      classified: true,
      status: 'classified',
      label: 'Chiến binh số, có ảnh hưởng đáng kể đến chuyển đổi số',
      reasons: [],
      criteria: { 'cbs.I.1': 15, 'cbs.I.2': 20, 'cbs.III.1': 10 },
      notApplicable: [],
      passed: null,
      passFail: null,
    });
  });

  it('band null and each cause named when not classified; --department enables sub-levels', async () => {
    const answers = file('dept.json', {
      role: 'staff',
      answers: { ...CDS, 'cds.I.5': 'fail', 'cbs.I.2': 'b.2', 'dk.ky-so': 'fail', 'dk.bai-viet': 0 },
    });
    const { code, out } = await run(
      'score', '--rubric', 'dak-nong-chien-binh-so-2024', '--answers', answers,
      '--department', 'Phòng Thông tin, Báo chí - Xuất bản',
    );
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result).toMatchObject({ total: 4, band: null, classified: false, criteria: { 'cbs.I.2': 4 } });
    expect(result.reasons.map((r: { criterionId: string }) => r.criterionId)).toEqual(['cds.I.5', 'dk.ky-so', 'dk.bai-viet']);
  });

  it('takes the department from the answers file too', async () => {
    const answers = file('dept2.json', { role: 'staff', department: 'thông tin, báo chí — xuất bản', answers: { 'cbs.I.2': 'd.1' } });
    const { code, out } = await run('score', '--rubric', 'dak-nong-chien-binh-so-2024', '--answers', answers);
    expect(code).toBe(0);
    expect(JSON.parse(out).criteria).toEqual({ 'cbs.I.2': 15 });
  });

  it('a laborer: not ranked', async () => {
    const answers = file('laborer.json', { role: 'laborer', answers: CDS });
    const { out } = await run('score', '--rubric', 'dak-nong-chien-binh-so-2024', '--answers', answers);
    expect(JSON.parse(out)).toMatchObject({
      band: null,
      classified: false,
      reasons: [{ code: 'laborer' }],
      passed: true,
      passFail: { met: 8, of: 8, notMet: [] },
    });
    const failing = file('laborer-fail.json', { role: 'laborer', answers: { ...CDS, 'cds.I.3': 'fail', 'cds.II.2': undefined } });
    const second = await run('score', '--rubric', 'dak-nong-chien-binh-so-2024', '--answers', failing);
    expect(JSON.parse(second.out)).toMatchObject({ passed: false, passFail: { met: 6, of: 8, notMet: ['cds.I.3', 'cds.II.2'] } });
  });

  it('bad input → a clear Vietnamese message, exit 2', async () => {
    const rubric = ['--rubric', 'dak-nong-chien-binh-so-2024'];
    const cases: [string[], string][] = [
      [['score'], 'Cách dùng: thidua score'],
      [['score', ...rubric], 'Cách dùng: thidua score'],
      [['score', ...rubric, '--answers', join(dir, 'khong-co.json')], 'Không đọc được tệp trả lời'],
      [['score', ...rubric, '--answers', file('notjson.json', '{role:')], 'không phải JSON hợp lệ'],
      [['score', ...rubric, '--answers', file('norole.json', { answers: {} })], 'role'],
      [['score', ...rubric, '--answers', file('badrole.json', { role: 'boss', answers: {} })], 'không đúng mẫu'],
      [['score', ...rubric, '--answers', file('badlevel.json', { role: 'staff', answers: { 'cbs.I.1': 'z' } })], 'cbs.I.1: giá trị "z" không hợp lệ (chọn một trong: a, b, c, d)'],
      [['score', ...rubric, '--answers', file('unknown.json', { role: 'staff', answers: { 'cbs.IX': 'a' } })], 'cbs.IX: không có tiêu chí này'],
      [['score', ...rubric, '--answers', file('notrole.json', { role: 'laborer', answers: { 'cbs.I.1': 'a' } })], 'không dành cho vai trò laborer'],
      [['score', '--rubric', 'khong-co', '--answers', file('ok.json', { role: 'staff', answers: {} })], 'Không có bảng điểm "khong-co"'],
      [['score', ...rubric, '--answers', file('ok2.json', { role: 'staff', answers: {} }), '--sai'], 'Tham số không hợp lệ'],
    ];
    for (const [argv, message] of cases) {
      const { code, err } = await run(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(err, argv.join(' ')).toContain(message);
    }
  });
});
