/**
 * `thidua department list [--unit MÃ]`: the unit's departments with head-counts and their leader in charge.
 * `thidua department set-leader --department TÊN|MÃ --person MÃ|SĐT [--unit MÃ]`: sets the leader in charge (a
 * person holding the leader or director role in the same unit), audited as `department.leader_set`.
 * `thidua department article --period MÃ_KỲ [--department …] [--count N [--evidence …]] --as NGƯỜI`: the department's
 * own article of the quarter (seed 000 II.3.b "Ít nhất 1 bài/Quý"): shows every department's answer, or records one
 * for a department (the office, or a head for their own), audited as `department.condition_answered`.
 */
import { answerDepartmentArticle, departmentArticleStatuses } from '../../approval/department-article.js';
import { findPeriodFor } from '../../approval/period-queries.js';
import { findDepartment, listDepartments, setLeaderInCharge } from '../../directory/department-leader.js';
import { departmentArticleRuleText, departmentConditionLines, statusOf } from '../../results/index.js';
import { invalidDateText, isLocalDate, LOCAL_DATE_FORMAT } from '../../scoring/period-calendar.js';
import { loadScoringRules } from '../../settings/unit-rules.js';
import type { Store } from '../../store/store.js';
import { refusalText } from '../../workflows/approval/render-refusal.js';
import type { CliContext } from '../command.js';
import { findPerson } from '../resolve-person.js';
import { canChangeRules } from '../../approval/authorize.js';
import { UsageError, type CliCommand } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { renderLeaderChange, renderLeaderRefusal } from '../render-department.js';
import { withUnit } from '../resolve-unit.js';

const USAGE =
  'Cách dùng:\n' +
  '  thidua department list [--unit MÃ]\n' +
  '  thidua department set-leader --department TÊN_PHÒNG|MÃ_PHÒNG --person MÃ_SỐ|SỐ_ĐIỆN_THOẠI [--unit MÃ]\n' +
  '  (người phụ trách phải có vai trò lãnh đạo phụ trách/Phó Giám đốc hoặc Giám đốc trong cùng đơn vị)\n' +
  '  thidua department article --period MÃ_KỲ [--unit MÃ]                      bài viết của phòng trong Quý (mọi phòng)\n' +
  '  thidua department article --period MÃ_KỲ --department TÊN|MÃ --count SỐ_BÀI [--evidence "đường dẫn"] --as NGƯỜI\n' +
  '  (Kế hoạch, mục II.3.b: mỗi phòng ít nhất 1 tin/bài mỗi Quý; Văn phòng hoặc Trưởng phòng của phòng đó khai báo)\n' +
  '  thidua department joined --person MÃ_SỐ|SĐT --date NGÀY|none --as NGƯỜI [--unit MÃ]\n' +
  `  (NGÀY dạng ${LOCAL_DATE_FORMAT}, là ngày người đó vào đơn vị; none để bỏ ngày đã ghi. Với yearScore=mean-of-present,\n` +
  '  các Quý kết thúc trước ngày này không tính vào điểm năm)';

export const departmentCommand: CliCommand = {
  name: 'department',
  summary: 'Xem các phòng, đặt lãnh đạo phụ trách, khai báo bài viết của phòng (department list | set-leader | article)',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      {
        unit: { type: 'string' },
        department: { type: 'string' },
        person: { type: 'string' },
        period: { type: 'string' },
        count: { type: 'string' },
        evidence: { type: 'string' },
        as: { type: 'string' },
        date: { type: 'string' },
      },
      USAGE,
    );
    const [what, ...extra] = positionals;
    if (extra.length > 0 || (what !== 'list' && what !== 'set-leader' && what !== 'article' && what !== 'joined')) throw new UsageError(USAGE);
    if (what === 'joined') {
      if (!values.person?.trim() || !values.date?.trim() || !values.as?.trim()) throw new UsageError(`Cần --person, --date và --as.\n${USAGE}`);
      const date = values.date.trim().toLowerCase() === 'none' ? null : values.date.trim();
      if (date !== null && !isLocalDate(date)) throw new UsageError(`${invalidDateText('Ngày vào đơn vị', values.date)}, hoặc none để bỏ ngày đã ghi.`);
      return withUnit(ctx, values.unit, (store, unit) => setJoined(ctx, store, unit.id, { person: values.person ?? '', as: values.as ?? '', date }));
    }
    if (what === 'article') {
      if (!values.period?.trim()) throw new UsageError(`Cần --period (ví dụ 2026-Q4).\n${USAGE}`);
      return withUnit(ctx, values.unit, (store, unit) => runArticle(ctx, store, unit.id, { ...values, period: values.period ?? '' }));
    }
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

/** `thidua department article`: every department's answer for the period, or one answer recorded. */
async function runArticle(
  ctx: CliContext,
  store: Store,
  unitId: string,
  values: { period: string; department?: string; count?: string; evidence?: string; as?: string },
): Promise<number> {
  if (values.count === undefined) {
    if (values.evidence !== undefined) throw new UsageError(`--evidence đi cùng --count.\n${USAGE}`);
    return showArticles(ctx, store, unitId, values.period);
  }
  if (!/^\d{1,4}$/.test(values.count.trim())) throw new UsageError(`--count là số bài (0, 1, 2, …), không phải "${values.count}".`);
  if (!values.as?.trim()) throw new UsageError(`Cần --as NGƯỜI (Văn phòng, hoặc Trưởng phòng của phòng đó).\n${USAGE}`);
  const as = values.as;
  const result = await store.transaction(async (tx) => {
    const actor = await findPerson(tx, unitId, as);
    let departmentId: number | undefined;
    if (values.department?.trim()) {
      const found = await findDepartment(tx, unitId, values.department);
      if (!found.ok) throw new UsageError(`Không tìm thấy phòng "${values.department}" (xem: thidua department list).`);
      departmentId = found.department.id;
    }
    const input = { departmentId, periodCode: values.period, count: Number(values.count), evidence: values.evidence ?? null };
    return answerDepartmentArticle(tx, { actorId: actor.id, now: ctx.now(), channel: 'cli' }, input);
  });
  if (!result.ok) {
    ctx.err(refusalText(result.refusal));
    return 1;
  }
  const { department, period, rubric, status, rule } = result.outcome;
  ctx.out(`Đã ghi bài viết của ${department.name}, kỳ ${period.code}. Đã ghi nhật ký kiểm tra.`);
  for (const line of departmentConditionLines(rubric, status, rule)) ctx.out(`  ${line}`);
  return 0;
}

/** Every department of the unit with its answer for the period ("chưa khai báo" when none). */
async function showArticles(ctx: CliContext, store: Store, unitId: string, periodCode: string): Promise<number> {
  const found = await store.read(async (tx) => {
    const period = await findPeriodFor(tx, unitId, periodCode, []);
    if (!period) return null;
    const statuses = await departmentArticleStatuses(tx, period);
    const rule = (await loadScoringRules(tx, unitId, period.code)).departmentArticle;
    return { period, statuses, rule, departments: await listDepartments(tx, unitId) };
  });
  if (!found) {
    ctx.err(`Không tìm thấy kỳ ${periodCode} của đơn vị ${unitId}.`);
    return 1;
  }
  if (!found.statuses) {
    ctx.out(`Bảng tiêu chí của kỳ ${found.period.code} không có điều kiện bài viết của phòng.`);
    return 0;
  }
  const { rubric, statuses } = found.statuses;
  ctx.out(`Bài viết của các phòng, kỳ ${found.period.code}:`);
  for (const d of found.departments) {
    const lines = departmentConditionLines(rubric, statusOf(rubric, statuses, d.id), found.rule);
    ctx.out(`  [${d.id}] ${d.name} — ${lines.join('; ')}`);
  }
  ctx.out(departmentArticleRuleText(found.rule));
  return 0;
}

/** `thidua department joined`: the day a person joined the unit (the office or the director records it; audited). */
async function setJoined(ctx: CliContext, store: Store, unitId: string, input: { person: string; as: string; date: string | null }): Promise<number> {
  const outcome = await store.transaction(async (tx) => {
    const actor = await findPerson(tx, unitId, input.as);
    const may = canChangeRules({ personId: actor.id, unitId, roles: actor.roles, departmentId: actor.departmentId });
    if (!may.ok) return null;
    const person = await findPerson(tx, unitId, input.person);
    const before = await tx.staff.setJoinedOn(person.id, input.date);
    await tx.audit.record({
      at: ctx.now().getTime(),
      unitId,
      actorPersonId: actor.id,
      channel: 'cli',
      action: 'person.joined_on_set',
      entityType: 'person',
      entityId: String(person.id),
      subjectPersonId: person.id,
      before: { joinedOn: before },
      after: { joinedOn: input.date },
    });
    return person;
  });
  if (!outcome) {
    ctx.err('Chỉ Văn phòng hoặc Giám đốc mới ghi được ngày vào đơn vị.');
    return 1;
  }
  const when = input.date ? input.date.split('-').reverse().join('/') : 'không ghi';
  ctx.out(`Đã ghi ngày vào đơn vị của ${outcome.fullName} (mã số ${outcome.id}): ${when}. Đã ghi nhật ký kiểm tra.`);
  return 0;
}
