import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { submissions } from '../../db/schema.js';
import { runCli } from '../../src/cli/run-cli.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedUnit } from '../helpers/seed-unit.js';

describe('thidua honours', () => {
  it('--preview writes the board PNG and prints the text version, marked provisional before finalisation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thidua-honours-cli-'));
    const dbPath = join(dir, 't.db');
    const store = createSqliteStore(dbPath);
    const { db } = store;
    const unit = await seedUnit(store, { periodCode: '2026-Q4' });
    for (const [key, total] of [['head', 91], ['staff', 84]] as const) {
      db.insert(submissions)
        .values({ periodId: unit.period!.id, personId: unit.people[key]!, status: 'approved', selfTotal: total, reviewedTotal: total, classified: true, updatedAt: 0 })
        .run();
    }
    await store.close();
    const out: string[] = [];
    const err: string[] = [];
    const png = join(dir, 'out.png');
    const code = await runCli(['honours', '--period', '2026-Q4', '--preview', png], { out: (l) => out.push(l), err: (l) => err.push(l) }, {
      env: { DATABASE_PATH: dbPath, DATA_DIR: dir },
    });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(existsSync(png)).toBe(true);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    const text = out.join('\n');
    expect(text).toContain('TẠM TÍNH');
    expect(text).toMatch(/1\. Nguyễn Văn Trưởng — .* — 91 điểm/);
    const usage = await runCli(['honours', '--period', '2026-Q4'], { out: () => undefined, err: (l) => err.push(l) }, { env: { DATABASE_PATH: dbPath } });
    expect(usage).toBe(2);
  });
});
