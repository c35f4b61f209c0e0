/**
 * `thidua year --year 2026 [--unit MÃ] [--json] [--provisional]`: each person's year score (mean of the quarters),
 * the year's top 5 and the department means.
 */
import { yearResults } from '../../results/index.js';
import { UsageError, type CliCommand } from '../command.js';
import { departmentLines, points, topLines } from '../format-results.js';
import { parseOptions } from '../parse-options.js';
import { withUnit } from '../resolve-unit.js';

const USAGE = 'Cách dùng: thidua year --year 2026 [--unit MÃ] [--json] [--provisional]';

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
      },
      USAGE,
    );
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
      ctx.out(`Kết quả năm ${year} — ${unit.name}: điểm năm = trung bình các Quý có kết quả (${codes})`);
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
