/**
 * `thidua honours --period 2026-Q4 [--unit MÃ] (--preview out.png | --post)`: the office previews the honour
 * board (PNG + the text version; before finalisation it is marked provisional) or posts it by hand to every
 * registered announcement group, with the personal congratulations (once: a second --post only retries the
 * groups that failed). `--year 2026 --preview out.png` (or `--period 2026`) shows the year's outputs of seed 000
 * ("Cá nhân xuất sắc", "Đơn vị tiên tiến") for the year's council; the year is never posted from here.
 */
import { resolve } from 'node:path';
import { honoursText } from '../../honours/compute-honours.js';
import { loadHonourBoard, postHonours, type HonourRef } from '../../honours/post-honours.js';
import { writeBoardPng } from '../../honours/render-board.js';
import { chooseAmongTied, type TieChoiceRefusal } from '../../honours/tie-choice.js';
import { createLogger } from '../../logger.js';
import { unitSettings } from '../../scheduler/jobs/honours-job.js';
import { parsePeriodCode } from '../../scoring/period-calendar.js';
import type { Store } from '../../store/store.js';
import { UsageError, type CliCommand, type CliContext } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { findPerson } from '../resolve-person.js';
import { withUnit } from '../resolve-unit.js';

const USAGE = [
  'Cách dùng: thidua honours --period 2026-Q4 [--unit MÃ] (--preview TỆP.png | --post)',
  '       thidua honours --year 2026 [--unit MÃ] --preview TỆP.png',
  '  --preview TỆP.png  lưu ảnh bảng vinh danh và in bản chữ (trước khi Giám đốc phê duyệt: TẠM TÍNH)',
  '  --post             đăng danh sách Quý lên các nhóm thông báo và gửi lời chúc mừng (mỗi người một lần)',
  '  --year 2026        kết quả năm: "Cá nhân xuất sắc" và "Đơn vị tiên tiến", để trình Hội đồng thi đua xét',
  '                     (danh sách năm không được đăng tự động)',
  '       thidua honours choose --period 2026-Q4 [--people MÃ_SỐ,…] [--department MÃ_PHÒNG] --as GIÁM_ĐỐC [--unit MÃ] [--post]',
  '  choose             Giám đốc chọn trong số bằng điểm ở vị trí cuối (thiết lập ties = director-chooses); ghi nhật ký;',
  '                     --post đăng danh sách ngay sau khi chọn',
].join('\n');

export const honoursCommand: CliCommand = {
  name: 'honours',
  summary: 'Bảng vinh danh Quý/năm: xem trước ảnh (--preview out.png) hoặc đăng lên nhóm (--post)',
  usage: USAGE,
  async run(args, ctx) {
    if (args[0] === 'choose') return choose(args.slice(1), ctx);
    const { values, positionals } = parseOptions(
      args,
      {
        period: { type: 'string' },
        year: { type: 'string' },
        unit: { type: 'string' },
        preview: { type: 'string' },
        post: { type: 'boolean', default: false },
      },
      USAGE,
    );
    const given = values.year ?? values.period;
    if (positionals.length > 0 || !given || (values.year && values.period) || (!values.preview && !values.post)) throw new UsageError(USAGE);
    const code = given.trim().toUpperCase();
    const kind = /^\d{4}$/.test(code) ? 'year' : 'quarter';
    if (values.year && kind !== 'year') throw new UsageError(`Năm "${values.year}" không hợp lệ (ví dụ: 2026).\n${USAGE}`);
    if (kind === 'quarter' && !parsePeriodCode(code)) throw new UsageError(`Mã kỳ "${given}" không hợp lệ (ví dụ: 2026-Q4 hoặc 2026).\n${USAGE}`);
    if (kind === 'year' && values.post) {
      ctx.err(
        `Danh sách năm ${code} ("Cá nhân xuất sắc", "Đơn vị tiên tiến") do Hội đồng thi đua xét chọn nên không đăng từ lệnh này. ` +
          `Dùng: thidua honours --year ${code} --preview TỆP.png để xem các kết quả năm.`,
      );
      return 1;
    }
    // The preview uses the command's own store, closed before posting (posting runs the whole app, with its store).
    let ref: HonourRef | undefined;
    const previewed = await withUnit(ctx, values.unit, async (store, unit) => {
      ref = { unitId: unit.id, kind, periodCode: code };
      return values.preview ? preview(store, ref, values.preview, ctx) : 0;
    });
    if (previewed !== 0 || !values.post || !ref) return previewed;
    return post(ref, ctx);
  },
};

/** Writes the board's PNG to `file` and prints its text; marked provisional before the director's approval. */
async function preview(store: Store, ref: HonourRef, file: string, ctx: CliContext): Promise<number> {
  const built = await store.read(async (tx) => {
    const topN = (await unitSettings(tx, ref.unitId, createLogger('silent'))).honours.topN;
    return loadHonourBoard(tx, ref, topN, { allowProvisional: true });
  });
  if (!built.board) {
    ctx.err(`Đơn vị ${ref.unitId} chưa mở kỳ ${ref.kind === 'year' ? `${ref.periodCode}-Q4` : ref.periodCode}.`);
    return 1;
  }
  const path = resolve(file);
  writeBoardPng(built.board, path);
  if (built.provisional) ctx.out('LƯU Ý: kỳ này chưa được Giám đốc phê duyệt; bảng dưới đây là TẠM TÍNH.');
  if (ref.kind === 'year') ctx.out(`Kết quả năm ${ref.periodCode} để trình Hội đồng thi đua xét (chưa đăng lên nhóm).`);
  ctx.out(`Đã lưu ảnh bảng vinh danh: ${path}`);
  ctx.out(honoursText(built.board));
  return 0;
}

/** `honours choose`: the director's choice among the tied, recorded and audited; optionally posted right away. */
async function choose(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      period: { type: 'string' },
      unit: { type: 'string' },
      people: { type: 'string' },
      department: { type: 'string' },
      as: { type: 'string' },
      post: { type: 'boolean', default: false },
    },
    USAGE,
  );
  const code = values.period?.trim().toUpperCase() ?? '';
  if (positionals.length > 0 || !parsePeriodCode(code) || !values.as) throw new UsageError(USAGE);
  const personIds = (values.people ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (personIds.some((s) => !/^\d{1,9}$/.test(s))) throw new UsageError(`--people là các mã số cán bộ, cách nhau bằng dấu phẩy.\n${USAGE}`);
  if (values.department !== undefined && !/^\d{1,9}$/.test(values.department.trim())) throw new UsageError(`--department là mã phòng (số).\n${USAGE}`);
  const who = values.as;
  let ref: HonourRef | undefined;
  const chosen = await withUnit(ctx, values.unit, async (store, unit) => {
    ref = { unitId: unit.id, kind: 'quarter', periodCode: code };
    const result = await store.transaction(async (tx) => {
      const actor = await findPerson(tx, unit.id, who);
      const topN = (await unitSettings(tx, unit.id, createLogger('silent'))).honours.topN;
      return chooseAmongTied(tx, {
        unitId: unit.id,
        periodCode: code,
        actor: { personId: actor.id, unitId: actor.unitId, roles: actor.active ? actor.roles : [], departmentId: actor.departmentId },
        personIds: personIds.map(Number),
        departmentId: values.department === undefined ? null : Number(values.department),
        topN,
        now: ctx.now().getTime(),
      });
    });
    if (!result.ok) {
      ctx.err(choiceRefusalText(result.refusal));
      return 1;
    }
    ctx.out(`Đã ghi nhận lựa chọn của Giám đốc cho danh sách biểu dương ${code} (đã ghi nhật ký kiểm tra).`);
    return 0;
  });
  if (chosen !== 0 || !values.post || !ref) return chosen;
  return post(ref, ctx);
}

function choiceRefusalText(r: TieChoiceRefusal): string {
  switch (r.code) {
    case 'director-only':
      return 'Chỉ Giám đốc của đơn vị được chọn trong số bằng điểm; chưa ghi nhận gì.';
    case 'no-period':
      return `Đơn vị chưa mở kỳ ${r.periodCode}.`;
    case 'nothing-to-choose':
      return 'Kỳ này không có ai (hay phòng nào) bằng điểm cần Giám đốc chọn: danh sách được lập theo điểm.';
    case 'wrong-people':
      return `Cần chọn đúng ${r.seats} người trong số: ${r.candidates.map((c) => `${c.fullName} (mã số ${c.personId})`).join(', ')}.`;
    case 'wrong-department':
      return `Cần chọn 1 phòng (--department) trong số: ${r.departments.map((d) => `${d.name} (mã phòng ${d.id})`).join(', ')}.`;
  }
}

/** Posts the list through the composition root's honours dependencies (groups, dispatcher), once. */
async function post(ref: HonourRef, ctx: CliContext): Promise<number> {
  const code = ref.periodCode;
  const logger = createLogger('warn');
  // Loaded only for --post: the whole app (channels, HTTP) is not needed by the other commands.
  const { createApp } = await import('../../app/create-app.js');
  const app = await createApp({ config: ctx.config(), logger });
  try {
    const deps = app.honours;
    const topN = (await deps.store.read((tx) => unitSettings(tx, ref.unitId, logger))).honours.topN;
    const result = await postHonours(deps, ref, ctx.now(), { topN });
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
      case 'needs_choice':
        ctx.err(
          `Có người (hoặc phòng) bằng điểm ở vị trí cuối danh sách: Giám đốc cần chọn trước khi đăng (đã báo Giám đốc và Văn phòng). ` +
            `Xem: thidua honours --period ${code} --preview TỆP.png; ghi nhận: thidua honours choose --period ${code} … --as <Giám đốc>.`,
        );
        return 1;
      default:
        ctx.out(`Đã đăng lên ${result.posted} nhóm${result.failed > 0 ? `, ${result.failed} nhóm lỗi (chạy lại lệnh để thử lại)` : ''}; đã gửi lời chúc mừng tới ${result.congratulated} người.`);
        return result.failed > 0 ? 1 : 0;
    }
  } finally {
    await app.stop();
  }
}
