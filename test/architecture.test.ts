import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The core (conversation, scoring) stays channel-agnostic: no framework, driver or adapter imports. */
const CORE = ['src/conversation', 'src/scoring'];
const FORBIDDEN = [
  /from ['"]telegraf/,
  /from ['"]express/,
  /from ['"]drizzle-orm/,
  /from ['"]better-sqlite3/,
  /from ['"]node-cron/,
  /from ['"]node:http/,
  /from ['"]\.\.\/(channels|persistence|http|scheduler)\//,
  /from ['"].*\/db\/schema/,
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('architecture', () => {
  for (const dir of CORE) {
    it(`${dir} imports no framework, driver or adapter`, () => {
      const offenders = files(dir).flatMap((file) => {
        const source = readFileSync(file, 'utf8');
        return FORBIDDEN.filter((re) => re.test(source)).map((re) => `${file}: ${re}`);
      });
      expect(offenders).toEqual([]);
    });
  }

  it('only src/config.ts reads process.env', () => {
    const offenders = files('src').filter(
      (f) => f !== join('src', 'config.ts') && readFileSync(f, 'utf8').includes('process.env'),
    );
    expect(offenders).toEqual([]);
  });
});
