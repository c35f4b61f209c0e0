/**
 * `thidua reminders preview|run|settings`: the office sees who a reminder slot would reach (and who not, and why),
 * runs a date's slots by hand with the cron job's own exactly-once records (a dry run unless `--send`), and reads or
 * changes the unit's reminder settings (validated with the scheduler's schema; other keys of `units.settings` kept).
 * Rendering only: the data comes from src/scheduler/manual-reminders.ts.
 */
import { createLogger } from '../../logger.js';
import {
  changeReminderSettings,
  previewReminders,
  readUnitSchedulerSettings,
  ReminderSettingsError,
  runRemindersByHand,
  settingKeys,
  type PlannedSlot,
} from '../../scheduler/manual-reminders.js';
import { JOB_LABELS, OUTCOME_LABELS } from '../../scheduler/jobs/reminder-texts.js';
import { localPartsOf } from '../../scheduler/slots.js';
import type { SchedulerSettings } from '../../scheduler/settings.js';
import { invalidDateText, isLocalDate, LOCAL_DATE_FORMAT } from '../../scoring/period-calendar.js';
import { UsageError, type CliCommand, type CliContext } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { withUnit } from '../resolve-unit.js';

const USAGE = [
  'Cách dùng: thidua reminders preview --date NGÀY [--unit MÃ]',
  '       thidua reminders run --date NGÀY [--unit MÃ] [--send]',
  '       thidua reminders settings [--unit MÃ] [--set khoá=giá_trị …]',
  '  preview   ai sẽ được nhắc trong các lượt nhắc của ngày đó, qua kênh nào, nội dung gì; ai không nhắn được và vì sao',
  '  run       chạy các lượt nhắc của ngày đó bằng tay: mặc định chỉ chạy thử (không gửi); --send để gửi thật',
  '            (mỗi người chỉ được nhắc một lần cho mỗi lượt, dù lượt đó chạy bằng tay hay theo lịch)',
  '  settings  xem thiết lập nhắc việc của đơn vị; --set để đổi (ví dụ: --set reminders.selfDay=12 --set reminders.time=07:30)',
  `  (NGÀY dạng ${LOCAL_DATE_FORMAT})`,
].join('\n');

const SUBCOMMANDS = ['preview', 'run', 'settings'] as const;

export const remindersCommand: CliCommand = {
  name: 'reminders',
  summary: 'Nhắc việc: xem trước (preview), chạy bằng tay (run) và thiết lập (settings) các lượt nhắc của đơn vị',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      {
        date: { type: 'string' },
        unit: { type: 'string' },
        send: { type: 'boolean', default: false },
        set: { type: 'string', multiple: true },
      },
      USAGE,
    );
    const sub = SUBCOMMANDS.find((s) => s === positionals[0]);
    if (!sub || positionals.length > 1) throw new UsageError(USAGE);
    if (sub === 'settings') {
      if (values.date || values.send) throw new UsageError(USAGE);
      return settings(ctx, values.unit, values.set ?? []);
    }
    if (values.set) throw new UsageError(USAGE);
    if (!values.date) throw new UsageError(`Cần --date NGÀY (${LOCAL_DATE_FORMAT}).\n${USAGE}`);
    if (!isLocalDate(values.date)) throw new UsageError(`${invalidDateText('Ngày', values.date)}\n${USAGE}`);
    if (sub === 'preview' && values.send) throw new UsageError(USAGE);
    return sub === 'preview' || !values.send ? preview(ctx, values.unit, values.date, sub === 'run') : send(ctx, values.unit, values.date);
  },
};

/** The unit's id, resolved (and the command's own store closed) before the app is built. */
async function unitIdOf(ctx: CliContext, unitArg: string | undefined): Promise<string> {
  let id = '';
  await withUnit(ctx, unitArg, (_store, unit) => {
    id = unit.id;
    return 0;
  });
  return id;
}

/** The whole app without starting it: its dispatcher knows the configured channels and their policies. */
async function withApp<T>(ctx: CliContext, fn: (app: import('../../app/create-app.js').App) => Promise<T>): Promise<T> {
  const { createApp } = await import('../../app/create-app.js');
  const app = await createApp({ config: ctx.config(), logger: createLogger('warn') });
  try {
    return await fn(app);
  } finally {
    await app.stop();
  }
}

async function preview(ctx: CliContext, unitArg: string | undefined, date: string, dryRun: boolean): Promise<number> {
  const unitId = await unitIdOf(ctx, unitArg);
  const timeZone = ctx.config().timezone;
  const result = await withApp(ctx, (app) => previewReminders({ store: app.store, dispatcher: app.dispatcher, timeZone, logger: app.logger }, unitId, date));
  if (dryRun) ctx.out(`CHẠY THỬ: chưa gửi gì. Thêm --send để gửi thật: thidua reminders run --date ${date} --send`);
  printSlots(ctx, unitId, date, result.slots, result.settings, timeZone);
  return 0;
}

async function send(ctx: CliContext, unitArg: string | undefined, date: string): Promise<number> {
  const unitId = await unitIdOf(ctx, unitArg);
  const config = ctx.config();
  const results = await withApp(ctx, async (app) => {
    const { createScheduler } = await import('../../scheduler/start-scheduler.js');
    const clock = { now: ctx.now };
    const scheduler = createScheduler({ ...app.honours, clock, timeZone: config.timezone });
    const deps = { store: app.store, timeZone: config.timezone, logger: app.logger };
    return runRemindersByHand(deps, (job, unit, slot, now) => scheduler.runSlot(job, unit, slot, now), unitId, date, ctx.now());
  });
  if (results.length === 0) {
    ctx.out(`Ngày ${vnDate(date)} không có lượt nhắc việc nào của đơn vị ${unitId}.`);
    return 0;
  }
  let failed = 0;
  for (const r of results) {
    const what = `${JOB_LABELS[r.job] ?? r.job} (${when(r.slot, config.timezone)})`;
    switch (r.outcome) {
      case 'ran':
        ctx.out(`Đã gửi lượt ${what}; báo cáo gửi nhắc việc đã được gửi cho Văn phòng.`);
        break;
      case 'resumed':
        ctx.out(`Đã chạy tiếp lượt ${what} bị gián đoạn; người đã được nhắc không bị nhắc lại.`);
        break;
      case 'taken':
        ctx.out(`Lượt ${what} đã chạy hoặc đã bỏ qua trước đó; không gửi lại.`);
        break;
      case 'skipped':
        ctx.out(`Lượt ${what} đã bị bỏ qua (quá hạn); không gửi.`);
        break;
      case 'failed':
        failed += 1;
        ctx.err(`Lượt ${what} bị lỗi; xem nhật ký máy chủ.`);
        break;
    }
  }
  return failed > 0 ? 1 : 0;
}

async function settings(ctx: CliContext, unitArg: string | undefined, assignments: string[]): Promise<number> {
  return withUnit(
    ctx,
    unitArg,
    async (store, unit) => {
      if (assignments.length === 0) {
        const { settings: s, error } = await store.read((tx) => readUnitSchedulerSettings(tx, unit.id));
        if (error) ctx.err(`Thiết lập đang lưu không hợp lệ (${error}); hệ thống đang dùng giá trị mặc định.`);
        ctx.out(`Thiết lập nhắc việc của đơn vị ${unit.id}:`);
        printSettings(ctx, s);
        return 0;
      }
      const result = await store.transaction((tx) => changeReminderSettings(tx, unit.id, assignments, ctx.now()));
      ctx.out(`Đã lưu thiết lập nhắc việc của đơn vị ${unit.id} (${result.changed.join(', ')}); có hiệu lực khi máy chủ khởi động lại.`);
      printSettings(ctx, result.after);
      return 0;
    },
    [ReminderSettingsError],
  );
}

function printSettings(ctx: CliContext, s: SchedulerSettings): void {
  const r = s.reminders;
  const h = s.honours;
  const yn = (b: boolean) => (b ? 'bật' : 'tắt');
  ctx.out(`  reminders.enabled = ${r.enabled} (nhắc việc: ${yn(r.enabled)})`);
  ctx.out(`  reminders.time = ${r.time} (giờ gửi nhắc)`);
  ctx.out(`  reminders.selfDay = ${r.selfDay} (ngày nhắc tự đánh giá, tháng cuối quý)`);
  ctx.out(`  reminders.reviewDay = ${r.reviewDay} (ngày nhắc Trưởng phòng duyệt và lãnh đạo cho ý kiến)`);
  ctx.out(`  reminders.officeDay = ${r.officeDay} (ngày báo cáo tình hình cho Văn phòng)`);
  ctx.out(`  reminders.zaloNudge = ${r.zaloNudge} (nhắc tương tác Zalo trước hạn: ${yn(r.zaloNudge)})`);
  ctx.out(`  honours.enabled = ${h.enabled} (đăng danh sách biểu dương: ${yn(h.enabled)})`);
  ctx.out(`  honours.time = ${h.time} (giờ đăng biểu dương, ngày làm việc đầu tiên của quý sau)`);
  ctx.out(`  honours.topN = ${h.topN} (số cá nhân được biểu dương)`);
  ctx.out(`Các khoá có thể đổi: ${settingKeys().join(', ')}`);
}

function printSlots(ctx: CliContext, unitId: string, date: string, slots: PlannedSlot[], s: SchedulerSettings, timeZone: string): void {
  if (slots.length === 0) {
    const r = s.reminders;
    ctx.out(
      r.enabled
        ? `Ngày ${vnDate(date)} không có lượt nhắc việc nào của đơn vị ${unitId} (lịch: ngày ${r.selfDay}, ${r.reviewDay} và ${r.officeDay} của tháng cuối quý, lúc ${r.time}).`
        : `Đơn vị ${unitId} đã tắt nhắc việc (reminders.enabled = false).`,
    );
    return;
  }
  for (const slot of slots) {
    ctx.out(`\n=== Lượt ${JOB_LABELS[slot.job] ?? slot.job} — ${when(slot.slot, timeZone)}${slot.periodCode ? ` — kỳ ${slot.periodCode}` : ''} ===`);
    if (slot.status) ctx.out(`Trạng thái: ${STATUS_LABELS[slot.status] ?? slot.status}.`);
    if (!slot.periodCode) {
      ctx.out('Quý này chưa mở kỳ đánh giá: không có ai để nhắc.');
      continue;
    }
    if (slot.reminders.length === 0) {
      ctx.out('Không có ai cần nhắc.');
      continue;
    }
    const reached = slot.reminders.filter((r) => r.outcome === 'queued' || r.outcome === 'fallback');
    const unreached = slot.reminders.filter((r) => r.outcome !== 'queued' && r.outcome !== 'fallback');
    ctx.out(`Sẽ nhắc ${reached.length} người; không nhắn được ${unreached.length} người.`);
    for (const r of reached) {
      const where = r.outcome === 'fallback' ? 'nhóm Zalo của đơn vị (không nhắn riêng được)' : channelName(r.channel);
      ctx.out(`\n• ${r.fullName} — qua ${where}${r.alreadySent ? ' — ĐÃ NHẮC (không nhắc lại)' : ''}`);
      for (const line of r.text.split('\n')) ctx.out(`    ${line}`);
    }
    if (unreached.length > 0) {
      ctx.out('\nKhông nhắn được:');
      for (const r of unreached) ctx.out(`• ${r.fullName}: ${OUTCOME_LABELS[r.outcome]}`);
    }
  }
}

const STATUS_LABELS: Record<string, string> = {
  done: 'đã chạy (theo lịch hoặc bằng tay); chạy lại sẽ không gửi lần hai',
  running: 'đang chạy hoặc bị gián đoạn; sẽ được chạy tiếp',
  skipped: 'đã bỏ qua vì quá hạn',
  failed: 'bị lỗi',
};

function channelName(channel: string | null): string {
  return channel === 'telegram' ? 'Telegram' : channel === 'zalo' ? 'Zalo' : channel === 'web' ? 'trang web' : (channel ?? '?');
}

function when(slot: number, timeZone: string): string {
  const t = localPartsOf(slot, timeZone);
  return `${pad(t.hour)}:${pad(t.minute)} ngày ${pad(t.day)}/${pad(t.month)}/${t.year}`;
}

function vnDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
