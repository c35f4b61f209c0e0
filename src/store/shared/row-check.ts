/**
 * Cheap checks for rows the engine reads on EVERY event from its own tables (written by this code, with NOT NULL
 * and enum columns). A zod object parse per row cost more than the SQLite lookup itself; these checks still
 * refuse a row of the wrong shape (a schema drift, a hand-edited database) instead of passing it on.
 * Use them with `statement.raw(true)` (rows as arrays, in SELECT order), which SQLite hands over faster too.
 */

/** A row read from SQLite had an unexpected shape. */
export class RowShapeError extends Error {
  override name = 'RowShapeError';
}

/** The row as an array (from a `raw(true)` statement). */
export function rowArray(row: unknown, what: string, columns: number): unknown[] {
  if (!Array.isArray(row) || row.length !== columns) throw new RowShapeError(`${what}: unexpected row`);
  return row;
}

export function int(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new RowShapeError(`${what}: expected an integer`);
  return value;
}

export function intOrNull(value: unknown, what: string): number | null {
  return value === null ? null : int(value, what);
}

export function num(value: unknown, what: string): number {
  if (typeof value !== 'number') throw new RowShapeError(`${what}: expected a number`);
  return value;
}

export function numOrNull(value: unknown, what: string): number | null {
  return value === null ? null : num(value, what);
}

export function str(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new RowShapeError(`${what}: expected text`);
  return value;
}

export function strOrNull(value: unknown, what: string): string | null {
  return value === null ? null : str(value, what);
}

/** One of `allowed` (an enum column). */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new RowShapeError(`${what}: unexpected value`);
  }
  return value as T;
}
