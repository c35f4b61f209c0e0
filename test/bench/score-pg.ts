/**
 * The PostgreSQL case of `score.bench.ts` (`--store postgres`): the same data set copied from the SQLite file the
 * bench builds into a migrated PostgreSQL database (batched `INSERT … SELECT FROM unnest(…)`, the same ids), then
 *   (a) the full computation over three PostgreSQL reads (the quarter's answers folded per submission by
 *       `jsonb_object_agg`, the earlier quarters' totals, the department names) and the same pure functions;
 *   (b) the plain SQL aggregates of the same rows, as on SQLite.
 * Both are measured in wall time: on PostgreSQL most of the work is the server's, in another process.
 */
import type pg from 'pg';
import type { Rubric } from '../../src/scoring/rubric-schema.js';
import type { Db } from '../../src/store/sqlite/open-sqlite.js';
import { computeQuarter, type EarlierRow, type QuarterRow, type Summary } from './score-full.js';

/** The tables the computations read, in foreign-key order. */
const TABLES = ['units', 'rubric_versions', 'departments', 'people', 'person_roles', 'periods', 'submissions', 'answers'];
const BATCH = 10_000;

/** Copies the data set's tables from SQLite to the (migrated, empty) PostgreSQL database. Returns rows copied. */
export async function copyDataset(from: Db, to: pg.Pool): Promise<number> {
  let copied = 0;
  for (const table of TABLES) {
    const columns = (
      await to.query<{ column_name: string; data_type: string; udt_name: string }>(
        `SELECT column_name, data_type, udt_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
        [table],
      )
    ).rows;
    const names = columns.map((c) => c.column_name);
    // Parameters as arrays of the column's type (jsonb travels as text and is cast in the select list).
    const arrayType = (c: { data_type: string; udt_name: string }) => (c.udt_name === 'jsonb' ? 'text[]' : `${c.udt_name}[]`);
    const select = columns.map((c, i) => (c.udt_name === 'jsonb' ? `x.c${i}::jsonb` : `x.c${i}`)).join(', ');
    const text = `INSERT INTO ${table} (${names.map((n) => `"${n}"`).join(', ')}) OVERRIDING SYSTEM VALUE
      SELECT ${select} FROM unnest(${columns.map((c, i) => `$${i + 1}::${arrayType(c)}`).join(', ')}) AS x(${columns.map((_, i) => `c${i}`).join(', ')})`;
    const statement = from.$client.prepare(`SELECT ${names.map((n) => `"${n}"`).join(', ')} FROM ${table}`).raw();
    const isBoolean = columns.map((c) => c.udt_name === 'bool');
    let batch: unknown[][] = columns.map(() => []);
    let size = 0;
    const flush = async () => {
      if (size === 0) return;
      await to.query(text, batch);
      copied += size;
      batch = columns.map(() => []);
      size = 0;
    };
    for (const row of statement.iterate() as IterableIterator<unknown[]>) {
      for (let i = 0; i < row.length; i++) {
        const value = row[i];
        (batch[i] as unknown[]).push(isBoolean[i] && value !== null ? value === 1 : value);
      }
      if (++size === BATCH) await flush();
    }
    await flush();
  }
  await to.query('VACUUM ANALYZE');
  return copied;
}

/**
 * The quarter in one pass per table: answers folded per submission (`json_object_agg`, the reviewer's value when
 * there is one) and roles per person by grouped subqueries joined once, rather than a correlated subquery per row.
 */
const QUARTER_SQL = `
SELECT p.id, p.unit_id, p.department_id, r.roles, a.answers
FROM periods pe
JOIN submissions s ON s.period_id = pe.id
JOIN people p ON p.id = s.person_id
LEFT JOIN (SELECT person_id, string_agg(role, ',') AS roles FROM person_roles GROUP BY person_id) r ON r.person_id = p.id
LEFT JOIN (SELECT submission_id, json_object_agg(criterion_id, COALESCE(reviewed_value, value))::text AS answers
           FROM answers GROUP BY submission_id) a ON a.submission_id = s.id
WHERE pe.year = $1 AND pe.quarter = $2 AND s.status = 'approved'`;

const EARLIER_SQL = `
SELECT s.person_id,
       SUM(CASE WHEN s.classified THEN COALESCE(s.reviewed_total, s.self_total) ELSE 0 END),
       MIN(COALESCE(s.classified::int, 0))
FROM periods pe JOIN submissions s ON s.period_id = pe.id
WHERE pe.year = $1 AND pe.quarter < $2 AND s.status = 'approved'
  AND COALESCE(s.reviewed_total, s.self_total) IS NOT NULL
GROUP BY s.person_id`;

const ANSWERS_AGGREGATE_SQL = `
SELECT a.submission_id, SUM(COALESCE(a.reviewed_points, a.self_points)), p.unit_id, p.department_id
FROM answers a JOIN submissions s ON s.id = a.submission_id JOIN people p ON p.id = s.person_id
JOIN units u ON u.id = p.unit_id
GROUP BY a.submission_id, p.unit_id, p.department_id`;

const YEAR_AGGREGATE_SQL = `
SELECT s.person_id,
       SUM(CASE WHEN s.classified THEN COALESCE(s.reviewed_total, s.self_total) ELSE 0 END) / 4.0,
       MIN(COALESCE(s.classified::int, 0))
FROM periods pe JOIN submissions s ON s.period_id = pe.id
WHERE pe.year = $1 AND pe.quarter < $2 AND s.status = 'approved'
GROUP BY s.person_id`;

async function arrays<T extends unknown[]>(pool: pg.Pool, text: string, values: unknown[] = []): Promise<T[]> {
  return (await pool.query<T>({ text, values, rowMode: 'array' })).rows;
}

/** (a) on PostgreSQL: the three reads, then the same computation as on SQLite. */
export async function fullComputationPg(pool: pg.Pool, rubric: Rubric, year: number, quarter: number): Promise<Summary> {
  const [departments, earlier, rows] = await Promise.all([
    arrays<[number, string]>(pool, 'SELECT id, name FROM departments'),
    arrays<[number, number, number]>(pool, EARLIER_SQL, [year, quarter]),
    arrays<QuarterRow>(pool, QUARTER_SQL, [year, quarter]),
  ]);
  return computeQuarter({ departments, earlier: earlier as EarlierRow[], quarter: rows }, rubric, year, quarter);
}

/** (b1) on PostgreSQL. */
export async function answersAggregatePg(pool: pg.Pool): Promise<number> {
  return (await arrays(pool, ANSWERS_AGGREGATE_SQL)).length;
}

/** (b) on PostgreSQL: the answers aggregate and the earlier quarters' totals per person. */
export async function baselinePg(pool: pg.Pool, year: number, quarter: number): Promise<number> {
  const [answers, years] = await Promise.all([answersAggregatePg(pool), arrays(pool, YEAR_AGGREGATE_SQL, [year, quarter])]);
  return answers + years.length;
}
