/**
 * `thidua honours --period 2026-Q4 [--unit MÃ] (--preview out.png | --post)`: the office previews the honour
 * board (PNG + the text version; before finalisation it is marked provisional) or posts it by hand to every
 * registered announcement group, with the personal congratulations (once: a second --post only retries the
 * groups that failed). `--period 2026` is the year's list.
 */
import { resolve } from 'node:path';
import { createApp } from '../../app/create-app.js';
import { honoursText } from '../../honours/compute-honours.js';
import { buildHonourBoard, postHonours, type HonourRef } from '../../honours/post-honours.js';
import { writeBoardPng } from '../../honours/render-board.js';
import { createLogger } from '../../logger.js';
import { unitSettings } from '../../scheduler/jobs/honours-job.js';
import { parsePeriodCode } from '../../scoring/period-calendar.js';
import { UsageError, type CliCommand } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { openCliDb, resolveUnit } from '../resolve-unit.js';

const USAGE = 'Cách dùng: thidua honours --period 2026-Q4|2026 [--unit MÃ] (--preview TỆP.png | --post)';

export const honoursCommand: CliCommand = {
  name: 'honours',
  summary: 'Bảng vinh danh Quý/năm: xem trước ảnh (--preview out.png) hoặc đăng lên nhóm (--post)',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      { period: { type: 'string' }, unit: { type: 'string' }, preview: { type: 'string' }, post: { type: 'boolean', default: false } },
      USAGE,
    );
    if (positionals.length > 0 || !values.period || (!values.preview && !values.post)) throw new UsageError(USAGE);
    const code = values.period.trim().toUpperCase();
    const kind = /^\d{4}$/.test(code) ? 'year' : 'quarter';
    if (kind === 'quarter' && !parsePeriodCode(code)) throw new UsageError(`Mã kỳ "${values.period}" không hợp lệ (ví dụ: 2026-Q4 hoặc 2026).\n${USAGE}`);
    const db = openCliDb(ctx);
    let ref: HonourRef;
    try {
      const unit = resolveUnit(db, values.unit);
      ref = { unitId: unit.id, kind, periodCode: code };
      if (values.preview) {
        const topN = unitSettings({ db, logger: createLogger('silent') }, unit.id).honours.topN;
        const built = buildHonourBoard(db, ref, topN, { allowProvisional: true });
        if (!built.board) {
          ctx.err(`Đơn vị ${unit.id} chưa mở kỳ ${kind === 'year' ? `${code}-Q4` : code}.`);
          return 1;
        }
        const path = resolve(values.preview);
        writeBoardPng(built.board, path);
        if (built.provisional) ctx.out('LƯU Ý: kỳ này chưa được Giám đốc phê duyệt; bảng dưới đây là TẠM TÍNH.');
        ctx.out(`Đã lưu ảnh bảng vinh danh: ${path}`);
        ctx.out(honoursText(built.board));
      }
    } finally {
      db.$client.close();
    }
    if (!values.post) return 0;
    const config = ctx.config();
    const logger = createLogger('warn');
    const app = createApp({ config, logger });
    try {
      const s = app.services;
      const result = await postHonours(
        { db: s.db, logger, dispatcher: s.dispatcher, outbox: s.outbox, timeZone: config.timezone, dataDir: config.dataDir, channels: app.channels },
        ref,
        ctx.now(),
        { topN: unitSettings({ db: s.db, logger }, ref.unitId).honours.topN },
      );
      switch (result.status) {
        case 'not_final':
          ctx.err(`Kỳ ${code} chưa được Giám đốc phê duyệt; chưa thể đăng. Dùng --preview để xem trước.`);
          return 1;
        case 'no_period':
          ctx.err(`Đơn vị ${ref.unitId} chưa mở kỳ ${code}.`);
          return 1;
        case 'already_posted':
          ctx.out(`Danh sách biểu dương ${code} đã được đăng trước đó lên mọi nhóm; không đăng lại.`);
          return 0;
        default:
          ctx.out(`Đã đăng lên ${result.posted} nhóm${result.failed > 0 ? `, ${result.failed} nhóm lỗi (chạy lại lệnh để thử lại)` : ''}; đã gửi lời chúc mừng tới ${result.congratulated} người.`);
          return result.failed > 0 ? 1 : 0;
      }
    } finally {
      await app.stop();
    }
  },
};
