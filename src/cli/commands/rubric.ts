/**
 * `thidua rubric validate [FILE…]` checks rubric files (default: every file of flows/) before they are deployed;
 * `thidua rubric show ID` prints a rubric as a readable Vietnamese outline for the people who review it yearly.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { UsageError, type CliCommand, type CliContext } from '../command.js';
import { parseOptions } from '../parse-options.js';
import {
  FLOWS_DIR,
  findRubric,
  loadRubricFile,
  loadRubricsFromDir,
  RubricValidationError,
  rubricFilesIn,
} from '../../scoring/load-rubrics.js';
import type { Criterion, Rubric } from '../../scoring/rubric-schema.js';

const DEFAULT_DIR = FLOWS_DIR;
const USAGE = [
  'Cách dùng:',
  '  thidua rubric validate [TỆP|THƯ MỤC…]   kiểm tra bảng điểm (mặc định: mọi tệp trong flows/)',
  '  thidua rubric show MÃ [--flows THƯ MỤC]  in bảng điểm dạng dễ đọc',
].join('\n');

export const rubricCommand: CliCommand = {
  name: 'rubric',
  summary: 'Kiểm tra (validate) hoặc xem (show) bảng điểm trong flows/',
  usage: USAGE,
  async run(args, ctx) {
    const [sub, ...rest] = args;
    if (sub === 'validate') return validate(rest, ctx);
    if (sub === 'show') return show(rest, ctx);
    throw new UsageError(USAGE);
  },
};

function validate(paths: string[], ctx: CliContext): number {
  const files: string[] = [];
  let errors = 0;
  let missingPaths = 0;
  for (const path of paths.length > 0 ? paths : [DEFAULT_DIR]) {
    if (!existsSync(path)) {
      ctx.err(`✗ ${path}: không tìm thấy tệp hoặc thư mục`);
      errors += 1;
      missingPaths += 1;
    } else if (statSync(path).isDirectory()) {
      // Shown relative to where the command runs, so messages name `flows/x.yaml` rather than a long absolute path.
      files.push(...rubricFilesIn(path).map(displayPath));
    } else {
      files.push(path);
    }
  }
  const idFile = new Map<string, string>();
  for (const file of files) {
    try {
      const rubric = loadRubricFile(file);
      const other = idFile.get(rubric.id);
      if (other) throw new RubricValidationError(file, [{ message: `mã bảng điểm "${rubric.id}" trùng với tệp ${other}` }]);
      idFile.set(rubric.id, file);
      ctx.out(`✓ ${file} — ${rubric.id}: ${rubric.criteria.length} tiêu chí, tối đa ${num(rubric.maxPoints)} điểm`);
    } catch (error) {
      errors += 1;
      ctx.err(`✗ ${file}`);
      ctx.err(error instanceof Error ? error.message : String(error));
    }
  }
  if (files.length === 0 && errors === 0) {
    ctx.err('Không có tệp bảng điểm nào (.yaml, .yml, .json) để kiểm tra.');
    return 1;
  }
  const total = files.length + missingPaths;
  ctx.out(errors === 0 ? `Hợp lệ: ${total} tệp.` : `Có lỗi: ${errors}/${total} tệp.`);
  return errors === 0 ? 0 : 1;
}

function show(args: string[], ctx: CliContext): number {
  const { values, positionals } = parseOptions(args, { flows: { type: 'string' } }, USAGE);
  const id = positionals[0];
  if (!id || positionals.length > 1) throw new UsageError(USAGE);
  const rubrics = loadRubricsFromDir(values.flows ?? DEFAULT_DIR);
  const rubric = findRubric(rubrics, id);
  if (!rubric) {
    throw new UsageError(`Không có bảng điểm "${id}". Các bảng điểm hiện có: ${[...rubrics.keys()].join(', ') || '(không có)'}.`);
  }
  for (const line of outline(rubric)) ctx.out(line);
  return 0;
}

/** The readable outline of a rubric, one line per element. */
export function outline(rubric: Rubric): string[] {
  const lines: string[] = [];
  lines.push(`${rubric.title} (${rubric.id}, phiên bản ${rubric.version})`);
  const src = [rubric.source.document, rubric.source.issuer, rubric.source.date].filter(Boolean).join(' — ');
  lines.push(`Nguồn: ${src}`);
  lines.push(
    `Đối tượng: ${rubric.subject === 'person' ? 'cá nhân' : 'cơ quan, đơn vị'} · Kỳ đánh giá: ${
      rubric.cadence === 'quarter' ? 'Quý' : 'năm'
    } · Tổng điểm tối đa: ${num(rubric.maxPoints)}`,
  );
  for (const section of rubric.sections) {
    const criteria = rubric.criteria.filter((c) => c.section === section.id);
    lines.push('');
    lines.push(`${section.title} [${section.id}]${section.cap === null ? '' : ` — tối đa ${num(section.cap)} điểm`}`);
    for (const c of criteria) lines.push(...criterionLines(c));
  }
  if (rubric.gates.length > 0) {
    lines.push('');
    for (const g of rubric.gates) lines.push(`Điều kiện chung: ${g.failReason} (nhóm ${g.group}).`);
  }
  lines.push('');
  lines.push(`Xếp loại (theo ${rubric.bands.basis === 'points' ? 'tổng điểm' : 'tỉ lệ % điểm tối đa'}):`);
  const unit = rubric.bands.basis === 'points' ? ' điểm' : '%';
  for (const b of rubric.bands.list) {
    const top = b.id === rubric.bands.top ? ' (mức cao nhất)' : '';
    lines.push(`  ${b.minExclusive ? 'trên' : 'từ'} ${num(b.min)}${unit}: ${b.label}${top}`);
  }
  if (rubric.roleRules.length > 0) {
    lines.push('');
    lines.push('Vai trò:');
    for (const r of rubric.roleRules) {
      lines.push(`  ${r.role}: nhóm ${r.groups.join(', ')}${r.ranked ? '' : ' — chỉ đạt/không đạt, không xếp loại theo điểm'}`);
    }
  }
  for (const o of rubric.departmentOverrides) {
    lines.push('');
    lines.push(`Thang điểm riêng của ${o.department}:`);
    for (const [criterionId, byLevel] of Object.entries(o.subLevels)) {
      for (const [level, subs] of Object.entries(byLevel)) {
        lines.push(`  ${criterionId} mức ${level}:`);
        for (const s of subs) lines.push(`     ${s.key}) ${num(s.points)} điểm — ${s.label}`);
      }
    }
  }
  return lines;
}

function criterionLines(c: Criterion): string[] {
  const meta = [c.due ? `hạn ${c.due}` : '', c.responsible ?? ''].filter(Boolean).join(' · ');
  const head = `  ${c.id}  ${c.title} — ${describe(c)}${meta ? ` (${meta})` : ''}`;
  if (c.kind === 'levels') return [head, ...c.levels.map((l) => `     ${l.key}) ${num(l.points)} điểm — ${l.label}`)];
  if (c.kind === 'parts') return [head, ...c.parts.map((p) => `     + ${num(p.points)} điểm — ${p.label}`)];
  return [head];
}

function describe(c: Criterion): string {
  switch (c.kind) {
    case 'pass-fail':
      return c.points > 0 ? `đạt: ${num(c.points)} điểm, không đạt: 0` : 'đạt/không đạt';
    case 'levels':
      return `tối đa ${num(c.max)} điểm`;
    case 'bonus':
      return `điểm thưởng +${num(c.points)}, cộng vào ${c.bonusFor} (không vượt điểm tối đa của ${c.bonusFor})`;
    case 'count':
      return `${num(c.perUnit)} điểm mỗi ${c.unit}, tối đa ${num(c.max)} điểm`;
    case 'rate':
      return c.invert
        ? `theo tỉ lệ %, tỉ lệ càng thấp càng cao điểm, tối đa ${num(c.max)} điểm`
        : `theo tỉ lệ %, tối đa ${num(c.max)} điểm`;
    case 'monthly-quota':
      return `${num(c.perMonth)} mỗi tháng trong ${c.months} tháng đạt 100%, quy đổi theo tỉ lệ, tối đa ${num(c.max)} điểm`;
    case 'penalty':
      return `${num(c.max)} điểm, trừ ${num(c.perOccurrence)} điểm mỗi trường hợp, thấp nhất 0`;
    case 'parts':
      return `cộng theo từng phần, tối đa ${num(c.parts.reduce((s, p) => s + p.points, 0))} điểm`;
    case 'condition':
      return c.test.type === 'pass-fail'
        ? 'điều kiện xếp loại (đạt/không đạt)'
        : `điều kiện xếp loại: ít nhất ${c.test.min} ${c.test.unit}`;
    case 'info':
      return 'chỉ ghi nhận, không tính điểm';
  }
}

/** Vietnamese decimal comma: 0.5 → "0,5". */
function num(n: number): string {
  return String(n).replace('.', ',');
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
