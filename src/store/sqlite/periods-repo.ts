/** Periods and rubric versions ({@link PeriodRepository}) over prepared statements; rows checked with zod. */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { PeriodDates } from '../../scoring/period-calendar.js';
import type { PeriodStatus } from '../assessment.js';
import type { NewPeriod, PeriodRecord, PeriodRepository } from '../periods.js';
import { PERIOD_STATUSES } from '../statuses.js';

const COLUMNS = `id, unit_id, code, year, quarter, rubric_version_id, status, starts_on, ends_on, self_deadline,
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
const insertedId = z.object({ id: z.number().int() });

const DATE_COLUMNS: Record<keyof PeriodDates, string> = {
  startsOn: 'starts_on',
  endsOn: 'ends_on',
  selfDeadline: 'self_deadline',
  departmentDeadline: 'department_deadline',
  officeDeadline: 'office_deadline',
};

function toRecord(raw: unknown): PeriodRecord {
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

function orNull(raw: unknown): PeriodRecord | null {
  return raw === undefined ? null : toRecord(raw);
}

/** `?, ?, ?` for an IN list (statuses are few: a statement per call is fine). */
function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

export function createPeriodRepository(c: Database.Database): PeriodRepository {
  const byId = c.prepare(`SELECT ${COLUMNS} FROM periods WHERE id = ?`);
  const byCode = c.prepare(`SELECT ${COLUMNS} FROM periods WHERE unit_id = ? AND code = ?`);
  const ofUnit = c.prepare(`SELECT ${COLUMNS} FROM periods WHERE unit_id = ? ORDER BY year, quarter`);
  const ofYear = c.prepare(`SELECT ${COLUMNS} FROM periods WHERE unit_id = ? AND year = ? ORDER BY year, quarter`);
  const insert = c.prepare(
    `INSERT INTO periods (unit_id, rubric_version_id, code, year, quarter, starts_on, ends_on, self_deadline,
       department_deadline, office_deadline)
     VALUES (@unitId, @rubricVersionId, @code, @year, @quarter, @startsOn, @endsOn, @selfDeadline, @departmentDeadline,
       @officeDeadline)
     RETURNING ${COLUMNS}`,
  );
  const setStatus = c.prepare('UPDATE periods SET status = ?, finalised_at = ? WHERE id = ?');
  const findVersion = c.prepare('SELECT id, rubric_id, version, sha256 FROM rubric_versions WHERE rubric_id = ? AND version = ?');
  const insertVersion = c.prepare(
    'INSERT INTO rubric_versions (rubric_id, version, sha256, definition) VALUES (?, ?, ?, ?) RETURNING id',
  );

  return {
    async get(periodId) {
      return orNull(byId.get(periodId));
    },
    async find(unitId, code) {
      return orNull(byCode.get(unitId, code));
    },
    async list(unitId, year) {
      const rows = year === undefined ? ofUnit.all(unitId) : ofYear.all(unitId, year);
      return rows.map(toRecord);
    },
    async newest(unitId, statuses: readonly PeriodStatus[]) {
      if (statuses.length === 0) return null;
      const row = c
        .prepare(
          `SELECT ${COLUMNS} FROM periods WHERE unit_id = ? AND status IN (${placeholders(statuses.length)})
           ORDER BY year DESC, quarter DESC LIMIT 1`,
        )
        .get(unitId, ...statuses);
      return orNull(row);
    },
    async listByStatus(statuses: readonly PeriodStatus[]) {
      if (statuses.length === 0) return [];
      return c
        .prepare(`SELECT ${COLUMNS} FROM periods WHERE status IN (${placeholders(statuses.length)}) ORDER BY year, quarter, id`)
        .all(...statuses)
        .map(toRecord);
    },
    async insert(period: NewPeriod) {
      return toRecord(insert.get(period));
    },
    async setStatus(periodId, status, now) {
      setStatus.run(status, status === 'finalised' ? now : null, periodId);
    },
    async setDates(periodId, dates) {
      const entries = Object.entries(DATE_COLUMNS).flatMap(([key, column]) => {
        const value = dates[key as keyof PeriodDates];
        return value === undefined ? [] : [[column, value] as const];
      });
      if (entries.length > 0) {
        c.prepare(`UPDATE periods SET ${entries.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`).run(
          ...entries.map(([, value]) => value),
          periodId,
        );
      }
      const row = byId.get(periodId);
      if (row === undefined) throw new Error(`periods: no period #${periodId}`);
      return toRecord(row);
    },
    async findRubricVersion(rubricId, version) {
      const row = findVersion.get(rubricId, version);
      if (row === undefined) return null;
      const r = rubricVersionRow.parse(row);
      return { id: r.id, rubricId: r.rubric_id, version: r.version, sha256: r.sha256 };
    },
    async insertRubricVersion(v) {
      return insertedId.parse(insertVersion.get(v.rubricId, v.version, v.sha256, v.definition)).id;
    },
  };
}
