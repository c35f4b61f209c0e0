/** PostgreSQL: periods (see repositories.ts for what differs from SQLite). */
import type { PeriodDates } from '../../scoring/period-calendar.js';
import type { NewPeriod, PeriodRecord, PeriodRepository } from '../periods.js';
import { PERIOD_STATUSES } from '../statuses.js';
import { type Client, insertedId, rows, run } from './pg-query.js';
import { z } from 'zod';

const PERIOD_COLUMNS = `id, unit_id, code, year, quarter, rubric_version_id, status, starts_on, ends_on, self_deadline,
  department_deadline, office_deadline, finalised_at`;

const periodRow = z.object({
  id: z.number().int(),
  unit_id: z.string(),
  code: z.string(),
  year: z.number().int(),
  quarter: z.number().int(),
  rubric_version_id: z.number().int(),
  status: z.enum(PERIOD_STATUSES),
  starts_on: z.string(),
  ends_on: z.string(),
  self_deadline: z.string(),
  department_deadline: z.string(),
  office_deadline: z.string(),
  finalised_at: z.number().nullable(),
});
const rubricVersionRow = z.object({ id: z.number().int(), rubric_id: z.string(), version: z.string(), sha256: z.string() });

const DATE_COLUMNS: Record<keyof PeriodDates, string> = {
  startsOn: 'starts_on',
  endsOn: 'ends_on',
  selfDeadline: 'self_deadline',
  departmentDeadline: 'department_deadline',
  officeDeadline: 'office_deadline',
};

function toPeriodRecord(raw: unknown): PeriodRecord {
  const row = periodRow.parse(raw);
  return {
    id: row.id,
    unitId: row.unit_id,
    code: row.code,
    year: row.year,
    quarter: row.quarter,
    rubricVersionId: row.rubric_version_id,
    status: row.status,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    selfDeadline: row.self_deadline,
    departmentDeadline: row.department_deadline,
    officeDeadline: row.office_deadline,
    finalisedAt: row.finalised_at,
  };
}

export function periodRepository(c: Client): PeriodRepository {
  const byId = async (periodId: number) => {
    const [row] = await rows(c, 'periods_get', `SELECT ${PERIOD_COLUMNS} FROM periods WHERE id = $1`, [periodId]);
    return row ? toPeriodRecord(row) : null;
  };
  return {
    get: byId,
    async find(unitId, code) {
      const [row] = await rows(c, 'periods_find', `SELECT ${PERIOD_COLUMNS} FROM periods WHERE unit_id = $1 AND code = $2`, [unitId, code]);
      return row ? toPeriodRecord(row) : null;
    },
    async list(unitId, year) {
      const found =
        year === undefined
          ? await rows(c, 'periods_of_unit', `SELECT ${PERIOD_COLUMNS} FROM periods WHERE unit_id = $1 ORDER BY year, quarter`, [unitId])
          : await rows(
              c,
              'periods_of_year',
              `SELECT ${PERIOD_COLUMNS} FROM periods WHERE unit_id = $1 AND year = $2 ORDER BY year, quarter`,
              [unitId, year],
            );
      return found.map(toPeriodRecord);
    },
    async newest(unitId, statuses) {
      if (statuses.length === 0) return null;
      const [row] = await rows(
        c,
        'periods_newest',
        `SELECT ${PERIOD_COLUMNS} FROM periods WHERE unit_id = $1 AND status = ANY($2::text[])
         ORDER BY year DESC, quarter DESC LIMIT 1`,
        [unitId, [...statuses]],
      );
      return row ? toPeriodRecord(row) : null;
    },
    async listByStatus(statuses) {
      if (statuses.length === 0) return [];
      const found = await rows(
        c,
        'periods_by_status',
        `SELECT ${PERIOD_COLUMNS} FROM periods WHERE status = ANY($1::text[]) ORDER BY year, quarter, id`,
        [[...statuses]],
      );
      return found.map(toPeriodRecord);
    },
    async insert(p: NewPeriod) {
      const [row] = await rows(
        c,
        'periods_insert',
        `INSERT INTO periods (unit_id, rubric_version_id, code, year, quarter, starts_on, ends_on, self_deadline,
           department_deadline, office_deadline)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         RETURNING ${PERIOD_COLUMNS}`,
        [p.unitId, p.rubricVersionId, p.code, p.year, p.quarter, p.startsOn, p.endsOn, p.selfDeadline, p.departmentDeadline, p.officeDeadline],
      );
      return toPeriodRecord(row);
    },
    async setStatus(periodId, status, now) {
      await rows(c, 'periods_set_status', 'UPDATE periods SET status = $1, finalised_at = $2 WHERE id = $3', [
        status,
        status === 'finalised' ? now : null,
        periodId,
      ]);
    },
    async setDates(periodId, dates) {
      const entries = (Object.keys(DATE_COLUMNS) as (keyof PeriodDates)[]).flatMap((key) => {
        const value = dates[key];
        return value === undefined ? [] : [[DATE_COLUMNS[key], value] as const];
      });
      if (entries.length > 0) {
        await run(c, `UPDATE periods SET ${entries.map(([column], i) => `${column} = $${i + 1}`).join(', ')} WHERE id = $${entries.length + 1}`, [
          ...entries.map(([, value]) => value),
          periodId,
        ]);
      }
      const record = await byId(periodId);
      if (!record) throw new Error(`periods: no period #${periodId}`);
      return record;
    },
    async findRubricVersion(rubricId, version) {
      const [row] = await rows(
        c,
        'rubric_find',
        'SELECT id, rubric_id, version, sha256 FROM rubric_versions WHERE rubric_id = $1 AND version = $2',
        [rubricId, version],
      );
      if (!row) return null;
      const r = rubricVersionRow.parse(row);
      return { id: r.id, rubricId: r.rubric_id, version: r.version, sha256: r.sha256 };
    },
    async insertRubricVersion(v) {
      const [row] = await rows(
        c,
        'rubric_insert',
        'INSERT INTO rubric_versions (rubric_id, version, sha256, definition) VALUES ($1, $2, $3, $4) RETURNING id',
        [v.rubricId, v.version, v.sha256, v.definition],
      );
      return insertedId.parse(row).id;
    },
  };
}
