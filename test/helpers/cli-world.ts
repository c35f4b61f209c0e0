/**
 * The CLI run in-process on its own SQLite file in a temporary folder, with captured output: `run` clears and
 * fills `out`/`err`, `file` writes an input file next to the database. Why shared: every CLI test that imports a
 * file needs the same folder, environment and capture.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';

export interface CliWorld {
  dir: string;
  env: { DATABASE_PATH: string; LOG_LEVEL: string };
  out: string[];
  err: string[];
  run: (...argv: string[]) => Promise<number>;
  file: (name: string, content: string) => string;
}

/** A fresh folder (`prefix` names it) and database; `now` fixes the CLI's clock. */
export function cliWorld(prefix: string, now?: () => Date): CliWorld {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env = { DATABASE_PATH: join(dir, 'thidua.db'), LOG_LEVEL: 'silent' };
  const out: string[] = [];
  const err: string[] = [];
  const run = async (...argv: string[]) => {
    out.length = 0;
    err.length = 0;
    return runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, now ? { env, now } : { env });
  };
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content, 'utf8');
    return path;
  };
  return { dir, env, out, err, run, file };
}
