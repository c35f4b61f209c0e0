/**
 * `thidua import staff TỆP [--unit MÃ] [--unit-name TÊN] [--dry-run]`: import the staff directory from CSV/XLSX.
 * Every bad row is listed with its row number and nothing is written; `--dry-run` shows what would change.
 */
import { importStaff, type ImportStaffResult } from '../../directory/import-staff.js';
import { fieldLabel } from '../../directory/plan-staff-import.js';
import { readStaffFile, StaffFileError } from '../../directory/staff-table.js';
import type { Tx } from '../../store/store.js';
import { UsageError, type CliCommand, type CliContext } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { resolveUnit, withStore } from '../resolve-unit.js';

const USAGE =
  'Cách dùng: thidua import staff TỆP.csv|TỆP.xlsx [--unit MÃ] [--unit-name TÊN] [--dry-run]\n' +
  '  [--create-departments]    tạo phòng mới cả khi tên gần giống một phòng đã có (mặc định: hỏi lại)\n' +
  '  [--same-name update|new]  người trùng tên trong cùng phòng nhưng khác số điện thoại: update = cùng một người\n' +
  '                            đổi số (cập nhật), new = người khác (thêm mới); mặc định: hỏi lại, không ghi gì\n' +
  '  Cột tuỳ chọn: Phụ trách phòng, Không nhắc tên trong nhóm, Ngày vào (dd/mm/yyyy hoặc yyyy-mm-dd; ô trống: giữ nguyên)';

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Nhập danh bạ cán bộ từ tệp CSV/XLSX (import staff TỆP [--unit MÃ] [--dry-run])',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      {
        unit: { type: 'string' },
        'unit-name': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'create-departments': { type: 'boolean', default: false },
        'same-name': { type: 'string' },
      },
      USAGE,
    );
    const [what, file, ...extra] = positionals;
    if (what !== 'staff' || !file || extra.length > 0) throw new UsageError(USAGE);
    const sameName = values['same-name'];
    if (sameName !== undefined && sameName !== 'update' && sameName !== 'new') {
      throw new UsageError(`--same-name chỉ nhận update hoặc new.\n${USAGE}`);
    }
    let table;
    try {
      table = await readStaffFile(file);
    } catch (error) {
      if (error instanceof StaffFileError) {
        ctx.err(error.message);
        return 1;
      }
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
        ctx.err(`Không tìm thấy tệp "${file}"`);
        return 1;
      }
      throw error;
    }
    const dryRun = values['dry-run'] ?? false;
    return withStore(ctx, async (store) => {
      // A dry run only reads; a real import plans and writes in ONE unit of work, so the plan cannot go stale.
      const work = async (tx: Tx) => {
        const unitId = values.unit ?? (await defaultUnit(tx));
        const unitExists = (await tx.staff.getUnit(unitId)) !== null;
        const imported = await importStaff(tx, table, {
          unit: { id: unitId, name: values['unit-name'] },
          dryRun,
          createDepartments: values['create-departments'],
          sameName,
          now: () => ctx.now().getTime(),
        });
        return { unitId, unitExists, imported };
      };
      const { unitId, unitExists, imported } = await (dryRun ? store.read(work) : store.transaction(work));
      return report(imported, unitId, unitExists, dryRun, ctx);
    });
  },
};

/** The only unit; with none, the first import must name the new unit. */
async function defaultUnit(tx: Pick<Tx, 'staff'>): Promise<string> {
  if ((await tx.staff.listUnits()).length === 0) {
    throw new UsageError('Chưa có đơn vị nào: hãy đặt mã cho đơn vị mới bằng --unit MÃ (và tên bằng --unit-name TÊN).');
  }
  return (await resolveUnit(tx, undefined)).id;
}

function report(result: ImportStaffResult, unitId: string, unitExists: boolean, dryRun: boolean, ctx: CliContext): number {
  const { plan } = result;
  if (plan.fileErrors.length > 0) {
    ctx.err('Không nhập được tệp, không ghi gì vào cơ sở dữ liệu:');
    for (const e of plan.fileErrors) ctx.err(`  - ${e}`);
    return 1;
  }
  if (plan.rowErrors.length > 0) {
    ctx.err(`Tệp có ${plan.rowErrors.length} dòng lỗi, không ghi gì vào cơ sở dữ liệu:`);
    for (const e of plan.rowErrors) ctx.err(`  Dòng ${e.rowNumber}: ${e.reasons.join('; ')}`);
    if (plan.questions.some((q) => q.kind === 'department')) {
      ctx.err('Nếu các phòng gần giống tên trên đúng là phòng mới, chạy lại với --create-departments.');
    }
    if (plan.questions.some((q) => q.kind === 'same-name')) {
      ctx.err('Với người trùng tên: chạy lại với --same-name update nếu là cùng một người đổi số điện thoại, --same-name new nếu là người khác.');
    }
    return 1;
  }
  const { created, updated, unchanged } = plan.counts;
  const summary = `thêm ${created}, cập nhật ${updated}, giữ nguyên ${unchanged} người`;
  if (plan.ignoredHeaders.length > 0) ctx.out(`Bỏ qua các cột không nhận ra: ${plan.ignoredHeaders.join(', ')}`);
  if (dryRun) {
    ctx.out(`Chạy thử (không ghi gì) vào đơn vị ${unitId}${unitExists ? '' : ' (đơn vị mới)'}: ${summary}.`);
    if (plan.newDepartments.length > 0) ctx.out(`Phòng mới: ${plan.newDepartments.join(', ')}`);
    for (const row of plan.rows) {
      const what =
        row.action === 'create'
          ? 'thêm mới'
          : row.action === 'update'
            ? `cập nhật (${row.changes.map(fieldLabel).join(', ')})`
            : 'giữ nguyên';
      ctx.out(`  Dòng ${row.rowNumber}: ${what} — ${row.record.fullName}`);
    }
    return 0;
  }
  ctx.out(`Đã nhập danh bạ vào đơn vị ${unitId}${result.newUnit ? ' (vừa tạo)' : ''}: ${summary}.`);
  if (plan.newDepartments.length > 0) ctx.out(`Đã tạo ${plan.newDepartments.length} phòng mới: ${plan.newDepartments.join(', ')}`);
  if (result.leadersChanged > 0) ctx.out(`Đã cập nhật lãnh đạo phụ trách của ${result.leadersChanged} phòng (xem: thidua department list).`);
  return 0;
}
