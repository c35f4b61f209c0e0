#!/usr/bin/env node
/**
 * Compiles the server to plain JavaScript in `dist/` (same layout: `dist/src/main.js`, `dist/db/schema.js`), which
 * `npm start` runs with node. Type-checking is `npm run typecheck` (tsc); this only strips the types (esbuild,
 * well under a second), so a fresh checkout starts at once.
 *
 * Why not run the TypeScript through tsx in production: tsx keeps a module-loader thread and the transformed
 * sources in memory (≈ 40 MB more per process, measured by `npm run bench:engine`), and wraps every local
 * function in a naming helper. Data files (flows/, db/migrations/, assets/, the web chat's static files) stay
 * where they are and are found from the project root (src/project-root.ts).
 *
 *   node scripts/build.mjs                 → dist/
 *   build({ extra, outdir })               → also compiles `extra` files, into `outdir` (the engine benchmark)
 */
import { build as esbuild } from 'esbuild';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');

function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' || entry.name === 'static' ? [] : tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Compiles src/ and db/ (and `extra` files) into `outdir` (default dist/), replacing what was there. `outdir` must
 * lie inside the project: the compiled code finds the data files by walking up to package.json.
 */
export async function build({ extra = [], outdir = DIST } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  const entryPoints = [...tsFiles(join(ROOT, 'src')), ...tsFiles(join(ROOT, 'db')), ...extra.map((f) => join(ROOT, f))];
  await esbuild({
    entryPoints,
    outdir,
    outbase: ROOT,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    bundle: false,
    logLevel: 'warning',
  });
  return entryPoints.map((f) => relative(ROOT, f));
}

/**
 * The node flags `npm start` gives the server (`… node <flags> dist/src/main.js` in package.json): one place for
 * them, read by the engine benchmark and the compiled-start test so they measure the server as it runs.
 */
export function serverNodeFlags() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const run = /(?:^|&&)\s*node\s+((?:--\S+\s+)*)dist\/src\/main\.js/.exec(pkg.scripts?.start ?? '');
  if (!run) throw new Error(`package.json "start" does not run node … dist/src/main.js`);
  return run[1].split(/\s+/).filter(Boolean);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = await build();
  process.stdout.write(`dist/: ${files.length} files compiled\n`);
}
