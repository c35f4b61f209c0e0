/**
 * Issue 18, item 21: every command and sub-command answers `--help` / `-h` with its usage and exit code 0 (no
 * database or configuration needed), and every parse error is Vietnamese.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { runCli } from '../../src/cli/run-cli.js';

/** Runs the CLI with an environment that would fail if a command tried to open its database. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => void out.push(l), err: (l) => void err.push(l) }, {
    env: { DATABASE_PATH: '/nonexistent/thidua-help-test/db.sqlite', PORT: 'not-a-port' },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Sub-commands named in each command's usage (`department list`, `rubric show`, …). */
const SUBCOMMANDS: Record<string, string[]> = {
  department: ['list', 'set-leader'],
  rubric: ['validate', 'show'],
  import: ['staff'],
  period: ['open'],
  reminders: ['preview', 'run', 'settings'],
};

describe('thidua <lệnh> --help', () => {
  it('has a usage text for every command', () => {
    for (const command of COMMANDS) expect(command.usage, command.name).toMatch(new RegExp(`thidua ${command.name}\\b`));
  });

  for (const command of COMMANDS) {
    it(`${command.name}: --help, -h and "thidua help ${command.name}" print its usage and exit 0`, async () => {
      for (const argv of [
        [command.name, '--help'],
        [command.name, '-h'],
        [command.name, '--period', '2026-Q4', '--help'],
        ['help', command.name],
        ...(SUBCOMMANDS[command.name] ?? []).flatMap((sub) => [
          [command.name, sub, '--help'],
          [command.name, sub, '-h'],
        ]),
      ]) {
        const result = await run(argv);
        expect(result, argv.join(' ')).toMatchObject({ code: 0, err: '' });
        expect(result.out, argv.join(' ')).toBe(command.usage);
      }
    });
  }

  it('says how to write a date in Vietnamese terms, never YYYY-MM-DD', () => {
    for (const command of COMMANDS) {
      expect(command.usage, command.name).not.toContain('YYYY-MM-DD');
      if (/\bNGÀY\b/.test(command.usage)) expect(command.usage, command.name).toContain('dạng năm-tháng-ngày, ví dụ 2026-12-20');
    }
  });

  it('lists the commands and says how to get help for one', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('thidua <lệnh> --help');
    expect((await run(['help', 'khong-co'])).err).toContain('Không có lệnh "khong-co"');
  });
});

describe('parse errors are Vietnamese', () => {
  it('an unknown option names it, shows the usage and exits 2', async () => {
    const result = await run(['audit', '--nguoi', '0912']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('Tham số không hợp lệ: không có tham số "--nguoi"');
    expect(result.err).toContain('Cách dùng: thidua audit');
    expect(result.err).not.toMatch(/Unknown|option|argument/i);
  });

  it('an option without its value, and a flag given a value', async () => {
    const missing = await run(['export', '--period']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Tham số không hợp lệ: tham số "--period" cần một giá trị');
    expect(missing.err).not.toMatch(/argument missing/i);
    const valued = await run(['leaderboard', '--period', '2026-Q4', '--json=yes']);
    expect(valued.code).toBe(2);
    expect(valued.err).toContain('Tham số không hợp lệ: tham số "--json" không nhận giá trị');
    const short = await run(['year', '-x']);
    expect(short.code).toBe(2);
    expect(short.err).toContain('không có tham số "-x"');
  });
});
