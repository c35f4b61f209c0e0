/**
 * A SQLite database as the source of `thidua db copy` (src/store/table-copy.ts): every table of db/schema.ts, its
 * rows in primary-key order as dialect-neutral values, read inside ONE read transaction (a consistent snapshot even
 * if something else writes meanwhile).
 *
 * Normalisation: 0/1 booleans become booleans; JSON stays its stored text; an integer column holding a fraction
 * (SQLite's `unixepoch('subsec') * 1000` default can leave sub-millisecond digits in a time) is rounded to the
 * millisecond, since PostgreSQL's bigint takes whole numbers only.
 */
import { existsSync } from 'node:fs';
import { is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from '../../../db/schema.js';
import { orderByDependencies } from '../shared/table-order.js';
import type { ColumnKind, CopyTable, CopyValue, TableSource } from '../table-copy.js';
import { openSqlite } from './open-sqlite.js';

const KIND: Record<string, ColumnKind> = {
  SQLiteInteger: 'integer',
  SQLiteText: 'text',
  SQLiteBoolean: 'boolean',
  SQLiteTextJson: 'json',
  SQLiteReal: 'real',
};

/** The tables of db/schema.ts, each after the ones it references. */
export function sqliteCopyTables(): CopyTable[] {
  const tables = (Object.values(schema) as unknown[])
    .filter((value): value is SQLiteTable => is(value, SQLiteTable))
    .map((table) => {
      const config = getTableConfig(table);
      const columns = config.columns.map((c) => {
        const kind = KIND[c.columnType];
        if (!kind) throw new Error(`${config.name}.${c.name}: no copy mapping for ${c.columnType}`);
        return { name: c.name, kind };
      });
      const primaryKey = config.primaryKeys[0]?.columns.map((c) => c.name) ?? config.columns.filter((c) => c.primary).map((c) => c.name);
      const references = config.foreignKeys.map((fk) => getTableConfig(fk.reference().foreignTable).name);
      return { name: config.name, columns, primaryKey, references };
    });
  return orderByDependencies(tables).map(({ name, columns, primaryKey }) => ({ name, columns, primaryKey }));
}

/** Opens the database file (it must exist: a wrong path must not silently copy an empty new database). */
export function openSqliteTableSource(path: string): TableSource {
  if (!existsSync(path)) throw new Error(`Không tìm thấy tệp cơ sở dữ liệu SQLite: ${path}`);
  // Opening applies any pending migration, so the source has the current tables (as starting the app would).
  const db = openSqlite(path);
  const sqlite = db.$client;
  const tables = sqliteCopyTables();
  const kinds = new Map(tables.map((t) => [t.name, new Map(t.columns.map((c) => [c.name, c.kind]))]));
  sqlite.exec('BEGIN');
  return {
    description: `SQLite ${path}`,
    tables: () => tables,
    async *rows(table, columns, batchSize) {
      const tableKinds = kinds.get(table);
      const meta = tables.find((t) => t.name === table);
      if (!tableKinds || !meta) throw new Error(`unknown table ${table}`);
      const columnKinds = columns.map((c) => {
        const kind = tableKinds.get(c);
        if (!kind) throw new Error(`unknown column ${table}.${c}`);
        return kind;
      });
      const order = meta.primaryKey.map(quote).join(', ');
      const statement = sqlite.prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)} ORDER BY ${order}`).raw(true);
      let batch: CopyValue[][] = [];
      for (const raw of statement.iterate() as Iterable<unknown[]>) {
        batch.push(raw.map((value, i) => toNeutral(value, columnKinds[i] ?? 'text', `${table}.${columns[i]}`)));
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
    async close() {
      if (sqlite.inTransaction) sqlite.exec('COMMIT');
      sqlite.close();
    },
  };
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function toNeutral(value: unknown, kind: ColumnKind, what: string): CopyValue {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'boolean':
      if (value === 0 || value === 1) return value === 1;
      throw new Error(`${what}: expected 0 or 1`);
    case 'integer':
      if (typeof value === 'number') return Number.isInteger(value) ? value : Math.round(value);
      if (typeof value === 'bigint') return Number(value);
      throw new Error(`${what}: expected an integer`);
    case 'real':
      if (typeof value === 'number') return value;
      throw new Error(`${what}: expected a number`);
    case 'json':
    case 'text':
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      throw new Error(`${what}: expected text`);
  }
}
