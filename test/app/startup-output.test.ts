/**
 * What `npm start` prints (issue 18, items 12 and 13): the demo unit's login codes go to a terminal or the pretty
 * format only, never into the JSON log stream a collector keeps; start-up failures name the variable and the path.
 * Runs src/main.ts in a child process with stdout piped, i.e. not a terminal. `node --import tsx` rather than the
 * tsx command, whose signal relay can answer a SIGTERM that arrives early with exit code 143.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'thidua-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** A login code as the demo prints it (`P7BV-WQQ6`). */
const CODE = /\b[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}\b/;

/** Starts main.ts; resolves with everything printed once it is running (then stops it) or once it exits. */
async function start(env: Record<string, string>): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', SCHEDULER: 'off', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  let running = false;
  while (child.exitCode === null && Date.now() < deadline) {
    if (stdout.includes('Nhấn Ctrl+C để dừng.')) {
      running = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (running || child.exitCode === null) child.kill('SIGTERM');
  const code = await exited;
  return { stdout, stderr, code };
}

describe('npm start output', () => {
  it('keeps the demo login codes out of JSON logs, and still tells how to get one', async () => {
    const { stdout, code } = await start({ DATABASE_PATH: join(dir, 'json', 'thidua.db'), LOG_FORMAT: 'json' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/Đã tạo đơn vị mẫu \(\d+ người, kỳ \d{4}-Q\d đang mở\)/);
    expect(stdout).toContain('npx thidua invite');
    expect(stdout).not.toMatch(CODE);
  }, 30_000);

  it('prints them in the pretty format (what a terminal gets by default)', async () => {
    const { stdout, code } = await start({ DATABASE_PATH: join(dir, 'pretty', 'thidua.db'), LOG_FORMAT: 'pretty' });
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`đăng nhập bằng mã: ${CODE.source}`));
  }, 30_000);

  it('does not seed the demo unit in production unless asked', async () => {
    const { stdout, code } = await start({ DATABASE_PATH: join(dir, 'prod', 'thidua.db'), NODE_ENV: 'production', LOG_FORMAT: 'pretty' });
    expect(code).toBe(0);
    expect(stdout).not.toContain('Đã tạo đơn vị mẫu');
    expect(stdout).toContain('Không tạo đơn vị mẫu (DEMO_DATA=off, mặc định khi NODE_ENV=production)');
    expect(stdout).not.toMatch(CODE);
  }, 30_000);

  it('names TRUST_PROXY, DATA_DIR and DATABASE_PATH with their paths when they stop the start', async () => {
    const aFile = join(dir, 'file.txt');
    writeFileSync(aFile, 'not a folder');
    const proxy = await start({ DATABASE_PATH: join(dir, 'p', 'thidua.db'), TRUST_PROXY: 'garbage' });
    expect(proxy.code).toBe(1);
    expect(proxy.stderr).toContain('TRUST_PROXY: "garbage"');
    const data = await start({ DATABASE_PATH: join(dir, 'd', 'thidua.db'), DATA_DIR: join(aFile, 'data') });
    expect(data.code).toBe(1);
    expect(data.stderr).toContain(`Không khởi động được: DATA_DIR: không tạo được thư mục "${join(aFile, 'data')}"`);
    const db = await start({ DATABASE_PATH: join(aFile, 'db', 'thidua.db') });
    expect(db.code).toBe(1);
    expect(db.stderr).toContain(`Không khởi động được: DATABASE_PATH: không tạo được thư mục "${join(aFile, 'db')}"`);
  }, 60_000);
});
