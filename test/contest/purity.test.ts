import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** src/contest is pure: only the loader touches the file system; no framework, driver or adapter imports. */
const DIR = join('src', 'contest');
const FORBIDDEN = [/from ['"]node:(fs|http|net|child_process)/, /from ['"](express|telegraf|drizzle-orm|better-sqlite3|node-cron)/, /\bDate\.now\(|new Date\(\)|Math\.random\(/];

describe('src/contest', () => {
  it('does no I/O outside load-contest.ts, and reads no clock or global randomness', () => {
    const offenders = readdirSync(DIR)
      .filter((f) => f.endsWith('.ts') && f !== 'load-contest.ts')
      .flatMap((f) => FORBIDDEN.filter((re) => re.test(readFileSync(join(DIR, f), 'utf8'))).map((re) => `${f}: ${re}`));
    expect(offenders).toEqual([]);
  });
});
