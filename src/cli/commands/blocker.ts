/**
 * `thidua blocker` (issue 14 item 3): award blockers of a year, per person, with source and reason.
 *   list --year 2026                                   who is kept from the year's awards, and why
 *   add --person MÃ|SĐT --year 2026 --reason "…" --ref SỐ_VĂN_BẢN --as MÃ|SĐT      a disciplinary note
 *   duty --period 2026-Q2 --as MÃ|SĐT       seed 000 "không hoàn thành nhiệm vụ", from the finalised quarter's answers
 *   no-article --person MÃ|SĐT --period 2026-Q2 --as MÃ|SĐT                       the same, entered by hand
 *   contest --file TỆP.json --as MÃ|SĐT               seed 001: the contest's blockers (`awardBlockers` output)
 *   lift --id SỐ --reason "…" --as MÃ|SĐT
 * Every change is role-checked (office) and audited.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { addDisciplinaryNote, addNoArticle, blockerLine, importContestBlockers, liftBlocker, recordDutyBlockers } from '../../awards/blockers.js';
import { fmtDate, localDate } from '../../conversation/render/format.js';
import { parsePeriodCode } from '../../scoring/period-calendar.js';
import { actorAs, AwardCliError, idOf, personIdOf, refused, yearOf } from '../award-cli.js';
import { UsageError, type CliCommand } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { withUnit } from '../resolve-unit.js';

const USAGE = [
  'Cách dùng:',
  '  thidua blocker list --year 2026 [--unit MÃ]',
  '  thidua blocker add --person MÃ|SĐT --year 2026 --reason "LÝ DO" --ref SỐ_VĂN_BẢN --as MÃ|SĐT   (ghi chú kỷ luật)',
  '  thidua blocker duty --period 2026-Q2 --as MÃ|SĐT   (từ kết quả Quý đã phê duyệt: không có bài viết, không ký số → không hoàn thành nhiệm vụ)',
  '  thidua blocker no-article --person MÃ|SĐT --period 2026-Q2 --as MÃ|SĐT   (ghi tay: không có bài viết)',
  '  thidua blocker contest --file TỆP.json --as MÃ|SĐT   (hội thi: dưới 50% số điểm, chưa xem xét khen thưởng)',
  '  thidua blocker lift --id SỐ --reason "LÝ DO GỠ" --as MÃ|SĐT',
].join('\n');

const contestFile = z.array(
  z.object({
    personId: z.string(),
    fullName: z.string(),
    unitId: z.string(),
    year: z.number().int(),
    reason: z.string(),
    detail: z.string(),
    source: z.object({ kind: z.literal('contest'), contestId: z.string(), candidateNumber: z.string() }),
  }),
);

export const blockerCommand: CliCommand = {
  name: 'blocker',
  summary: 'Trường hợp chưa xem xét khen thưởng trong năm (list | add | duty | no-article | contest | lift)',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      { unit: { type: 'string' }, year: { type: 'string' }, person: { type: 'string' }, reason: { type: 'string' }, ref: { type: 'string' }, period: { type: 'string' }, file: { type: 'string' }, id: { type: 'string' }, as: { type: 'string' } },
      USAGE,
    );
    const [what, ...extra] = positionals;
    if (extra.length > 0 || !['list', 'add', 'duty', 'no-article', 'contest', 'lift'].includes(what ?? '')) throw new UsageError(USAGE);
    const meta = { now: ctx.now().getTime(), channel: 'cli' };
    return withUnit(
      ctx,
      values.unit,
      async (store, unit) => {
        if (what === 'list') {
          const year = yearOf(values.year);
          const { list, names } = await store.read(async (tx) => ({
            list: await tx.awardBlockers.forYear(unit.id, year),
            names: new Map((await tx.staff.listPeople(unit.id)).map((p) => [p.id, p.fullName])),
          }));
          ctx.out(`Chưa xem xét khen thưởng năm ${year}: ${list.filter((b) => !b.lifted).length} ghi nhận còn hiệu lực`);
          for (const b of list) {
            const lifted = b.lifted ? ` — ĐÃ GỠ ngày ${fmtDate(localDate(b.lifted.at))}: ${b.lifted.reason}` : '';
            ctx.out(`  [${b.id}] ${names.get(b.personId) ?? `#${b.personId}`} — ${blockerLine(b)}${lifted}`);
          }
          return 0;
        }
        if (what === 'contest') {
          if (!values.file) throw new AwardCliError('Cần --file TỆP.json (danh sách từ kết quả hội thi).');
          let parsed: z.infer<typeof contestFile>;
          try {
            parsed = contestFile.parse(JSON.parse(readFileSync(values.file, 'utf8')));
          } catch {
            throw new AwardCliError(`Không đọc được tệp ${values.file}: cần danh sách JSON các trường hợp dưới ngưỡng của hội thi.`);
          }
          const result = await store.transaction(async (tx) => importContestBlockers(tx, await actorAs(tx, unit.id, values.as), parsed, meta));
          if (!result.ok) return refused(ctx.err, result.refusal);
          ctx.out(`Đã ghi ${result.created} trường hợp mới, ${result.kept} đã có từ trước.`);
          for (const s of result.skipped) ctx.err(`Bỏ qua ${s.personId}: ${s.why}.`);
          return result.skipped.length > 0 ? 1 : 0;
        }
        if (what === 'duty') {
          const code = values.period?.toUpperCase() ?? '';
          if (!parsePeriodCode(code)) throw new AwardCliError('Cần --period dạng 2026-Q2.');
          const result = await store.transaction(async (tx) => recordDutyBlockers(tx, await actorAs(tx, unit.id, values.as), code, meta));
          if (!result.ok) return refused(ctx.err, result.refusal);
          ctx.out(`Kỳ ${code}: ghi ${result.created} trường hợp không hoàn thành nhiệm vụ mới, ${result.kept} đã có từ trước.`);
          return 0;
        }
        if (what === 'lift') {
          const id = idOf(values.id, '--id');
          const result = await store.transaction(async (tx) => liftBlocker(tx, await actorAs(tx, unit.id, values.as), { id, reason: values.reason ?? '' }, meta));
          if (!result.ok) return refused(ctx.err, result.refusal);
          ctx.out(`Đã gỡ ghi nhận số ${id}.`);
          return 0;
        }
        if (!values.person) throw new AwardCliError('Cần --person MÃ|SĐT.');
        const person = values.person;
        const result = await store.transaction(async (tx) => {
          const actor = await actorAs(tx, unit.id, values.as);
          const personId = await personIdOf(tx, unit.id, person);
          if (what === 'no-article') {
            if (!values.period || !parsePeriodCode(values.period.toUpperCase())) throw new AwardCliError('Cần --period dạng 2026-Q2.');
            return addNoArticle(tx, actor, { personId, quarterCode: values.period.toUpperCase() }, meta);
          }
          if (!values.ref?.trim()) throw new AwardCliError('Cần --ref: số văn bản hoặc số ghi chú của Văn phòng.');
          return addDisciplinaryNote(tx, actor, { personId, year: yearOf(values.year), reason: values.reason ?? '', ref: values.ref.trim() }, meta);
        });
        if (!result.ok) return refused(ctx.err, result.refusal);
        ctx.out(result.created ? `Đã ghi nhận (số ${result.id}).` : `Ghi nhận này đã có (số ${result.id}); không ghi lại.`);
        return 0;
      },
      [AwardCliError],
    );
  },
};
