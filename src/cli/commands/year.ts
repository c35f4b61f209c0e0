/**
 * `thidua year --year 2026 [--unit MÃ] [--json] [--provisional]`: each person's year score (seed 000:
 * (Q1 + Q2 + Q3 + Q4) / 4), the year's top 5 and the department means.
 * `thidua year --file QUÝ.json [--json]`: the year scores of a file of quarter results, without a database (to
 * check the rule or a disputed year by hand), under the file's unit settings.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { yearResults } from '../../results/index.js';
import { yearResult } from '../../scoring/aggregate.js';
import { FLOWS_DIR, findRubric, loadRubricsFromDir } from '../../scoring/load-rubrics.js';
import { unitSettingsSchema } from '../../scoring/unit-settings.js';
import { UsageError, type CliCommand, type CliContext } from '../command.js';
import { departmentLines, points, topLines } from '../format-results.js';
import { parseOptions } from '../parse-options.js';
import { withUnit } from '../resolve-unit.js';

const USAGE =
  'Cách dùng: thidua year --year 2026 [--unit MÃ] [--json] [--provisional]\n' +
  '       thidua year --file QUÝ.json [--json] [--flows THƯ MỤC]\n' +
  'Tệp kết quả Quý: {"rubric":"dak-nong-chien-binh-so-2024","settings":{"yearScore":"/4"},' +
  '"people":[{"name":"…","quarters":[{"quarter":1,"total":70,"classified":true}]}]}';

/** A file of quarter results: who, each quarter's total and whether it counted; the unit's settings. */
const quartersFileSchema = z
  .object({
    rubric: z.string().trim().min(1).optional(),
    settings: unitSettingsSchema.optional(),
    people: z.array(
      z
        .object({
          name: z.string().trim().min(1),
          department: z.string().trim().min(1).optional(),
          quarters: z.array(
            z
              .object({
                quarter: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
                total: z.number().min(0).nullable(),
                classified: z.boolean(),
                member: z.boolean().optional(),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
  })
  .strict();

export const yearCommand: CliCommand = {
  name: 'year',
  summary: 'Kết quả cả năm: điểm năm = trung bình các Quý, bình quân các phòng (--year 2026)',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      {
        year: { type: 'string' },
        unit: { type: 'string' },
        json: { type: 'boolean', default: false },
        provisional: { type: 'boolean', default: false },
        file: { type: 'string' },
        flows: { type: 'string' },
      },
      USAGE,
    );
    if (values.file !== undefined) {
      if (positionals.length > 0 || values.year !== undefined) throw new UsageError(USAGE);
      return yearFromFile(ctx, values.file, values.json, values.flows ?? FLOWS_DIR);
    }
    const year = Number(values.year);
    if (positionals.length > 0 || !values.year || !/^\d{4}$/.test(values.year)) throw new UsageError(USAGE);
    return withUnit(ctx, values.unit, async (store, unit) => {
      const result = await store.read((tx) => yearResults(tx, { unitId: unit.id, year, provisional: values.provisional }));
      if (result.periods.length === 0) {
        ctx.err(`Đơn vị ${unit.id} chưa có kỳ đánh giá nào trong năm ${year}.`);
        return 1;
      }
      if (values.json) {
        const { rubric: _rubric, ...rest } = result;
        ctx.out(JSON.stringify({ ...rest, rubricId: result.rubric?.id ?? null }, null, 2));
        return 0;
      }
      const codes = result.periods.map((p) => p.code).join(', ');
      ctx.out(`Kết quả năm ${year} — ${unit.name}: điểm năm = (Quý I + Quý II + Quý III + Quý IV)/4, Quý không có kết quả tính 0 (${codes})`);
      ctx.out('5 cá nhân có điểm năm cao nhất:');
      for (const line of topLines(result.top)) ctx.out(line);
      for (const line of departmentLines(result.departments, result.best)) ctx.out(line);
      ctx.out('Từng cá nhân:');
      const people = [...result.people].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.personId - b.personId);
      for (const p of people) {
        const quarters = p.quarters.map((x) => `Q${x.quarter} ${points(x.total)}`).join(' · ');
        const band = p.bandLabel ? ` — ${p.bandLabel}` : p.score === null ? '' : ' — không xếp loại';
        const dept = p.departmentName ? ` — ${p.departmentName}` : '';
        ctx.out(`  ${p.fullName}${dept}: ${points(p.score)} (${quarters})${band}`);
      }
      return 0;
    });
  },
};

const QUARTER_NAMES = ['', 'I', 'II', 'III', 'IV'] as const;

/** Scores each person of a quarters file with `yearResult` and prints how every quarter counted. */
function yearFromFile(ctx: CliContext, path: string, json: boolean, flows: string): number {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new UsageError(`Không đọc được tệp kết quả Quý "${path}" (cần tệp JSON).`);
  }
  const parsed = quartersFileSchema.safeParse(data, { error: z.locales.vi().localeError });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.map(String).join('.') || '(gốc)'}: ${i.message}`);
    throw new UsageError(`Tệp kết quả Quý "${path}" không đúng mẫu:\n${lines.join('\n')}\n${USAGE}`);
  }
  const file = parsed.data;
  let rubric = null;
  if (file.rubric !== undefined) {
    const rubrics = loadRubricsFromDir(flows);
    rubric = findRubric(rubrics, file.rubric) ?? null;
    if (!rubric) throw new UsageError(`Không có bảng điểm "${file.rubric}". Các bảng điểm hiện có: ${[...rubrics.keys()].join(', ')}.`);
  }
  const rows = file.people.map((p) => {
    let result;
    try {
      result = yearResult(rubric, p.quarters, file.settings);
    } catch (error) {
      throw new UsageError(`${p.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { name: p.name, department: p.department ?? null, ...result, band: result.band?.id ?? null, bandLabel: result.band?.label ?? null };
  });
  if (json) {
    ctx.out(JSON.stringify({ settings: { yearScore: rows[0]?.method ?? file.settings?.yearScore ?? '/4' }, people: rows }, null, 2));
    return 0;
  }
  const method = file.settings?.yearScore ?? '/4';
  ctx.out(
    method === '/4'
      ? 'Điểm năm = (Quý I + Quý II + Quý III + Quý IV)/4; Quý không có kết quả hoặc không được xếp loại tính 0.'
      : 'Điểm năm = trung bình các Quý người đó thuộc đơn vị; Quý có tham gia nhưng không nộp hoặc không được xếp loại tính 0.',
  );
  for (const r of rows) {
    const zero = r.zero.map((z) => `Quý ${QUARTER_NAMES[z.quarter]} tính 0 (${z.why === 'missing' ? 'không có kết quả' : 'không xếp loại'})`);
    const absent = r.absent.map((q) => `Quý ${QUARTER_NAMES[q]} không tính (chưa thuộc đơn vị)`);
    const notes = [...zero, ...absent].join('; ');
    const band = r.bandLabel ? ` — ${r.bandLabel}` : '';
    ctx.out(`  ${r.name}${r.department ? ` — ${r.department}` : ''}: ${points(r.score)} (chia ${r.divisor})${band}${notes ? ` — ${notes}` : ''}`);
  }
  return 0;
}
