/** The PostgreSQL repositories' shared pieces: the client type, the two ways of running a statement, the rubric cache. */
import type pg from 'pg';
import { z } from 'zod';
import type { Rubric } from '../../scoring/rubric-schema.js';

/** Parsed rubrics by version id, shared by the store's units of work (rubric versions never change). */
export type RubricCache = Map<number, Rubric>;

/** A pooled client, inside a transaction or not. */
export type Client = pg.ClientBase;

/** Runs a named prepared statement (fixed text) and returns its rows. */
export async function rows(c: Client, name: string, text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const result = await c.query<Record<string, unknown>>({ name: `thidua_${name}`, text, values });
  return result.rows;
}

/** Runs a statement whose text varies (not prepared) and returns the result. */
export async function run(c: Client, text: string, values: unknown[] = []): Promise<pg.QueryResult<Record<string, unknown>>> {
  return c.query<Record<string, unknown>>(text, values);
}

/** The id an INSERT … RETURNING id gives back. */
export const insertedId = z.object({ id: z.number().int() });
