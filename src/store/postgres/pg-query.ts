/**
 * The PostgreSQL repositories' shared pieces: the client type, the two ways of running a statement, the rubric cache,
 * a JSON column's parameter.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import type { Rubric } from '../../scoring/rubric-schema.js';

/** Parsed rubrics by version id, shared by the store's units of work (rubric versions never change). */
export type RubricCache = Map<number, Rubric>;

/**
 * What the repositories run statements on: a pooled client (reads), or a unit of work's connection
 * (`unit-connection.ts`), which may also defer writes.
 */
export interface Client {
  query(config: pg.QueryConfig | string, values?: unknown[]): Promise<pg.QueryResult<Record<string, unknown>>>;
  /**
   * Queues a write (a statement known by `name`) to be sent with the unit's next statement or COMMIT; false when it
   * must run now. Units only.
   */
  defer?(name: string, text: string, values: readonly unknown[]): boolean;
  /** Runs a read that may be sent ahead with the chat's next unit (unit-connection.ts). Units only. */
  readAhead?(name: string, text: string, values: readonly unknown[]): Promise<pg.QueryResult<Record<string, unknown>>>;
}

/** PostgreSQL keeps the first 63 bytes of a statement name (NAMEDATALEN - 1): two longer names could collide. */
const MAX_NAME = 63;
const longNames = new Map<string, string>();

/**
 * `thidua_<name>`, or for a name too long for the server (a patch statement named by its columns) `thidua_h_` and
 * a hash of it, so two long names never share their first 63 characters.
 */
export function statementName(name: string): string {
  const full = `thidua_${name}`;
  if (full.length <= MAX_NAME) return full;
  let short = longNames.get(name);
  if (short === undefined) {
    short = `thidua_h_${createHash('sha256').update(name).digest('hex').slice(0, 40)}`;
    longNames.set(name, short);
  }
  return short;
}

/** Runs a named prepared statement (fixed text) and returns its rows. */
export async function rows(c: Client, name: string, text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const result = await c.query({ name: statementName(name), text, values });
  return result.rows;
}

/**
 * As {@link rows}, for a plain SELECT that a chat's steps repeat right after their first statement: a unit of work
 * may send it ahead with the chat's next step (unit-connection.ts). Nothing but reads: it may run when not asked for.
 */
export async function readAheadRows(c: Client, name: string, text: string, values: unknown[]): Promise<Record<string, unknown>[]> {
  if (c.readAhead) return (await c.readAhead(statementName(name), text, values)).rows;
  return rows(c, name, text, values);
}

/** Runs a statement whose text varies (not prepared) and returns the result. */
export async function run(c: Client, text: string, values: unknown[] = []): Promise<pg.QueryResult<Record<string, unknown>>> {
  return c.query(text, values);
}

/** The id an INSERT … RETURNING id gives back. */
export const insertedId = z.object({ id: z.number().int() });

/**
 * A write whose result nobody reads, deferred to the unit's next statement or its COMMIT where the connection can
 * (one round trip fewer; see unit-connection.ts), else run now as a prepared statement. Only for writes whose failure
 * no caller catches: a deferred write's error surfaces later, at the flush, failing the unit.
 */
export async function writeDeferred(c: Client, name: string, text: string, values: unknown[]): Promise<void> {
  if (c.defer?.(statementName(name), text, values)) return;
  await rows(c, name, text, values);
}

/** A JSON column's parameter: SQL NULL for null/undefined (as drizzle writes it on SQLite), else JSON text. */
export function jsonParam(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
