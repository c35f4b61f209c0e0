/**
 * The project's root folder (the one with package.json). Data files are read from there — rubrics in `flows/`,
 * migrations, fonts, the web chat's static files — whether the code runs from `src/` (tsx, tests) or compiled
 * from `dist/src/` (`npm start`). Why not paths relative to each module: the build moves the modules, not the
 * data files, and operators edit some of them in place (`flows/*.yaml`).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`package.json not found above ${from}`);
  }
}

const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the project, e.g. `projectPath('db', 'migrations')`. */
export function projectPath(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}
