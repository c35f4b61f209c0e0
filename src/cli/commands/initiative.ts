/**
 * `thidua initiative list [--year 2026] [--unit MÃ]`: the initiatives register (recognised ones of a year with
 * --year). `thidua initiative recognise --id N --level co-so|tinh|toan-quoc --body "…" --decision SỐ --date
 * YYYY-MM-DD --as MÃ|SĐT`: the office records the recognition (issue 14 item 1), audited.
 */
import { fmtDate } from '../../conversation/render/format.js';
import { KIND_LABELS, LEVEL_LABELS, TOPIC_LABELS } from '../../initiatives/labels.js';
import { recogniseInitiative } from '../../initiatives/recognise-initiative.js';
import { recognisedInitiatives } from '../../initiatives/recognised-initiatives.js';
import { RECOGNITION_LEVELS, type InitiativeRecord, type RecognitionLevel } from '../../store/initiatives.js';
import { Dispatcher } from '../../delivery/dispatcher.js';
import { enabledChannelsOf } from '../../delivery/enabled-channels.js';
import { LOCAL_DATE_FORMAT } from '../../scoring/period-calendar.js';
import { actorAs, AwardCliError, idOf, refused, yearOf } from '../award-cli.js';
import { UsageError, type CliCommand } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { withUnit } from '../resolve-unit.js';

const USAGE = [
  'Cách dùng:',
  '  thidua initiative list [--year 2026] [--unit MÃ]',
  '  thidua initiative recognise --id SỐ --level co-so|tinh|toan-quoc --body "CƠ QUAN CÔNG NHẬN" --decision SỐ_QĐ --date NGÀY --as MÃ|SĐT [--unit MÃ]',
  `  (NGÀY: ngày quyết định công nhận, dạng ${LOCAL_DATE_FORMAT})`,
].join('\n');

function line(i: InitiativeRecord, names: Map<number, string>): string {
  const authors = [...i.authorIds.map((id) => names.get(id) ?? `#${id}`), ...(i.collective ? [i.collective] : [])].join(', ');
  const r = i.recognition;
  const status = r ? `công nhận ${LEVEL_LABELS[r.level]}, ${r.body}, QĐ ${r.decisionNumber} ngày ${fmtDate(r.decisionDate)}` : 'chờ công nhận';
  return `  [${i.id}] ${i.title} — ${KIND_LABELS[i.kind]}, ${TOPIC_LABELS[i.topic]} — tác giả: ${authors || 'không ghi'} — ${status} — ${i.evidence.length} minh chứng`;
}

export const initiativeCommand: CliCommand = {
  name: 'initiative',
  summary: 'Sổ sáng kiến: xem (list) và ghi nhận quyết định công nhận (recognise)',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      { unit: { type: 'string' }, year: { type: 'string' }, id: { type: 'string' }, level: { type: 'string' }, body: { type: 'string' }, decision: { type: 'string' }, date: { type: 'string' }, as: { type: 'string' } },
      USAGE,
    );
    const [what, ...extra] = positionals;
    if (extra.length > 0 || (what !== 'list' && what !== 'recognise')) throw new UsageError(USAGE);
    return withUnit(
      ctx,
      values.unit,
      async (store, unit) => {
        if (what === 'list') {
          const { list, names } = await store.read(async (tx) => ({
            list: values.year ? await recognisedInitiatives(tx, { unitId: unit.id, year: yearOf(values.year) }) : await tx.initiatives.listByUnit(unit.id),
            names: new Map((await tx.staff.listPeople(unit.id)).map((p) => [p.id, p.fullName])),
          }));
          ctx.out(values.year ? `Sáng kiến được công nhận năm ${values.year}: ${list.length}` : `Sổ sáng kiến của ${unit.name}: ${list.length}`);
          for (const i of list) ctx.out(line(i, names));
          return 0;
        }
        const level = values.level as RecognitionLevel | undefined;
        if (!level || !RECOGNITION_LEVELS.includes(level)) throw new AwardCliError(`Cần --level là một trong: ${RECOGNITION_LEVELS.join(', ')}.`);
        const id = idOf(values.id, '--id');
        // The authors' messages go to the outbox in the same transaction; the running server's workers deliver them.
        const dispatcher = new Dispatcher({ enabledChannels: enabledChannelsOf(ctx.config()) });
        const now = ctx.now().getTime();
        const result = await store.transaction(async (tx) => {
          const r = await recogniseInitiative(
            tx,
            await actorAs(tx, unit.id, values.as),
            { initiativeId: id, level, body: values.body ?? '', decisionNumber: values.decision ?? '', decisionDate: values.date ?? '' },
            { now, channel: 'cli' },
          );
          if (!r.ok) return r;
          let queued = 0;
          for (const n of r.notices) if ((await dispatcher.dispatch(tx, n, now)).status !== 'unreachable') queued += 1;
          return { ...r, queued };
        });
        if (!result.ok) return refused(ctx.err, result.refusal);
        ctx.out(`Đã ghi nhận sáng kiến số ${id}: công nhận ${LEVEL_LABELS[level]} (QĐ ${result.recognition.decisionNumber} ngày ${fmtDate(result.recognition.decisionDate)}).`);
        ctx.out(`Đã gửi thông báo tới ${result.queued}/${result.notices.length} tác giả qua chat${result.queued < result.notices.length ? ' (người chưa liên kết tài khoản chat không nhận được)' : ''}.`);
        return 0;
      },
      [AwardCliError],
    );
  },
};
