/**
 * `thidua export --period 2026-Q4 --format xlsx|csv [--department TÊN] [--unit MÃ] [--out TỆP]`: the score sheet
 * in the layout of seed 000 Phụ lục 01 (one sheet per department plus the unit summary), for the office to file
 * through its document system.
 */
import { writeFileSync } from 'node:fs';
import { ExportError, buildScoreSheet } from '../../approval/export-score-sheet.js';
import { scoreSheetCsv, scoreSheetXlsx } from '../../approval/score-sheet-file.js';
import { UsageError, type CliCommand } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { withUnit } from '../resolve-unit.js';

const USAGE = 'Cách dùng: thidua export --period 2026-Q4 --format xlsx|csv [--department "Tên phòng"] [--unit MÃ] [--out tệp]';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Xuất bảng điểm (XLSX hoặc CSV) theo mẫu Phụ lục 01: mỗi phòng một sheet và sheet tổng hợp',
  usage: USAGE,
  async run(args, ctx) {
    const { values } = parseOptions(
      args,
      {
        period: { type: 'string' },
        format: { type: 'string', default: 'xlsx' },
        department: { type: 'string' },
        unit: { type: 'string' },
        out: { type: 'string' },
      },
      USAGE,
    );
    const periodCode = values.period;
    if (!periodCode) throw new UsageError(`Thiếu --period.\n${USAGE}`);
    const format = values.format === 'csv' ? 'csv' : values.format === 'xlsx' ? 'xlsx' : null;
    if (!format) throw new UsageError(`--format phải là xlsx hoặc csv.\n${USAGE}`);
    return withUnit(ctx, values.unit, async (store, unit) => {
      const sheets = await store.read((tx) => buildScoreSheet(tx, { unitId: unit.id, periodCode, department: values.department }));
      const out = values.out ?? `bang-diem-${unit.id}-${periodCode.toUpperCase()}.${format}`;
      if (format === 'xlsx') writeFileSync(out, await scoreSheetXlsx(sheets));
      else writeFileSync(out, scoreSheetCsv(sheets), 'utf8');
      ctx.out(`Đã xuất bảng điểm ${periodCode.toUpperCase()} (${sheets.length} sheet: ${sheets.map((s) => s.name).join(', ')}) ra ${out}`);
      return 0;
    }, [ExportError]);
  },
};
