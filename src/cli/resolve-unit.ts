/**
 * Shared by the `thidua` commands that use the database: open the configured store once per command, pick the
 * unit from `--unit` (or the only unit when there is exactly one), and always close the store.
 */
import { openStoreFromConfig } from '../store/open-store.js';
import type { StaffUnit } from '../store/staff.js';
import type { Store, Tx } from '../store/store.js';
import { UsageError, type CliContext } from './command.js';

/** Opens the configured store (PostgreSQL at `DATABASE_URL`, else SQLite at `DATABASE_PATH`), migrated. The caller closes it. */
export function openCliStore(ctx: CliContext): Promise<Store> {
  return openStoreFromConfig(ctx.config(), { longRunning: false });
}

/** An error class whose message is meant for the operator as it stands (`PeriodError`, `ExportError`, …). */
export type ReportedError = abstract new (...args: never[]) => Error;

/**
 * Runs `run` with a store opened for this command and closes the store afterwards, whatever happens. An instance
 * of one of `reported` is printed to stderr and ends the command with exit code 1; anything else propagates (a
 * `UsageError` then prints the usage, exit code 2).
 */
export async function withStore(
  ctx: CliContext,
  run: (store: Store) => number | Promise<number>,
  reported: readonly ReportedError[] = [],
): Promise<number> {
  const store = await openCliStore(ctx);
  try {
    return await run(store);
  } catch (error) {
    if (!reported.some((type) => error instanceof type)) throw error;
    ctx.err((error as Error).message);
    return 1;
  } finally {
    await store.close();
  }
}

/**
 * The frame of every command that acts on one unit: {@link withStore}, with `--unit` resolved first (see
 * `resolveUnit`). `run` opens its own `store.read` or `store.transaction`.
 */
export async function withUnit(
  ctx: CliContext,
  unitArg: string | undefined,
  run: (store: Store, unit: CliUnit) => number | Promise<number>,
  reported: readonly ReportedError[] = [],
): Promise<number> {
  return withStore(ctx, async (store) => run(store, await store.read((tx) => resolveUnit(tx, unitArg))), reported);
}

/** The unit's id and name. */
export type CliUnit = StaffUnit;

/** The unit named by `--unit`, or the only unit; otherwise a usage error asking for `--unit`. */
export async function resolveUnit(tx: Pick<Tx, 'staff'>, unitArg: string | undefined): Promise<CliUnit> {
  if (unitArg !== undefined) {
    const unit = await tx.staff.getUnit(unitArg);
    if (!unit) throw new UsageError(`Không có đơn vị "${unitArg}". Các đơn vị hiện có: ${await listUnitIds(tx)}`);
    return unit;
  }
  const all = await tx.staff.listUnits();
  const only = all[0];
  if (all.length === 1 && only) return only;
  if (all.length === 0) throw new UsageError('Cơ sở dữ liệu chưa có đơn vị nào. Hãy nhập danh bạ trước: thidua import staff TỆP --unit MÃ');
  throw new UsageError(`Có ${all.length} đơn vị; hãy chọn một bằng --unit MÃ (${all.map((u) => u.id).join(', ')})`);
}

/** Ids of all units, for messages. */
export async function listUnitIds(tx: Pick<Tx, 'staff'>): Promise<string> {
  const ids = (await tx.staff.listUnits()).map((u) => u.id);
  return ids.length > 0 ? ids.join(', ') : '(chưa có)';
}
