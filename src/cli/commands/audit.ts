/**
 * `thidua audit --person ID|SĐT | --period 2026-Q4 --as NGƯỜI [--unit MÃ]`: prints the append-only audit log (who,
 * when, from where, the action in Vietnamese and its code, before → after with secrets masked, reason), oldest
 * first. Only the office and the director read it (`canReadAudit`, as the dashboard's /nhat-ky).
 */
import { canReadAudit } from '../../approval/authorize.js';
import { AUDIT_ACTION_LABELS, maskSecrets } from '../../audit/audit-labels.js';
import { normalisePhone } from '../../directory/phone.js';
import { refusalText } from '../../workflows/approval/render-refusal.js';
import { actorAs, AwardCliError } from '../award-cli.js';
import { findPeriod } from '../../periods/open-period.js';
import type { AuditSearch } from '../../store/audit.js';
import type { Tx } from '../../store/store.js';
import { UsageError, type CliCommand } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { withUnit } from '../resolve-unit.js';

const USAGE = 'Cách dùng: thidua audit --person <mã người|số điện thoại> | --period 2026-Q4 --as NGƯỜI [--unit MÃ]   (NGƯỜI: Văn phòng hoặc Giám đốc)';

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'In nhật ký thay đổi (ai, khi nào, từ kênh nào, trước → sau, lý do) theo người hoặc theo kỳ',
  usage: USAGE,
  async run(args, ctx) {
    const { values } = parseOptions(args, { person: { type: 'string' }, period: { type: 'string' }, unit: { type: 'string' }, as: { type: 'string' } }, USAGE);
    if (!values.person && !values.period) throw new UsageError(`Cần --person hoặc --period.\n${USAGE}`);
    if (!values.as) throw new UsageError(`Cần --as NGƯỜI (Văn phòng hoặc Giám đốc) để xem nhật ký.\n${USAGE}`);
    const as = values.as;
    return withUnit(ctx, values.unit, (store, unit) =>
      store.read(async (tx) => {
        const may = canReadAudit(await actorAs(tx, unit.id, as));
        if (!may.ok) {
          ctx.err(refusalText(may.refusal));
          return 1;
        }
        const filter: AuditSearch = { unitId: unit.id };
        if (values.person) {
          const id = /^\d{1,9}$/.test(values.person) ? Number(values.person) : await personByPhone(tx, unit.id, values.person);
          if (id === null) throw new UsageError(`Không tìm thấy người "${values.person}".`);
          filter.subjectPersonId = id;
        }
        if (values.period) {
          const period = await findPeriod(tx, unit.id, values.period);
          if (!period) throw new UsageError(`Không có kỳ ${values.period} của đơn vị ${unit.id}.`);
          filter.periodId = period.id;
        }
        const rows = await tx.audit.search(filter);
        const names = new Map((await tx.staff.listPeople(unit.id)).map((p) => [p.id, p.fullName]));
        const who = (id: number | null) => (id === null ? 'hệ thống' : `${names.get(id) ?? '?'} (#${id})`);
        ctx.out(`Nhật ký: ${rows.length} mục`);
        for (const r of rows) {
          const when = new Date(r.at + 7 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
          const subject = r.subjectPersonId === null ? '' : ` về ${who(r.subjectPersonId)}`;
          ctx.out(`${when} [${r.channel ?? '-'}] ${who(r.actorPersonId)}: ${AUDIT_ACTION_LABELS[r.action] ? `${AUDIT_ACTION_LABELS[r.action]} (${r.action})` : r.action} ${r.entityType}#${r.entityId}${subject}`);
          if (r.before !== null || r.after !== null) ctx.out(`    trước: ${JSON.stringify(maskSecrets(r.before))} → sau: ${JSON.stringify(maskSecrets(r.after))}`);
          if (r.reason) ctx.out(`    lý do: ${r.reason}`);
        }
        return 0;
      }),
      [AwardCliError],
    );
  },
};

async function personByPhone(tx: Pick<Tx, 'staff'>, unitId: string, text: string): Promise<number | null> {
  const phone = normalisePhone(text);
  if (!phone) return null;
  return (await tx.staff.findPeople(unitId, { phone }))[0]?.id ?? null;
}
