/**
 * `thidua score --rubric ID --answers FILE [--department NAME]` scores one answers file with the same engine the
 * bot uses and prints the result as JSON: a quick way to check a rubric change or a disputed score by hand.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError, type CliCommand } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { FLOWS_DIR, findRubric, loadRubricsFromDir } from '../../scoring/load-rubrics.js';
import { roleSchema, type Rubric } from '../../scoring/rubric-schema.js';
import { criteriaFor, levelChoicesFor, pointsFor, scoreAnswers } from '../../scoring/score.js';
import type { AnswerValue, ScoreContext } from '../../scoring/types.js';

const USAGE =
  'Cách dùng: thidua score --rubric MÃ --answers TỆP.json [--department "TÊN PHÒNG"] [--flows THƯ MỤC]\n' +
  'Tệp trả lời: {"role":"staff","department":"…","answers":{"cbs.I.1":"c","cbs.I.1.e":true,"cds.I.1":"pass","dk.bai-viet":2}}';

const answerValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

/** The answers file: who is scored and their answers by criterion id. */
const answersFileSchema = z
  .object({
    role: roleSchema,
    department: z.string().trim().min(1).optional(),
    answers: z.record(z.string(), answerValueSchema),
  })
  .strict();

export const scoreCommand: CliCommand = {
  name: 'score',
  summary: 'Tính điểm một tệp trả lời theo bảng điểm, in kết quả dạng JSON',
  usage: USAGE,
  async run(args, ctx) {
    const { values: options, positionals } = parseOptions(
      args,
      { rubric: { type: 'string' }, answers: { type: 'string' }, department: { type: 'string' }, flows: { type: 'string' } },
      USAGE,
    );
    if (positionals.length > 0 || !options.rubric || !options.answers) throw new UsageError(USAGE);
    const rubrics = loadRubricsFromDir(options.flows ?? FLOWS_DIR);
    const rubric = findRubric(rubrics, options.rubric);
    if (!rubric) {
      throw new UsageError(`Không có bảng điểm "${options.rubric}". Các bảng điểm hiện có: ${[...rubrics.keys()].join(', ')}.`);
    }
    const file = readAnswersFile(options.answers);
    const scoreCtx: ScoreContext = { role: file.role, departmentName: options.department ?? file.department ?? null };
    checkAnswers(rubric, file.answers, scoreCtx);
    const result = scoreAnswers(rubric, file.answers, scoreCtx);
    const output = {
      total: result.total,
      max: result.max,
      percent: result.percent,
      band: result.band,
      classified: result.classified,
      reasons: result.reasons,
      criteria: result.criteria,
      // Roles not ranked by points (laborers): whether every Công dân số criterion passed; null otherwise.
      passed: result.passed,
      passFail: result.passFail,
    };
    ctx.out(JSON.stringify(output, null, 2));
    return 0;
  },
};

function readAnswersFile(path: string): z.infer<typeof answersFileSchema> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`Không đọc được tệp trả lời "${path}".`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`Tệp trả lời "${path}" không phải JSON hợp lệ.`);
  }
  const parsed = answersFileSchema.safeParse(data, { error: z.locales.vi().localeError });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.map(String).join('.') || '(gốc)'}: ${i.message}`);
    throw new UsageError(`Tệp trả lời "${path}" không đúng mẫu:\n${lines.join('\n')}\n${USAGE}`);
  }
  return parsed.data;
}

/** Every answer must name a criterion the role answers, with a value valid for it. */
function checkAnswers(rubric: Rubric, answers: Record<string, AnswerValue>, ctx: ScoreContext): void {
  const own = new Map(criteriaFor(rubric, ctx).map((c) => [c.id, c]));
  const problems: string[] = [];
  for (const [id, value] of Object.entries(answers)) {
    const criterion = own.get(id);
    if (!criterion) {
      const exists = rubric.criteria.some((c) => c.id === id);
      problems.push(
        exists
          ? `  ${id}: tiêu chí này không dành cho vai trò ${ctx.role}`
          : `  ${id}: không có tiêu chí này trong bảng điểm ${rubric.id}`,
      );
      continue;
    }
    if (pointsFor(rubric, criterion, value, ctx) === null) {
      problems.push(`  ${id}: giá trị ${JSON.stringify(value)} không hợp lệ (${expected(rubric, criterion, ctx)})`);
    }
  }
  if (problems.length > 0) throw new UsageError(`Tệp trả lời có câu trả lời không hợp lệ:\n${problems.join('\n')}`);
}

function expected(rubric: Rubric, criterion: ReturnType<typeof criteriaFor>[number], ctx: ScoreContext): string {
  switch (criterion.kind) {
    case 'levels':
      return `chọn một trong: ${levelChoicesFor(rubric, criterion, ctx.departmentName).map((c) => c.key).join(', ')}`;
    case 'pass-fail':
      return 'cần "pass" hoặc "fail"';
    case 'bonus':
      return 'cần true hoặc false';
    case 'rate':
      return 'cần một số từ 0 đến 100';
    case 'count':
    case 'monthly-quota':
    case 'penalty':
      return 'cần một số nguyên không âm';
    case 'parts':
      return `cần danh sách trong: ${criterion.parts.map((p) => p.key).join(', ')}`;
    case 'condition':
      return criterion.test.type === 'pass-fail' ? 'cần "pass" hoặc "fail"' : 'cần một số nguyên không âm';
    case 'info':
      return 'cần một đoạn chữ';
  }
}
