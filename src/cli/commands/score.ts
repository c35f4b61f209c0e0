/**
 * `thidua score --rubric ID --answers FILE [--department NAME]` scores one answers file with the same engine the
 * bot uses and prints the result as JSON: a quick way to check a rubric change or a disputed score by hand.
 * For an organisation rubric (seed 003) the file needs no role; it may list indicators not assessed
 * (`notApplicable`), the recognised initiatives of a frame (seed 004) and the unit's settings.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError, type CliCommand } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { frameTotal } from '../../scoring/frame.js';
import { FLOWS_DIR, findRubric, loadRubricsFromDir } from '../../scoring/load-rubrics.js';
import { roleSchema, type Role, type Rubric } from '../../scoring/rubric-schema.js';
import { answerProblem, levelChoicesFor, pointsFor } from '../../scoring/answer-points.js';
import { criteriaFor, optionalCriteriaFor } from '../../scoring/role-criteria.js';
import { classificationLabel, scoreAnswers } from '../../scoring/score.js';
import type { AnswerValue, ScoreContext } from '../../scoring/types.js';
import { unitSettingsSchema, type UnitSettings } from '../../scoring/unit-settings.js';

const USAGE =
  'Cách dùng: thidua score --rubric MÃ --answers TỆP.json [--department "TÊN PHÒNG"] [--flows THƯ MỤC]\n' +
  'Tệp trả lời: {"role":"staff","department":"…","answers":{"cbs.I.1":"c","cbs.I.1.e":true,"cds.I.1":"pass","dk.bai-viet":2}}\n' +
  'Bảng điểm cơ quan (không cần role): {"answers":{"dti.1":3,…},"notApplicable":["dti.25"],"initiatives":1,"settings":{"percentGap":"upper-band"}}';

const answerValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

/** The answers file: who is scored and their answers by criterion id. */
const answersFileSchema = z
  .object({
    /** Required for person rubrics; an organisation rubric is answered for the unit, not by a role. */
    role: roleSchema.optional(),
    department: z.string().trim().min(1).optional(),
    answers: z.record(z.string(), answerValueSchema),
    /** Indicators marked "không đánh giá" (seed 003: dti.1, dti.25, dti.40). */
    notApplicable: z.array(z.string()).optional(),
    /** Initiatives or models the council recognised (seed 004 bonus). */
    initiatives: z.number().int().min(0).optional(),
    /** The unit's settings (docs/settings.md); defaults for what is left out. */
    settings: unitSettingsSchema.optional(),
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
    const scoreCtx: ScoreContext = {
      role: roleOf(rubric, file.role),
      departmentName: options.department ?? file.department ?? null,
      ...(file.notApplicable ? { notApplicable: file.notApplicable } : {}),
    };
    checkAnswers(rubric, file.answers, scoreCtx, file.settings);
    const result = scoreAnswers(rubric, file.answers, scoreCtx, file.settings);
    if (result.refused.length > 0) {
      throw new UsageError(`Tệp trả lời có đánh dấu không hợp lệ:\n${result.refused.map((r) => `  ${r.criterionId}: ${r.message}`).join('\n')}`);
    }
    const output = {
      total: result.total,
      max: result.max,
      percent: result.percent,
      band: result.band,
      classified: result.classified,
      status: result.status,
      // "Không hoàn thành nhiệm vụ" (a condition unmet) is kept apart from a failed Công dân số gate.
      label: classificationLabel(result),
      reasons: result.reasons,
      criteria: result.criteria,
      notApplicable: result.notApplicable,
      // Roles not ranked by points (laborers): whether every Công dân số criterion passed; null otherwise.
      passed: result.passed,
      passFail: result.passFail,
      // Seed 004: the initiative bonus, shown apart from the scale.
      ...(rubric.frame ? { withBonus: frameTotal(rubric, result, file.initiatives ?? 0, file.settings) } : {}),
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

/** The role scored: the file's, or for an organisation rubric the role its rule names (seed 003: office). */
function roleOf(rubric: Rubric, role: Role | undefined): Role {
  if (role) return role;
  const ruled = rubric.subject === 'organisation' ? (rubric.roleRules[0]?.role ?? rubric.criteria[0]?.roles[0]) : undefined;
  if (!ruled) throw new UsageError(`Tệp trả lời cần "role" (vai trò người được chấm) cho bảng điểm cá nhân ${rubric.id}.\n${USAGE}`);
  return ruled;
}

/** Every answer must name a criterion the role answers, with a value valid for it. */
function checkAnswers(rubric: Rubric, answers: Record<string, AnswerValue>, ctx: ScoreContext, settings?: UnitSettings): void {
  const own = new Map([...criteriaFor(rubric, ctx), ...optionalCriteriaFor(rubric, ctx, settings)].map((c) => [c.id, c]));
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
    if (pointsFor(rubric, criterion, value, ctx, settings) === null) {
      problems.push(`  ${id}: giá trị ${JSON.stringify(value)} không hợp lệ (${expected(rubric, criterion, ctx, value, settings)})`);
    }
  }
  if (problems.length > 0) throw new UsageError(`Tệp trả lời có câu trả lời không hợp lệ:\n${problems.join('\n')}`);
}

function expected(
  rubric: Rubric,
  criterion: ReturnType<typeof criteriaFor>[number],
  ctx: ScoreContext,
  value: AnswerValue,
  settings?: UnitSettings,
): string {
  switch (criterion.kind) {
    case 'levels':
      return `chọn một trong: ${levelChoicesFor(rubric, criterion, ctx.departmentName, settings).map((c) => c.key).join(', ')}`;
    case 'pass-fail':
      return 'cần "pass" hoặc "fail"';
    case 'bonus':
      return 'cần true hoặc false';
    case 'rate':
      return 'cần một số từ 0 đến 100';
    case 'count':
    case 'penalty':
      return 'cần một số nguyên không âm';
    case 'monthly-quota':
    case 'parts':
      return answerProblem(rubric, criterion, value, ctx, settings) ?? '';
    case 'condition':
      return criterion.test.type === 'pass-fail' ? 'cần "pass" hoặc "fail"' : 'cần một số nguyên không âm';
    case 'info':
      return 'cần một đoạn chữ';
  }
}
