/**
 * Start-up checks and start-up error messages that name the cause. Without them a full disk reads as drizzle's
 * "Failed to run the query 'CREATE TABLE …'", a read-only folder gives no path, and an unwritable `DATA_DIR` is
 * only found when the first evidence file fails to save, weeks later. Each problem becomes one Vietnamese sentence
 * naming the path and the variable that chose it, for whoever reads the service manager's log.
 *
 * `checkStartupPaths` probes the folders before the database is opened; `describeStartupError` turns an error
 * thrown while opening or migrating (a SQLite code somewhere along `error.cause`, or a file system errno) into a
 * message. Both return null when they have nothing better to say than the error itself.
 */
import * as nodeFs from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The paths the process writes to, and the variables that set them. */
export interface StartupPaths {
  databasePath: string;
  dataDir: string;
  /** Set when the store is PostgreSQL (`DATABASE_URL`): DATABASE_PATH is then not used. */
  postgres?: { url: string };
}

/** The file system calls the probe uses (tests inject failures that root cannot provoke with chmod). */
export interface ProbeFs {
  mkdirSync(path: string, options: { recursive: true }): unknown;
  writeFileSync(path: string, data: string): void;
  rmSync(path: string, options: { force: true }): void;
  statSync(path: string): { isDirectory(): boolean };
  existsSync(path: string): boolean;
}

/**
 * The first problem with the folders the process must write to, or null: the database's folder (DATABASE_PATH;
 * SQLite also writes its -wal and -shm files there), the database file itself when it exists, and DATA_DIR
 * (evidence and rendered pictures). Each folder is created if missing and a probe file written and removed, the
 * only test that holds for every cause (permissions, read-only mounts, a file in the way, quotas).
 */
export function checkStartupPaths(paths: StartupPaths, fs: ProbeFs = nodeFs): string | null {
  if (!paths.postgres && paths.databasePath !== ':memory:') {
    const file = resolve(paths.databasePath);
    const folder = checkWritableFolder(dirname(file), 'DATABASE_PATH', fs);
    if (folder) return folder;
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      return `DATABASE_PATH: "${file}" là một thư mục, không phải tệp cơ sở dữ liệu. Hãy đặt DATABASE_PATH là đường dẫn tới tệp (ví dụ ./data/thidua.db).`;
    }
  }
  return checkWritableFolder(resolve(paths.dataDir), 'DATA_DIR', fs);
}

/** Null when `folder` exists (or can be created) and a file can be written in it; else the problem, naming both. */
export function checkWritableFolder(folder: string, variable: string, fs: ProbeFs = nodeFs): string | null {
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch (error) {
    return `${variable}: không tạo được thư mục "${folder}" (${fsReason(error)}).`;
  }
  const probe = join(folder, `.thidua-ghi-thu-${process.pid}`);
  try {
    fs.writeFileSync(probe, '');
  } catch (error) {
    return `${variable}: không ghi được vào thư mục "${folder}" (${fsReason(error)}). Hãy cấp quyền ghi cho tài khoản chạy dịch vụ hoặc chọn thư mục khác.`;
  } finally {
    try {
      fs.rmSync(probe, { force: true });
    } catch {
      // The probe could not be written in the first place; nothing to remove.
    }
  }
  return null;
}

/**
 * A Vietnamese message for an error thrown while opening or migrating the database, or null when the error is
 * none of the known causes. SQLite's code is looked for along the `cause` chain: drizzle wraps the driver's
 * `SqliteError` in its own "Failed to run the query …" error.
 */
export function describeStartupError(error: unknown, paths: StartupPaths): string | null {
  if (paths.postgres) {
    const problem = describePostgresError(error, paths.postgres.url);
    if (problem) return problem;
  }
  const database = paths.databasePath === ':memory:' ? paths.databasePath : resolve(paths.databasePath);
  const folder = paths.databasePath === ':memory:' ? '.' : dirname(database);
  for (const e of causes(error)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
      const where = typeof e.path === 'string' ? e.path : database;
      return `Ổ đĩa đã đầy (database or disk is full): không ghi được "${where}" (${variableOf(where, paths)}). Hãy giải phóng dung lượng ổ đĩa rồi khởi động lại.`;
    }
    if (code.startsWith('SQLITE_READONLY')) {
      return `DATABASE_PATH: cơ sở dữ liệu "${database}" chỉ đọc được, không ghi được (${code}). Hãy cấp quyền ghi cho tệp và thư mục "${folder}" (SQLite ghi thêm tệp -wal và -shm ở đó).`;
    }
    if (code === 'SQLITE_CANTOPEN') {
      return `DATABASE_PATH: không mở được cơ sở dữ liệu "${database}": thư mục "${folder}" không tồn tại, không ghi được, hoặc đường dẫn là một thư mục.`;
    }
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      return `DATABASE_PATH: "${database}" không phải cơ sở dữ liệu SQLite hợp lệ hoặc đã hỏng (${code}).`;
    }
    if (FS_REASONS[code] && typeof e.path === 'string') {
      return `${variableOf(e.path, paths)}: không dùng được "${e.path}" (${FS_REASONS[code]}).`;
    }
  }
  return null;
}

/**
 * PostgreSQL's start-up failures that an operator fixes in `DATABASE_URL` or on the server. The server is named by
 * host, port and database only: the URL's password never appears in a message.
 */
function describePostgresError(error: unknown, url: string): string | null {
  let where = 'máy chủ PostgreSQL';
  let database = '';
  try {
    const u = new URL(url);
    where = `máy chủ PostgreSQL ${u.hostname}:${u.port || '5432'}`;
    database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  } catch {
    // the URL was validated at start-up; keep the generic wording
  }
  for (const e of causes(error)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH') {
      return `DATABASE_URL: không kết nối được ${where} (${code}). Hãy kiểm tra máy chủ đang chạy và địa chỉ, cổng trong DATABASE_URL.`;
    }
    if (code === '28P01' || code === '28000') {
      return `DATABASE_URL: ${where} từ chối đăng nhập (sai tên người dùng hoặc mật khẩu, hoặc pg_hba.conf không cho phép). Hãy kiểm tra DATABASE_URL.`;
    }
    if (code === '3D000') {
      return `DATABASE_URL: cơ sở dữ liệu "${database}" chưa có trên ${where}. Hãy tạo nó (createdb ${database}) rồi khởi động lại.`;
    }
    if (code === '42501') {
      return `DATABASE_URL: người dùng trong DATABASE_URL không đủ quyền tạo bảng trên cơ sở dữ liệu "${database}". Hãy cấp quyền (GRANT CREATE) hoặc dùng chủ sở hữu cơ sở dữ liệu.`;
    }
  }
  return null;
}

const FS_REASONS: Record<string, string> = {
  EACCES: 'không có quyền truy cập',
  EPERM: 'không được phép',
  EROFS: 'nằm trên ổ đĩa chỉ đọc',
  ENOTDIR: 'một phần của đường dẫn là tệp, không phải thư mục',
  EISDIR: 'là một thư mục',
  ENOENT: 'không tồn tại',
  ENOSPC: 'ổ đĩa đã đầy',
  EDQUOT: 'đã hết hạn mức dung lượng',
};

/** The reason of a file system error in Vietnamese, else its own message. */
function fsReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && FS_REASONS[code]) return FS_REASONS[code];
  return error instanceof Error ? error.message : String(error);
}

/**
 * The variable that chose `path`: DATABASE_PATH for the database file and its -wal/-shm/-journal files, else the
 * deeper of the two folders holding it (a tie — DATA_DIR defaults to the database's folder — names DATABASE_PATH).
 */
function variableOf(path: string, paths: StartupPaths): 'DATA_DIR' | 'DATABASE_PATH' {
  const abs = resolve(path);
  const folders: ['DATA_DIR' | 'DATABASE_PATH', string][] = [['DATA_DIR', resolve(paths.dataDir)]];
  if (paths.databasePath !== ':memory:') {
    const file = resolve(paths.databasePath);
    if (abs === file || abs.startsWith(`${file}-`)) return 'DATABASE_PATH';
    folders.push(['DATABASE_PATH', dirname(file)]);
  }
  let best: ['DATA_DIR' | 'DATABASE_PATH', string] | undefined;
  for (const entry of folders) {
    const inside = abs === entry[1] || abs.startsWith(`${entry[1]}/`);
    if (inside && (!best || entry[1].length >= best[1].length)) best = entry;
  }
  return best?.[0] ?? 'DATABASE_PATH';
}

/** The error and its causes, outermost first (at most 10 deep, in case of a cycle). */
function causes(error: unknown): { code?: unknown; path?: unknown }[] {
  const chain: { code?: unknown; path?: unknown }[] = [];
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && chain.length < 10) {
    chain.push(current as { code?: unknown; path?: unknown });
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}
