/**
 * Opening PostgreSQL: the validated connection settings, a `pg.Pool`, the server version check, and the committed
 * migrations (db/migrations-pg) applied under a session advisory lock.
 *
 * Why the lock: drizzle's `migrate()` takes none; with several app instances starting at once, two of them create
 * the `drizzle` schema or apply the same migration concurrently and fail (10 of 15 starts here). Each instance takes
 * `pg_advisory_lock(MIGRATION_LOCK_KEY)` on a dedicated connection (not a pooled one: a session lock belongs to a
 * connection, and that connection also runs without a statement timeout, since waiting for another instance's
 * migration or building an index may take long). The first applies the migrations; the others wait, then find
 * nothing left to do. A crashed instance's lock goes with its connection.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { z } from 'zod';
import { projectPath } from '../../project-root.js';

export const PG_MIGRATIONS_FOLDER = projectPath('db', 'migrations-pg');

/** The oldest PostgreSQL the store runs on (`hashtextextended`, `FOR UPDATE SKIP LOCKED`, identity columns… and supported upstream). */
export const MIN_SERVER_VERSION = 14;

/**
 * The fixed key of the migration lock (session-level `pg_advisory_lock(bigint)`): "thidua:m" as 8 ASCII bytes.
 * Chat locks are 64-bit hashes taken with `pg_advisory_xact_lock`; meeting this exact value is a 2^-64 chance, and
 * would only make that chat wait for a migration.
 */
export const MIGRATION_LOCK_KEY = '8388070186164501101';

/** Connection settings (from `DATABASE_URL` and its companions; validated once at start-up). */
export const postgresConfigSchema = z.object({
  /** `postgres://user:password@host:port/database` */
  url: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL phải bắt đầu bằng postgres:// hoặc postgresql://'),
  /** Connections per pool (the store has two: one for units of work, one read-only for `read`). */
  poolSize: z.number().int().min(1).max(200),
  /** A statement running longer is cancelled (0 = no limit). Bounds a lock wait too. */
  statementTimeoutMs: z.number().int().min(0),
  /** A transaction left idle longer is ended by the server (0 = no limit): a stuck unit never holds its locks forever. */
  idleInTransactionTimeoutMs: z.number().int().min(0),
});
export type PostgresConfig = z.infer<typeof postgresConfigSchema>;

/** The server is older than {@link MIN_SERVER_VERSION}. */
export class PostgresVersionError extends Error {
  override name = 'PostgresVersionError';
  constructor(readonly serverVersion: string) {
    super(
      `Thi Đua Số cần PostgreSQL ${MIN_SERVER_VERSION} trở lên, nhưng máy chủ cơ sở dữ liệu đang chạy PostgreSQL ` +
        `${serverVersion}. Hãy nâng cấp PostgreSQL (hoặc trỏ DATABASE_URL tới máy chủ mới hơn) rồi khởi động lại.`,
    );
  }
}

/** An int8 value that a JavaScript number cannot hold exactly. */
export class UnsafeBigintError extends Error {
  override name = 'UnsafeBigintError';
}

/**
 * int8 (bigint) text → number. Times in ms, ids and counts (`count(*)` is int8) fit easily in 2^53; a value beyond
 * Number.MAX_SAFE_INTEGER is refused rather than silently rounded.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new UnsafeBigintError(`int8 value ${text} is beyond Number.MAX_SAFE_INTEGER`);
  }
  return value;
}

/** Not in `pg`'s TypeId list (the built-in array types are), hence the cast where it is used. */
const INT8_ARRAY_OID = 1016;

/**
 * Installs {@link parseInt8} for int8 and int8[] in `pg`'s type registry. It has to be the global registry: drizzle's
 * node-postgres session passes each query its own `types` that falls back to `pg.types.getTypeParser`. Idempotent;
 * no other code of the process uses `pg` (only the store may import it).
 */
export function installInt8Parser(): void {
  pg.types.setTypeParser(pg.types.builtins.INT8, parseInt8);
  pg.types.setTypeParser(INT8_ARRAY_OID as Parameters<typeof pg.types.setTypeParser>[0], (text: string) => parseInt8Array(text));
}

function parseInt8Array(text: string): number[] {
  const inner = text.slice(1, -1);
  return inner === '' ? [] : inner.split(',').map(parseInt8);
}

/** The pool options shared by the store's pools. */
export function poolOptions(config: PostgresConfig, extra: pg.PoolConfig = {}): pg.PoolConfig {
  return {
    connectionString: config.url,
    max: config.poolSize,
    statement_timeout: config.statementTimeoutMs || undefined,
    idle_in_transaction_session_timeout: config.idleInTransactionTimeoutMs || undefined,
    application_name: 'thidua',
    ...extra,
  };
}

/** `SHOW server_version_num` → refuses a server older than {@link MIN_SERVER_VERSION}. Returns the major version. */
export async function checkServerVersion(client: pg.ClientBase): Promise<number> {
  const result = await client.query<{ server_version_num: string; server_version: string }>(
    `SELECT current_setting('server_version_num') AS server_version_num, current_setting('server_version') AS server_version`,
  );
  const row = result.rows[0];
  const num = Number(row?.server_version_num);
  if (!row || !Number.isInteger(num)) throw new Error('PostgreSQL: cannot read server_version_num');
  const major = Math.floor(num / 10_000);
  if (major < MIN_SERVER_VERSION) throw new PostgresVersionError(row.server_version);
  return major;
}

export interface MigrateOptions {
  migrationsFolder?: string;
}

/**
 * Checks the server version, then applies the pending migrations under the migration lock, on a dedicated
 * connection that is closed afterwards. Safe to run from several processes at once.
 */
export async function migratePostgres(config: PostgresConfig, options: MigrateOptions = {}): Promise<void> {
  installInt8Parser();
  const client = new pg.Client({ connectionString: config.url, application_name: 'thidua-migrate' });
  await client.connect();
  try {
    await checkServerVersion(client);
    await client.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder: options.migrationsFolder ?? PG_MIGRATIONS_FOLDER });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

/** The validated config, or a zod error naming the bad setting. */
export function parsePostgresConfig(config: unknown): PostgresConfig {
  return postgresConfigSchema.parse(config);
}

/**
 * A pool after the version check and the migrations (what `createPostgresStore` does too, for its own two pools).
 * For scripts and tests that need a plain migrated pool.
 */
export async function openPostgres(config: PostgresConfig, options: MigrateOptions = {}): Promise<pg.Pool> {
  const valid = parsePostgresConfig(config);
  await migratePostgres(valid, options);
  return new pg.Pool(poolOptions(valid));
}
