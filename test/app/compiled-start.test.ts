/**
 * `npm start` runs the COMPILED server (scripts/build.mjs → dist/, plain node with the flags in package.json),
 * not the TypeScript. This builds into a scratch folder inside the project, starts it exactly as the start script
 * does on an empty data folder and a free loopback port, and checks that the data files it reads from the project
 * root are found (migrations applied, the seed 000 rubric loaded for the demo unit, the web chat page served), then
 * that SIGTERM stops it cleanly.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, ROOT, serverNodeFlags } from '../../scripts/build.mjs';

const OUT = join(ROOT, 'node_modules/.cache/thidua-build-test');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'thidua-compiled-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(OUT, { recursive: true, force: true });
});

describe('the compiled server (npm start)', () => {
  it('builds, starts on an empty data folder, serves the web chat and stops on SIGTERM', async () => {
    const files = await build({ outdir: OUT });
    expect(files).toContain('src/main.ts');
    const port = await freePort();
    const child = spawn(process.execPath, [...serverNodeFlags(), join(OUT, 'src/main.js')], {
      env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: join(dataDir, 'app.db'), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 15_000;
      while (!out.includes('Nhấn Ctrl+C để dừng.') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain(`http://127.0.0.1:${port}/chat`);
      expect(out).toMatch(/Đã tạo đơn vị mẫu \(\d+ người, kỳ \d{4}-Q\d đang mở\)/);
      const page = await fetch(`http://127.0.0.1:${port}/chat`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Thi Đua Số');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 30_000);
});
