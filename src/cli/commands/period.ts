/**
 * `thidua period open --rubric MÃ --period 2026-Q4 [--unit MÃ] [--self-deadline YYYY-MM-DD …]`: open a quarter
 * with the seed 000 deadlines (overridable) and the rubric from `flows/` stored as a version.
 * `thidua period deadlines --period 2026-Q4 [--self-deadline …] [--department-deadline …] [--office-deadline …]`:
 * change an opened quarter's deadlines (`changeDeadlines`, the dashboard's service; audited).
 */
import { fmtDate } from '../../conversation/render/format.js';
import { FLOWS_DIR, loadRubricsFromDir } from '../../scoring/load-rubrics.js';
import { LOCAL_DATE_FORMAT, selfDeadlineConflict } from '../../scoring/period-calendar.js';
import { changeDeadlines } from '../../periods/change-deadlines.js';
import { openPeriod } from '../../periods/open-period.js';
import { PeriodError } from '../../periods/period-error.js';
import { UsageError, type CliCommand } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { withUnit } from '../resolve-unit.js';

const USAGE =
  'Cách dùng: thidua period open --rubric MÃ --period 2026-Q4 [--unit MÃ] [--flows THƯ_MỤC]\n' +
  '  [--starts-on NGÀY] [--ends-on NGÀY] [--self-deadline NGÀY] [--department-deadline NGÀY] [--office-deadline NGÀY]\n' +
  `  (NGÀY dạng ${LOCAL_DATE_FORMAT}, là ngày cuối cùng được nộp; mặc định theo Kế hoạch: tự đánh giá\n` +
  '  hết ngày 10, phòng hết ngày 20 — Quý IV hết ngày 10/12 —, Văn phòng hết ngày 25 tháng cuối Quý)\n' +
  '       thidua period deadlines --period 2026-Q4 [--unit MÃ] [--self-deadline NGÀY] [--department-deadline NGÀY] [--office-deadline NGÀY]\n' +
  '  (đổi hạn của kỳ đã mở; ghi nhật ký)';

export const periodCommand: CliCommand = {
  name: 'period',
  summary: 'Mở kỳ đánh giá theo Quý (period open --rubric MÃ --period 2026-Q4) và đổi hạn (period deadlines --period 2026-Q4 …)',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      {
        rubric: { type: 'string' },
        period: { type: 'string' },
        unit: { type: 'string' },
        flows: { type: 'string', default: FLOWS_DIR },
        'starts-on': { type: 'string' },
        'ends-on': { type: 'string' },
        'self-deadline': { type: 'string' },
        'department-deadline': { type: 'string' },
        'office-deadline': { type: 'string' },
      },
      USAGE,
    );
    const code = values.period;
    if (positionals.length === 1 && positionals[0] === 'deadlines' && code && !values.rubric) {
      return withUnit(ctx, values.unit, async (store, unit) => {
        const change = await store.transaction((tx) =>
          changeDeadlines(tx, {
            unitId: unit.id,
            periodCode: code,
            deadlines: { selfDeadline: values['self-deadline'], departmentDeadline: values['department-deadline'], officeDeadline: values['office-deadline'] },
            at: ctx.now().getTime(),
            actorPersonId: null,
            channel: 'cli',
          }),
        );
        const p = change.period;
        ctx.out(change.changed.length === 0 ? `Hạn của kỳ ${p.code} không thay đổi.` : `Đã đổi hạn của kỳ ${p.code} (đã ghi nhật ký):`);
        ctx.out(`  Cá nhân tự đánh giá: hạn cuối ${fmtDate(p.selfDeadline)}`);
        ctx.out(`  Phòng gửi danh sách: hạn cuối ${fmtDate(p.departmentDeadline)}`);
        ctx.out(`  Văn phòng tổng hợp: hạn cuối ${fmtDate(p.officeDeadline)}`);
        const conflict = p.status === 'finalised' ? null : selfDeadlineConflict(p);
        if (conflict) ctx.out(`⚠️ ${conflict.message} (thidua period deadlines --period ${p.code} --self-deadline ${conflict.suggestedSelfDeadline})`);
        return 0;
      }, [PeriodError]);
    }
    if (positionals.length !== 1 || positionals[0] !== 'open' || !values.rubric || !code) {
      throw new UsageError(USAGE);
    }
    // Templates too, so opening one is refused with what is missing (openPeriod checks `isRunnable`).
    const rubrics = loadRubricsFromDir(values.flows, { includeTemplates: true });
    const rubric = rubrics.get(values.rubric);
    if (!rubric) {
      ctx.err(`Không có bộ tiêu chí "${values.rubric}" trong ${values.flows}/. Hiện có: ${[...rubrics.keys()].join(', ') || '(không có)'}`);
      return 1;
    }
    return withUnit(ctx, values.unit, async (store, unit) => {
      const period = await store.transaction((tx) => openPeriod(tx, {
        unitId: unit.id,
        rubric,
        code,
        overrides: {
          startsOn: values['starts-on'],
          endsOn: values['ends-on'],
          selfDeadline: values['self-deadline'],
          departmentDeadline: values['department-deadline'],
          officeDeadline: values['office-deadline'],
        },
        by: { at: ctx.now().getTime(), actorPersonId: null, channel: 'cli' },
      }));
      ctx.out(`Đã mở kỳ ${period.code} cho đơn vị ${unit.name} (${unit.id}), bộ tiêu chí ${rubric.id} phiên bản ${rubric.version}.`);
      ctx.out(`  Thời gian: ${fmtDate(period.startsOn)} – ${fmtDate(period.endsOn)}`);
      ctx.out(`  Cá nhân tự đánh giá: hạn cuối ${fmtDate(period.selfDeadline)}`);
      ctx.out(`  Phòng gửi danh sách: hạn cuối ${fmtDate(period.departmentDeadline)}`);
      ctx.out(`  Văn phòng tổng hợp: hạn cuối ${fmtDate(period.officeDeadline)}`);
      // Seed 000 Q4: self-assessment and the department list are both due 10 December (issue 17 item 13).
      const conflict = selfDeadlineConflict(period);
      if (conflict) {
        ctx.out(`⚠️ ${conflict.message}`);
        ctx.out(
          `  Kỳ đã mở với hạn theo Kế hoạch. Lần sau có thể mở Quý IV với hạn sớm hơn: thidua period open … --self-deadline ${conflict.suggestedSelfDeadline}`,
        );
      }
      return 0;
    }, [PeriodError]);
  },
};
