// Fails when db/schema.ts has changes that no committed migration covers (migration drift).
// It runs drizzle-kit generate against a temporary copy of db/migrations and checks that nothing new appears.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'thidua-drift-'));
try {
  const out = join(work, 'migrations');
  cpSync(join(root, 'db/migrations'), out, { recursive: true });
  const before = readdirSync(out).length;
  const config = join(work, 'drizzle.config.mjs');
  writeFileSync(
    config,
    `export default ${JSON.stringify({ dialect: 'sqlite', schema: join(root, 'db/schema.ts'), out })};\n`,
  );
  execFileSync(join(root, 'node_modules/.bin/drizzle-kit'), ['generate', `--config=${config}`], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const after = readdirSync(out).length;
  if (after !== before) {
    console.error('db/schema.ts has changes without a migration: run `npm run db:generate` and commit db/migrations.');
    process.exit(1);
  }
  console.log('migrations match db/schema.ts');
} finally {
  rmSync(work, { recursive: true, force: true });
}
