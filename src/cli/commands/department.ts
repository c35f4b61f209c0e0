/**
 * `thidua department list [--unit MÃ]`: the unit's departments with head-counts and their leader in charge.
 * `thidua department set-leader --department TÊN|MÃ --person MÃ|SĐT [--unit MÃ]`: sets the leader in charge (a
 * person holding the leader or director role in the same unit), audited as `department.leader_set`.
 */
import { listDepartments, setLeaderInCharge } from '../../directory/department-leader.js';
import { UsageError, type CliCommand } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { renderLeaderChange, renderLeaderRefusal } from '../render-department.js';
import { withUnit } from '../resolve-unit.js';

const USAGE =
  'Cách dùng:\n' +
  '  thidua department list [--unit MÃ]\n' +
  '  thidua department set-leader --department TÊN_PHÒNG|MÃ_PHÒNG --person MÃ_SỐ|SỐ_ĐIỆN_THOẠI [--unit MÃ]\n' +
  '  (người phụ trách phải có vai trò lãnh đạo phụ trách/Phó Giám đốc hoặc Giám đốc trong cùng đơn vị)';

export const departmentCommand: CliCommand = {
  name: 'department',
  summary: 'Xem các phòng và đặt lãnh đạo phụ trách phòng (department list | set-leader --department … --person …)',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      { unit: { type: 'string' }, department: { type: 'string' }, person: { type: 'string' } },
      USAGE,
    );
    const [what, ...extra] = positionals;
    if (extra.length > 0 || (what !== 'list' && what !== 'set-leader')) throw new UsageError(USAGE);
    if (what === 'list' && (values.department !== undefined || values.person !== undefined)) throw new UsageError(USAGE);
    if (what === 'set-leader' && (!values.department?.trim() || !values.person?.trim())) {
      throw new UsageError(`Cần cả --department và --person.\n${USAGE}`);
    }
    return withUnit(ctx, values.unit, async (store, unit) => {
      if (what === 'list') {
        const rows = await store.read((tx) => listDepartments(tx, unit.id));
        if (rows.length === 0) {
          ctx.out(`Đơn vị ${unit.id} chưa có phòng nào (nhập danh bạ có cột "Phòng": thidua import staff TỆP).`);
          return 0;
        }
        ctx.out(`Các phòng của ${unit.name} (${unit.id}):`);
        for (const d of rows) {
          const leader = d.leader ? `${d.leader.fullName} (mã số ${d.leader.id})` : 'chưa có';
          ctx.out(`  [${d.id}] ${d.name} — ${d.members} người — lãnh đạo phụ trách: ${leader}`);
        }
        return 0;
      }
      const result = await store.transaction((tx) =>
        setLeaderInCharge(tx, {
          unitId: unit.id,
          department: values.department ?? '',
          person: values.person ?? '',
          at: ctx.now().getTime(),
        }),
      );
      if (!result.ok) {
        ctx.err(renderLeaderRefusal(result.refusal));
        return 1;
      }
      ctx.out(renderLeaderChange(result.change));
      return 0;
    });
  },
};
