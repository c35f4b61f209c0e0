/**
 * `thidua registration` (issue 14 item 2): the emulation registration at the start of the year.
 *   deadline --year 2026 --date 2026-01-31 --as MÃ|SĐT   the unit's deadline (inclusive)
 *   list --year 2026 --as MÃ|SĐT                         who registered which titles, and who has not
 */
import { registrationOverview, setRegistrationDeadline } from '../../awards/registration.js';
import { fmtDate } from '../../conversation/render/format.js';
import { LOCAL_DATE_FORMAT } from '../../scoring/period-calendar.js';
import { actorAs, AwardCliError, refused, yearOf } from '../award-cli.js';
import { UsageError, type CliCommand } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { withUnit } from '../resolve-unit.js';

const USAGE = [
  'Cách dùng:',
  '  thidua registration deadline --year 2026 --date NGÀY --as MÃ|SĐT [--unit MÃ]',
  '  thidua registration list --year 2026 --as MÃ|SĐT [--unit MÃ]',
  `  (NGÀY: ngày cuối cùng được đăng ký, dạng ${LOCAL_DATE_FORMAT})`,
].join('\n');

export const registrationCommand: CliCommand = {
  name: 'registration',
  summary: 'Đăng ký thi đua đầu năm: đặt hạn (deadline) và xem ai đã đăng ký (list)',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(args, { unit: { type: 'string' }, year: { type: 'string' }, date: { type: 'string' }, as: { type: 'string' } }, USAGE);
    const [what, ...extra] = positionals;
    if (extra.length > 0 || (what !== 'deadline' && what !== 'list')) throw new UsageError(USAGE);
    return withUnit(
      ctx,
      values.unit,
      async (store, unit) => {
        const year = yearOf(values.year);
        if (what === 'deadline') {
          const result = await store.transaction(async (tx) =>
            setRegistrationDeadline(tx, await actorAs(tx, unit.id, values.as), { year, deadline: values.date ?? '' }, { now: ctx.now().getTime(), channel: 'cli' }),
          );
          if (!result.ok) return refused(ctx.err, result.refusal);
          ctx.out(`Hạn đăng ký thi đua năm ${year}: hết ngày ${fmtDate(values.date ?? '')}.`);
          return 0;
        }
        const result = await store.read(async (tx) => registrationOverview(tx, await actorAs(tx, unit.id, values.as), year));
        if (!result.ok) return refused(ctx.err, result.refusal);
        const o = result.overview;
        ctx.out(`Đăng ký thi đua năm ${year} — ${o.deadline ? `hạn hết ngày ${fmtDate(o.deadline)}` : 'chưa đặt hạn'}`);
        ctx.out(`Đã đăng ký (${o.registered.length}):`);
        for (const r of o.registered) ctx.out(`  ${r.registration.subjectKind === 'department' ? 'Phòng' : 'Cá nhân'} ${r.name}: ${r.registration.titles.join(', ')}`);
        ctx.out(`Chưa đăng ký: ${o.missingDepartments.length} phòng, ${o.missingPeople.length} người`);
        for (const d of o.missingDepartments) ctx.out(`  Phòng ${d.name}`);
        for (const p of o.missingPeople) ctx.out(`  ${p.name}`);
        return 0;
      },
      [AwardCliError],
    );
  },
};
