/**
 * Shared by the `thidua` commands that act on one unit: open the configured database and pick the unit from
 * `--unit`, or the only unit when the database has exactly one.
 */
import { asc, eq } from 'drizzle-orm';
import { units } from '../../db/schema.js';
import { openDb, type Db } from '../persistence/open-db.js';
import { UsageError, type CliContext } from './command.js';

/** Opens the database at `DATABASE_PATH` (migrating it if needed). */
export function openCliDb(ctx: CliContext): Db {
  return openDb(ctx.config().databasePath);
}

/** An error class whose message is meant for the operator as it stands (`PeriodError`, `ExportError`, …). */
export type ReportedError = abstract new (...args: never[]) => Error;

/**
 * The frame of every command that acts on one unit: opens the database, resolves `--unit` (see `resolveUnit`),
 * runs `run` and always closes the database. An instance of one of `reported` is printed to stderr and ends the
 * command with exit code 1; anything else propagates (a `UsageError` then prints the usage, exit code 2).
 */
export async function withUnit(
  ctx: CliContext,
  unitArg: string | undefined,
  run: (db: Db, unit: CliUnit) => number | Promise<number>,
  reported: readonly ReportedError[] = [],
): Promise<number> {
  const db = openCliDb(ctx);
  try {
    return await run(db, resolveUnit(db, unitArg));
  } catch (error) {
    if (!reported.some((type) => error instanceof type)) throw error;
    ctx.err((error as Error).message);
    return 1;
  } finally {
    db.$client.close();
  }
}

/** The unit's id and name. */
export interface CliUnit {
  id: string;
  name: string;
}

/** The unit named by `--unit`, or the only unit; otherwise a usage error asking for `--unit`. */
export function resolveUnit(db: Db, unitArg: string | undefined): CliUnit {
  if (unitArg !== undefined) {
    const unit = db.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, unitArg)).get();
    if (!unit) throw new UsageError(`Không có đơn vị "${unitArg}". Các đơn vị hiện có: ${listUnitIds(db)}`);
    return unit;
  }
  const all = db.select({ id: units.id, name: units.name }).from(units).orderBy(asc(units.id)).all();
  const only = all[0];
  if (all.length === 1 && only) return only;
  if (all.length === 0) throw new UsageError('Cơ sở dữ liệu chưa có đơn vị nào. Hãy nhập danh bạ trước: thidua import staff TỆP --unit MÃ');
  throw new UsageError(`Có ${all.length} đơn vị; hãy chọn một bằng --unit MÃ (${listUnitIds(db)})`);
}

/** Ids of all units, for messages. */
export function listUnitIds(db: Db): string {
  const ids = db.select({ id: units.id }).from(units).orderBy(asc(units.id)).all().map((u) => u.id);
  return ids.length > 0 ? ids.join(', ') : '(chưa có)';
}
