/**
 * Dispatches `thidua <command> …` to the registered commands. Separate from index.ts so tests can run the CLI
 * in-process with captured output.
 *
 * Help is answered here, for every command alike and before the command runs (so it needs no database or valid
 * configuration): `thidua help <lệnh>`, or `--help` / `-h` anywhere before a `--`, prints the command's usage.
 */
import { loadConfig, type Config } from '../config.js';
import { UsageError, type CliCommand, type CliContext, type CliIo } from './command.js';
import { COMMANDS } from './commands/index.js';

export async function runCli(
  argv: string[],
  io: CliIo,
  options: { env?: Record<string, string | undefined>; now?: () => Date; commands?: CliCommand[] } = {},
): Promise<number> {
  const commands = options.commands ?? COMMANDS;
  const [name, ...rest] = argv;
  const helpFor = name === 'help' ? rest[0] : undefined;
  if (!name || ((name === 'help' || name === '--help' || name === '-h') && helpFor === undefined)) {
    io.out('Cách dùng: thidua <lệnh> [tham số]\n');
    for (const c of commands) io.out(`  ${c.name.padEnd(12)} ${c.summary}`);
    io.out('\nGõ thidua <lệnh> --help để xem cách dùng một lệnh.');
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === (helpFor ?? name));
  if (!command) {
    io.err(`Không có lệnh "${helpFor ?? name}". Gõ "thidua help" để xem danh sách lệnh.`);
    return 2;
  }
  if (helpFor !== undefined || asksForHelp(rest)) {
    io.out(command.usage);
    return 0;
  }
  let config: Config | undefined;
  const ctx: CliContext = {
    ...io,
    config: () => (config ??= options.env ? loadConfig(options.env) : loadConfig()),
    now: options.now ?? (() => new Date()),
  };
  try {
    return await command.run(rest, ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    io.err(`Lỗi: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** `--help` or `-h` among the arguments, before a `--` (after it, they are values). */
function asksForHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}
