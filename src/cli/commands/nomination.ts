/**
 * `thidua nomination` (issue 14 item 4): nominees for an award, with computed, explained eligibility.
 *   propose --year 2026 --scheme tt-002|kh-004 --award "…" (--person MÃ|SĐT | --department MÃ_PHÒNG | --enterprise "TÊN") --as MÃ|SĐT
 *   list --year 2026                      every nomination with each check (✔ đạt, ✘ chưa đạt, ? Hội đồng xét)
 *   answer --id N --criterion MÃ --text "…" [--evidence URL]… --as MÃ|SĐT    a qualitative criterion
 *   file --id N --pdf TỆP.pdf --sent YYYY-MM-DD [--incomplete] --as MÃ|SĐT  the signed file as sent (seed 004)
 *   progress                              seed 002's target: 10 collectives and 10 individuals over 2021–2025
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { eligibilityOf } from '../../nominations/load-facts.js';
import { answerCriterion, attachFile, proposeNomination, type NominationInput } from '../../nominations/nominate.js';
import { progressLine, seed002Progress } from '../../nominations/target-progress.js';
import { LOCAL_DATE_FORMAT } from '../../scoring/period-calendar.js';
import { NOMINATION_SCHEMES, type NominationScheme } from '../../store/nominations.js';
import { actorAs, AwardCliError, idOf, personIdOf, refused, yearOf } from '../award-cli.js';
import { UsageError, type CliCommand } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { nominationLines } from '../render-nomination.js';
import { withUnit } from '../resolve-unit.js';

const USAGE = [
  'Cách dùng:',
  '  thidua nomination propose --year 2026 --scheme tt-002|kh-004 --award "HÌNH THỨC" (--person MÃ|SĐT | --department MÃ_PHÒNG | --enterprise "TÊN") --as MÃ|SĐT',
  '  thidua nomination list --year 2026',
  '  thidua nomination answer --id SỐ --criterion MÃ_TIÊU_CHÍ --text "THÀNH TÍCH" [--evidence URL]… --as MÃ|SĐT',
  '  thidua nomination file --id SỐ --pdf TỆP.pdf --sent NGÀY [--incomplete] --as MÃ|SĐT',
  '  thidua nomination progress',
  `  (NGÀY: ngày gửi hồ sơ, dạng ${LOCAL_DATE_FORMAT}; mọi lệnh nhận thêm --unit MÃ)`,
].join('\n');

export const nominationCommand: CliCommand = {
  name: 'nomination',
  summary: 'Đề nghị khen thưởng: đề xuất, điều kiện (có giải thích), tiêu chí, hồ sơ ký số, tiến độ chỉ tiêu',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      {
        unit: { type: 'string' },
        year: { type: 'string' },
        scheme: { type: 'string' },
        award: { type: 'string' },
        person: { type: 'string' },
        department: { type: 'string' },
        enterprise: { type: 'string' },
        id: { type: 'string' },
        criterion: { type: 'string' },
        text: { type: 'string' },
        evidence: { type: 'string', multiple: true },
        pdf: { type: 'string' },
        sent: { type: 'string' },
        incomplete: { type: 'boolean', default: false },
        as: { type: 'string' },
      },
      USAGE,
    );
    const [what, ...extra] = positionals;
    if (extra.length > 0 || !['propose', 'list', 'answer', 'file', 'progress'].includes(what ?? '')) throw new UsageError(USAGE);
    const meta = { now: ctx.now().getTime(), channel: 'cli' };
    return withUnit(
      ctx,
      values.unit,
      async (store, unit) => {
        if (what === 'list') {
          const year = yearOf(values.year);
          const lines = await store.read(async (tx) => {
            const out: string[] = [];
            for (const n of await tx.nominations.list(unit.id, year)) out.push(...nominationLines(n, await eligibilityOf(tx, n)));
            return out;
          });
          ctx.out(`Đề nghị khen thưởng năm ${year}: ${lines.filter((l) => l.startsWith('[')).length}`);
          lines.forEach((l) => ctx.out(l));
          return 0;
        }
        if (what === 'progress') {
          const p = await store.read((tx) => seed002Progress(tx, unit.id));
          ctx.out(`Chỉ tiêu gương điển hình tiên tiến: ${progressLine(p)}`);
          for (const y of p.byYear) ctx.out(`  ${y.year}: ${y.collectives} tập thể, ${y.individuals} cá nhân`);
          return 0;
        }
        const result = await store.transaction(async (tx) => {
          const actor = await actorAs(tx, unit.id, values.as);
          if (what === 'propose') {
            const scheme = values.scheme as NominationScheme | undefined;
            if (!scheme || !NOMINATION_SCHEMES.includes(scheme) || scheme === 'cbs-000') {
              throw new AwardCliError('Cần --scheme tt-002 hoặc kh-004 (danh hiệu cuối năm Chiến binh số: thidua council propose-year).');
            }
            const given = [values.person, values.department, values.enterprise].filter((v) => v !== undefined);
            if (given.length !== 1) throw new AwardCliError('Cần đúng một trong --person, --department, --enterprise.');
            const nominee: NominationInput['nominee'] = values.person
              ? { kind: 'person', personId: await personIdOf(tx, unit.id, values.person) }
              : values.department
                ? { kind: 'department', departmentId: idOf(values.department, '--department (mã phòng, xem thidua department list)') }
                : { kind: 'enterprise', name: values.enterprise ?? '' };
            return proposeNomination(tx, actor, { year: yearOf(values.year), scheme, award: values.award ?? '', nominee }, meta);
          }
          const nominationId = idOf(values.id, '--id');
          if (what === 'answer') {
            return answerCriterion(tx, actor, { nominationId, criterionId: values.criterion ?? '', answer: values.text ?? '', evidence: values.evidence ?? [] }, meta);
          }
          if (!values.pdf || !values.sent) throw new AwardCliError(`Cần --pdf TỆP.pdf và --sent NGÀY (ngày gửi, dạng ${LOCAL_DATE_FORMAT}).`);
          let bytes: Uint8Array;
          try {
            bytes = readFileSync(values.pdf);
          } catch {
            throw new AwardCliError(`Không đọc được tệp ${values.pdf}.`);
          }
          return attachFile(tx, actor, { nominationId, name: basename(values.pdf), bytes, sentOn: values.sent, complete: !values.incomplete }, meta);
        });
        if (!result.ok) return refused(ctx.err, result.refusal);
        nominationLines(result.nomination, result.eligibility).forEach((l) => ctx.out(l));
        return 0;
      },
      [AwardCliError],
    );
  },
};
