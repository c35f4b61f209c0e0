/**
 * The SQLite schema (db/schema.ts) and the PostgreSQL schema (db/schema.pg.ts) must describe the same data model, so
 * the two stores cannot drift: the same tables; per table the same columns with the same nullability, kind of type,
 * enum values, defaults and generated ids; the same primary keys, unique constraints, foreign keys; and the same
 * indexes (name, columns, uniqueness, partial condition), as drizzle's `getTableConfig` exposes them.
 *
 * Types are compared by kind, through the mapping db/schema.pg.ts documents (ms integers may be int8 there, JSON text
 * is jsonb, REAL is double precision, 0/1 is boolean). SQL defaults differ by dialect: each pair must be listed in
 * SQL_DEFAULT_PAIRS below, so a new one is looked at once.
 */
import { is, sql, SQL } from 'drizzle-orm';
import {
  getTableConfig as getPgTableConfig,
  integer as pgInteger,
  PgDialect,
  PgTable,
  pgTable,
  text as pgText,
} from 'drizzle-orm/pg-core';
import {
  getTableConfig as getSqliteTableConfig,
  index as sqliteIndex,
  integer as sqliteInteger,
  SQLiteSyncDialect,
  SQLiteTable,
  sqliteTable,
  text as sqliteText,
} from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pgSchema from '../../db/schema.pg.js';
import * as sqliteSchema from '../../db/schema.js';

/** A column, dialect-neutral. */
interface ColumnShape {
  kind: string;
  notNull: boolean;
  primary: boolean;
  unique: boolean;
  /** `auto` for a generated id (AUTOINCREMENT / identity). */
  generated: 'auto' | 'none';
  enumValues: string[] | null;
  /** The default as a dialect-neutral token (`sql:now-ms`, `value:"open"`) or null. */
  default: string | null;
}

/** A table, dialect-neutral (sorted lists, so order in the source does not matter). */
interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKeys: string[];
  uniqueConstraints: string[];
  foreignKeys: string[];
  indexes: string[];
}

/** Column types by kind: SQLite's and PostgreSQL's drizzle column types that store the same values. */
const KIND: Record<string, string> = {
  SQLiteInteger: 'integer',
  PgInteger: 'integer',
  PgBigInt53: 'integer',
  SQLiteBoolean: 'boolean',
  PgBoolean: 'boolean',
  SQLiteText: 'text',
  PgText: 'text',
  SQLiteTextJson: 'json',
  PgJsonb: 'json',
  SQLiteReal: 'real',
  PgDoublePrecision: 'real',
};

/**
 * Deliberate kind differences, each with its reason (the only ones allowed).
 * - inbound_events.payload: the body exactly as received. SQLite declares it json-mode text but stores the raw
 *   string (the SQL type is `text` either way); PostgreSQL keeps `text` because jsonb would re-format the body.
 *   (Declaring it plain `text` in db/schema.ts too would remove this entry and need no SQLite migration.)
 */
const KIND_EXCEPTIONS: { column: string; sqlite: string; postgres: string }[] = [
  { column: 'inbound_events.payload', sqlite: 'json', postgres: 'text' },
];

/** SQL defaults that mean the same thing in both dialects: [SQLite, PostgreSQL, neutral token]. */
const SQL_DEFAULT_PAIRS: [string, string, string][] = [
  ["(unixepoch('subsec') * 1000)", '((extract(epoch from clock_timestamp()) * 1000)::bigint)', 'now-ms'],
  ["'{}'", "'{}'::jsonb", 'empty-object'],
];

const sqliteDialect = new SQLiteSyncDialect();
const pgDialect = new PgDialect();

type Dialect = 'sqlite' | 'postgres';

function renderSql(dialect: Dialect, value: SQL): string {
  return (dialect === 'sqlite' ? sqliteDialect : pgDialect).sqlToQuery(value).sql;
}

function neutralDefault(dialect: Dialect, value: unknown, where: string): string | null {
  if (value === undefined) return null;
  if (!is(value, SQL)) return `value:${JSON.stringify(value)}`;
  const text = renderSql(dialect, value);
  const pair = SQL_DEFAULT_PAIRS.find(([s, p]) => (dialect === 'sqlite' ? s : p) === text);
  // An unknown SQL default is kept as written: it then differs from the other dialect's and the test shows it.
  return pair ? `sql:${pair[2]}` : `sql(${dialect}):${text} at ${where}`;
}

/** A column as getTableConfig gives it (the fields both dialects' columns share). */
interface AnyColumn {
  name: string;
  columnType: string;
  notNull: boolean;
  primary: boolean;
  isUnique: boolean;
  default: unknown;
  enumValues?: string[] | undefined;
  autoIncrement?: boolean;
  generatedIdentity?: unknown;
}

interface AnyConfig {
  name: string;
  columns: AnyColumn[];
  primaryKeys: { columns: { name: string }[] }[];
  uniqueConstraints: { columns: { name: string }[]; getName(): string | undefined }[];
  foreignKeys: { reference(): { columns: { name: string }[]; foreignColumns: { name: string; table: unknown }[] }; onDelete?: string | undefined; onUpdate?: string | undefined }[];
  indexes: { config: { name?: string; unique: boolean; where?: SQL | undefined; columns: unknown[] } }[];
}

function tableNameOf(table: unknown): string {
  const config = is(table, SQLiteTable) ? getSqliteTableConfig(table) : getPgTableConfig(table as PgTable);
  return config.name;
}

function indexColumnName(dialect: Dialect, column: unknown): string {
  if (is(column, SQL)) return `expr:${renderSql(dialect, column)}`;
  return (column as { name: string }).name;
}

function shapeOf(dialect: Dialect, config: AnyConfig): TableShape {
  const columns: Record<string, ColumnShape> = {};
  for (const c of config.columns) {
    const where = `${config.name}.${c.name}`;
    const generated = (dialect === 'sqlite' ? c.autoIncrement === true : c.generatedIdentity !== undefined) ? 'auto' : 'none';
    columns[c.name] = {
      kind: KIND[c.columnType] ?? `unknown:${c.columnType}`,
      notNull: c.notNull,
      primary: c.primary,
      unique: c.isUnique,
      generated,
      enumValues: c.enumValues && c.enumValues.length > 0 ? [...c.enumValues] : null,
      // A generated id has no default in either dialect's sense (identity vs AUTOINCREMENT).
      default: neutralDefault(dialect, c.default, where),
    };
  }
  const names = (cols: { name: string }[]) => cols.map((c) => c.name).join(',');
  return {
    columns,
    primaryKeys: config.primaryKeys.map((pk) => names(pk.columns)).sort(),
    uniqueConstraints: config.uniqueConstraints.map((u) => `${u.getName() ?? ''}(${names(u.columns)})`).sort(),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        const target = tableNameOf(ref.foreignColumns[0]?.table);
        return `(${names(ref.columns)}) -> ${target}(${names(ref.foreignColumns)}) on delete ${fk.onDelete ?? 'no action'} on update ${fk.onUpdate ?? 'no action'}`;
      })
      .sort(),
    indexes: config.indexes
      .map((i) => {
        const cols = i.config.columns.map((col) => indexColumnName(dialect, col)).join(',');
        const where = i.config.where ? ` where ${renderSql(dialect, i.config.where)}` : '';
        return `${i.config.unique ? 'unique ' : ''}${i.config.name ?? '?'}(${cols})${where}`;
      })
      .sort(),
  };
}

/** Every table of a schema module, by table name. */
function tablesOf(dialect: Dialect, schema: Record<string, unknown>): Map<string, TableShape> {
  const tables = new Map<string, TableShape>();
  for (const value of Object.values(schema)) {
    if (dialect === 'sqlite' && is(value, SQLiteTable)) {
      const config = getSqliteTableConfig(value) as unknown as AnyConfig;
      tables.set(config.name, shapeOf('sqlite', config));
    } else if (dialect === 'postgres' && is(value, PgTable)) {
      const config = getPgTableConfig(value) as unknown as AnyConfig;
      tables.set(config.name, shapeOf('postgres', config));
    }
  }
  return tables;
}

/** Human-readable differences between the two schemas (empty when they match). */
function schemaDiff(sqlite: Record<string, unknown>, pg: Record<string, unknown>): string[] {
  const a = tablesOf('sqlite', sqlite);
  const b = tablesOf('postgres', pg);
  const out: string[] = [];
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    const s = a.get(name);
    const p = b.get(name);
    if (!s || !p) {
      out.push(`table ${name}: only in ${s ? 'SQLite' : 'PostgreSQL'}`);
      continue;
    }
    for (const column of new Set([...Object.keys(s.columns), ...Object.keys(p.columns)])) {
      const sc = s.columns[column];
      const pc = p.columns[column];
      if (!sc || !pc) {
        out.push(`${name}.${column}: only in ${sc ? 'SQLite' : 'PostgreSQL'}`);
        continue;
      }
      for (const key of Object.keys(sc) as (keyof ColumnShape)[]) {
        const excused =
          key === 'kind' &&
          KIND_EXCEPTIONS.some((e) => e.column === `${name}.${column}` && e.sqlite === sc.kind && e.postgres === pc.kind);
        if (!excused && JSON.stringify(sc[key]) !== JSON.stringify(pc[key])) {
          out.push(`${name}.${column}.${key}: SQLite ${JSON.stringify(sc[key])} ≠ PostgreSQL ${JSON.stringify(pc[key])}`);
        }
      }
    }
    for (const key of ['primaryKeys', 'uniqueConstraints', 'foreignKeys', 'indexes'] as const) {
      if (JSON.stringify(s[key]) !== JSON.stringify(p[key])) {
        out.push(`${name} ${key}: SQLite ${JSON.stringify(s[key])} ≠ PostgreSQL ${JSON.stringify(p[key])}`);
      }
    }
  }
  return out;
}

describe('schema parity: db/schema.ts (SQLite) and db/schema.pg.ts (PostgreSQL)', () => {
  it('have the same tables', () => {
    const sqlite = [...tablesOf('sqlite', sqliteSchema).keys()].sort();
    const pg = [...tablesOf('postgres', pgSchema).keys()].sort();
    expect(sqlite.length).toBeGreaterThan(20);
    expect(pg).toEqual(sqlite);
  });

  it('have the same columns, nullability, types by kind, defaults, keys, foreign keys and indexes', () => {
    expect(schemaDiff(sqliteSchema, pgSchema)).toEqual([]);
  });

  it('compares partial indexes with their condition (inbound_events_pending)', () => {
    const pending = tablesOf('postgres', pgSchema).get('inbound_events')?.indexes;
    expect(pending).toContain("inbound_events_pending(channel,received_at) where status = 'pending'");
  });

  it('index the dashboard audit search in both: one unit newest first (unit, id) and a person as actor', () => {
    for (const [dialect, schema] of [['sqlite', sqliteSchema], ['postgres', pgSchema]] as const) {
      expect(tablesOf(dialect, schema).get('audit_log')?.indexes, dialect).toEqual(expect.arrayContaining(['audit_unit_id(unit_id,id)', 'audit_actor(actor_person_id)']));
    }
  });

  it('share the status tuples (imported from src/store/statuses.ts by both)', () => {
    expect(pgSchema.PERIOD_STATUSES).toBe(sqliteSchema.PERIOD_STATUSES);
    expect(pgSchema.SUBMISSION_STATUSES).toBe(sqliteSchema.SUBMISSION_STATUSES);
    expect(pgSchema.ACCOUNT_STATUSES).toBe(sqliteSchema.ACCOUNT_STATUSES);
  });

  describe('the comparison itself (tiny schemas)', () => {
    const sqliteThing = sqliteTable('thing', {
      id: sqliteInteger('id').primaryKey({ autoIncrement: true }),
      name: sqliteText('name').notNull(),
    });
    const pgThing = pgTable('thing', {
      id: pgInteger('id').primaryKey().generatedByDefaultAsIdentity(),
      name: pgText('name').notNull(),
    });

    it('finds nothing when the tables match', () => {
      expect(schemaDiff({ sqliteThing }, { pgThing })).toEqual([]);
    });

    it('fails when a column is added to one schema only', () => {
      const pgThingPlus = pgTable('thing', {
        id: pgInteger('id').primaryKey().generatedByDefaultAsIdentity(),
        name: pgText('name').notNull(),
        colour: pgText('colour'),
      });
      expect(schemaDiff({ sqliteThing }, { pgThingPlus })).toEqual(['thing.colour: only in PostgreSQL']);
    });

    it('fails on nullability, a missing index or a different partial condition', () => {
      const sqliteIndexed = sqliteTable(
        'thing',
        { id: sqliteInteger('id').primaryKey({ autoIncrement: true }), name: sqliteText('name').notNull() },
        (t) => [sqliteIndexOn('thing_name', t.name)],
      );
      const pgLoose = pgTable('thing', {
        id: pgInteger('id').primaryKey().generatedByDefaultAsIdentity(),
        name: pgText('name'),
      });
      expect(schemaDiff({ sqliteIndexed }, { pgLoose })).toEqual([
        'thing.name.notNull: SQLite true ≠ PostgreSQL false',
        'thing indexes: SQLite ["thing_name(name) where name <> \'\'"] ≠ PostgreSQL []',
      ]);
    });
  });
});

function sqliteIndexOn(name: string, column: Parameters<ReturnType<typeof sqliteIndex>['on']>[0]) {
  return sqliteIndex(name).on(column).where(sql`name <> ''`);
}
