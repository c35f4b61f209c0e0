/**
 * PostgreSQL for tests: each test file (or each test) gets its own database, copied from a migrated template.
 *
 * - The server: `TEST_DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`, the project machines'
 *   service). When nothing answers there, a throwaway cluster is started with the installed `initdb`/`pg_ctl`
 *   (`/usr/lib/postgresql/<version>/bin`, as the `postgres` user when running as root) in a temporary folder on a
 *   free port, and stopped when the process exits. With neither, the tests fail with the package to install.
 * - The template: `thidua_template_<hash of db/migrations-pg>`, created and migrated once (under an advisory lock,
 *   so parallel test files do not race) and reused while the migrations are unchanged; a changed migration gets a
 *   new template. Copying it (`CREATE DATABASE x TEMPLATE …`) takes tens of milliseconds.
 * - A test database: `createTestDatabase()` → `{ url, config, drop }`; `drop()` removes it (WITH (FORCE)).
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { migratePostgres, PG_MIGRATIONS_FOLDER, type PostgresConfig } from '../../src/store/postgres/open-postgres.js';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Settings for a store on a test database (small pool, generous timeouts: CI machines are slow). */
export function testPgConfig(url: string, poolSize = 4): PostgresConfig {
  return { url, poolSize, statementTimeoutMs: 30_000, idleInTransactionTimeoutMs: 60_000 };
}

/** The same server URL with another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The newest installed PostgreSQL's bin folder, or null. */
function installedBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : null;
}

/** Starts a throwaway cluster (fsync off: test data only) and returns its URL; stopped at process exit. */
async function startThrowawayCluster(): Promise<string> {
  const bin = installedBin();
  if (!bin) {
    throw new Error(
      `No PostgreSQL answers at ${process.env.TEST_DATABASE_URL ?? DEFAULT_URL} and no initdb is installed. ` +
        'Install the Debian package "postgresql" (apt-get install -y postgresql) or set TEST_DATABASE_URL.',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'thidua-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const runAs = (command: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, command), args, { stdio: 'pipe' });
  if (asRoot) {
    // initdb refuses root; the data folder must belong to the `postgres` user.
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  runAs('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  runAs('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  stopCluster = () => {
    stopCluster = undefined;
    try {
      runAs('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // vitest ends its worker processes without always emitting 'exit': the file's afterAll (below) stops it first.
  process.once('exit', () => stopCluster?.());
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

let server: Promise<string> | undefined;
/** Stops the throwaway cluster this process started, if any. */
let stopCluster: (() => void) | undefined;

// Registered on the root suite of the test file importing this helper: runs after the file's own afterAll hooks
// (which drop their databases), so the cluster stops once the file is done.
afterAll(() => stopCluster?.());

/** The maintenance URL of the test server (found or started once per process). */
export function testServerUrl(): Promise<string> {
  server ??= (async () => {
    const url = process.env.TEST_DATABASE_URL ?? DEFAULT_URL;
    if (await answers(url)) return url;
    return startThrowawayCluster();
  })();
  return server;
}

/** `thidua_template_<first 10 hex of the sha256 of every migration file>`. */
function templateName(): string {
  const hash = createHash('sha256');
  const walk = (folder: string) => {
    for (const name of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, name.name);
      if (name.isDirectory()) walk(path);
      else hash.update(name.name).update(readFileSync(path));
    }
  };
  walk(PG_MIGRATIONS_FOLDER);
  return `thidua_template_${hash.digest('hex').slice(0, 10)}`;
}

/** Fixed key of the template-creation lock ("thidua:t"). */
const TEMPLATE_LOCK_KEY = '8388070186164501108';

let template: Promise<string> | undefined;

/** Creates the migrated template database once (reused by later runs while the migrations are unchanged). */
export function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const url = await testServerUrl();
    const name = templateName();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query('SELECT pg_advisory_lock($1::bigint)', [TEMPLATE_LOCK_KEY]);
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount === 0) {
        const building = `${name}_building`;
        await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${building}`);
        await migratePostgres(testPgConfig(withDatabase(url, building)));
        // Renamed only once complete: a template that exists is a migrated one.
        await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
        await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true`);
      }
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1::bigint)', [TEMPLATE_LOCK_KEY]).catch(() => undefined);
      await admin.end();
    }
    return name;
  })();
  return template;
}

export interface TestDatabase {
  name: string;
  url: string;
  config: PostgresConfig;
  /** Drops the database (closing any connection left on it). */
  drop(): Promise<void>;
}

/** A fresh database copied from the migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = await testServerUrl();
  const tpl = await migratedTemplate();
  const name = `thidua_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${tpl}`);
  const dbUrl = withDatabase(url, name);
  return {
    name,
    url: dbUrl,
    config: testPgConfig(dbUrl),
    drop: () => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** An empty database (no migrations), for tests of the migration itself. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const url = await testServerUrl();
  const name = `thidua_e_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE ${name}`);
  const dbUrl = withDatabase(url, name);
  return {
    name,
    url: dbUrl,
    config: testPgConfig(dbUrl),
    drop: () => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(text);
      return;
    } catch (error) {
      // Two copies of the template started at the same instant: "source database … is being accessed by other users".
      const busy = error instanceof Error && /being accessed by other users/.test(error.message);
      if (!busy || attempt >= 20) throw error;
    } finally {
      await admin.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 50 + attempt * 25));
  }
}
