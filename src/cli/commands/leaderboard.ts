/**
 * `thidua leaderboard --period 2026-Q4 [--unit MÃ] [--json] [--provisional]`: the quarter's top 5 individuals
 * (ties marked "đồng hạng") and the best department, from approved results.
 */
import { fmtPeriod } from '../../conversation/render/format.js';
import { parsePeriodCode } from '../../scoring/period-calendar.js';
import { leftOutLines, unitLeaderboard } from '../../results/index.js';
import { UsageError, type CliCommand } from '../command.js';
import { departmentLines, topLines } from '../format-results.js';
import { parseOptions } from '../parse-options.js';
import { withUnit } from '../resolve-unit.js';

const USAGE = 'Cách dùng: thidua leaderboard --period 2026-Q4 [--unit MÃ] [--json] [--provisional]';

export const leaderboardCommand: CliCommand = {
  name: 'leaderboard',
  summary: 'Bảng xếp hạng Quý: 5 cá nhân cao điểm nhất và tập thể dẫn đầu (--period 2026-Q4)',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      {
        period: { type: 'string' },
        unit: { type: 'string' },
        json: { type: 'boolean', default: false },
        provisional: { type: 'boolean', default: false },
      },
      USAGE,
    );
    const periodCode = values.period;
    if (positionals.length > 0 || !periodCode) throw new UsageError(USAGE);
    const ref = parsePeriodCode(periodCode);
    if (!ref) throw new UsageError(`Mã kỳ "${periodCode}" không hợp lệ (ví dụ đúng: 2026-Q4).\n${USAGE}`);
    return withUnit(ctx, values.unit, async (store, unit) => {
      const board = await store.read((tx) => unitLeaderboard(tx, { unitId: unit.id, periodCode, provisional: values.provisional }));
      if (!board) {
        ctx.err(`Đơn vị ${unit.id} chưa mở kỳ ${periodCode}.`);
        return 1;
      }
      if (values.json) {
        ctx.out(JSON.stringify(board, null, 2));
        return 0;
      }
      const kind = board.provisional ? 'tạm tính, gồm cả phiếu chưa duyệt' : 'kết quả đã duyệt';
      ctx.out(`Bảng xếp hạng ${fmtPeriod(ref.year, ref.quarter)} — ${unit.name} (${kind})`);
      ctx.out(`Có ${board.counted} kết quả, ${board.rankedCount} người được xếp loại.`);
      ctx.out('5 cá nhân có tổng điểm cao nhất:');
      for (const line of topLines(board.top)) ctx.out(line);
      for (const line of leftOutLines(board.leftOut)) ctx.out(line);
      for (const line of departmentLines(board.departments, board.best)) ctx.out(line);
      return 0;
    });
  },
};
