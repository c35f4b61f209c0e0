/** The PostgreSQL repositories' shared pieces: the client type, the two ways of running a statement, the rubric cache. */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import type { Rubric } from '../../scoring/rubric-schema.js';

/** Parsed rubrics by version id, shared by the store's units of work (rubric versions never change). */
export type RubricCache = Map<number, Rubric>;

/** A pooled client, inside a transaction or not. */
export type Client = pg.ClientBase;

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
  const result = await c.query<Record<string, unknown>>({ name: statementName(name), text, values });
  return result.rows;
}

/** Runs a statement whose text varies (not prepared) and returns the result. */
export async function run(c: Client, text: string, values: unknown[] = []): Promise<pg.QueryResult<Record<string, unknown>>> {
  return c.query<Record<string, unknown>>(text, values);
}

/** The id an INSERT … RETURNING id gives back. */
export const insertedId = z.object({ id: z.number().int() });
