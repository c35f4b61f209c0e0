/**
 * Moving a whole database from one dialect to the other, table by table (`thidua db copy`, issue 12 item 5: a unit
 * that started on SQLite joins the province's PostgreSQL). Why at table level and not through the repositories: the
 * copy must take EVERY row (audit, outbox, conversation state, tokens…) exactly as stored, ids included, and must
 * not depend on which repositories a dialect implements yet.
 *
 * The two sides speak a dialect-neutral row: one value per column, in the table's column order, as both schemas
 * agree on it (db/schema.pg.ts documents the mapping): text → string, integer → number (ms, ids, int8 included),
 * real → number, boolean → boolean (SQLite's 0/1), json → the JSON text. The orchestration
 * (`src/store/copy-store.ts`) only sees these interfaces; each dialect's code stays in its own folder.
 */

/** A column's kind of value, the same in both dialects. */
export type ColumnKind = 'text' | 'integer' | 'real' | 'boolean' | 'json';

/** A value as both dialects agree on it (json as its text). */
export type CopyValue = string | number | boolean | null;

export interface CopyColumn {
  name: string;
  kind: ColumnKind;
}

export interface CopyTable {
  /** The SQL table name (`audit_log`). */
  name: string;
  columns: CopyColumn[];
  /** The primary key's column names (a row's identity when the copy is verified). */
  primaryKey: string[];
}

/** A database to read every row from. */
export interface TableSource {
  /** For the summary (`SQLite ./data/thidua.db`), never a password. */
  readonly description: string;
  /** Every table, each after the tables it references (so inserting in this order satisfies foreign keys). */
  tables(): CopyTable[];
  /** Rows of `table` in batches, values in the order of `columns` (names of that table's columns). */
  rows(table: string, columns: string[], batchSize: number): AsyncIterable<CopyValue[][]>;
  close(): Promise<void>;
}

/** What a copy may do inside the target's one transaction. */
export interface TargetSession {
  /** Inserts rows given in the order of `columns`. */
  insert(table: string, columns: string[], rows: CopyValue[][]): Promise<void>;
  /** Rows as the target stored them, in batches (for the verification, inside the same transaction). */
  rows(table: string, columns: string[], batchSize: number): AsyncIterable<CopyValue[][]>;
  /** Rows whose `column` is one of `values` (checks before the copy, and the verification of the copied rows). */
  rowsWhere(table: string, columns: string[], column: string, values: readonly CopyValue[]): Promise<CopyValue[][]>;
  count(table: string): Promise<number>;
  /**
   * `count` new ids from the table's own generator (a PostgreSQL identity sequence), in increasing order. Why: the
   * target may already hold other units, so a copied row never keeps its source id; taking ids from the sequence
   * (never setting it) is safe while the target's app instances keep inserting.
   */
  allocateIds(table: string, column: string, count: number): Promise<number[]>;
}

/** A database to copy into. */
export interface TableTarget {
  readonly description: string;
  tables(): CopyTable[];
  /**
   * Runs `fn` in ONE transaction on one snapshot (REPEATABLE READ: the counts before and after the copy are not
   * moved by other units' rows written meanwhile): everything is written and verified, or (when `fn` throws) nothing.
   */
  transaction<T>(fn: (session: TargetSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
