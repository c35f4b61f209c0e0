/**
 * Issue 18, item 12: start-up errors name their cause. Tests run as root, for whom chmod stops nothing, so an
 * unwritable folder is made honestly in two ways: a path under a regular file (the folder cannot be created:
 * ENOTDIR, real file system), and an injected file system answering EROFS/EACCES as a read-only mount would.
 * "Disk full" is real too: SQLite's max_page_count makes drizzle's migration fail exactly as a full disk does.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openSqlite } from '../src/store/sqlite/open-sqlite.js';
import { checkStartupPaths, checkWritableFolder, describeStartupError, type ProbeFs } from '../src/startup-checks.js';

const dir = mkdtempSync(join(tmpdir(), 'thidua-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const aFile = join(dir, 'file.txt');
writeFileSync(aFile, 'not a folder');

/** The real file system, except that writing a file fails with `code` (a read-only mount, a folder root cannot use). */
function failingWrites(code: string): ProbeFs {
  return {
    mkdirSync: (path, options) => mkdirSync(path, options),
    writeFileSync: (path) => {
      throw Object.assign(new Error(`${code}: simulated, open '${path}'`), { code, path });
    },
    rmSync: (path, options) => rmSync(path, options),
    statSync: () => ({ isDirectory: () => false }),
    existsSync: (path) => existsSync(path),
  };
}

describe('checkStartupPaths', () => {
  it('passes for writable folders, creating them, and leaves no probe file behind', () => {
    const paths = { databasePath: join(dir, 'ok', 'thidua.db'), dataDir: join(dir, 'ok-data') };
    expect(checkStartupPaths(paths)).toBeNull();
    expect(readdirSync(join(dir, 'ok'))).toEqual([]);
    expect(readdirSync(join(dir, 'ok-data'))).toEqual([]);
    expect(checkStartupPaths({ databasePath: ':memory:', dataDir: join(dir, 'mem-data') })).toBeNull();
  });

  it('names DATABASE_PATH and the folder when the database folder cannot be created', () => {
    const problem = checkStartupPaths({ databasePath: join(aFile, 'db', 'thidua.db'), dataDir: join(dir, 'data') });
    expect(problem).toBe(`DATABASE_PATH: không tạo được thư mục "${join(aFile, 'db')}" (một phần của đường dẫn là tệp, không phải thư mục).`);
  });

  it('detects an unwritable DATA_DIR at start-up, naming the variable and the path', () => {
    const problem = checkStartupPaths({ databasePath: join(dir, 'db2', 'thidua.db'), dataDir: join(aFile, 'evidence') });
    expect(problem).toContain('DATA_DIR: không tạo được thư mục');
    expect(problem).toContain(join(aFile, 'evidence'));
  });

  it('names the path of a read-only folder', () => {
    const folder = join(dir, 'readonly');
    expect(checkWritableFolder(folder, 'DATA_DIR', failingWrites('EROFS'))).toBe(
      `DATA_DIR: không ghi được vào thư mục "${folder}" (nằm trên ổ đĩa chỉ đọc). Hãy cấp quyền ghi cho tài khoản chạy dịch vụ hoặc chọn thư mục khác.`,
    );
    const problem = checkStartupPaths({ databasePath: join(folder, 'thidua.db'), dataDir: folder }, failingWrites('EACCES'));
    expect(problem).toMatch(/^DATABASE_PATH: không ghi được vào thư mục ".*readonly" \(không có quyền truy cập\)/);
  });

  it('refuses a DATABASE_PATH that is a folder', () => {
    mkdirSync(join(dir, 'is-a-folder.db'));
    expect(checkStartupPaths({ databasePath: join(dir, 'is-a-folder.db'), dataDir: dir })).toContain('là một thư mục, không phải tệp cơ sở dữ liệu');
  });
});

describe('describeStartupError', () => {
  const paths = { databasePath: join(dir, 'full', 'thidua.db'), dataDir: join(dir, 'full') };

  it('says "disk full" for a migration that failed on SQLITE_FULL, not drizzle\'s "Failed to run the query"', () => {
    const sqlite = new Database(':memory:');
    sqlite.pragma('max_page_count = 3');
    let error: unknown;
    try {
      migrate(drizzle({ client: sqlite }), { migrationsFolder: MIGRATIONS_FOLDER });
    } catch (e) {
      error = e;
    } finally {
      sqlite.close();
    }
    expect(error instanceof Error && error.message).toMatch(/^Failed to run the query 'CREATE TABLE/);
    expect(describeStartupError(error, paths)).toBe(
      `Ổ đĩa đã đầy (database or disk is full): không ghi được "${join(dir, 'full', 'thidua.db')}" (DATABASE_PATH). Hãy giải phóng dung lượng ổ đĩa rồi khởi động lại.`,
    );
  });

  it('maps SQLite codes found along error.cause', () => {
    const wrap = (code: string) => new Error("Failed to run the query 'PRAGMA journal_mode = WAL'", { cause: Object.assign(new Error('x'), { code }) });
    expect(describeStartupError(wrap('SQLITE_READONLY'), paths)).toMatch(/^DATABASE_PATH: cơ sở dữ liệu ".*thidua\.db" chỉ đọc được/);
    expect(describeStartupError(wrap('SQLITE_READONLY_DIRECTORY'), paths)).toContain('SQLITE_READONLY_DIRECTORY');
    expect(describeStartupError(wrap('SQLITE_CANTOPEN'), paths)).toMatch(/^DATABASE_PATH: không mở được cơ sở dữ liệu/);
    expect(describeStartupError(wrap('SQLITE_NOTADB'), paths)).toContain('không phải cơ sở dữ liệu SQLite');
    expect(describeStartupError(new Error('something else'), paths)).toBeNull();
    expect(describeStartupError('a string', paths)).toBeNull();
  });

  it('names the path and the variable of a file system error', () => {
    let error: unknown;
    try {
      openSqlite(join(aFile, 'x', 'thidua.db'));
    } catch (e) {
      error = e;
    }
    expect(describeStartupError(error, { databasePath: join(aFile, 'x', 'thidua.db'), dataDir: join(aFile, 'x') })).toBe(
      `DATABASE_PATH: không dùng được "${join(aFile, 'x')}" (một phần của đường dẫn là tệp, không phải thư mục).`,
    );
    const enospc = Object.assign(new Error('ENOSPC'), { code: 'ENOSPC', path: join(dir, 'data', 'evidence', 'ab') });
    expect(describeStartupError(enospc, { databasePath: join(dir, 'db', 'thidua.db'), dataDir: join(dir, 'data') })).toContain(
      `không ghi được "${join(dir, 'data', 'evidence', 'ab')}" (DATA_DIR)`,
    );
  });
});
