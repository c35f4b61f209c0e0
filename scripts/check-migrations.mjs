// Fails when a schema has changes that no committed migration covers (migration drift), for BOTH dialects:
// db/schema.ts → db/migrations (SQLite) and db/schema.pg.ts → db/migrations-pg (PostgreSQL).
// For each, it runs drizzle-kit generate against a temporary copy of the folder and checks that nothing new appears
// (generation is offline: no database is needed). drizzle-kit exits 0 even when it fails (e.g. for PostgreSQL it
// prefixes an absolute `out` with './'), so success is only its "No schema changes" line, with `out` relative.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const targets = [
  { dialect: 'sqlite', schema: 'db/schema.ts', folder: 'db/migrations', command: 'npm run db:generate' },
  { dialect: 'postgresql', schema: 'db/schema.pg.ts', folder: 'db/migrations-pg', command: 'npm run db:generate:pg' },
];

let failed = false;
for (const target of targets) {
  const work = mkdtempSync(join(tmpdir(), 'thidua-drift-'));
  try {
    const out = join(work, 'migrations');
    cpSync(join(root, target.folder), out, { recursive: true });
    const before = readdirSync(out).length;
    const config = join(work, 'drizzle.config.mjs');
    writeFileSync(
      config,
      `export default ${JSON.stringify({ dialect: target.dialect, schema: join(root, target.schema), out: './migrations' })};\n`,
    );
    const result = spawnSync(join(root, 'node_modules/.bin/drizzle-kit'), ['generate', `--config=${config}`], {
      cwd: work,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    const after = readdirSync(out).length;
    if (after !== before) {
      console.error(`${target.schema} has changes without a migration: run \`${target.command}\` and commit ${target.folder}.`);
      failed = true;
    } else if (result.status !== 0 || !result.stdout.includes('No schema changes')) {
      console.error(`drizzle-kit could not check ${target.schema} against ${target.folder}:\n${result.stdout}${result.stderr}`);
      failed = true;
    } else {
      console.log(`migrations match ${target.schema} (${target.folder})`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
if (failed) process.exit(1);
