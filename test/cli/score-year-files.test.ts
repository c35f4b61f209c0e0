/** `thidua score` on an organisation rubric without a role, and `thidua year --file` on quarter results. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { loadRubricsFromDir } from '../../src/scoring/load-rubrics.js';
import type { AnswerValue } from '../../src/scoring/types.js';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, { env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'thidua-cli-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

/** Every DTI indicator answered for full points (381). */
function fullDti(): Record<string, AnswerValue> {
  const r = loadRubricsFromDir('flows').get('huong-huu-dti-2024')!;
  const answers: Record<string, AnswerValue> = {};
  for (const c of r.criteria) {
    if (c.kind === 'pass-fail') answers[c.id] = 'pass';
    else if (c.kind === 'count') answers[c.id] = 10;
    else if (c.kind === 'rate') answers[c.id] = c.invert ? 0 : 100;
    else if (c.kind === 'monthly-quota') answers[c.id] = 12;
    else if (c.kind === 'penalty') answers[c.id] = 0;
    else if (c.kind === 'parts') answers[c.id] = c.parts.map((p) => p.key);
    else if (c.kind === 'info') answers[c.id] = 'Đã thực hiện';
  }
  return answers;
}

describe('thidua score, organisation rubric', () => {
  const dtiArgs = ['score', '--rubric', 'huong-huu-dti-2024', '--answers'];

  it('needs no role; not-applicable indicators leave the maximum (361 / 379 = 95.25%, Xuất sắc)', async () => {
    const answers = { ...fullDti(), 'dti.1': 0, 'dti.8': 6, 'dti.47': 0, 'dti.28': 1 };
    const { code, out } = await run(...dtiArgs, file('xa.json', { answers, notApplicable: ['dti.1'] }));
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ total: 361, max: 379, percent: 95.25, band: 'xuat-sac', notApplicable: ['dti.1'] });
  });

  it('applies the settings of the file (95% exactly: Tốt by default, Xuất sắc with upper-band)', async () => {
    // 381 − 10 (dti.47) − 9.05 (dti.30 at 9.5%) = 361.95 = 95.00%
    const answers = { ...fullDti(), 'dti.47': 0, 'dti.30': 9.5 };
    const lower = await run(...dtiArgs, file('95.json', { answers }));
    expect(JSON.parse(lower.out)).toMatchObject({ total: 361.95, band: 'tot' });
    const upper = await run(...dtiArgs, file('95u.json', { answers, settings: { percentGap: 'upper-band' } }));
    expect(JSON.parse(upper.out)).toMatchObject({ total: 361.95, band: 'xuat-sac' });
  });

  it('refuses a chaired meeting that was not held and a "không đánh giá" mark the seed does not allow', async () => {
    const chaired = await run(...dtiArgs, file('chutri.json', { answers: { 'dti.2': ['chu-tri'] } }));
    expect(chaired.code).toBe(2);
    expect(chaired.err).toContain('dti.2: giá trị ["chu-tri"] không hợp lệ (Không thể chọn “Người đứng đầu đơn vị chủ trì” khi không có');
    const marked = await run(...dtiArgs, file('na.json', { answers: {}, notApplicable: ['dti.24'] }));
    expect(marked.code).toBe(2);
    expect(marked.err).toContain('dti.24: Chỉ số dti.24');
  });

  it('a person rubric still needs the role', async () => {
    const { code, err } = await run('score', '--rubric', 'dak-nong-chien-binh-so-2024', '--answers', file('norole.json', { answers: {} }));
    expect(code).toBe(2);
    expect(err).toContain('Tệp trả lời cần "role"');
  });
});

describe('thidua year --file', () => {
  const quarters = {
    rubric: 'dak-nong-chien-binh-so-2024',
    people: [
      { name: 'Nguyễn Văn An', quarters: [{ quarter: 1, total: 70, classified: true }, { quarter: 2, total: 80, classified: true }, { quarter: 3, total: 60, classified: true }, { quarter: 4, total: 82, classified: true }] },
      { name: 'Lê Thị Hoa', quarters: [{ quarter: 3, total: 90, classified: true }, { quarter: 4, total: 90, classified: true }] },
    ],
  };

  it('default /4: the seed example 73, and 90 + 90 with two quarters missing = 45', async () => {
    const { code, out } = await run('year', '--file', file('q.json', quarters), '--json');
    expect(code).toBe(0);
    const people = (JSON.parse(out) as { people: { name: string; score: number; band: string }[] }).people;
    expect(people.map((p) => [p.name, p.score, p.band])).toEqual([
      ['Nguyễn Văn An', 73, 'tieu-bieu'],
      ['Lê Thị Hoa', 45, 'chien-binh-so'],
    ]);
    const text = await run('year', '--file', file('q.json', quarters));
    expect(text.out).toContain('Lê Thị Hoa: 45 (chia 4) — Chiến binh số, có ảnh hưởng đáng kể đến chuyển đổi số — Quý I tính 0 (không có kết quả)');
  });

  it('mean-of-present: someone who joined in Q3 gets 90', async () => {
    const joined = {
      ...quarters,
      settings: { yearScore: 'mean-of-present' },
      people: [{ name: 'Lê Thị Hoa', quarters: [{ quarter: 1, total: null, classified: false, member: false }, { quarter: 2, total: null, classified: false, member: false }, { quarter: 3, total: 90, classified: true }, { quarter: 4, total: 90, classified: true }] }],
    };
    const { out } = await run('year', '--file', file('j.json', joined));
    expect(out).toContain('Lê Thị Hoa: 90 (chia 2) — Chiến binh số xuất sắc');
    expect(out).toContain('Quý I không tính (chưa thuộc đơn vị)');
  });

  it('bad files give a Vietnamese message, exit 2', async () => {
    expect((await run('year', '--file', join(dir, 'khong-co.json'))).err).toContain('Không đọc được tệp kết quả Quý');
    const bad = await run('year', '--file', file('bad.json', { people: [{ name: 'A', quarters: [{ quarter: 5, total: 1, classified: true }] }] }));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('không đúng mẫu');
  });
});
