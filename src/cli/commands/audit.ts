/**
 * `thidua audit --person ID|SĐT | --period 2026-Q4 [--unit MÃ]`: prints the append-only audit log (who, when,
 * from where, before → after, reason), oldest first.
 */
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { auditLog, people } from '../../../db/schema.js';
import type { Db } from '../../persistence/open-db.js';
import { findPeriod } from '../../persistence/periods-repo.js';
import { normalisePhone } from '../../directory/phone.js';
import { UsageError, type CliCommand } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { withUnit } from '../resolve-unit.js';

const USAGE = 'Cách dùng: thidua audit --person <mã người|số điện thoại> | --period 2026-Q4 [--unit MÃ]';

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'In nhật ký thay đổi (ai, khi nào, từ kênh nào, trước → sau, lý do) theo người hoặc theo kỳ',
  usage: USAGE,
  async run(args, ctx) {
    const { values } = parseOptions(args, { person: { type: 'string' }, period: { type: 'string' }, unit: { type: 'string' } }, USAGE);
    if (!values.person && !values.period) throw new UsageError(`Cần --person hoặc --period.\n${USAGE}`);
    return withUnit(ctx, values.unit, (db, unit) => {
      const where: SQL[] = [eq(auditLog.unitId, unit.id)];
      if (values.person) {
        const id = /^\d{1,9}$/.test(values.person) ? Number(values.person) : personByPhone(db, unit.id, values.person);
        if (id === null) throw new UsageError(`Không tìm thấy người "${values.person}".`);
        where.push(eq(auditLog.subjectPersonId, id));
      }
      if (values.period) {
        const period = findPeriod(db, unit.id, values.period);
        if (!period) throw new UsageError(`Không có kỳ ${values.period} của đơn vị ${unit.id}.`);
        where.push(eq(auditLog.periodId, period.id));
      }
      const rows = db.select().from(auditLog).where(and(...where)).orderBy(asc(auditLog.id)).all();
      const names = new Map(db.select({ id: people.id, n: people.fullName }).from(people).where(eq(people.unitId, unit.id)).all().map((p) => [p.id, p.n]));
      const who = (id: number | null) => (id === null ? 'hệ thống' : `${names.get(id) ?? '?'} (#${id})`);
      ctx.out(`Nhật ký: ${rows.length} mục`);
      for (const r of rows) {
        const when = new Date(r.at + 7 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
        const subject = r.subjectPersonId === null ? '' : ` về ${who(r.subjectPersonId)}`;
        ctx.out(`${when} [${r.channel ?? '-'}] ${who(r.actorPersonId)}: ${r.action} ${r.entityType}#${r.entityId}${subject}`);
        if (r.before !== null || r.after !== null) ctx.out(`    trước: ${JSON.stringify(r.before)} → sau: ${JSON.stringify(r.after)}`);
        if (r.reason) ctx.out(`    lý do: ${r.reason}`);
      }
      return 0;
    });

  },
};

function personByPhone(db: Db, unitId: string, text: string): number | null {
  const phone = normalisePhone(text);
  if (!phone) return null;
  return db.select({ id: people.id }).from(people).where(and(eq(people.unitId, unitId), eq(people.phone, phone))).get()?.id ?? null;
}
